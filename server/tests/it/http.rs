//! The HTTP surface: real statuses for pages and server functions, the 404 page, the language.

use crate::common::fixtures::*;
use app::domain::account::Role;
use app::ssr::db::Db;
use axum::body::Body;
use http::{header, Request, StatusCode};

/// Send `req` as a signed-in viewer (pages and server functions are for signed-in users).
async fn send(db: &Db, mut req: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
    let (_, sid) = crate::common::sign_in_as(db, Role::Viewer).await;
    let cookie = match req.headers().get(header::COOKIE) {
        Some(c) => format!("{}; {sid}", c.to_str().unwrap()),
        None => sid,
    };
    req.headers_mut()
        .insert(header::COOKIE, cookie.parse().unwrap());
    let a = crate::common::send(db, req).await;
    (a.status, a.headers, a.body)
}

fn get(uri: &str) -> http::request::Builder {
    Request::builder()
        .uri(uri)
        .header(header::ACCEPT, "text/html")
}

async fn japanese_by_default_even_for_an_english_browser(db: &Db) {
    venture(
        db,
        NewVenture {
            name_ja: "株式会社セルリンク",
            name_en: "CellLink Inc.",
            kana: "セルリンク",
            hub: "tonomachi",
            located_on: None,
        },
    )
    .await;
    let (status, _, html) = send(
        db,
        get("/ventures")
            .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("lang=\"ja\""), "{html}");
    assert!(html.contains("ベンチャー一覧"));
    assert!(html.contains("株式会社セルリンク"));
    assert!(html.contains("殿町"));

    // The English choice is a cookie.
    let (status, _, html) = send(
        db,
        get("/ventures")
            .header(header::COOKIE, "lang=en")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("Tonomachi"));
}

async fn language_switch_sets_a_lasting_cookie_and_returns(db: &Db) {
    let (status, headers, _) = send(
        db,
        get("/lang/en?back=%2Fventures%3Fhub%3Dksp")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(status.is_redirection());
    assert_eq!(headers[header::LOCATION], "/ventures?hub=ksp");
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("lang=en;")
            && cookie.contains("Max-Age=31536000")
            && cookie.contains("Path=/")
    );
    // No open redirect.
    let (_, headers, _) = send(
        db,
        get("/lang/ja?back=//evil.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(headers[header::LOCATION], "/ventures");
    let (status, _, _) = send(db, get("/lang/fr").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn unknown_pages_answer_404(db: &Db) {
    let (status, _, html) = send(db, get("/no-such-page").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("ページが見つかりません"));

    let missing = format!("/ventures/{}", uuid::Uuid::now_v7());
    let (status, _, html) = send(db, get(&missing).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("このベンチャーは見つかりません"));

    let (status, _, _) = send(db, get("/ventures/not-a-uuid").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The bundle's `.gz` (written at start) goes to browsers that accept gzip, the file itself to
/// the others; static files need no session.
async fn the_bundle_is_served_gzipped_once_compressed_at_start(db: &Db) {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let js = "export function hydrate() { return 1; }\n".repeat(200);
    std::fs::write(pkg.join("tracker.js"), &js).unwrap();
    assert_eq!(server::precompress::precompress(site.path()).unwrap(), 1);
    let gz_len = std::fs::metadata(pkg.join("tracker.js.gz")).unwrap().len();
    assert!(gz_len < js.len() as u64 / 10, "{gz_len} bytes");
    let router = crate::common::test_router_on(db, site.path().to_str().unwrap());

    let req = Request::builder()
        .uri("/pkg/tracker.js")
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .body(Body::empty())
        .unwrap();
    let a = crate::common::through(&router, req).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(
        a.headers[header::CONTENT_LENGTH],
        gz_len.to_string().as_str()
    );
    assert!(a.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));

    let req = Request::builder()
        .uri("/pkg/tracker.js")
        .body(Body::empty())
        .unwrap();
    let a = crate::common::through(&router, req).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(!a.headers.contains_key(header::CONTENT_ENCODING));
    assert_eq!(a.body, js);

    let req = Request::builder()
        .uri("/pkg/absent.js")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        crate::common::through(&router, req).await.status,
        StatusCode::NOT_FOUND
    );
}

fn server_fn(path: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn server_functions_answer_with_real_statuses(db: &Db) {
    let id = venture(
        db,
        NewVenture {
            name_ja: "株式会社セルリンク",
            name_en: "CellLink",
            kana: "セルリンク",
            hub: "ksp",
            located_on: None,
        },
    )
    .await;

    let (status, _, body) = send(db, server_fn("/api/ventures/get", &format!("id={id}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("株式会社セルリンク"));

    let (status, _, body) = send(
        db,
        server_fn("/api/ventures/get", &format!("id={}", uuid::Uuid::now_v7())),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, "\"NotFound\"");

    let (status, _, body) = send(
        db,
        server_fn(
            "/api/ventures/list",
            "query[q]=&query[hub]=mars&query[sort]=name&query[page]=1",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("hub.unknown"), "{body}");

    // Malformed arguments are the client's fault, not the server's.
    let (status, _, _) = send(db, server_fn("/api/ventures/list", "query[page]=abc")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // No database text ever reaches the browser.
    let (_, _, body) = send(db, server_fn("/api/ventures/get", "id=")).await;
    assert!(!body.to_lowercase().contains("sql"), "{body}");
}

async fn the_list_works_from_the_url_alone(db: &Db) {
    venture(
        db,
        NewVenture {
            name_ja: "株式会社セルリンク",
            name_en: "CellLink",
            kana: "セルリンク",
            hub: "ksp",
            located_on: None,
        },
    )
    .await;
    venture(
        db,
        NewVenture {
            name_ja: "湘南ジーン株式会社",
            name_en: "Shonan Gene",
            kana: "ショウナンジーン",
            hub: "shonan",
            located_on: None,
        },
    )
    .await;
    let (status, _, html) =
        send(db, get("/ventures?hub=shonan").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("湘南ジーン株式会社"));
    assert!(!html.contains("株式会社セルリンク"));
    let (_, _, html) = send(
        db,
        get("/ventures?q=%E3%81%9B%E3%82%8B")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(html.contains("株式会社セルリンク") && !html.contains("湘南ジーン株式会社"));
}

/// Nobody signed in: pages send to sign-in and come back to the same place; server functions
/// answer 401; the sign-in page itself and the language switch stay open.
async fn pages_and_functions_need_a_signed_in_user(db: &Db) {
    let a = crate::common::send(
        db,
        get("/ventures?hub=ksp&q=%E3%82%BB%E3%83%AB")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(
        a.headers[header::LOCATION],
        "/sign-in?next=/ventures%3Fhub%3Dksp%26q%3D%25E3%2582%25BB%25E3%2583%25AB"
    );
    for page in [
        "/admin/users",
        "/admin/audit",
        &format!("/ventures/{}", uuid::Uuid::now_v7()),
    ] {
        let a = crate::common::send(db, get(page).body(Body::empty()).unwrap()).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{page}");
    }
    let a = crate::common::send(
        db,
        get("/sign-in?next=%2Fventures")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("サインイン"));
    for (path, body) in [
        (
            "/api/ventures/list",
            "query[q]=&query[hub]=&query[sort]=name&query[page]=1",
        ),
        (
            "/api/ventures/get",
            "id=00000000-0000-0000-0000-000000000000",
        ),
        ("/api/admin/users/list", ""),
    ] {
        let a = crate::common::send(db, crate::common::call(path, body, None)).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}: {}", a.body);
        assert_eq!(a.body, "\"Unauthenticated\"");
    }

    // Signed in, the page is there; a viewer on an admin page is told what a viewer may do.
    let (_, sid) = crate::common::sign_in_as(db, Role::Viewer).await;
    let a = crate::common::send(
        db,
        get("/ventures")
            .header(header::COOKIE, &sid)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let a = crate::common::send(
        db,
        get("/admin/users")
            .header(header::COOKIE, &sid)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        a.body
            .contains("閲覧者はすべての情報を閲覧できますが、変更はできません。"),
        "{}",
        a.body
    );
}

db_tests!(
    pages_and_functions_need_a_signed_in_user,
    japanese_by_default_even_for_an_english_browser,
    language_switch_sets_a_lasting_cookie_and_returns,
    unknown_pages_answer_404,
    server_functions_answer_with_real_statuses,
    the_list_works_from_the_url_alone,
    the_bundle_is_served_gzipped_once_compressed_at_start,
);
