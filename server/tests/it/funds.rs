//! Funds and fund support: who may write (staff and admins record support, admins add funds),
//! every bad input refused naming its field with nothing written, links only to the venture's
//! own support logs (stored with the support, named by the audit event), totals by fiscal year
//! split on 1 April, stale forms refused with what changed, the pages and the CSV exports.

use app::domain::account::Role;
use app::domain::fiscal::FiscalYear;
use app::domain::fund_support::{validate_fund_support, FundSupportForm};
use app::error::AppError;
use app::ssr::db::Db;
use app::ssr::funds;
use app::ssr::records::By;
use chrono::Utc;
use entity::{audit_events, fund_support_links, fund_supports, funds as fund_rows, support_logs};
use http::StatusCode;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::common::fixtures::*;
use crate::common::{call, form_value, send, sign_in_as, Answer};

const BOM: &str = "\u{feff}";

fn today() -> chrono::NaiveDate {
    d(2026, 11, 25)
}

fn by(actor: Uuid) -> By {
    By {
        actor,
        now: Utc::now(),
        today: today(),
    }
}

async fn fund_id(db: &Db, code: &str) -> Uuid {
    fund_rows::Entity::find()
        .filter(fund_rows::Column::Code.eq(code))
        .one(db.read())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("fund {code}"))
        .id
}

async fn new_venture(db: &Db, name: &str) -> Uuid {
    venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "",
            kana: "シキン",
            hub: "ksp",
            located_on: None,
        },
    )
    .await
}

async fn staff(db: &Db) -> Uuid {
    let email = format!("staff-{}@pref.kanagawa.jp", Uuid::now_v7().simple());
    crate::common::account(db, &email, "資金 担当", Role::Staff)
        .await
        .id
}

/// A support log of `venture` (written directly: the support-log forms are another module's).
async fn support_log(db: &Db, venture: Uuid, on: chrono::NaiveDate, kind: &str) -> Uuid {
    let email = format!("coord-{}@rink.example.jp", Uuid::now_v7().simple());
    let coordinator = crate::common::account(db, &email, "RINK 担当", Role::Coordinator)
        .await
        .id;
    let id = Uuid::now_v7();
    let now = Utc::now();
    support_logs::Entity::insert(support_logs::ActiveModel {
        id: Set(id),
        venture_id: Set(venture),
        working_group_id: Set(None),
        coordinator_id: Set(coordinator),
        supported_on: Set(on),
        kind: Set(kind.into()),
        summary: Set("ファンドとの面談を設定".into()),
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
        archived_at: Set(None),
    })
    .exec(db.write())
    .await
    .unwrap();
    id
}

fn form(fund: Uuid, venture: Uuid, on: &str, amount: &str, instrument: &str) -> FundSupportForm {
    FundSupportForm {
        fund_id: fund.to_string(),
        venture_id: venture.to_string(),
        supported_on: on.into(),
        amount: amount.into(),
        instrument: instrument.into(),
        round: "シリーズA".into(),
        note: String::new(),
        support_logs: vec![],
    }
}

async fn add(db: &Db, actor: Uuid, f: &FundSupportForm) -> Result<Uuid, AppError> {
    let v = validate_fund_support(f, today()).map_err(AppError::from)?;
    funds::add_support(db, by(actor), v).await
}

/// The body of `funds/add_support` or `funds/update_support` for `f`.
fn body(f: &FundSupportForm) -> String {
    let mut s = format!(
        "form[fund_id]={}&form[venture_id]={}&form[supported_on]={}&form[amount]={}\
         &form[instrument]={}&form[round]={}&form[note]={}",
        f.fund_id,
        f.venture_id,
        form_value(&f.supported_on),
        form_value(&f.amount),
        f.instrument,
        form_value(&f.round),
        form_value(&f.note)
    );
    // As the check boxes send them: only the checked ones, each with its position.
    for (n, id) in f.support_logs.iter().enumerate() {
        s.push_str(&format!("&form[support_logs][{}]={id}", n * 2 + 1));
    }
    s
}

/// Rows that a refused write must leave as they were.
async fn counts(db: &Db) -> (u64, u64, u64, u64) {
    (
        fund_supports::Entity::find()
            .count(db.read())
            .await
            .unwrap(),
        fund_support_links::Entity::find()
            .count(db.read())
            .await
            .unwrap(),
        fund_rows::Entity::find().count(db.read()).await.unwrap(),
        audit_events::Entity::find().count(db.read()).await.unwrap(),
    )
}

async fn audit_of(db: &Db, entity: &str, id: Uuid) -> Vec<audit_events::Model> {
    audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq(entity))
        .filter(audit_events::Column::EntityId.eq(id.to_string()))
        .order_by_asc(audit_events::Column::OccurredAt)
        .order_by_asc(audit_events::Column::Id)
        .all(db.read())
        .await
        .unwrap()
}

/// The `(field, code)` pairs of a 400 answer.
fn refusals(a: &Answer) -> Vec<(String, String)> {
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    match serde_json::from_str::<AppError>(&a.body).unwrap() {
        AppError::Validation { errors } => errors.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn get(db: &Db, uri: &str, cookie: Option<&str>) -> Answer {
    let mut req = http::Request::builder().uri(uri);
    if let Some(c) = cookie {
        req = req.header(http::header::COOKIE, c);
    }
    send(db, req.body(axum::body::Body::empty()).unwrap()).await
}

async fn only_staff_and_admins_record_fund_support(db: &Db) {
    let v = new_venture(db, "株式会社セルファンド").await;
    let hc = fund_id(db, "healthcare_fund").await;
    let f = form(hc, v, "2025-06-01", "5000万", "equity");
    let existing = add(db, staff(db).await, &f).await.unwrap();
    for role in [Role::Coordinator, Role::Viewer] {
        let (_, sid) = sign_in_as(db, role).await;
        let before = counts(db).await;
        let a = send(db, call("/api/funds/add_support", &body(&f), Some(&sid))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role:?}: {}", a.body);
        let edit = format!(
            "id={existing}&version=1&{}",
            body(&f).replace("5000", "6000")
        );
        let a = send(db, call("/api/funds/update_support", &edit, Some(&sid))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role:?}: {}", a.body);
        let a = send(
            db,
            call(
                "/api/funds/archive_support",
                &format!("id={existing}&version=1"),
                Some(&sid),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role:?}: {}", a.body);
        assert_eq!(counts(db).await, before, "{role:?} wrote nothing");
    }
    let nobody = send(db, call("/api/funds/add_support", &body(&f), None)).await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);

    // Staff record: one row, one audit event, amounts as typed.
    let (_, sid) = sign_in_as(db, Role::Staff).await;
    let before = counts(db).await;
    let mut typed = f.clone();
    typed.amount = "５，０００万円".into();
    let a = send(
        db,
        call("/api/funds/add_support", &body(&typed), Some(&sid)),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let id: Uuid = serde_json::from_str(&a.body).unwrap();
    let after = counts(db).await;
    assert_eq!((after.0, after.3), (before.0 + 1, before.3 + 1));
    let row = fund_supports::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.amount_yen, row.instrument.as_str(), row.round.as_str()),
        (50_000_000, "equity", "シリーズA")
    );
    // And so do admins.
    let (_, admin) = sign_in_as(db, Role::Admin).await;
    let a = send(db, call("/api/funds/add_support", &body(&f), Some(&admin))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

async fn bad_input_is_refused_naming_the_field_and_nothing_is_written(db: &Db) {
    let v = new_venture(db, "株式会社バリデート").await;
    let other = new_venture(db, "株式会社ベツ").await;
    let hc = fund_id(db, "healthcare_fund").await;
    let own_log = support_log(db, v, d(2025, 5, 1), "matching").await;
    let others_log = support_log(db, other, d(2025, 5, 1), "consultation").await;
    let (_, sid) = sign_in_as(db, Role::Staff).await;
    let ok = form(hc, v, "2025-06-01", "5000万", "equity");
    let with = |amount: &str, instrument: &str, on: &str, logs: Vec<Uuid>| FundSupportForm {
        amount: amount.into(),
        instrument: instrument.into(),
        supported_on: on.into(),
        support_logs: logs.iter().map(Uuid::to_string).collect(),
        ..ok.clone()
    };
    let cases = [
        (
            with("-5000万", "equity", "2025-06-01", vec![]),
            ("amount", "money.negative"),
        ),
        (
            with("▲100", "loan", "2025-06-01", vec![]),
            ("amount", "money.negative"),
        ),
        (
            with("1.5", "grant", "2025-06-01", vec![]),
            ("amount", "money.fraction"),
        ),
        (
            with("1234.56789万", "grant", "2025-06-01", vec![]),
            ("amount", "money.fraction"),
        ),
        (
            with("2兆", "equity", "2025-06-01", vec![]),
            ("amount", "money.too_large"),
        ),
        (
            with("1,000,000,000,001", "equity", "2025-06-01", vec![]),
            ("amount", "money.too_large"),
        ),
        (
            with("0", "equity", "2025-06-01", vec![]),
            ("amount", "fund_support.amount_zero"),
        ),
        (
            with("100万", "hands_on", "2025-06-01", vec![]),
            ("amount", "fund_support.hands_on_amount"),
        ),
        (
            with("5000万", "equity", "2026-11-26", vec![]),
            ("supported_on", "fund_support.in_future"),
        ),
        (
            with("5000万", "equity", "2025-06-01", vec![own_log, others_log]),
            ("support_logs", "fund_support.log_other_venture"),
        ),
        (
            with("5000万", "equity", "2025-06-01", vec![Uuid::now_v7()]),
            ("support_logs", "fund_support.log_unavailable"),
        ),
        (
            with("5000万", "stock", "2025-06-01", vec![]),
            ("instrument", "instrument.unknown"),
        ),
    ];
    for (f, (field, code)) in cases {
        let before = counts(db).await;
        let a = send(db, call("/api/funds/add_support", &body(&f), Some(&sid))).await;
        assert_eq!(
            refusals(&a),
            vec![(field.to_string(), code.to_string())],
            "{f:?}"
        );
        assert_eq!(counts(db).await, before, "nothing written for {f:?}");
    }
    // A fund that does not exist, an archived support log.
    let mut f = ok.clone();
    f.fund_id = Uuid::now_v7().to_string();
    let a = send(db, call("/api/funds/add_support", &body(&f), Some(&sid))).await;
    assert_eq!(
        refusals(&a),
        vec![("fund_id".into(), "fund_support.fund_unavailable".into())]
    );
    support_logs::Entity::update_many()
        .col_expr(
            support_logs::Column::ArchivedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(support_logs::Column::Id.eq(own_log))
        .exec(db.write())
        .await
        .unwrap();
    let before = counts(db).await;
    let a = send(
        db,
        call(
            "/api/funds/add_support",
            &body(&with("5000万", "equity", "2025-06-01", vec![own_log])),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(
        refusals(&a),
        vec![("support_logs".into(), "fund_support.log_unavailable".into())]
    );
    assert_eq!(counts(db).await, before);
    // Every bad field at once.
    let a = send(
        db,
        call(
            "/api/funds/add_support",
            &body(&with("-1", "equity", "2030-01-01", vec![])),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(
        refusals(&a),
        vec![
            ("supported_on".into(), "fund_support.in_future".into()),
            ("amount".into(), "money.negative".into())
        ]
    );
    // Hands-on only with the amount left empty is 0.
    let a = send(
        db,
        call(
            "/api/funds/add_support",
            &body(&with("", "hands_on", "2025-06-01", vec![])),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let id: Uuid = serde_json::from_str(&a.body).unwrap();
    let row = fund_supports::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.amount_yen, row.instrument.as_str()), (0, "hands_on"));
}

async fn links_are_stored_with_the_support_and_named_by_its_audit_event(db: &Db) {
    let v = new_venture(db, "株式会社リンク").await;
    let hc = fund_id(db, "healthcare_fund").await;
    let ksp = fund_id(db, "ksp_fund").await;
    let a_log = support_log(db, v, d(2025, 5, 1), "matching").await;
    let b_log = support_log(db, v, d(2025, 7, 1), "consultation").await;
    let (_, sid) = sign_in_as(db, Role::Staff).await;
    let mut f = form(hc, v, "2025-06-01", "1億5000万円", "equity");
    f.support_logs = vec![b_log.to_string(), a_log.to_string()];
    let a = send(db, call("/api/funds/add_support", &body(&f), Some(&sid))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let id: Uuid = serde_json::from_str(&a.body).unwrap();
    let mut sorted = [a_log, b_log];
    sorted.sort();
    let links: Vec<Uuid> = fund_support_links::Entity::find()
        .filter(fund_support_links::Column::FundSupportId.eq(id))
        .all(db.read())
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.support_log_id)
        .collect();
    assert_eq!(links.len(), 2);
    assert!(links.contains(&a_log) && links.contains(&b_log));
    let audit = audit_of(db, "fund_support", id).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "create");
    let names = serde_json::json!([null, sorted.iter().map(Uuid::to_string).collect::<Vec<_>>()]);
    assert_eq!(audit[0].changes["support_logs"], names);
    assert_eq!(
        audit[0].changes["amount_yen"],
        serde_json::json!([null, 150_000_000])
    );
    assert_eq!(
        audit[0].changes["fund"],
        serde_json::json!([null, "healthcare_fund"])
    );

    // The fund's page shows the venture's name and the linked logs' dates and kinds.
    let page = funds::page(db, "healthcare_fund", today()).await.unwrap();
    let s = page.supports.iter().find(|s| s.id == id).unwrap();
    assert_eq!(s.venture_name_ja, "株式会社リンク");
    let kinds: Vec<(chrono::NaiveDate, &str)> = s
        .links
        .iter()
        .map(|l| (l.supported_on, l.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![(d(2025, 5, 1), "matching"), (d(2025, 7, 1), "consultation")]
    );
    // The venture's section offers its logs to link.
    let section = funds::venture(db, v, today()).await.unwrap();
    assert_eq!(section.logs.len(), 2);
    assert_eq!(section.supports[0].links.len(), 2);

    // Edited: another fund, one link less; the links follow, one audit event names both sets.
    let mut edit = f.clone();
    edit.fund_id = ksp.to_string();
    edit.support_logs = vec![a_log.to_string()];
    let a = send(
        db,
        call(
            "/api/funds/update_support",
            &format!("id={id}&version=1&{}", body(&edit)),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body, "2");
    let links = fund_support_links::Entity::find()
        .filter(fund_support_links::Column::FundSupportId.eq(id))
        .all(db.read())
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].support_log_id, a_log);
    let audit = audit_of(db, "fund_support", id).await;
    assert_eq!(audit.len(), 2);
    assert_eq!(
        audit[1].changes,
        serde_json::json!({
            "fund": ["healthcare_fund", "ksp_fund"],
            "support_logs": [
                sorted.iter().map(Uuid::to_string).collect::<Vec<_>>(),
                [a_log.to_string()]
            ],
            "version": [1, 2]
        })
    );
    // Saving the same again writes nothing.
    let before = counts(db).await;
    let a = send(
        db,
        call(
            "/api/funds/update_support",
            &format!("id={id}&version=2&{}", body(&edit)),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "2"));
    assert_eq!(counts(db).await, before);
}

async fn fiscal_year_totals_split_on_the_first_of_april(db: &Db) {
    let v = new_venture(db, "株式会社ネンド").await;
    let w = new_venture(db, "株式会社ベツネンド").await;
    let hc = fund_id(db, "healthcare_fund").await;
    let ksp = fund_id(db, "ksp_fund").await;
    let actor = staff(db).await;
    add(db, actor, &form(hc, v, "2025-03-31", "3億円", "equity"))
        .await
        .unwrap();
    add(
        db,
        actor,
        &form(hc, v, "2025-04-01", "5000万", "convertible"),
    )
    .await
    .unwrap();
    add(db, actor, &form(hc, w, "2026-03-31", "1,000万", "loan"))
        .await
        .unwrap();
    add(db, actor, &form(ksp, v, "2023-10-01", "3億", "equity"))
        .await
        .unwrap();
    let archived = add(db, actor, &form(hc, v, "2025-05-01", "9億", "equity"))
        .await
        .unwrap();
    funds::archive_support(db, by(actor), archived, 1)
        .await
        .unwrap();

    let years = |s: &app::domain::fy_summary::FySummary| -> Vec<(i32, u32, i64)> {
        s.years
            .iter()
            .map(|y| (y.fiscal_year.0, y.count, y.total_yen))
            .collect()
    };
    // The fund: 31 March 2025 in FY2024, 1 April 2025 and 31 March 2026 in FY2025; the archived
    // record is left out.
    let page = funds::page(db, "healthcare_fund", today()).await.unwrap();
    assert_eq!(
        years(&page.summary),
        vec![(2024, 1, 300_000_000), (2025, 2, 60_000_000)]
    );
    assert_eq!(
        (page.summary.count, page.summary.total_yen),
        (3, 360_000_000)
    );
    assert_eq!(page.supports.len(), 3);
    assert_eq!(
        page.supports[0].supported_on,
        d(2026, 3, 31),
        "newest first"
    );
    // The venture: both funds.
    let section = funds::venture(db, v, today()).await.unwrap();
    assert_eq!(
        years(&section.summary),
        vec![
            (2023, 1, 300_000_000),
            (2024, 1, 300_000_000),
            (2025, 1, 50_000_000)
        ]
    );
    // The list: each fund's line and the fiscal years of the table.
    let list = funds::list(db).await.unwrap();
    let line = |code: &str| list.funds.iter().find(|r| r.fund.code == code).unwrap();
    assert_eq!(line("healthcare_fund").summary, page.summary);
    assert_eq!(
        years(&line("ksp_fund").summary),
        vec![(2023, 1, 300_000_000)]
    );
    assert_eq!(
        list.years,
        vec![FiscalYear(2023), FiscalYear(2024), FiscalYear(2025)]
    );
    assert_eq!(list.all.total_yen, 660_000_000);
    assert_eq!(
        list.funds[0].fund.code, "healthcare_fund",
        "prefectural first"
    );

    // The pages show it in words: 年度 labels, amounts in Japanese.
    let (_, sid) = sign_in_as(db, Role::Viewer).await;
    let a = get(db, "/funds/healthcare_fund", Some(&sid)).await;
    assert_eq!(a.status, StatusCode::OK);
    for text in [
        "2024年度（令和6年度）",
        "2025年度（令和7年度）",
        "3億円",
        "6,000万円",
        "合計 3件・3億6,000万円",
        "株式会社ネンド",
    ] {
        assert!(a.body.contains(text), "{text} on the fund page");
    }
    assert!(!a.body.contains("9億円"), "the archived record is left out");
    let a = get(db, &format!("/ventures/{v}"), Some(&sid)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("data-testid=\"venture-funds\""));
    assert!(a.body.contains("2023年度（令和5年度）"));
    assert!(a.body.contains("合計 3件・6億5,000万円"), "venture total");
    assert!(
        !a.body.contains("data-testid=\"record-fund-support\""),
        "no record form for a viewer"
    );
    let a = get(db, "/funds", Some(&sid)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("data-testid=\"fund-year-table\""));
    assert!(a.body.contains("6億6,000万円"));
    assert!(
        !a.body.contains("data-testid=\"add-fund\""),
        "viewers add no fund"
    );
    let a = get(db, "/funds/no_such_fund", Some(&sid)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    // Staff see the record forms.
    let (_, staff_sid) = sign_in_as(db, Role::Staff).await;
    let a = get(db, &format!("/ventures/{v}"), Some(&staff_sid)).await;
    assert!(a.body.contains("data-testid=\"record-fund-support\""));
    let a = get(db, "/funds/ksp_fund", Some(&staff_sid)).await;
    assert!(a.body.contains("data-testid=\"record-fund-support\""));
    assert!(a.body.contains("株式会社ベツネンド"), "the venture select");
}

async fn a_stale_form_is_refused_with_what_changed(db: &Db) {
    let v = new_venture(db, "株式会社ステイル").await;
    let hc = fund_id(db, "healthcare_fund").await;
    let actor = staff(db).await;
    let id = add(db, actor, &form(hc, v, "2025-06-01", "5000万", "equity"))
        .await
        .unwrap();
    let (_, sid) = sign_in_as(db, Role::Staff).await;
    let first = form(hc, v, "2025-06-01", "7000万", "equity");
    let a = send(
        db,
        call(
            "/api/funds/update_support",
            &format!("id={id}&version=1&{}", body(&first)),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // Someone else's form still shows version 1.
    let before = counts(db).await;
    let second = form(hc, v, "2025-06-02", "5000万", "equity");
    let a = send(
        db,
        call(
            "/api/funds/update_support",
            &format!("id={id}&version=1&{}", body(&second)),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    match serde_json::from_str::<AppError>(&a.body).unwrap() {
        AppError::Stale { changes } => {
            let c = changes.iter().find(|c| c.field == "amount_yen").unwrap();
            assert_eq!(
                (c.before.as_str(), c.after.as_str()),
                ("50000000", "70000000")
            );
        }
        other => panic!("expected stale, got {other:?}"),
    }
    assert_eq!(counts(db).await, before);
    let a = send(
        db,
        call(
            "/api/funds/archive_support",
            &format!("id={id}&version=1"),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    // Over the current version it is archived, and then read-only.
    let a = send(
        db,
        call(
            "/api/funds/archive_support",
            &format!("id={id}&version=2"),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "3"));
    let a = send(
        db,
        call(
            "/api/funds/update_support",
            &format!("id={id}&version=3&{}", body(&second)),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(
        refusals(&a),
        vec![("_record".into(), "records.archived".into())]
    );
    assert_eq!(audit_of(db, "fund_support", id).await.len(), 3);
}

async fn admins_add_and_edit_funds(db: &Db) {
    let fund = "form[code]=Bio-VC&form[kind]=private&form[name_ja]=%E3%83%90%E3%82%A4%E3%82%AAVC&form[name_en]=Bio+VC&form[manager]=";
    for role in [Role::Staff, Role::Coordinator, Role::Viewer] {
        let (_, sid) = sign_in_as(db, role).await;
        let before = counts(db).await;
        let a = send(db, call("/api/funds/add_fund", fund, Some(&sid))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role:?}");
        assert_eq!(counts(db).await, before);
    }
    let (_, admin) = sign_in_as(db, Role::Admin).await;
    let a = send(db, call("/api/funds/add_fund", fund, Some(&admin))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let id: Uuid = serde_json::from_str(&a.body).unwrap();
    let row = fund_rows::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.code.as_str(), row.kind.as_str()),
        ("bio_vc", "private")
    );
    assert_eq!(audit_of(db, "fund", id).await.len(), 1);
    // The same code again is a conflict; a bad form names every field.
    let before = counts(db).await;
    let a = send(db, call("/api/funds/add_fund", fund, Some(&admin))).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    let a = send(
        db,
        call(
            "/api/funds/add_fund",
            "form[code]=1&form[kind]=angel",
            Some(&admin),
        ),
    )
    .await;
    assert_eq!(
        refusals(&a),
        vec![
            ("code".into(), "fund.code_format".into()),
            ("kind".into(), "fund_kind.unknown".into()),
            ("name_ja".into(), "text.required".into())
        ]
    );
    assert_eq!(counts(db).await, before);
    // Edited over its version; a stale edit is refused.
    let edit = format!(
        "id={id}&version=1&form[code]=bio_vc&form[kind]=private&form[name_ja]=%E3%83%90%E3%82%A4%E3%82%AAVC1%E5%8F%B7&form[manager]=GP"
    );
    let a = send(db, call("/api/funds/update_fund", &edit, Some(&admin))).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "2"));
    let a = send(db, call("/api/funds/update_fund", &edit, Some(&admin))).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    assert!(a.body.contains("Stale"), "{}", a.body);
    // Taking another fund's code is refused.
    let taken = edit
        .replace("version=1", "version=2")
        .replace("code]=bio_vc", "code]=ksp_fund");
    let a = send(db, call("/api/funds/update_fund", &taken, Some(&admin))).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    assert!(a.body.contains("fund.duplicate_code"), "{}", a.body);
    // The new fund is on the list and has its page.
    let a = get(db, "/funds/bio_vc", Some(&admin)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("バイオVC1号"));
    let a = get(db, "/funds", Some(&admin)).await;
    assert!(a.body.contains("data-testid=\"add-fund\""));
}

async fn csv_exports_have_the_bom_and_the_rows(db: &Db) {
    let v = new_venture(db, "株式会社シーエスブイ").await;
    let hc = fund_id(db, "healthcare_fund").await;
    let ksp = fund_id(db, "ksp_fund").await;
    let actor = staff(db).await;
    let log = support_log(db, v, d(2025, 3, 1), "matching").await;
    let mut f = form(hc, v, "2025-03-31", "3億円", "equity");
    f.note = "リード, 取締役派遣".into();
    f.support_logs = vec![log.to_string()];
    let a = add(db, actor, &f).await.unwrap();
    add(db, actor, &form(hc, v, "2025-04-01", "5000万", "equity"))
        .await
        .unwrap();
    add(db, actor, &form(ksp, v, "2025-04-02", "1000万", "loan"))
        .await
        .unwrap();

    let nobody = get(db, "/funds/export/fund_supports.csv", None).await;
    assert_eq!(nobody.status, StatusCode::SEE_OTHER);
    let (_, sid) = sign_in_as(db, Role::Viewer).await;
    let all = get(db, "/funds/export/fund_supports.csv", Some(&sid)).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(
        all.headers[http::header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert!(all.body.starts_with(&format!(
        "{BOM}support_id,supported_on,fiscal_year,fund_code,fund_name_ja,venture_id,venture_name_ja,amount_yen,instrument,round,note,support_log_ids\r\n"
    )));
    assert_eq!(all.body.matches("\r\n").count(), 4, "{}", all.body);
    assert!(all.body.contains(&format!(
        "{a},2025-03-31,2024,healthcare_fund,かながわヘルスケア・ニューフロンティアファンド,{v},株式会社シーエスブイ,300000000,equity,シリーズA,\"リード, 取締役派遣\",{log}\r\n"
    )), "{}", all.body);

    let one = get(
        db,
        "/funds/export/fund_supports.csv?fund=ksp_fund",
        Some(&sid),
    )
    .await;
    assert_eq!(one.body.matches("\r\n").count(), 2);
    assert!(one.body.contains("10000000,loan"));
    assert_eq!(
        one.headers[http::header::CONTENT_DISPOSITION],
        "attachment; filename=\"fund_supports-ksp_fund-2026-11-25.csv\""
    );
    let theirs = get(
        db,
        &format!("/funds/export/fund_supports.csv?venture={v}"),
        Some(&sid),
    )
    .await;
    assert_eq!(theirs.body.matches("\r\n").count(), 4);

    let summary = get(db, "/funds/export/summary.csv", Some(&sid)).await;
    assert_eq!(summary.status, StatusCode::OK);
    assert_eq!(
        summary.body,
        format!(
            "{BOM}fund_code,fund_name_ja,fiscal_year,count,total_yen\r\n\
             healthcare_fund,かながわヘルスケア・ニューフロンティアファンド,2024,1,300000000\r\n\
             healthcare_fund,かながわヘルスケア・ニューフロンティアファンド,2025,1,50000000\r\n\
             ksp_fund,KSPファンド（インキュベーション・キャピタル）,2025,1,10000000\r\n"
        )
    );
    let unknown = get(db, "/funds/export/other.csv", Some(&sid)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let no_fund = get(db, "/funds/export/summary.csv?fund=nope", Some(&sid)).await;
    assert_eq!(no_fund.status, StatusCode::NOT_FOUND);
    // The pages link them.
    let page = get(db, "/funds/healthcare_fund", Some(&sid)).await;
    assert!(page
        .body
        .contains("href=\"/funds/export/fund_supports.csv?fund=healthcare_fund\""));
}

db_tests!(
    only_staff_and_admins_record_fund_support,
    bad_input_is_refused_naming_the_field_and_nothing_is_written,
    links_are_stored_with_the_support_and_named_by_its_audit_event,
    fiscal_year_totals_split_on_the_first_of_april,
    a_stale_form_is_refused_with_what_changed,
    admins_add_and_edit_funds,
    csv_exports_have_the_bom_and_the_rows,
);
