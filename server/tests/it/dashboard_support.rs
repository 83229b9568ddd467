//! The dashboard's support and money, on SQLite and PostgreSQL: RINK support by working group ×
//! kind × fiscal year and fund support by hub × fiscal year against a hand-counted fixture
//! (31 March and 1 April in different years, support outside any group, archived records and
//! ventures left out, the hub filter), every number equal to the count of the list it links to,
//! the pages rendering those lists, and a fixed number of statements for 10 and 1,000 ventures.

use app::api::dashboard_support::{FundFilter, SupportFilter, SupportOverview};
use app::domain::account::Role;
use app::domain::dashboard::DashboardQuery;
use app::domain::fiscal::FiscalYear;
use app::domain::support::SupportKind;
use app::ssr::dashboard_support::{fund_records, overview, support_records};
use app::ssr::db::Db;
use chrono::{NaiveDate, Utc};
use entity::{fund_supports, funds, support_logs, ventures, working_groups};
use http::StatusCode;
use sea_orm::{sea_query::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::common::fixtures::*;
use crate::common::{call, page, send, sign_in_as, statements};

fn today() -> NaiveDate {
    d(2026, 11, 25)
}

async fn a_venture(db: &Db, name: &str, hub: &str) -> Uuid {
    venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "",
            kana: "ダッシュ",
            hub,
            located_on: None,
        },
    )
    .await
}

async fn group_id(db: &Db, code: &str) -> Uuid {
    working_groups::Entity::find()
        .filter(working_groups::Column::Code.eq(code))
        .one(db.read())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("group {code}"))
        .id
}

async fn coordinator(db: &Db) -> Uuid {
    let email = format!("coord-{}@rink.example.jp", Uuid::now_v7().simple());
    crate::common::account(db, &email, "RINK 担当", Role::Coordinator)
        .await
        .id
}

struct Log {
    venture: Uuid,
    group: Option<Uuid>,
    on: NaiveDate,
    kind: &'static str,
    archived: bool,
}

async fn log(db: &Db, by: Uuid, l: Log) {
    let now = Utc::now();
    support_logs::Entity::insert(support_logs::ActiveModel {
        id: Set(Uuid::now_v7()),
        venture_id: Set(l.venture),
        working_group_id: Set(l.group),
        coordinator_id: Set(by),
        supported_on: Set(l.on),
        kind: Set(l.kind.into()),
        summary: Set("ダッシュボード用の支援".into()),
        outcome: Set(String::new()),
        follow_up_on: Set(None),
        follow_up_done_at: Set(None),
        follow_up_outcome: Set(String::new()),
        is_generated: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(None),
        updated_by: Set(None),
        archived_at: Set(l.archived.then_some(now)),
    })
    .exec(db.write())
    .await
    .unwrap();
}

async fn money(
    db: &Db,
    fund: Uuid,
    venture: Uuid,
    on: NaiveDate,
    yen: i64,
    instrument: &str,
    archived: bool,
) {
    let now = Utc::now();
    fund_supports::Entity::insert(fund_supports::ActiveModel {
        id: Set(Uuid::now_v7()),
        fund_id: Set(fund),
        venture_id: Set(venture),
        supported_on: Set(on),
        amount_yen: Set(yen),
        instrument: Set(instrument.into()),
        round: Set(String::new()),
        note: Set(String::new()),
        is_generated: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(None),
        updated_by: Set(None),
        archived_at: Set(archived.then_some(now)),
    })
    .exec(db.write())
    .await
    .unwrap();
}

/// The hand-counted fixture (see the expectations in the tests).
async fn seed(db: &Db) {
    let a = a_venture(db, "株式会社ダッシュ殿町", "tonomachi").await;
    let b = a_venture(db, "株式会社ダッシュKSP", "ksp").await;
    let gone = a_venture(db, "株式会社ダッシュ撤退", "tonomachi").await;
    ventures::Entity::update_many()
        .col_expr(ventures::Column::ArchivedAt, Expr::value(Utc::now()))
        .filter(ventures::Column::Id.eq(gone))
        .exec(db.write())
        .await
        .unwrap();
    let by = coordinator(db).await;
    let free = Some(group_id(db, "free_treatment").await);
    let transport = Some(group_id(db, "transport").await);
    let l = |venture, group, on, kind, archived| Log {
        venture,
        group,
        on,
        kind,
        archived,
    };
    for entry in [
        // FY2024 (31 March) and FY2025 (1 April).
        l(a, free, d(2025, 3, 31), "consultation", false),
        l(a, free, d(2025, 4, 1), "consultation", false),
        l(a, free, d(2025, 4, 1), "matching", false),
        // Outside any group.
        l(a, None, d(2025, 6, 10), "regulatory", false),
        // Another hub.
        l(b, free, d(2025, 5, 1), "consultation", false),
        // Left out: an archived record, an archived venture's record.
        l(a, free, d(2025, 5, 2), "consultation", true),
        l(gone, free, d(2025, 5, 3), "consultation", false),
        // FY2021: outside the years shown.
        l(a, transport, d(2021, 5, 1), "training", false),
    ] {
        log(db, by, entry).await;
    }
    let fund = funds::Entity::find()
        .filter(funds::Column::Code.eq("healthcare_fund"))
        .one(db.read())
        .await
        .unwrap()
        .expect("the seeded healthcare fund")
        .id;
    money(db, fund, a, d(2025, 3, 31), 10_000_000, "equity", false).await;
    money(db, fund, a, d(2025, 4, 1), 30_000_000, "grant", false).await;
    money(db, fund, b, d(2025, 4, 1), 0, "hands_on", false).await;
    money(db, fund, b, d(2025, 7, 1), 50_000_000, "loan", true).await;
}

fn view(hub: &str) -> DashboardQuery {
    DashboardQuery {
        hub: hub.into(),
        fy_from: Some(FiscalYear(2024)),
        fy_to: Some(FiscalYear(2025)),
        ..Default::default()
    }
}

fn group<'a>(o: &'a SupportOverview, code: &str) -> &'a app::api::dashboard_support::GroupSupport {
    o.groups
        .iter()
        .find(|g| g.code == code)
        .unwrap_or_else(|| panic!("no row {code:?}"))
}

fn kinds(o: &SupportOverview, code: &str) -> Vec<(SupportKind, Vec<u32>)> {
    group(o, code)
        .kinds
        .iter()
        .map(|k| (k.kind, k.counts.clone()))
        .collect()
}

async fn support_is_counted_by_group_kind_and_fiscal_year(db: &Db) {
    seed(db).await;
    let o = overview(db, &view(""), today()).await.unwrap();
    assert_eq!(o.years, vec![FiscalYear(2024), FiscalYear(2025)]);
    assert_eq!(
        kinds(&o, "free_treatment"),
        vec![
            (SupportKind::Consultation, vec![1, 2]),
            (SupportKind::Matching, vec![0, 1]),
        ]
    );
    assert_eq!(group(&o, "free_treatment").totals, vec![1, 3]);
    // Outside any group: its own row, last.
    assert_eq!(o.groups.last().unwrap().code, "");
    assert_eq!(kinds(&o, ""), vec![(SupportKind::Regulatory, vec![0, 1])]);
    // A group without support in the years still has its row, with zeros.
    assert_eq!(group(&o, "transport").totals, vec![0, 0]);
    assert!(group(&o, "transport").kinds.is_empty());
    assert_eq!(o.support_totals(), vec![1, 4]);

    // Only ventures now at 殿町: the KSP venture's consultation drops out.
    let t = overview(db, &view("tonomachi"), today()).await.unwrap();
    assert_eq!(t.hub, "tonomachi");
    assert_eq!(
        kinds(&t, "free_treatment"),
        vec![
            (SupportKind::Consultation, vec![1, 1]),
            (SupportKind::Matching, vec![0, 1]),
        ]
    );
    assert_eq!(t.support_totals(), vec![1, 3]);

    // Without a range: the five fiscal years up to today's (FY2022–FY2026).
    let all = overview(db, &DashboardQuery::default(), today())
        .await
        .unwrap();
    assert_eq!(
        all.years,
        FiscalYear(2022)
            .through(FiscalYear(2026))
            .collect::<Vec<_>>()
    );
    assert_eq!(all.support_totals(), vec![0, 0, 1, 4, 0]);
    // FY2021 shown when asked for.
    let old = overview(
        db,
        &DashboardQuery {
            fy_from: Some(FiscalYear(2021)),
            fy_to: Some(FiscalYear(2021)),
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap();
    assert_eq!(group(&old, "transport").totals, vec![1]);
}

async fn fund_support_is_counted_and_summed_by_hub_and_fiscal_year(db: &Db) {
    seed(db).await;
    // The hub filter does not apply: the chart is by hub.
    for hub in ["", "tonomachi"] {
        let o = overview(db, &view(hub), today()).await.unwrap();
        let h = |code: &str| {
            let h = o.hubs.iter().find(|h| h.code == code).unwrap();
            (h.counts.clone(), h.yen.clone())
        };
        assert_eq!(h("tonomachi"), (vec![1, 1], vec![10_000_000, 30_000_000]));
        // Hands-on only counts with 0 yen; the archived loan is left out.
        assert_eq!(h("ksp"), (vec![0, 1], vec![0, 0]));
        assert_eq!(h("shonan"), (vec![0, 0], vec![0, 0]));
        assert_eq!(o.fund_totals(), vec![(1, 10_000_000), (2, 30_000_000)]);
    }
}

/// Every number of the overview, with the list it links to.
fn links(o: &SupportOverview) -> Vec<(u32, SupportFilter)> {
    let mut out = Vec::new();
    for g in &o.groups {
        for (i, y) in o.years.iter().enumerate() {
            out.push((g.totals[i], o.support_filter(Some(g.wg()), None, Some(*y))));
            for k in &g.kinds {
                out.push((
                    k.counts[i],
                    o.support_filter(Some(g.wg()), Some(k.kind), Some(*y)),
                ));
            }
        }
        out.push((g.total(), o.support_filter(Some(g.wg()), None, None)));
        for k in &g.kinds {
            out.push((
                k.counts.iter().sum(),
                o.support_filter(Some(g.wg()), Some(k.kind), None),
            ));
        }
    }
    for (i, y) in o.years.iter().enumerate() {
        out.push((
            o.support_totals()[i],
            o.support_filter(None, None, Some(*y)),
        ));
    }
    out.push((
        o.support_totals().iter().sum(),
        o.support_filter(None, None, None),
    ));
    out
}

fn fund_links(o: &SupportOverview) -> Vec<((u32, i64), FundFilter)> {
    let mut out = Vec::new();
    for h in &o.hubs {
        for (i, y) in o.years.iter().enumerate() {
            out.push((
                (h.counts[i], h.yen[i]),
                o.fund_filter(Some(&h.code), Some(*y)),
            ));
        }
        out.push((
            (h.counts.iter().sum(), h.yen.iter().sum()),
            o.fund_filter(Some(&h.code), None),
        ));
    }
    for (i, y) in o.years.iter().enumerate() {
        out.push((o.fund_totals()[i], o.fund_filter(None, Some(*y))));
    }
    out
}

async fn every_number_equals_the_count_of_its_list(db: &Db) {
    seed(db).await;
    for hub in ["", "tonomachi"] {
        let o = overview(db, &view(hub), today()).await.unwrap();
        let numbers = links(&o);
        assert!(numbers.len() > 20, "{numbers:#?}");
        for (n, filter) in numbers {
            let list = support_records(db, &filter, today()).await.unwrap();
            assert_eq!(list.total, u64::from(n), "{}", filter.href());
            assert_eq!(list.rows.len() as u64, list.total, "{}", filter.href());
        }
        for ((n, yen), filter) in fund_links(&o) {
            let list = fund_records(db, &filter).await.unwrap();
            assert_eq!(list.total, u64::from(n), "{}", filter.href());
            assert_eq!(list.total_yen, yen, "{}", filter.href());
            assert_eq!(list.rows.len() as u64, list.total, "{}", filter.href());
        }
    }
    // An unknown group or fund is not found; an unknown hub matches nothing.
    let unknown = SupportFilter {
        wg: "no_such_group".into(),
        page: 1,
        ..Default::default()
    };
    assert!(matches!(
        support_records(db, &unknown, today()).await,
        Err(app::error::AppError::NotFound)
    ));
    let nowhere = SupportFilter {
        hub: "atlantis".into(),
        page: 1,
        ..Default::default()
    };
    assert_eq!(
        support_records(db, &nowhere, today()).await.unwrap().total,
        0
    );
    let fund = FundFilter {
        fund: "healthcare_fund".into(),
        page: 1,
        ..Default::default()
    };
    let list = fund_records(db, &fund).await.unwrap();
    assert_eq!((list.total, list.total_yen), (3, 40_000_000));
}

async fn the_lists_render_their_count_and_records_without_javascript(db: &Db) {
    seed(db).await;
    let (_, sid) = sign_in_as(db, Role::Viewer).await;
    let a = send(
        db,
        page(
            "/rink/support?wg=free_treatment&from=2025-04-01&to=2026-03-31",
            &sid,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("data-count=\"3\""), "{}", a.body);
    assert_eq!(a.body.matches("data-support=").count(), 3);
    assert!(a.body.contains("株式会社ダッシュKSP"));
    let a = send(
        db,
        page("/rink/support?wg=none&hub=tonomachi&kind=regulatory", &sid),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("data-count=\"1\""), "{}", a.body);
    assert!(a.body.contains("グループ外"));
    let a = send(
        db,
        page(
            "/funds/supports?hub=ksp&from=2025-04-01&to=2026-03-31",
            &sid,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("data-count=\"1\""), "{}", a.body);
    assert_eq!(a.body.matches("data-support=").count(), 1);
    let a = send(db, page("/rink/support?wg=no_such_group", &sid)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    // Nobody signed in: sent to sign in.
    let a = send(
        db,
        http::Request::builder()
            .uri("/funds/supports?hub=ksp")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
}

async fn the_overview_issues_as_many_statements_for_1000_ventures_as_for_10(db: &Db) {
    seeds::scale::generate(db, 10, 7)
        .await
        .expect("10 ventures");
    let (_, sid) = sign_in_as(db, Role::Viewer).await;
    let calls = [
        ("/api/dashboard/support", "query[hub]=&query[unit]=ventures"),
        (
            "/api/dashboard/support",
            "query[hub]=tonomachi&query[unit]=ventures&query[fy_from]=2015&query[fy_to]=2026",
        ),
        (
            "/api/dashboard/support_records",
            "filter[wg]=&filter[hub]=&filter[page]=1",
        ),
        (
            "/api/dashboard/fund_records",
            "filter[hub]=&filter[fund]=&filter[page]=1",
        ),
    ];
    let mut small = Vec::new();
    for (path, body) in calls {
        small.push(statements(db, call(path, body, Some(&sid))).await.0);
    }
    seeds::scale::generate(db, 990, 8)
        .await
        .expect("990 more ventures");
    let o = overview(db, &view(""), today()).await.unwrap();
    assert!(
        o.fund_totals().iter().any(|(n, _)| *n > 0),
        "the generated ventures have fund support"
    );
    for ((path, body), small) in calls.iter().zip(small) {
        let large = statements(db, call(path, body, Some(&sid))).await.0;
        assert!(large.len() <= 12, "{path} {body}: {large:#?}");
        assert_eq!(
            small.len(),
            large.len(),
            "{path} {body}: {} statements with 10 ventures, {} with 1,000.\n10: {small:#?}\n1,000: {large:#?}",
            small.len(),
            large.len()
        );
    }
}

db_tests!(
    support_is_counted_by_group_kind_and_fiscal_year,
    fund_support_is_counted_and_summed_by_hub_and_fiscal_year,
    every_number_equals_the_count_of_its_list,
    the_lists_render_their_count_and_records_without_javascript,
    the_overview_issues_as_many_statements_for_1000_ventures_as_for_10,
);
