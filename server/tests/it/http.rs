//! The HTTP surface: real statuses for pages and server functions, the 404 page, the language.

use crate::common::fixtures::*;
use app::ssr::db::Db;
use axum::body::Body;
use http::{header, Request, StatusCode};
use tower::ServiceExt;

async fn send(db: &Db, req: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
    let uri = req.uri().clone();
    let res = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        crate::common::test_router(db).oneshot(req),
    )
    .await
    .unwrap_or_else(|_| panic!("no response within 10 s: {uri}"))
    .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 10 << 20)
        .await
        .unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
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

db_tests!(
    japanese_by_default_even_for_an_english_browser,
    language_switch_sets_a_lasting_cookie_and_returns,
    unknown_pages_answer_404,
    server_functions_answer_with_real_statuses,
    the_list_works_from_the_url_alone,
);
