//! Cross-site safety: state-changing requests from other sites are refused before they do
//! anything; every response carries the security headers; pages a nonce-based CSP.

use app::ssr::db::Db;
use axum::body::Body;
use entity::sign_in_attempts;
use http::{header, Request, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};
use tower::ServiceExt;

fn sign_in_from(origin: Option<&str>, referer: Option<&str>) -> Request<Body> {
    let mut req = Request::builder()
        .method("POST")
        .uri("/api/auth/sign_in")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    if let Some(r) = referer {
        req = req.header(header::REFERER, r);
    }
    req.body(Body::from(
        "email=a%40b.jp&password=wrong+password%21%21&next=%2F",
    ))
    .unwrap()
}

async fn other_sites_cannot_post(db: &Db) {
    let attempts = || async {
        sign_in_attempts::Entity::find()
            .count(db.read())
            .await
            .unwrap()
    };
    for (origin, referer) in [
        (Some("https://evil.example"), None),
        (Some("http://127.0.0.1:3000.evil.example"), None),
        (Some("null"), None),
        (None, Some("https://evil.example/page")),
        (None, Some("http://127.0.0.1:30000/")),
    ] {
        let res = crate::common::test_router(db)
            .oneshot(sign_in_from(origin, referer))
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "{origin:?} {referer:?}"
        );
    }
    assert_eq!(attempts().await, 0, "refused before anything was written");

    // The site's own pages may post.
    let res = crate::common::test_router(db)
        .oneshot(sign_in_from(Some("http://127.0.0.1:3000"), None))
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "reaches the server function (wrong password)"
    );
    let res = crate::common::test_router(db)
        .oneshot(sign_in_from(
            None,
            Some("http://127.0.0.1:3000/sign-in?next=%2F"),
        ))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(attempts().await, 2);
}

async fn pages_carry_a_nonce_csp_and_security_headers(db: &Db) {
    let (_, sid) = crate::common::sign_in_as(db, app::domain::account::Role::Viewer).await;
    let res = crate::common::test_router(db)
        .oneshot(
            Request::builder()
                .uri("/ventures")
                .header(header::COOKIE, &sid)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "same-origin");
    let csp = h[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce")
        .to_string();
    let body = axum::body::to_bytes(res.into_body(), 10 << 20)
        .await
        .unwrap();
    let html = String::from_utf8_lossy(&body);
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    assert!(!html.contains(" style=\""), "no inline style attributes");

    // Another page, another nonce.
    let res = crate::common::test_router(db)
        .oneshot(
            Request::builder()
                .uri("/ventures")
                .header(header::COOKIE, &sid)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let other = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(other, csp);

    // Non-page responses get the strict default.
    let res = crate::common::test_router(db)
        .oneshot(
            Request::builder()
                .uri("/healthz")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
}

db_tests!(
    other_sites_cannot_post,
    pages_carry_a_nonce_csp_and_security_headers
);
