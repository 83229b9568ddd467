//! The dashboard's shell and the printable fiscal-year report: the activity of a year split on
//! 1 April, by the venture's current hub, leaving out archived ventures and retracted events;
//! the pages render for a viewer, with JavaScript off, and ask for a session.

use app::domain::account::Role;
use app::domain::fiscal::FiscalYear;
use app::ssr::dashboard_view;
use app::ssr::db::Db;
use chrono::{NaiveDate, Utc};
use entity::{trial_notifications, ventures};
use http::StatusCode;
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

use crate::common::fixtures::*;
use crate::common::{send, sign_in_as, Answer};

async fn get(db: &Db, uri: &str, cookie: Option<&str>) -> Answer {
    let mut r = http::Request::builder().uri(uri.to_string());
    if let Some(c) = cookie {
        r = r.header(http::header::COOKIE, c);
    }
    send(db, r.body(axum::body::Body::empty()).unwrap()).await
}

async fn dated_venture(
    db: &Db,
    name: &str,
    hub: &str,
    founded: NaiveDate,
    located: NaiveDate,
) -> Uuid {
    let id = venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "",
            kana: "ダッシュ",
            hub,
            located_on: Some(located),
        },
    )
    .await;
    ventures::Entity::update(ventures::ActiveModel {
        id: Set(id),
        founded_on: Set(Some(founded)),
        ..Default::default()
    })
    .exec(db.write())
    .await
    .unwrap();
    id
}

async fn notification(db: &Db, venture_id: Uuid, program_id: Uuid, on: NaiveDate) {
    let now = Utc::now();
    trial_notifications::Entity::insert(trial_notifications::ActiveModel {
        id: Set(Uuid::now_v7()),
        program_id: Set(program_id),
        venture_id: Set(venture_id),
        notified_on: Set(on),
        sponsor: Set("company".into()),
        registry_id: Set(String::new()),
        phase: Set("phase1".into()),
        title: Set(String::new()),
        note: Set(String::new()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(None),
        updated_by: Set(None),
        archived_at: Set(None),
    })
    .exec(db.write())
    .await
    .unwrap();
}

fn row<'a>(a: &'a app::api::dashboard_view::YearActivity, measure: &str) -> &'a [u64] {
    &a.rows
        .iter()
        .find(|r| r.measure == measure)
        .unwrap_or_else(|| panic!("no row {measure}"))
        .by_hub
}

fn total(a: &app::api::dashboard_view::YearActivity, measure: &str) -> u64 {
    a.rows.iter().find(|r| r.measure == measure).unwrap().total
}

async fn activity_of_a_year_splits_on_1_april(db: &Db) {
    // 31 March 2025 is FY2024; 1 April 2025 and 31 March 2026 are FY2025.
    let a = dated_venture(db, "株式会社三月", "ksp", d(2025, 3, 31), d(2025, 3, 31)).await;
    let b = dated_venture(
        db,
        "株式会社四月",
        "tonomachi",
        d(2025, 4, 1),
        d(2025, 4, 1),
    )
    .await;
    let c = dated_venture(
        db,
        "株式会社年度末",
        "shonan",
        d(2024, 6, 1),
        d(2026, 3, 31),
    )
    .await;
    let gone = dated_venture(db, "株式会社撤退", "ksp", d(2025, 5, 1), d(2025, 5, 1)).await;
    ventures::Entity::update(ventures::ActiveModel {
        id: Set(gone),
        archived_at: Set(Some(Utc::now())),
        ..Default::default()
    })
    .exec(db.write())
    .await
    .unwrap();

    let pb = program(db, b, "B-1", "pmd_act").await;
    events(
        db,
        pb,
        vec![
            stage("trial_notified", d(2025, 3, 31)),
            stage("phase1", d(2025, 4, 1)),
        ],
    )
    .await;
    notification(db, b, pb, d(2025, 3, 31)).await;
    notification(db, b, pb, d(2025, 4, 1)).await;
    // A Phase I start recorded by mistake and retracted does not count.
    let pc = program(db, c, "C-1", "pmd_act").await;
    let ids = events(db, pc, vec![stage("phase1", d(2025, 6, 1))]).await;
    events(db, pc, vec![retract(ids[0], d(2025, 6, 2), "誤登録")]).await;
    // Phase II, then (no Phase III) application and conditional approval on the last day of the
    // year.
    let pa = program(db, a, "A-1", "pmd_act").await;
    events(
        db,
        pa,
        vec![
            stage("phase2", d(2024, 5, 1)),
            stage("applied", d(2025, 9, 1)),
            stage("approved_conditional", d(2026, 3, 31)),
        ],
    )
    .await;

    let y = dashboard_view::activity(db, FiscalYear(2025), d(2026, 11, 25))
        .await
        .unwrap();
    let codes: Vec<&str> = y.hubs.iter().map(|h| h.code.as_str()).collect();
    let at = |code: &str| codes.iter().position(|c| *c == code).unwrap();
    assert_eq!(y.fiscal_year, FiscalYear(2025));
    assert_eq!(
        total(&y, "founded"),
        1,
        "only 四月 (the archived one is left out)"
    );
    assert_eq!(row(&y, "founded")[at("tonomachi")], 1);
    assert_eq!(total(&y, "located"), 2);
    assert_eq!(row(&y, "located")[at("tonomachi")], 1);
    assert_eq!(row(&y, "located")[at("shonan")], 1);
    assert_eq!(row(&y, "located")[at("ksp")], 0);
    assert_eq!(total(&y, "notifications"), 1);
    assert_eq!(
        total(&y, "phase1"),
        1,
        "the retracted Phase I is not counted"
    );
    assert_eq!(row(&y, "phase1")[at("tonomachi")], 1);
    assert_eq!(total(&y, "phase2"), 0, "Phase II was in FY2024");
    assert_eq!(total(&y, "approved_conditional"), 1);
    assert_eq!(row(&y, "approved_conditional")[at("ksp")], 1);
    assert_eq!(total(&y, "applied"), 1);
    assert_eq!(total(&y, "phase3"), 0, "skipped, not reached in a year");

    let y = dashboard_view::activity(db, FiscalYear(2024), d(2026, 11, 25))
        .await
        .unwrap();
    assert_eq!(
        total(&y, "founded"),
        2,
        "三月 (2025-03-31) and 年度末 (2024-06-01)"
    );
    assert_eq!(total(&y, "located"), 1);
    assert_eq!(total(&y, "notifications"), 1);
    assert_eq!(total(&y, "phase2"), 1);
}

async fn pages_render_without_javascript_and_need_a_session(db: &Db) {
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let a = get(
        db,
        "/dashboard?hub=ksp&fy_from=2021&fy_to=2025",
        Some(&viewer),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("data-testid=\"dashboard-filters\""));
    assert!(
        a.body.contains("aria-current=\"page\" data-hub=\"ksp\""),
        "the KSP tab is current"
    );
    let option = |value: &str| {
        let at = a
            .body
            .find(&format!("value=\"{value}\""))
            .expect("an option");
        let start = a.body[..at].rfind('<').unwrap();
        let end = at + a.body[at..].find('>').unwrap();
        a.body[start..=end].to_string()
    };
    assert!(
        option("2021").contains("selected"),
        "the range is kept: {}",
        option("2021")
    );
    assert!(!option("2022").contains("selected"));

    let a = get(db, "/dashboard/report?fy=2025", Some(&viewer)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("令和7年度（2025年度）"), "wareki heading");
    assert!(a.body.contains("令和7年4月1日"), "wareki period");
    assert!(a.body.contains("data-testid=\"report-activity\""));

    let a = get(db, "/dashboard", None).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let a = get(db, "/dashboard/report", None).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
}

db_tests!(
    activity_of_a_year_splits_on_1_april,
    pages_render_without_javascript_and_need_a_session
);
