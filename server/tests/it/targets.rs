//! KPI targets by year, on SQLite and PostgreSQL, against a hand-counted fixture with ventures
//! located and trial notifications dated on 31 March and 1 April (the fiscal-year boundary): the
//! seeded targets (the trial-notification target counts per year after
//! m20261201_000001_trial_target_per_year) and a calendar-year target inserted here; freezing
//! reported figures (administrators only, once per year, completed years only, audited); a late
//! correction showing as a difference; the drill-down page's count equal to the target's number;
//! and a fixed number of statements for 10 and for 1,000 ventures.

use app::api::targets::{TargetDto, TargetsDto};
use app::domain::account::Role;
use app::domain::targets::Counting;
use app::ssr::db::Db;
use chrono::{NaiveDate, TimeZone, Utc};
use entity::{audit_events, target_reported_figures, targets, trial_notifications, ventures};
use http::StatusCode;
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use crate::common::fixtures::*;
use crate::common::{call, page, send, sign_in_as, statements};

/// The test router's clock (2026-11-25 in Japan, FY2026).
fn today() -> NaiveDate {
    d(2026, 11, 25)
}

const VENTURES_TARGET: u128 = 0x0193a000_0000_7000_8000_000000000301;
const TRIALS_TARGET: u128 = 0x0193a000_0000_7000_8000_000000000302;

async fn located(db: &Db, name: &str, on: Option<NaiveDate>) -> Uuid {
    venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "",
            kana: "テスト",
            hub: "ksp",
            located_on: on,
        },
    )
    .await
}

async fn archive_venture(db: &Db, id: Uuid) {
    ventures::Entity::update_many()
        .col_expr(ventures::Column::ArchivedAt, Expr::value(Utc::now()))
        .filter(ventures::Column::Id.eq(id))
        .exec(db.write())
        .await
        .unwrap();
}

async fn notify(db: &Db, venture: Uuid, on: NaiveDate) -> Uuid {
    let p = program(
        db,
        venture,
        &format!("P-{}", Uuid::now_v7().simple()),
        "pmd_act",
    )
    .await;
    let email = format!("staff-{}@test.example.jp", Uuid::now_v7().simple());
    let actor = crate::common::account(db, &email, "記録者", Role::Staff).await;
    let v = app::domain::records::validate_notification(
        &app::domain::records::NotificationForm {
            notified_on: on.to_string(),
            sponsor: "investigator".into(),
            phase: "phase1".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    app::ssr::records::add_notification(
        db,
        app::ssr::records::By {
            actor: actor.id,
            now: Utc::now(),
            today: today(),
        },
        p,
        v,
    )
    .await
    .unwrap()
}

/// The hand-counted fixture (see each line). Returns the id of venture D (FY2025).
async fn fixture(db: &Db) -> Uuid {
    // Ventures located in the prefecture:
    let a = located(db, "株式会社A", Some(d(2022, 3, 31))).await; // FY2021 (baseline)
    located(db, "株式会社B", Some(d(2022, 4, 1))).await; // FY2022
    let c = located(db, "株式会社C", Some(d(2025, 3, 31))).await; // FY2024, calendar 2025
    let dd = located(db, "株式会社D", Some(d(2025, 4, 1))).await; // FY2025, calendar 2025
    located(db, "株式会社E", Some(d(2025, 4, 1))).await; // FY2025, calendar 2025
    let f = located(db, "株式会社F", Some(d(2026, 4, 1))).await; // FY2026, calendar 2026
    let g = located(db, "株式会社G", Some(d(2024, 6, 1))).await; // archived: not counted
    located(db, "株式会社H", None).await; // never located: not counted
                                          // Trial notifications:
    notify(db, a, d(2022, 3, 31)).await; // FY2021 (baseline)
    notify(db, c, d(2025, 3, 31)).await; // FY2024
    notify(db, c, d(2025, 3, 31)).await; // FY2024
    notify(db, dd, d(2025, 4, 1)).await; // FY2025
    notify(db, dd, d(2026, 3, 31)).await; // FY2025
    notify(db, f, d(2026, 4, 1)).await; // FY2026
    let archived = notify(db, dd, d(2025, 4, 1)).await; // archived: not counted
    trial_notifications::Entity::update_many()
        .col_expr(
            trial_notifications::Column::ArchivedAt,
            Expr::value(Utc::now()),
        )
        .filter(trial_notifications::Column::Id.eq(archived))
        .exec(db.write())
        .await
        .unwrap();
    notify(db, g, d(2025, 5, 1)).await; // of an archived venture: not counted
    archive_venture(db, g).await;
    dd
}

/// A calendar-year, cumulative target: 3 in 2024 → 7 in 2026.
async fn calendar_target(db: &Db) -> Uuid {
    let id = Uuid::now_v7();
    let now = Utc::now();
    targets::Entity::insert(targets::ActiveModel {
        id: Set(id),
        metric: Set("ventures_located".into()),
        name_ja: Set("暦年の立地数".into()),
        name_en: Set("Located by calendar year".into()),
        counting: Set("cumulative".into()),
        year_basis: Set("calendar".into()),
        baseline_year: Set(2024),
        baseline_value: Set(3),
        target_year: Set(2026),
        target_value: Set(7),
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
    id
}

fn target(dto: &TargetsDto, id: Uuid) -> &TargetDto {
    dto.targets
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("target {id}"))
}

fn years(t: &TargetDto) -> Vec<i32> {
    t.progress.years.iter().map(|y| y.year).collect()
}

fn live(t: &TargetDto) -> Vec<Option<i64>> {
    t.progress.years.iter().map(|y| y.live).collect()
}

fn path(t: &TargetDto) -> Vec<f64> {
    t.progress.years.iter().map(|y| y.path).collect()
}

fn hrefs(t: &TargetDto) -> Vec<String> {
    t.progress
        .years
        .iter()
        .map(|y| {
            y.range
                .map(|r| app::domain::targets::drill_down_href(t.spec.metric, r))
                .unwrap_or_default()
        })
        .collect()
}

async fn get_targets(db: &Db, sid: &str) -> TargetsDto {
    let a = send(db, call("/api/targets/get", "", Some(sid))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    serde_json::from_str(&a.body).expect("a TargetsDto")
}

async fn targets_count_by_their_own_rules(db: &Db) {
    // The migration has made the seeded trial-notification target per year.
    let trial = targets::Entity::find_by_id(Uuid::from_u128(TRIALS_TARGET))
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((trial.counting.as_str(), trial.version), ("per_year", 2));
    fixture(db).await;
    let cal = calendar_target(db).await;
    let (_, sid) = sign_in_as(db, Role::Viewer).await;
    let dto = get_targets(db, &sid).await;
    assert_eq!(dto.today, today());
    assert!(!dto.may_freeze, "a viewer may not freeze");
    assert_eq!(dto.targets.len(), 3);

    // Ventures located, cumulative by fiscal year: 51 + what is new since FY2021.
    let v = target(&dto, Uuid::from_u128(VENTURES_TARGET));
    assert_eq!(v.spec.counting, Counting::Cumulative);
    assert_eq!(years(v), vec![2021, 2022, 2023, 2024, 2025, 2026]);
    assert_eq!(
        live(v),
        vec![Some(51), Some(52), Some(52), Some(53), Some(55), Some(56)]
    );
    assert_eq!(path(v), vec![51.0, 57.0, 63.0, 69.0, 75.0, 75.0]);
    assert_eq!(
        hrefs(v),
        vec![
            String::new(),
            "/ventures?located_from=2022-04-01&located_to=2023-03-31".into(),
            "/ventures?located_from=2022-04-01&located_to=2024-03-31".into(),
            "/ventures?located_from=2022-04-01&located_to=2025-03-31".into(),
            "/ventures?located_from=2022-04-01&located_to=2026-03-31".into(),
            "/ventures?located_from=2022-04-01&located_to=2027-03-31".into(),
        ]
    );
    let s = v.progress.status.as_ref().unwrap();
    // Past the target year the path is the target: 56 against 75.
    assert_eq!(
        (s.on_track, s.actual, s.expected, s.year),
        (false, 56, 75.0, None)
    );

    // Trial notifications, per fiscal year.
    let t = target(&dto, Uuid::from_u128(TRIALS_TARGET));
    assert_eq!(t.spec.counting, Counting::PerYear);
    assert_eq!(
        live(t),
        vec![Some(18), Some(0), Some(0), Some(2), Some(2), Some(1)]
    );
    assert_eq!(path(t), vec![18.0, 19.0, 20.0, 21.0, 22.0, 22.0]);
    assert_eq!(hrefs(t)[4], "/notifications?from=2025-04-01&to=2026-03-31");
    let s = t.progress.status.as_ref().unwrap();
    assert_eq!(
        (s.on_track, s.actual, s.expected, s.year),
        (false, 2, 22.0, Some(2025))
    );

    // The calendar-year target: 31 March and 1 April 2025 are both in 2025.
    let c = target(&dto, cal);
    assert_eq!(years(c), vec![2024, 2025, 2026]);
    assert_eq!(live(c), vec![Some(3), Some(6), Some(7)]);
    assert_eq!(path(c), vec![3.0, 5.0, 7.0]);
    assert_eq!(
        hrefs(c),
        vec![
            String::new(),
            "/ventures?located_from=2025-01-01&located_to=2025-12-31".into(),
            "/ventures?located_from=2025-01-01&located_to=2026-12-31".into(),
        ]
    );
    let s = c.progress.status.as_ref().unwrap();
    // 694 of 730 days from 2024-12-31 to 2026-12-31: 3 + 4 × 694 / 730 = 6.80.
    assert!((s.expected - (3.0 + 4.0 * 694.0 / 730.0)).abs() < 1e-9);
    assert_eq!((s.on_track, s.actual), (true, 7));
    let freezable: Vec<i32> = c
        .progress
        .years
        .iter()
        .filter(|y| y.freezable)
        .map(|y| y.year)
        .collect();
    assert_eq!(freezable, vec![2024, 2025], "2026 has not ended");
}

/// Counts of the rows a freeze writes: figures and audit events.
async fn written(db: &Db) -> (u64, u64) {
    (
        target_reported_figures::Entity::find()
            .count(db.read())
            .await
            .unwrap(),
        audit_events::Entity::find().count(db.read()).await.unwrap(),
    )
}

fn freeze_body(target: Uuid, year: i32, value: &str, note: &str) -> String {
    format!(
        "form[target_id]={target}&form[year]={year}&form[value]={}&form[note]={}",
        crate::common::form_value(value),
        crate::common::form_value(note)
    )
}

async fn freezing_a_reported_figure(db: &Db) {
    fixture(db).await;
    let ventures_target = Uuid::from_u128(VENTURES_TARGET);
    let body = freeze_body(ventures_target, 2024, "53", "令和6年度の報告");

    // Staff, coordinators and viewers are refused and nothing is written.
    for role in [Role::Staff, Role::Coordinator, Role::Viewer] {
        let (_, sid) = sign_in_as(db, role).await;
        let before = written(db).await;
        let a = send(db, call("/api/targets/freeze", &body, Some(&sid))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role:?}: {}", a.body);
        assert_eq!(written(db).await, before, "{role:?} wrote nothing");
    }
    let a = send(db, call("/api/targets/freeze", &body, None)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    // An administrator freezes FY2024: who and when, one audit event.
    let (_, admin) = sign_in_as(db, Role::Admin).await;
    assert!(get_targets(db, &admin).await.may_freeze);
    let (figures, audit) = written(db).await;
    let a = send(db, call("/api/targets/freeze", &body, Some(&admin))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(written(db).await, (figures + 1, audit + 1));
    let row = target_reported_figures::Entity::find()
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.target_id, row.year, row.value),
        (ventures_target, 2024, 53)
    );
    assert_eq!(row.note, "令和6年度の報告");
    assert!(row.frozen_by.is_some());
    let noon_in_japan = Utc.with_ymd_and_hms(2026, 11, 25, 3, 0, 0).unwrap();
    assert_eq!(row.frozen_at, noon_in_japan);
    let event = audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("target_reported_figure"))
        .one(db.read())
        .await
        .unwrap()
        .expect("an audit event");
    assert_eq!(event.action, "freeze");
    assert_eq!(event.entity_id, row.id.to_string());
    assert_eq!(event.actor_id, row.frozen_by);
    assert_eq!(event.changes["value"][1], 53);
    assert_eq!(event.changes["year"][1], 2024);

    let dto = get_targets(db, &admin).await;
    let v = target(&dto, ventures_target);
    let fy2024 = &v.progress.years[3];
    assert_eq!(
        (fy2024.live, fy2024.reported, fy2024.difference),
        (Some(53), Some(53), Some(0))
    );
    assert!(!fy2024.freezable);
    let reported = &v.reported[0];
    assert_eq!((reported.year, reported.value), (2024, 53));
    assert_eq!(reported.frozen_by, "admin tester");
    assert_eq!(reported.frozen_at, noon_in_japan);

    // A second freeze of the year is a conflict; nothing written.
    let before = written(db).await;
    let again = freeze_body(ventures_target, 2024, "54", "");
    let a = send(db, call("/api/targets/freeze", &again, Some(&admin))).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    assert!(a.body.contains("targets.already_frozen"), "{}", a.body);
    assert_eq!(written(db).await, before);

    // The current (incomplete) year and a year before the baseline are refused by field.
    for (year, code) in [
        (2026, "targets.year_incomplete"),
        (2020, "targets.before_baseline"),
    ] {
        let a = send(
            db,
            call(
                "/api/targets/freeze",
                &freeze_body(ventures_target, year, "1", ""),
                Some(&admin),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{year}: {}", a.body);
        assert!(
            a.body.contains("freeze_year") && a.body.contains(code),
            "{}",
            a.body
        );
    }
    let a = send(
        db,
        call(
            "/api/targets/freeze",
            &freeze_body(ventures_target, 2025, "-3", ""),
            Some(&admin),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.body.contains("freeze_value"), "{}", a.body);
    assert_eq!(written(db).await, before, "refusals write nothing");

    // A late correction: a venture located in FY2024 recorded afterwards. The live value moves,
    // the reported figure stays, and the difference shows.
    located(db, "株式会社遅延", Some(d(2024, 10, 1))).await;
    let dto = get_targets(db, &admin).await;
    let v = target(&dto, ventures_target);
    let fy2024 = &v.progress.years[3];
    assert_eq!(
        (fy2024.live, fy2024.reported, fy2024.difference),
        (Some(54), Some(53), Some(1))
    );
    let row = target_reported_figures::Entity::find()
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.value, 53, "the reported figure is unchanged");
}

async fn the_drill_down_counts_equal_the_targets_numbers(db: &Db) {
    fixture(db).await;
    let (_, sid) = sign_in_as(db, Role::Viewer).await;
    let dto = get_targets(db, &sid).await;
    let t = target(&dto, Uuid::from_u128(TRIALS_TARGET));
    for y in t.progress.years.iter().filter(|y| y.range.is_some()) {
        let (from, to) = y.range.unwrap();
        let a = send(
            db,
            call(
                "/api/targets/notifications",
                &format!("from={from}&to={to}"),
                Some(&sid),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let list: app::api::targets::NotificationList = serde_json::from_str(&a.body).unwrap();
        assert_eq!(Some(list.count as i64), y.live, "FY{}", y.year);
        assert_eq!(list.rows.len(), list.count);
    }
    // The page itself, without JavaScript.
    let href =
        app::domain::targets::drill_down_href(t.spec.metric, t.progress.years[4].range.unwrap());
    assert_eq!(href, "/notifications?from=2025-04-01&to=2026-03-31");
    let a = send(db, page(&href, &sid)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("data-count=\"2\""), "{}", a.body);
    assert!(a.body.contains("2件"));
    assert!(a.body.contains("株式会社D"));
    assert!(a.body.contains("2025年4月1日") && a.body.contains("2026年3月31日"));
    assert!(!a.body.contains("2025年3月31日"), "31 March 2025 is FY2024");
    assert_eq!(
        a.body.matches("data-testid=\"notification-row\"").count(),
        2
    );
    assert!(!a.body.contains(" style=\""), "no inline styles (CSP)");
}

async fn get_targets_issues_as_many_statements_for_1000_ventures_as_for_10(db: &Db) {
    seeds::scale::generate(db, 10, 7)
        .await
        .expect("10 ventures");
    let (_, sid) = sign_in_as(db, Role::Viewer).await;
    let small = statements(db, call("/api/targets/get", "", Some(&sid)))
        .await
        .0;
    let small_page = statements(db, page("/notifications", &sid)).await.0;
    seeds::scale::generate(db, 990, 8)
        .await
        .expect("990 more ventures");
    let large = statements(db, call("/api/targets/get", "", Some(&sid)))
        .await
        .0;
    let large_page = statements(db, page("/notifications", &sid)).await.0;
    assert!(large.len() <= 10, "{large:#?}");
    assert_eq!(
        small.len(),
        large.len(),
        "10: {small:#?}\n1,000: {large:#?}"
    );
    assert_eq!(
        small_page.len(),
        large_page.len(),
        "10: {small_page:#?}\n1,000: {large_page:#?}"
    );
}

db_tests!(
    targets_count_by_their_own_rules,
    freezing_a_reported_figure,
    the_drill_down_counts_equal_the_targets_numbers,
    get_targets_issues_as_many_statements_for_1000_ventures_as_for_10,
);
