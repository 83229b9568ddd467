//! The dashboard's aggregates are memoised per data version: a second look at an unchanged
//! database reads the version and nothing else; any audited write (a stage event, a support log)
//! shows at once, also on a second server process sharing the database; signing in does not
//! count as a change.

use app::api::dashboard::FunnelDto;
use app::domain::account::Role;
use app::domain::funnel::FunnelStage;
use app::ssr::db::Db;
use app::ssr::memo;
use chrono::NaiveDate;
use http::StatusCode;

use crate::common::fixtures::*;
use crate::common::{call, form_value, send, sign_in_as, test_router, through, TEST_PASSWORD};

const FUNNEL: &str = "query[hub]=&query[unit]=programs";

fn reached(dto: &FunnelDto, stage: FunnelStage) -> u64 {
    dto.selected
        .steps
        .iter()
        .find(|s| s.stage == stage)
        .map(|s| s.count)
        .expect("the stage's step")
}

/// The funnel through `router`, and the statements it issued.
async fn funnel(
    router: &axum::Router,
    log: &std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    sid: &str,
) -> (FunnelDto, Vec<String>) {
    log.lock().unwrap().clear();
    let a = through(router, call("/api/dashboard/funnel", FUNNEL, Some(sid))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let sql = log.lock().unwrap().clone();
    (serde_json::from_str(&a.body).unwrap(), sql)
}

fn reads_milestones(sql: &[String]) -> bool {
    sql.iter().any(|s| s.contains("program_milestones"))
}

async fn a_write_shows_at_once_and_nothing_else_is_read_again(db: &Db) {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let v = venture(
        db,
        NewVenture {
            name_ja: "メモ株式会社",
            name_en: "Memo Inc.",
            kana: "メモ",
            hub: "shonan",
            located_on: Some(d(2024, 5, 1)),
        },
    )
    .await;
    let p = program(db, v, "MEMO-1", "pmd_act").await;
    events(db, p, vec![stage("trial_notified", d(2026, 4, 1))]).await;
    let (viewer_email, viewer) = sign_in_as(db, Role::Viewer).await;
    let (_, staff) = sign_in_as(db, Role::Staff).await;

    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let logged = db.with_statement_log(log.clone());
    let one = test_router(&logged);
    let other = test_router(&logged);

    let (first, sql) = funnel(&one, &log, &viewer).await;
    assert!(reads_milestones(&sql), "the first look computes: {sql:#?}");
    assert_eq!(reached(&first, FunnelStage::Phase1), 0);
    let cold = sql.len();

    // Unchanged data: the session, the version, nothing more.
    let (again, sql) = funnel(&one, &log, &viewer).await;
    assert_eq!(again, first);
    assert!(!reads_milestones(&sql), "{sql:#?}");
    assert!(
        sql.iter().any(|s| s.contains("data_version")),
        "the version is read: {sql:#?}"
    );
    assert!(sql.len() < cold, "{} statements, {cold} cold", sql.len());

    // Signing in again writes an audit row but changes no data: still memoised.
    let version = memo::version(db).await.unwrap();
    let body = format!(
        "email={}&password={}&next=%2F",
        form_value(&viewer_email),
        form_value(TEST_PASSWORD)
    );
    let a = send(db, call("/api/auth/sign_in", &body, None)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(memo::version(db).await.unwrap(), version);
    let (_, sql) = funnel(&one, &log, &viewer).await;
    assert!(!reads_milestones(&sql), "{sql:#?}");

    // A stage event recorded through the application (audited) shows on both servers.
    let journey = app::ssr::journey::events(db.read(), p).await.unwrap();
    assert_eq!(journey.len(), 1);
    let program_version = program_version(db, p).await;
    let record = format!(
        "program_id={p}&version={program_version}&action=stage%3Aphase1&occurred_on=2026-11-20\
         &precision=day&source_url=&note="
    );
    let a = send(db, call("/api/journey/record", &record, Some(&staff))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(memo::version(db).await.unwrap() > version);

    let (after, sql) = funnel(&one, &log, &viewer).await;
    assert!(reads_milestones(&sql), "a write makes it compute again");
    assert_eq!(reached(&after, FunnelStage::Phase1), 1);
    let (elsewhere, _) = funnel(&other, &log, &viewer).await;
    assert_eq!(elsewhere, after, "a second server sees the same");

    // A refused write (stale version) changes nothing and keeps the memo.
    let a = send(db, call("/api/journey/record", &record, Some(&staff))).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    let (_, sql) = funnel(&one, &log, &viewer).await;
    assert!(!reads_milestones(&sql), "{sql:#?}");
}

/// The statements a server function issued through `router`, and its answer.
async fn look(
    router: &axum::Router,
    log: &std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    path: &str,
    body: &str,
    sid: &str,
) -> (serde_json::Value, Vec<String>) {
    log.lock().unwrap().clear();
    let a = through(router, call(path, body, Some(sid))).await;
    assert_eq!(a.status, StatusCode::OK, "{path}: {}", a.body);
    let sql = log.lock().unwrap().clone();
    (serde_json::from_str(&a.body).unwrap(), sql)
}

fn reads(sql: &[String], table: &str) -> bool {
    let quoted = format!("\"{table}\"");
    sql.iter().any(|s| s.contains(&quoted))
}

/// The ventures list (its count included) and a venture page are memoised too: a second look
/// reads neither ventures nor programs, and a recorded stage event shows on both at once.
async fn the_list_and_a_venture_page_hold_until_a_write(db: &Db) {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let v = venture(
        db,
        NewVenture {
            name_ja: "一覧メモ株式会社",
            name_en: "List Memo Inc.",
            kana: "イチランメモ",
            hub: "ksp",
            located_on: Some(d(2023, 4, 1)),
        },
    )
    .await;
    let p = program(db, v, "LIST-1", "pmd_act").await;
    events(db, p, vec![stage("trial_notified", d(2026, 4, 1))]).await;
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let (_, staff) = sign_in_as(db, Role::Staff).await;

    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let logged = db.with_statement_log(log.clone());
    let router = test_router(&logged);
    let list = "query[q]=&query[hub]=&query[sort]=name&query[page]=1";
    let id = format!("id={v}");

    let (first, sql) = look(&router, &log, "/api/ventures/list", list, &viewer).await;
    assert!(reads(&sql, "ventures"), "the first look queries: {sql:#?}");
    assert_eq!(first["total"], 1, "{first}");
    assert_eq!(first["rows"][0]["stage"], "trial_notified", "{first}");
    let (page, sql) = look(&router, &log, "/api/ventures/get", &id, &viewer).await;
    assert!(
        reads(&sql, "stage_events") || reads(&sql, "programs"),
        "{sql:#?}"
    );

    let (again, sql) = look(&router, &log, "/api/ventures/list", list, &viewer).await;
    assert_eq!(again, first);
    assert!(
        !reads(&sql, "ventures") && !reads(&sql, "programs"),
        "{sql:#?}"
    );
    let (page_again, sql) = look(&router, &log, "/api/ventures/get", &id, &viewer).await;
    assert_eq!(page_again, page);
    assert!(
        !reads(&sql, "ventures") && !reads(&sql, "stage_events"),
        "{sql:#?}"
    );

    // The page's other sections (its History, timeline, support and funds) too.
    for path in [
        "/api/ventures/history",
        "/api/ventures/timeline",
        "/api/support/venture",
        "/api/funds/venture",
    ] {
        let (first, _) = look(&router, &log, path, &id, &viewer).await;
        let (again, sql) = look(&router, &log, path, &id, &viewer).await;
        assert_eq!(again, first, "{path}");
        assert!(
            sql.iter().all(|s| s.contains("data_version")
                || s.contains("\"users\"")
                || s.contains("\"sessions\"")),
            "{path} reads only the session and the version: {sql:#?}"
        );
    }

    // Another query is another entry: the second page is computed, not the first one reused.
    let (second, sql) = look(
        &router,
        &log,
        "/api/ventures/list",
        "query[q]=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84&query[hub]=&query[sort]=name&query[page]=1",
        &viewer,
    )
    .await;
    assert!(reads(&sql, "ventures"), "{sql:#?}");
    assert_eq!(second["total"], 0, "{second}");

    let program_version = program_version(db, p).await;
    let record = format!(
        "program_id={p}&version={program_version}&action=stage%3Aphase1&occurred_on=2026-11-20\
         &precision=day&source_url=&note="
    );
    let a = send(db, call("/api/journey/record", &record, Some(&staff))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);

    let (after, sql) = look(&router, &log, "/api/ventures/list", list, &viewer).await;
    assert!(reads(&sql, "ventures"), "a write makes it query again");
    assert_eq!(after["rows"][0]["stage"], "phase1", "{after}");
    let (page_after, _) = look(&router, &log, "/api/ventures/get", &id, &viewer).await;
    assert_ne!(page_after, page, "the venture page shows the new event");
    assert!(page_after.to_string().contains("phase1"), "{page_after}");
}

db_tests!(
    a_write_shows_at_once_and_nothing_else_is_read_again,
    the_list_and_a_venture_page_hold_until_a_write
);
