//! Sessions: made by signing in, kept in the database (so they survive a restart and every server
//! process shares them), ended on the server by signing out.

use crate::common::{runtime, TestDb};
use app::domain::account::Role;
use app::ssr::{db::Db, users};
use axum::body::Body;
use http::{header, Request, StatusCode};
use tower::ServiceExt;

const PW: &str = "correct horse battery";

async fn call(
    db: &Db,
    path: &str,
    body: &str,
    cookie: Option<&str>,
) -> (StatusCode, Option<String>, String) {
    let mut req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = crate::common::test_router(db)
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let set_cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        set_cookie,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

async fn session_lifecycle(t: &TestDb) {
    users::create(
        &t.db,
        None,
        users::NewUser {
            email: "viewer@pref.kanagawa.jp",
            display_name: "閲覧者",
            role: Role::Viewer,
            password: PW,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();

    let (status, cookie, body) = call(&t.db, "/api/auth/me", "", None).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "null"));
    assert!(cookie.is_none(), "no session until someone signs in");

    let (status, _, body) = call(
        &t.db,
        "/api/auth/sign_in",
        "email=viewer%40pref.kanagawa.jp&password=wrong+password%21%21&next=%2F",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("auth.invalid_credentials"));

    let (status, cookie, body) = call(
        &t.db,
        "/api/auth/sign_in",
        "email=viewer%40pref.kanagawa.jp&password=correct+horse+battery&next=%2Fventures",
        None,
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let cookie = cookie.expect("a session cookie");
    assert!(cookie.starts_with("sid="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http in tests");
    let sid = cookie.split(';').next().unwrap().to_string();

    let (_, _, body) = call(&t.db, "/api/auth/me", "", Some(&sid)).await;
    assert!(
        body.contains("viewer@pref.kanagawa.jp") && body.contains("\"viewer\""),
        "{body}"
    );

    // A restarted server (a new connection pool) still knows the session.
    let restarted = t.reconnect().await;
    let (_, _, body) = call(&restarted, "/api/auth/me", "", Some(&sid)).await;
    assert!(body.contains("viewer@pref.kanagawa.jp"), "{body}");

    // Signing out ends the session on the server: the old cookie is worth nothing.
    let (status, _, body) = call(&restarted, "/api/auth/sign_out", "", Some(&sid)).await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let (_, _, body) = call(&t.db, "/api/auth/me", "", Some(&sid)).await;
    assert_eq!(body, "null");
    restarted.close().await;
}

#[test]
fn sqlite_session_lifecycle() {
    runtime().block_on(async {
        let t = TestDb::sqlite().await;
        session_lifecycle(&t).await;
        t.finish().await;
    })
}

mod postgres {
    use super::*;

    #[test]
    fn session_lifecycle() {
        runtime().block_on(async {
            let t = TestDb::postgres().await;
            super::session_lifecycle(&t).await;
            t.finish().await;
        })
    }
}
