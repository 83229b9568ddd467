//! Read pages are kept per data version (`server::page_cache`): a second look reads the session,
//! the user and the version, and hands out the same page with a fresh nonce; the page a fresh
//! render gives is the same page; each user and each language has its own; an audited write
//! shows at once; the pages left out are rendered every time.

use app::domain::account::Role;
use app::domain::clock::Clock;
use app::ssr::db::Db;
use http::{header, StatusCode};

use crate::common::fixtures::*;
use crate::common::{
    call, page, send, sign_in_as, test_router, test_router_with_clock, through, Answer,
};

type Log = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// A page through `router`, with the statements it issued.
async fn look(
    router: &axum::Router,
    log: &Log,
    req: http::Request<axum::body::Body>,
) -> (Answer, Vec<String>) {
    let uri = req.uri().to_string();
    log.lock().unwrap().clear();
    let a = through(router, req).await;
    assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.body);
    let sql = log.lock().unwrap().clone();
    (a, sql)
}

fn with_headers(
    mut req: http::Request<axum::body::Body>,
    headers: &[(header::HeaderName, &str)],
) -> http::Request<axum::body::Body> {
    for (name, value) in headers {
        req.headers_mut()
            .insert(name.clone(), value.parse().expect("a header value"));
    }
    req
}

/// The page's nonce, from its Content-Security-Policy.
fn nonce(a: &Answer) -> String {
    let csp = a.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let start = csp.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    let len = csp[start..].find('\'').unwrap();
    csp[start..start + len].to_string()
}

/// The page with its nonce blanked out, to compare two answers.
fn without_nonce(a: &Answer) -> String {
    let n = nonce(a);
    assert!(
        a.body.contains(&format!("nonce=\"{n}\"")),
        "the scripts carry it"
    );
    a.body.replace(&n, "NONCE")
}

fn reads(sql: &[String], table: &str) -> bool {
    let quoted = format!("\"{table}\"");
    sql.iter().any(|s| s.contains(&quoted))
}

fn count(sql: &[String], table: &str) -> usize {
    let quoted = format!("\"{table}\"");
    sql.iter().filter(|s| s.contains(&quoted)).count()
}

/// A kept page: the sign-in check (the session, its user), the data version once, nothing else.
/// A render reads more: the header's user and every section's version (the data memo) or data.
fn kept(sql: &[String]) -> bool {
    count(sql, "data_version") == 1
        && count(sql, "users") == 1
        && count(sql, "sessions") <= 1
        && sql.len() == 1 + count(sql, "users") + count(sql, "sessions")
}

/// The read pages a viewer may see (besides the venture page).
const PAGES: [&str; 7] = [
    "/ventures",
    "/dashboard",
    "/dashboard/report",
    "/board",
    "/funds",
    "/rink",
    "/notifications",
];

async fn a_kept_page_is_the_page_a_render_gives_until_a_write(db: &Db) {
    let v = venture(
        db,
        NewVenture {
            name_ja: "頁保存株式会社",
            name_en: "Page Keep Inc.",
            kana: "ページホゾン",
            hub: "tonomachi",
            located_on: Some(d(2023, 6, 1)),
        },
    )
    .await;
    let p = program(db, v, "KEEP-1", "pmd_act").await;
    events(db, p, vec![stage("trial_notified", d(2026, 4, 1))]).await;
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let (_, staff) = sign_in_as(db, Role::Staff).await;

    let log: Log = Default::default();
    let logged = db.with_statement_log(log.clone());
    let clock = Clock::fixed_on(d(2026, 11, 25));
    let router = test_router_with_clock(&logged, clock.clone());
    let venture_page = format!("/ventures/{v}");

    for path in PAGES.iter().copied().chain([venture_page.as_str()]) {
        let (first, sql) = look(&router, &log, page(path, &viewer)).await;
        assert!(!kept(&sql), "{path}: the first look renders: {sql:#?}");
        assert!(!first.headers.contains_key(header::SET_COOKIE), "{path}");
        let (again, sql) = look(&router, &log, page(path, &viewer)).await;
        assert!(
            kept(&sql),
            "{path}: a second look is the kept page: {sql:#?}"
        );
        assert_ne!(nonce(&again), nonce(&first), "{path}: a fresh nonce");
        assert_eq!(without_nonce(&again), without_nonce(&first), "{path}");
        assert!(
            !again.body.contains(&nonce(&first)),
            "{path}: no trace of the old nonce"
        );

        // A fresh render (a hard reload) gives the same page.
        let reload = with_headers(page(path, &viewer), &[(header::CACHE_CONTROL, "no-cache")]);
        let (rendered, sql) = look(&router, &log, reload).await;
        assert!(!kept(&sql), "{path}: {sql:#?}");
        assert_eq!(without_nonce(&rendered), without_nonce(&first), "{path}");
    }

    // Each user has their own page (the header names them), each language its own; a page in
    // English does not set the language cookie again (only the language switch does).
    let (mine, _) = look(&router, &log, page("/ventures", &viewer)).await;
    let (theirs, sql) = look(&router, &log, page("/ventures", &staff)).await;
    assert!(!kept(&sql), "{sql:#?}");
    assert!(
        theirs.body.contains("staff tester"),
        "the staff user's own header"
    );
    assert!(!theirs.body.contains("viewer tester"));
    assert!(mine.body.contains("viewer tester"));
    let english = format!("{viewer}; lang=en");
    let (en, sql) = look(&router, &log, page("/ventures", &english)).await;
    assert!(!kept(&sql), "{sql:#?}");
    assert!(!en.headers.contains_key(header::SET_COOKIE));
    // The language switch offers the other language.
    assert!(en.body.contains("hreflang=\"ja\""), "English");
    assert!(mine.body.contains("hreflang=\"en\""), "Japanese");
    let (en_again, sql) = look(&router, &log, page("/ventures", &english)).await;
    assert!(kept(&sql), "{sql:#?}");
    assert_eq!(without_nonce(&en_again), without_nonce(&en));

    // Tomorrow is another day (overdue follow-ups, the two-year rule, the fiscal year).
    clock.advance(chrono::TimeDelta::days(1)).unwrap();
    let (_, sql) = look(&router, &log, page("/ventures", &viewer)).await;
    assert!(!kept(&sql), "a new day renders: {sql:#?}");

    // A stage event recorded through the application shows at once, on the list and the page.
    let (before, _) = look(&router, &log, page(&venture_page, &viewer)).await;
    let (list_before, _) = look(&router, &log, page("/ventures", &viewer)).await;
    let version = program_version(db, p).await;
    let record = format!(
        "program_id={p}&version={version}&action=stage%3Aphase1&occurred_on=2026-11-20\
         &precision=day&source_url=&note="
    );
    let a = send(db, call("/api/journey/record", &record, Some(&staff))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let (after, sql) = look(&router, &log, page(&venture_page, &viewer)).await;
    assert!(
        reads(&sql, "stage_events"),
        "a write makes it render: {sql:#?}"
    );
    assert_ne!(without_nonce(&after), without_nonce(&before));
    let (list, sql) = look(&router, &log, page("/ventures", &viewer)).await;
    assert!(reads(&sql, "ventures"), "{sql:#?}");
    assert_ne!(without_nonce(&list), without_nonce(&list_before));

    // Signed out, the old cookie gets nothing kept for the session: it is sent to sign in.
    let a = through(&router, call("/api/auth/sign_out", "", Some(&viewer))).await;
    assert!(a.status.is_success(), "{}: {}", a.status, a.body);
    let a = through(&router, page("/ventures", &viewer)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
}

/// The API tokens page shows when each token was last used, which is not audited: it is
/// rendered for every look. A page that is not found is not kept either.
async fn the_pages_left_out_are_rendered_every_time(db: &Db) {
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let log: Log = Default::default();
    let logged = db.with_statement_log(log.clone());
    let router = test_router(&logged);
    for _ in 0..2 {
        let (_, sql) = look(&router, &log, page("/account/tokens", &viewer)).await;
        assert!(reads(&sql, "api_tokens"), "{sql:#?}");
    }
    let missing = format!("/ventures/{}", uuid::Uuid::now_v7());
    for _ in 0..2 {
        log.lock().unwrap().clear();
        let a = through(&router, page(&missing, &viewer)).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let sql = log.lock().unwrap().clone();
        assert!(reads(&sql, "ventures"), "{sql:#?}");
    }
}

/// Many looks at once at a page that is not kept yet (the dashboard just after a write, or on a
/// server just started) wait for one render: the page's sections read their data version once in
/// all, not once per look.
async fn concurrent_first_looks_wait_for_one_render(db: &Db) {
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let log: Log = Default::default();
    let logged = db.with_statement_log(log.clone());
    let router = test_router(&logged);
    // One render's reads of the version: the key's, then one per memoised section.
    let reload = with_headers(
        page("/dashboard", &viewer),
        &[(header::CACHE_CONTROL, "no-cache")],
    );
    let (_, sql) = look(&router, &log, reload).await;
    let per_render = count_version(&sql) - 1;
    assert!(per_render >= 2, "the dashboard's sections: {sql:#?}");

    // Another server process: nothing kept there yet.
    let router = test_router(&logged);
    log.lock().unwrap().clear();
    const LOOKS: usize = 8;
    let mut looks = tokio::task::JoinSet::new();
    for _ in 0..LOOKS {
        let (router, viewer) = (router.clone(), viewer.clone());
        looks.spawn(async move { through(&router, page("/dashboard", &viewer)).await });
    }
    let mut bodies = Vec::new();
    while let Some(a) = looks.join_next().await {
        let a = a.unwrap();
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        bodies.push(without_nonce(&a));
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "the same page");
    let sql = log.lock().unwrap().clone();
    assert_eq!(
        count_version(&sql),
        LOOKS + per_render,
        "{LOOKS} keys and one render: {sql:#?}"
    );
}

fn count_version(sql: &[String]) -> usize {
    sql.iter().filter(|s| s.contains("data_version")).count()
}

db_tests!(
    a_kept_page_is_the_page_a_render_gives_until_a_write,
    the_pages_left_out_are_rendered_every_time,
    concurrent_first_looks_wait_for_one_render
);
