//! Trial notifications and approvals: normalised input, duplicates and future dates refused, a
//! conditional approval's term, extensions, reapplication and outcome (HeartSheet, Collategene,
//! Delytact), stale forms told what changed, roles enforced, one audit event per write, and
//! the venture page's notice of conditional approvals nearing their expiry.

use app::domain::account::Role;
use app::domain::records::{
    validate_approval, validate_notification, ApprovalForm, NotificationForm,
};
use app::error::AppError;
use app::ssr::records::{self, By, ExtensionInput, LifeInput};
use app::ssr::{db::Db, ventures};
use chrono::Utc;
use entity::{approval_extensions, approvals, audit_events, trial_notifications};
use http::{header, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::common::fixtures::*;
use crate::common::{call, form_value, send, sign_in_as};

/// The day `common::test_router`'s clock is fixed on.
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

struct Setup {
    staff: Uuid,
    venture: Uuid,
    program: Uuid,
}

async fn setup(db: &Db, name: &str) -> Setup {
    let email = format!("staff-{}@pref.kanagawa.jp", Uuid::now_v7().simple());
    let staff = crate::common::account(db, &email, "鈴木", Role::Staff)
        .await
        .id;
    let venture = venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "",
            kana: "テスト",
            hub: "tonomachi",
            located_on: None,
        },
    )
    .await;
    let program = program(db, venture, "心筋シート", "pmd_act").await;
    Setup {
        staff,
        venture,
        program,
    }
}

fn notification(registry_id: &str) -> NotificationForm {
    NotificationForm {
        notified_on: "2020/10/1".into(),
        sponsor: "company".into(),
        registry_id: registry_id.into(),
        phase: "phase1_2".into(),
        title: "重症心不全に対する心筋シート".into(),
        note: String::new(),
    }
}

async fn add_notification(db: &Db, s: &Setup, f: &NotificationForm) -> Result<Uuid, AppError> {
    let v = validate_notification(f, today()).map_err(AppError::from)?;
    records::add_notification(db, by(s.staff), s.program, v).await
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

/// Rows of the records' tables and the audit trail (what a refused write must leave as it was).
async fn counts(db: &Db) -> (u64, u64, u64, u64) {
    (
        trial_notifications::Entity::find()
            .count(db.read())
            .await
            .unwrap(),
        approvals::Entity::find().count(db.read()).await.unwrap(),
        approval_extensions::Entity::find()
            .count(db.read())
            .await
            .unwrap(),
        audit_events::Entity::find().count(db.read()).await.unwrap(),
    )
}

fn codes(e: &AppError) -> Vec<String> {
    match e {
        AppError::Validation { errors } => errors.iter().map(|e| e.code.clone()).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn notifications_are_created_edited_and_archived_with_audit(db: &Db) {
    let s = setup(db, "株式会社ハート").await;
    let id = add_notification(db, &s, &notification("ｊＲＣＴ２０３３２０００００"))
        .await
        .unwrap();
    let row = trial_notifications::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.registry_id, "jRCT2033200000");
    assert_eq!((row.notified_on, row.version), (d(2020, 10, 1), 1));
    assert_eq!(row.venture_id, s.venture, "denormalised for the KPI");
    let audit = audit_of(db, "trial_notification", id).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "create");
    assert_eq!(
        audit[0].changes["registry_id"],
        serde_json::json!([null, "jRCT2033200000"])
    );

    // Edited over version 1: one audit event with the changed fields and the version.
    let mut edit = notification("jRCT2033200000");
    edit.sponsor = "investigator".into();
    edit.phase = "phase2".into();
    let v = validate_notification(&edit, today()).unwrap();
    assert_eq!(
        records::update_notification(db, by(s.staff), id, 1, v.clone())
            .await
            .unwrap(),
        2
    );
    let audit = audit_of(db, "trial_notification", id).await;
    assert_eq!(audit.len(), 2);
    assert_eq!(
        audit[1].changes,
        serde_json::json!({
            "sponsor": ["company", "investigator"],
            "phase": ["phase1_2", "phase2"],
            "version": [1, 2]
        })
    );
    // Saving the same again changes nothing and writes nothing.
    assert_eq!(
        records::update_notification(db, by(s.staff), id, 2, v)
            .await
            .unwrap(),
        2
    );
    assert_eq!(audit_of(db, "trial_notification", id).await.len(), 2);

    // The venture page shows it with its details and link.
    let page = ventures::detail(db, s.venture, today()).await.unwrap();
    let n = &page.programs[0].notifications[0];
    assert_eq!(
        (n.sponsor.as_str(), n.phase.as_str(), n.version),
        ("investigator", "phase2", 2)
    );
    assert_eq!(
        n.registry_url.as_deref(),
        Some("https://jrct.mhlw.go.jp/latest-detail/jRCT2033200000")
    );

    // Archived, never deleted: it leaves the page, the row and the History stay.
    assert_eq!(
        records::archive_notification(db, by(s.staff), id, 2)
            .await
            .unwrap(),
        3
    );
    let row = trial_notifications::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert!(row.archived_at.is_some());
    let audit = audit_of(db, "trial_notification", id).await;
    assert_eq!((audit.len(), audit[2].action.as_str()), (3, "archive"));
    let page = ventures::detail(db, s.venture, today()).await.unwrap();
    assert!(page.programs[0].notifications.is_empty());
    // An archived record is read-only.
    let v = validate_notification(&notification("NCT01234567"), today()).unwrap();
    let err = records::update_notification(db, by(s.staff), id, 3, v)
        .await
        .unwrap_err();
    assert_eq!(codes(&err), vec!["records.archived"]);
}

async fn registry_ids_are_checked_and_duplicates_refused(db: &Db) {
    let s = setup(db, "株式会社レジストリ").await;
    for (typed, stored) in [
        ("jRCT2033200000", "jRCT2033200000"),
        ("ｎｃｔ０１２３４５６７", "NCT01234567"),
        (" jrcts031180001 ", "jRCTs031180001"),
    ] {
        let id = add_notification(db, &s, &notification(typed))
            .await
            .unwrap();
        let row = trial_notifications::Entity::find_by_id(id)
            .one(db.read())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.registry_id, stored, "{typed}");
    }
    for (bad, code) in [
        ("jRCT203320000", "registry_id.bad_format"),
        ("NCT0123456", "registry_id.bad_format"),
        ("ISRCTN12345678", "registry_id.unknown_format"),
    ] {
        let err = add_notification(db, &s, &notification(bad))
            .await
            .unwrap_err();
        assert_eq!(codes(&err), vec![code], "{bad}");
    }
    // The same trial twice on one program is refused, pointing at the first.
    let before = counts(db).await;
    let err = add_notification(db, &s, &notification("NCT01234567"))
        .await
        .unwrap_err();
    let AppError::Conflict { code, detail } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(code, "trial_notification.duplicate_registry_id");
    assert!(detail.ends_with("|2020-10-01"), "{detail}");
    assert_eq!(counts(db).await, before, "nothing written");
    // …also when an edit would make one.
    let other = add_notification(db, &s, &notification("")).await.unwrap();
    let v = validate_notification(&notification("nct01234567"), today()).unwrap();
    assert!(matches!(
        records::update_notification(db, by(s.staff), other, 1, v).await,
        Err(AppError::Conflict { .. })
    ));
    // Blank ids are not duplicates of each other; another program may have the same trial.
    add_notification(db, &s, &notification("")).await.unwrap();
    let second = program(db, s.venture, "第二の製品", "pmd_act").await;
    let v = validate_notification(&notification("NCT01234567"), today()).unwrap();
    records::add_notification(db, by(s.staff), second, v)
        .await
        .unwrap();
}

async fn a_notification_dated_in_the_future_is_refused_over_http(db: &Db) {
    let s = setup(db, "株式会社ミライ").await;
    let (_, cookie) = sign_in_as(db, Role::Staff).await;
    let body = |date: &str, registry: &str| {
        format!(
            "program_id={}&form[notified_on]={}&form[sponsor]=investigator&form[registry_id]={}\
             &form[phase]=phase1&form[title]=&form[note]=",
            s.program,
            form_value(date),
            form_value(registry)
        )
    };
    let before = counts(db).await;
    let a = send(
        db,
        call(
            "/api/records/add_notification",
            &body("2026-11-26", "jRCT2033200000"),
            Some(&cookie),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("approval.date_in_future"), "{}", a.body);
    assert!(a.body.contains("2026-11-25"), "names today: {}", a.body);
    assert_eq!(counts(db).await, before, "nothing written");
    // Today, typed the Japanese way with full-width digits, is accepted.
    let a = send(
        db,
        call(
            "/api/records/add_notification",
            &body("２０２６／１１／２５", "ｊＲＣＴ２０３３２０００００"),
            Some(&cookie),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let rows = trial_notifications::Entity::find()
        .filter(trial_notifications::Column::ProgramId.eq(s.program))
        .all(db.read())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].notified_on, rows[0].registry_id.as_str()),
        (today(), "jRCT2033200000")
    );
}

fn conditional(approved_on: &str, term: &str) -> ApprovalForm {
    ApprovalForm {
        approval_type: "conditional".into(),
        brand_name: "ハートシート".into(),
        applied_on: String::new(),
        approved_on: approved_on.into(),
        term_expires_on: term.into(),
        ..ApprovalForm::default()
    }
}

async fn add_approval(db: &Db, s: &Setup, f: &ApprovalForm) -> Result<Uuid, AppError> {
    let v = validate_approval(f, today()).map_err(AppError::from)?;
    records::add_approval(db, by(s.staff), s.program, v).await
}

async fn approval_row(db: &Db, id: Uuid) -> approvals::Model {
    approvals::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap()
}

async fn conditional_terms_longer_than_seven_years_are_refused(db: &Db) {
    let s = setup(db, "株式会社キゲン").await;
    let (_, cookie) = sign_in_as(db, Role::Staff).await;
    let body = |term: &str| {
        format!(
            "program_id={}&form[approval_type]=conditional&form[brand_name]=%E3%83%86%E3%82%B9%E3%83%88\
             &form[approved_on]=2019-03-26&form[term_expires_on]={term}&form[sakigake]=true",
            s.program
        )
    };
    let before = counts(db).await;
    let a = send(
        db,
        call(
            "/api/records/add_approval",
            &body("2026-03-27"),
            Some(&cookie),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("approval.term_too_long"), "{}", a.body);
    assert!(
        a.body.contains("2026-03-26"),
        "names the latest expiry: {}",
        a.body
    );
    assert_eq!(counts(db).await, before, "nothing written");
    // Exactly seven years is the limit, and is accepted.
    let a = send(
        db,
        call(
            "/api/records/add_approval",
            &body("2026-03-26"),
            Some(&cookie),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let id: Uuid = serde_json::from_str(&a.body).unwrap();
    let row = approval_row(db, id).await;
    assert_eq!(row.expires_on, Some(d(2026, 3, 26)));
    assert_eq!(
        (row.outcome.as_str(), row.sakigake, row.orphan),
        ("in_force", true, false)
    );
    assert_eq!(counts(db).await.3, before.3 + 1, "one audit event");
    // A full approval has no term.
    let mut full = conditional("2020-01-01", "2025-01-01");
    full.approval_type = "full".into();
    let err = add_approval(db, &s, &full).await.unwrap_err();
    assert_eq!(codes(&err), vec!["approval.term_on_full_approval"]);
}

async fn heartsheet_extension_reapplication_and_not_granted(db: &Db) {
    let s = setup(db, "テルモ株式会社").await;
    // Conditional 2015-09-18 with a five-year term.
    let id = add_approval(db, &s, &conditional("2015-09-18", "2020-09-17"))
        .await
        .unwrap();
    // Extended by three years, decided before the term ended.
    let ext = |on: &'static str, to: &'static str| ExtensionInput {
        extended_on: on,
        new_expires_on: to,
        note: "3年延長",
    };
    let before = counts(db).await;
    let err = records::extend_approval(db, by(s.staff), id, 1, ext("2020-06-01", "2020-09-17"))
        .await
        .unwrap_err();
    assert_eq!(codes(&err), vec!["approval.extension_not_later"]);
    let err = records::extend_approval(db, by(s.staff), id, 1, ext("2020-09-18", "2023-09-17"))
        .await
        .unwrap_err();
    assert_eq!(codes(&err), vec!["approval.after_expiry"]);
    assert_eq!(counts(db).await, before, "refusals write nothing");
    assert_eq!(
        records::extend_approval(db, by(s.staff), id, 1, ext("2020-06-01", "2023-09-17"))
            .await
            .unwrap(),
        2
    );
    let row = approval_row(db, id).await;
    assert_eq!(
        (row.term_expires_on, row.expires_on),
        (Some(d(2020, 9, 17)), Some(d(2023, 9, 17)))
    );
    let after = counts(db).await;
    assert_eq!((after.2, after.3), (before.2 + 1, before.3 + 1));

    // Reapplied 2023-09 within the term; full approval judged inappropriate 2024-07.
    let life = |r: &'static str, o: &'static str, on: &'static str| LifeInput {
        reapplied_on: r,
        outcome: o,
        outcome_on: on,
    };
    let err = records::record_life(
        db,
        by(s.staff),
        id,
        2,
        life("", "not_granted", "2024-07-24"),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&err), vec!["approval.outcome_needs_reapplication"]);
    assert_eq!(
        records::record_life(db, by(s.staff), id, 2, life("2023-09-01", "in_force", ""))
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        records::record_life(
            db,
            by(s.staff),
            id,
            3,
            life("2023-09-01", "not_granted", "2024-07-24")
        )
        .await
        .unwrap(),
        4
    );
    let row = approval_row(db, id).await;
    assert_eq!(
        (row.reapplied_on, row.outcome.as_str(), row.outcome_on),
        (Some(d(2023, 9, 1)), "not_granted", Some(d(2024, 7, 24)))
    );
    let audit = audit_of(db, "approval", id).await;
    assert_eq!(audit.len(), 4, "create, extension, reapplication, outcome");
    assert_eq!(
        audit[1].changes,
        serde_json::json!({
            "extended_on": [null, "2020-06-01"],
            "expires_on": ["2020-09-17", "2023-09-17"],
            "extension_note": ["", "3年延長"],
            "version": [1, 2]
        })
    );
    assert_eq!(
        audit[3].changes["outcome"],
        serde_json::json!(["in_force", "not_granted"])
    );
    // No longer in force: no further extension, and no expiry notice.
    let err = records::extend_approval(db, by(s.staff), id, 4, ext("2023-09-01", "2025-09-17"))
        .await
        .unwrap_err();
    assert_eq!(codes(&err), vec!["approval.not_in_force"]);
    let page = ventures::detail(db, s.venture, today()).await.unwrap();
    let a = &page.programs[0].approvals[0];
    assert_eq!(a.extensions.len(), 1);
    assert_eq!(a.alert, None);
    // An edit that contradicts the extension is refused.
    let v = validate_approval(&conditional("2015-09-18", "2020-05-31"), today()).unwrap();
    let err = records::update_approval(db, by(s.staff), id, 4, v)
        .await
        .unwrap_err();
    assert_eq!(codes(&err), vec!["approval.conflicts_with_history"]);
}

async fn collategene_withdrawn_and_delytact_after_one_phase_two(db: &Db) {
    let s = setup(db, "アンジェス株式会社").await;
    // Collategene: conditional 2019-03-26 (five years), application to lift the conditions
    // 2023-05, later withdrawn.
    let mut f = conditional("2019-03-26", "2024-03-25");
    f.brand_name = "コラテジェン".into();
    let id = add_approval(db, &s, &f).await.unwrap();
    let life = LifeInput {
        reapplied_on: "2023-05-08",
        outcome: "withdrawn",
        outcome_on: "2024-07-01",
    };
    assert_eq!(
        records::record_life(db, by(s.staff), id, 1, life)
            .await
            .unwrap(),
        2
    );
    let row = approval_row(db, id).await;
    assert_eq!(
        (row.reapplied_on, row.outcome.as_str()),
        (Some(d(2023, 5, 8)), "withdrawn")
    );

    // Delytact: conditional 2021-06-11 after one Phase II (no Phase III), seven years at most.
    let delytact = setup(db, "第一三共株式会社").await;
    let mut f = conditional("2021-06-11", "2028-06-12");
    f.brand_name = "デリタクト".into();
    f.applied_on = "2020-12-28".into();
    f.sakigake = true;
    let err = add_approval(db, &delytact, &f).await.unwrap_err();
    assert_eq!(codes(&err), vec!["approval.term_too_long"]);
    f.term_expires_on = "2028-06-11".into();
    let id = add_approval(db, &delytact, &f).await.unwrap();
    let row = approval_row(db, id).await;
    assert_eq!(
        (row.applied_on, row.sakigake),
        (Some(d(2020, 12, 28)), true)
    );
}

async fn a_stale_approval_form_is_told_what_changed(db: &Db) {
    let s = setup(db, "株式会社ヘンコウ").await;
    let id = add_approval(db, &s, &conditional("2024-07-31", "2031-07-30"))
        .await
        .unwrap();
    // Someone else adds the shipment restriction (AKUUGO, 2024-07).
    let mut theirs = conditional("2024-07-31", "2031-07-30");
    theirs.brand_name = "アクーゴ".into();
    theirs.shipment_restricted = true;
    theirs.shipment_restriction_note = "同等性を示すロットが揃うまで出荷制限".into();
    let v = validate_approval(&theirs, today()).unwrap();
    records::update_approval(db, by(s.staff), id, 1, v)
        .await
        .unwrap();
    // A form still showing version 1 is refused, told what changed; nothing is written.
    let before = counts(db).await;
    let mut mine = conditional("2024-07-31", "2031-07-30");
    mine.orphan = true;
    let v = validate_approval(&mine, today()).unwrap();
    let err = records::update_approval(db, by(s.staff), id, 1, v)
        .await
        .unwrap_err();
    let AppError::Stale { changes } = err else {
        panic!("{err:?}")
    };
    let brand = changes.iter().find(|c| c.field == "brand_name").unwrap();
    assert_eq!(
        (brand.before.as_str(), brand.after.as_str()),
        ("ハートシート", "アクーゴ")
    );
    assert_eq!(brand.by, "鈴木");
    assert!(changes.iter().any(|c| c.field == "shipment_restricted"));
    assert_eq!(counts(db).await, before);
    assert!(!approval_row(db, id).await.orphan);
    // The extension and outcome forms are versioned too.
    let err = records::extend_approval(
        db,
        by(s.staff),
        id,
        1,
        ExtensionInput {
            extended_on: "2025-01-01",
            new_expires_on: "2032-01-01",
            note: "",
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Stale { .. }), "{err:?}");
}

async fn viewers_and_coordinators_are_refused_and_write_nothing(db: &Db) {
    let s = setup(db, "株式会社ケンゲン").await;
    let approval = add_approval(db, &s, &conditional("2024-07-31", "2031-07-30"))
        .await
        .unwrap();
    let note = add_notification(db, &s, &notification("NCT01234567"))
        .await
        .unwrap();
    let calls = [
        (
            "/api/records/add_notification",
            format!(
                "program_id={}&form[notified_on]=2025-04-01&form[sponsor]=company&form[phase]=phase1",
                s.program
            ),
        ),
        (
            "/api/records/update_notification",
            format!(
                "id={note}&version=1&form[notified_on]=2025-04-01&form[sponsor]=company&form[phase]=phase1"
            ),
        ),
        ("/api/records/archive_notification", format!("id={note}&version=1")),
        (
            "/api/records/add_approval",
            format!(
                "program_id={}&form[approval_type]=full&form[approved_on]=2025-04-01",
                s.program
            ),
        ),
        (
            "/api/records/extend_approval",
            format!("id={approval}&version=1&extended_on=2025-01-01&new_expires_on=2032-01-01&note="),
        ),
        (
            "/api/records/approval_life",
            format!("id={approval}&version=1&reapplied_on=2025-01-01&outcome=in_force&outcome_on="),
        ),
        ("/api/records/archive_approval", format!("id={approval}&version=1")),
    ];
    for role in [Role::Viewer, Role::Coordinator] {
        let (_, cookie) = sign_in_as(db, role).await;
        for (path, body) in &calls {
            let before = counts(db).await;
            let a = send(db, call(path, body, Some(&cookie))).await;
            assert_eq!(
                a.status,
                StatusCode::FORBIDDEN,
                "{path} as {role}: {}",
                a.body
            );
            assert_eq!(counts(db).await, before, "{path} as {role} wrote nothing");
        }
    }
    assert_eq!(approval_row(db, approval).await.version, 1);
}

async fn page_html(db: &Db, venture: Uuid) -> String {
    page_html_as(db, venture, Role::Viewer).await
}

async fn page_html_as(db: &Db, venture: Uuid, role: Role) -> String {
    let (_, cookie) = sign_in_as(db, role).await;
    let req = http::Request::builder()
        .uri(format!("/ventures/{venture}"))
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let a = send(db, req).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    a.body
}

async fn the_venture_page_warns_of_conditional_approvals_nearing_expiry(db: &Db) {
    // Expiring in 96 days (the test server's today is 2026-11-25).
    let soon = setup(db, "株式会社スグ").await;
    let mut f = conditional("2021-03-01", "2027-03-01");
    f.brand_name = "スグシート".into();
    add_approval(db, &soon, &f).await.unwrap();
    add_notification(db, &soon, &notification("jRCT2033200000"))
        .await
        .unwrap();
    let html = page_html(db, soon.venture).await;
    assert!(html.contains("data-testid=\"expiry-notice\""), "{html}");
    assert!(html.contains("あと96日"), "the number of days");
    assert!(html.contains("スグシート"));
    // The program's records are listed with their details.
    assert!(html.contains("jRCT2033200000"));
    assert!(html.contains("https://jrct.mhlw.go.jp/latest-detail/jRCT2033200000"));
    assert!(html.contains("企業治験"));
    // Viewers see no forms; staff get them, each input labelled.
    assert!(!html.contains("data-testid=\"add-notification\""));
    let staff = page_html_as(db, soon.venture, Role::Staff).await;
    for testid in [
        "add-notification",
        "edit-notification",
        "archive-notification",
        "add-approval",
        "edit-approval",
        "extend-approval",
        "approval-life",
    ] {
        assert!(
            staff.contains(&format!("data-testid=\"{testid}\"")),
            "{testid}"
        );
    }
    assert!(staff.contains(&format!("for=\"rec-n-date-{}\"", soon.program)));
    assert!(staff.contains(&format!("id=\"rec-n-date-{}\"", soon.program)));
    assert!(staff.contains("name=\"form[registry_id]\""));

    // Far in the future (Delytact-like, 2028): no notice.
    let later = setup(db, "株式会社マダ").await;
    add_approval(db, &later, &conditional("2021-06-11", "2028-06-10"))
        .await
        .unwrap();
    let html = page_html(db, later.venture).await;
    assert!(!html.contains("expiry-notice"), "no notice for 2028");
    assert!(
        html.contains("条件及び期限付承認"),
        "the approval is listed"
    );

    // Past the expiry with no outcome recorded: the notice says so.
    let past = setup(db, "株式会社スギタ").await;
    add_approval(db, &past, &conditional("2019-11-20", "2026-11-20"))
        .await
        .unwrap();
    let html = page_html(db, past.venture).await;
    assert!(html.contains("data-testid=\"expiry-notice\""));
    assert!(html.contains("5日が過ぎています"), "{html}");
}

db_tests!(
    notifications_are_created_edited_and_archived_with_audit,
    registry_ids_are_checked_and_duplicates_refused,
    a_notification_dated_in_the_future_is_refused_over_http,
    conditional_terms_longer_than_seven_years_are_refused,
    heartsheet_extension_reapplication_and_not_granted,
    collategene_withdrawn_and_delytact_after_one_phase_two,
    a_stale_approval_form_is_told_what_changed,
    viewers_and_coordinators_are_refused_and_write_nothing,
    the_venture_page_warns_of_conditional_approvals_nearing_expiry,
);
