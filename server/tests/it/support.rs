//! RINK support through the server functions: who may log support and manage groups, the
//! checks (a follow-up before the support date, a future date) naming the field with nothing
//! written, "my follow-ups" (overdue first, only mine), marking a follow-up done, a closed
//! group refusing new support, counts by fiscal year, stale edits, the CSV exports.

use app::api::support::{GroupPage, MyFollowUps, VentureSupport};
use app::domain::account::Role;
use app::domain::fiscal::FiscalYear;
use app::domain::support::SupportKind;
use app::ssr::db::Db;
use entity::{audit_events, support_logs, users};
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::common::fixtures::*;
use crate::common::{call, form_value, send, sign_in_as, Answer};

async fn a_venture(db: &Db, name: &str) -> Uuid {
    venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "",
            kana: "シエン",
            hub: "tonomachi",
            located_on: None,
        },
    )
    .await
}

async fn user_id(db: &Db, email: &str) -> Uuid {
    users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(db.read())
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Rows of the support log and of the audit trail.
async fn counts(db: &Db) -> (u64, u64) {
    (
        support_logs::Entity::find().count(db.read()).await.unwrap(),
        audit_events::Entity::find().count(db.read()).await.unwrap(),
    )
}

struct Log<'a> {
    venture: Uuid,
    wg: &'a str,
    on: &'a str,
    kind: &'a str,
    summary: &'a str,
    follow_up: &'a str,
}

fn log_body(l: &Log<'_>) -> String {
    format!(
        "form[venture_id]={}&form[working_group]={}&form[supported_on]={}&form[kind]={}\
         &form[summary]={}&form[outcome]=&form[follow_up_on]={}",
        l.venture,
        l.wg,
        form_value(l.on),
        l.kind,
        form_value(l.summary),
        form_value(l.follow_up)
    )
}

async fn log(db: &Db, cookie: &str, l: Log<'_>) -> Answer {
    send(db, call("/api/support/log", &log_body(&l), Some(cookie))).await
}

async fn log_ok(db: &Db, cookie: &str, l: Log<'_>) -> Uuid {
    let a = log(db, cookie, l).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    serde_json::from_str(&a.body).unwrap()
}

fn simple(venture: Uuid) -> Log<'static> {
    Log {
        venture,
        wg: "free_treatment",
        on: "2026/11/5",
        kind: "consultation",
        summary: "提供計画の相談",
        follow_up: "",
    }
}

async fn only_coordinators_and_admins_log_support(db: &Db) {
    let v = a_venture(db, "株式会社シエン").await;
    for role in [Role::Viewer, Role::Staff] {
        let (_, sid) = sign_in_as(db, role).await;
        let before = counts(db).await;
        let a = log(db, &sid, simple(v)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role:?}: {}", a.body);
        assert_eq!(counts(db).await, before, "{role:?} wrote nothing");
    }
    let (email, sid) = sign_in_as(db, Role::Coordinator).await;
    let before = counts(db).await;
    let id = log_ok(db, &sid, simple(v)).await;
    assert_eq!(counts(db).await, (before.0 + 1, before.1 + 1));
    let row = support_logs::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.coordinator_id,
        user_id(db, &email).await,
        "the signed-in user"
    );
    assert_eq!(row.supported_on, d(2026, 11, 5));
    assert_eq!(row.kind, "consultation");
    // The venture's History shows the new record.
    let history = app::ssr::audit_read::venture_history(db, v).await.unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.entity == "support_log" && h.entity_id == id.to_string()),
        "{history:#?}"
    );

    // A coordinator may not add or close groups; an administrator may.
    let add = "form[code]=cell_bank&form[kind]=sub_committee&form[parent]=&form[name_ja]=%E7%B4%B0%E8%83%9E&form[name_en]=Cells";
    let close = "code=transport&version=1&closed_on=2026-11-01";
    let a = send(db, call("/api/rink/add_group", add, Some(&sid))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let a = send(db, call("/api/rink/close_group", close, Some(&sid))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    assert_eq!(counts(db).await, (before.0 + 1, before.1 + 1));
    let (_, admin) = sign_in_as(db, Role::Admin).await;
    let a = send(db, call("/api/rink/add_group", add, Some(&admin))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = send(db, call("/api/rink/add_group", add, Some(&admin))).await;
    assert!(a.body.contains("group.code_taken"), "{}", a.body);
}

async fn bad_dates_are_refused_by_field_with_nothing_written(db: &Db) {
    let v = a_venture(db, "株式会社ヒヅケ").await;
    let (_, sid) = sign_in_as(db, Role::Coordinator).await;
    let before = counts(db).await;
    let a = log(
        db,
        &sid,
        Log {
            on: "2026-11-20",
            follow_up: "2026-11-19",
            ..simple(v)
        },
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(
        a.body
            .contains(r#""field":"follow_up_on","code":"support.follow_up_before_support""#),
        "{}",
        a.body
    );
    let a = log(
        db,
        &sid,
        Log {
            on: "２０２６／１１／２６",
            follow_up: "",
            ..simple(v)
        },
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(
        a.body
            .contains(r#""field":"supported_on","code":"support.date_in_future""#),
        "{}",
        a.body
    );
    // Every bad field at once.
    let a = log(
        db,
        &sid,
        Log {
            on: "2026-11-26",
            kind: "lunch",
            summary: " ",
            follow_up: "2026-11-01",
            ..simple(v)
        },
    )
    .await;
    for f in ["supported_on", "kind", "support_summary", "follow_up_on"] {
        assert!(
            a.body.contains(&format!(r#""field":"{f}""#)),
            "{f}: {}",
            a.body
        );
    }
    assert_eq!(counts(db).await, before, "nothing written");
    // The day itself, and a follow-up on the same day, are accepted.
    log_ok(
        db,
        &sid,
        Log {
            on: "2026-11-25",
            follow_up: "2026-11-25",
            ..simple(v)
        },
    )
    .await;
}

async fn my_follow_ups(db: &Db, sid: &str) -> MyFollowUps {
    let a = send(db, call("/api/support/my_follow_ups", "", Some(sid))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    serde_json::from_str(&a.body).unwrap()
}

async fn my_follow_ups_are_mine_overdue_first_and_done_with_an_outcome(db: &Db) {
    let v = a_venture(db, "株式会社フォロー").await;
    let (_, me) = sign_in_as(db, Role::Coordinator).await;
    let (_, other) = sign_in_as(db, Role::Coordinator).await;
    let later = log_ok(
        db,
        &me,
        Log {
            on: "2026-11-20",
            follow_up: "2026-12-10",
            summary: "来月",
            ..simple(v)
        },
    )
    .await;
    let overdue = log_ok(
        db,
        &me,
        Log {
            on: "2026-09-01",
            follow_up: "2026-11-24",
            summary: "昨日まで",
            ..simple(v)
        },
    )
    .await;
    let oldest = log_ok(
        db,
        &me,
        Log {
            on: "2026-08-01",
            follow_up: "2026-10-01",
            summary: "先々月",
            ..simple(v)
        },
    )
    .await;
    let today = log_ok(
        db,
        &me,
        Log {
            on: "2026-11-01",
            follow_up: "2026-11-25",
            summary: "今日",
            ..simple(v)
        },
    )
    .await;
    // Without a follow-up: not listed.
    log_ok(db, &me, simple(v)).await;
    let theirs = log_ok(
        db,
        &other,
        Log {
            on: "2026-10-01",
            follow_up: "2026-11-01",
            ..simple(v)
        },
    )
    .await;

    let f = my_follow_ups(db, &me).await;
    let ids: Vec<Uuid> = f.open.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![oldest, overdue, today, later]);
    let flags: Vec<bool> = f.open.iter().map(|s| s.overdue).collect();
    assert_eq!(
        flags,
        vec![true, true, false, false],
        "today is not overdue"
    );
    assert!(!ids.contains(&theirs), "only mine");
    assert!(f.done.is_empty());
    assert_eq!(my_follow_ups(db, &other).await.open.len(), 1);

    // Marking done needs an outcome; then it leaves the open list and shows below.
    let before = counts(db).await;
    let body = format!("id={overdue}&version=1&outcome=+");
    let a = send(db, call("/api/support/follow_up_done", &body, Some(&me))).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(
        a.body.contains(r#""field":"follow_up_outcome""#),
        "{}",
        a.body
    );
    assert_eq!(counts(db).await, before);
    let body = format!(
        "id={overdue}&version=1&outcome={}",
        form_value("大手企業との面談を設定")
    );
    let a = send(db, call("/api/support/follow_up_done", &body, Some(&me))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(
        counts(db).await,
        (before.0, before.1 + 1),
        "one audit event"
    );
    let row = support_logs::Entity::find_by_id(overdue)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert!(row.follow_up_done_at.is_some());
    assert_eq!(row.follow_up_outcome, "大手企業との面談を設定");
    assert_eq!(row.version, 2);
    let f = my_follow_ups(db, &me).await;
    let ids: Vec<Uuid> = f.open.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![oldest, today, later]);
    assert_eq!(f.done.len(), 1);
    assert_eq!(f.done[0].id, overdue);
    assert_eq!(f.done[0].follow_up_outcome, "大手企業との面談を設定");
    // Done once is enough.
    let body = format!("id={overdue}&version=2&outcome=x");
    let a = send(db, call("/api/support/follow_up_done", &body, Some(&me))).await;
    assert!(
        a.body.contains("support.follow_up_already_done"),
        "{}",
        a.body
    );

    // The group's page lists its overdue follow-ups for everyone, oldest first.
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let a = send(
        db,
        call("/api/rink/group", "code=free_treatment", Some(&viewer)),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let page: GroupPage = serde_json::from_str(&a.body).unwrap();
    let overdue_ids: Vec<Uuid> = page.overdue.iter().map(|s| s.id).collect();
    assert_eq!(overdue_ids, vec![oldest, theirs]);
    assert_eq!(page.group.overdue, 2);
}

async fn a_closed_group_accepts_no_new_support(db: &Db) {
    let v = a_venture(db, "株式会社ヘイサ").await;
    let (_, coord) = sign_in_as(db, Role::Coordinator).await;
    let (_, admin) = sign_in_as(db, Role::Admin).await;
    let kept = log_ok(
        db,
        &coord,
        Log {
            wg: "transport",
            ..simple(v)
        },
    )
    .await;
    // A closing date in the future is refused.
    let a = send(
        db,
        call(
            "/api/rink/close_group",
            "code=transport&version=1&closed_on=2026-12-01",
            Some(&admin),
        ),
    )
    .await;
    assert!(a.body.contains(r#""field":"closed_on""#), "{}", a.body);
    let a = send(
        db,
        call(
            "/api/rink/close_group",
            "code=transport&version=1&closed_on=2026%2F11%2F10",
            Some(&admin),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let before = counts(db).await;
    let a = log(
        db,
        &coord,
        Log {
            wg: "transport",
            ..simple(v)
        },
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(
        a.body
            .contains(r#""field":"working_group","code":"working_group.closed""#),
        "{}",
        a.body
    );
    assert_eq!(counts(db).await, before, "nothing written");
    // An entry already in the group may still be corrected.
    let body = format!(
        "id={kept}&version=1&{}",
        log_body(&Log {
            wg: "transport",
            summary: "輸送容器の相談（訂正）",
            ..simple(v)
        })
    );
    let a = send(db, call("/api/support/update", &body, Some(&coord))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // The venture page's select offers open groups only.
    let a = send(
        db,
        call("/api/support/venture", &format!("id={v}"), Some(&coord)),
    )
    .await;
    let vs: VentureSupport = serde_json::from_str(&a.body).unwrap();
    assert!(vs.groups.iter().all(|g| g.code != "transport"));
    assert!(vs.groups.iter().any(|g| g.code == "free_treatment"));
}

async fn counts_by_fiscal_year_split_on_the_first_of_april(db: &Db) {
    let v = a_venture(db, "株式会社ネンド").await;
    let (_, coord) = sign_in_as(db, Role::Coordinator).await;
    for (on, kind) in [
        ("2025-03-31", "consultation"),
        ("2025-04-01", "consultation"),
        ("2025-04-02", "facility_use"),
    ] {
        log_ok(
            db,
            &coord,
            Log {
                wg: "evaluation_wg",
                on,
                kind,
                ..simple(v)
            },
        )
        .await;
    }
    let a = send(
        db,
        call("/api/rink/group", "code=evaluation_wg", Some(&coord)),
    )
    .await;
    let page: GroupPage = serde_json::from_str(&a.body).unwrap();
    let s = &page.summary;
    assert_eq!(s.total.year(FiscalYear(2024)).unwrap().count, 1);
    assert_eq!(s.total.year(FiscalYear(2025)).unwrap().count, 2);
    assert_eq!(s.count(SupportKind::Consultation, FiscalYear(2024)), 1);
    assert_eq!(s.count(SupportKind::Consultation, FiscalYear(2025)), 1);
    assert_eq!(s.count(SupportKind::FacilityUse, FiscalYear(2025)), 1);
    // Newest first.
    let dates: Vec<_> = page.support.iter().map(|s| s.supported_on).collect();
    assert_eq!(dates, vec![d(2025, 4, 2), d(2025, 4, 1), d(2025, 3, 31)]);
    // None of it is in the current fiscal year (FY2026).
    assert_eq!(page.group.support_this_year, 0);
    let a = send(
        db,
        call("/api/support/venture", &format!("id={v}"), Some(&coord)),
    )
    .await;
    let vs: VentureSupport = serde_json::from_str(&a.body).unwrap();
    assert_eq!(vs.summary, page.summary);
    assert_eq!(vs.support.len(), 3);
}

async fn a_stale_edit_is_refused_with_what_changed(db: &Db) {
    let v = a_venture(db, "株式会社フルイ").await;
    let (_, coord) = sign_in_as(db, Role::Coordinator).await;
    let id = log_ok(db, &coord, simple(v)).await;
    let edit = |summary: &str| {
        format!(
            "id={id}&version=1&{}",
            log_body(&Log {
                summary,
                ..simple(v)
            })
        )
    };
    let a = send(
        db,
        call("/api/support/update", &edit("一人目の訂正"), Some(&coord)),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body, "2");
    let before = counts(db).await;
    let a = send(
        db,
        call("/api/support/update", &edit("二人目の訂正"), Some(&coord)),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    assert!(a.body.contains("Stale"), "{}", a.body);
    assert!(
        a.body.contains("一人目の訂正"),
        "says what changed: {}",
        a.body
    );
    assert_eq!(counts(db).await, before);
    let row = support_logs::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.summary, "一人目の訂正");
    // Archived over the current version, it leaves the lists.
    let a = send(
        db,
        call(
            "/api/support/archive",
            &format!("id={id}&version=2"),
            Some(&coord),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = send(
        db,
        call("/api/support/venture", &format!("id={v}"), Some(&coord)),
    )
    .await;
    let vs: VentureSupport = serde_json::from_str(&a.body).unwrap();
    assert!(vs.support.is_empty());
}

async fn csv_exports_have_the_bom_and_need_a_session(db: &Db) {
    let v = a_venture(db, "株式会社シーエスブイ").await;
    let (_, coord) = sign_in_as(db, Role::Coordinator).await;
    log_ok(
        db,
        &coord,
        Log {
            summary: "細胞調製室の利用, \"見学\"",
            ..simple(v)
        },
    )
    .await;
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let get = |uri: &str, cookie: Option<&str>| {
        let mut r = http::Request::builder().uri(uri.to_string());
        if let Some(c) = cookie {
            r = r.header(http::header::COOKIE, c);
        }
        r.body(axum::body::Body::empty()).unwrap()
    };
    let a = send(
        db,
        get(
            "/rink/export/support_logs.csv?wg=free_treatment",
            Some(&viewer),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.starts_with('\u{feff}'), "UTF-8 with a BOM");
    assert!(a.body.starts_with("\u{feff}id,supported_on,fiscal_year,"));
    assert!(
        a.body.contains("\"細胞調製室の利用, \"\"見学\"\"\""),
        "{}",
        a.body
    );
    assert!(a.body.contains(",2026,"), "fiscal year column");
    let a = send(
        db,
        get(
            &format!("/rink/export/support_logs.csv?venture={v}"),
            Some(&viewer),
        ),
    )
    .await;
    assert_eq!(a.body.lines().count(), 2, "{}", a.body);
    let a = send(
        db,
        get(
            "/rink/export/support_logs.csv?wg=evaluation_wg",
            Some(&viewer),
        ),
    )
    .await;
    assert_eq!(a.body.lines().count(), 1, "header only: {}", a.body);
    let a = send(db, get("/rink/export/summary.csv", Some(&viewer))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a
        .body
        .starts_with("\u{feff}working_group,working_group_name_ja,fiscal_year,kind,count\r\n"));
    assert!(
        a.body
            .contains("free_treatment,自由診療WG,2026,consultation,1\r\n"),
        "{}",
        a.body
    );
    let a = send(db, get("/rink/export/summary.csv", None)).await;
    assert_ne!(a.status, StatusCode::OK, "signed-in users only");
    assert!(!a.body.contains("free_treatment"));
}

async fn pages_render_for_a_viewer(db: &Db) {
    let v = a_venture(db, "株式会社ページ").await;
    let (_, coord) = sign_in_as(db, Role::Coordinator).await;
    log_ok(
        db,
        &coord,
        Log {
            follow_up: "2026-11-10",
            summary: "期限切れの確認",
            ..simple(v)
        },
    )
    .await;
    let (_, viewer) = sign_in_as(db, Role::Viewer).await;
    let get = |uri: &str, cookie: &str| {
        http::Request::builder()
            .uri(uri.to_string())
            .header(http::header::COOKIE, cookie)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let a = send(db, get("/rink", &viewer)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("自由診療WG") && a.body.contains("輸送分科会"));
    assert!(!a.body.contains("data-testid=\"add-group\""), "admins only");
    let a = send(db, get("/rink/free_treatment", &viewer)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("期限切れの確認"));
    assert!(a.body.contains("data-testid=\"overdue\""), "marked overdue");
    assert!(
        !a.body.contains("data-testid=\"quick-entry\""),
        "no form for a viewer"
    );
    let a = send(db, get("/rink/nothing_here", &viewer)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(db, get(&format!("/ventures/{v}"), &coord)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("data-testid=\"venture-support\""));
    assert!(
        a.body.contains("data-testid=\"quick-entry\""),
        "coordinators log here"
    );
    assert!(a.body.contains("2026年度（令和8年度）"));
    let a = send(db, get("/follow-ups", &coord)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("期限切れの確認"));
}

db_tests!(
    only_coordinators_and_admins_log_support,
    bad_dates_are_refused_by_field_with_nothing_written,
    my_follow_ups_are_mine_overdue_first_and_done_with_an_outcome,
    a_closed_group_accepts_no_new_support,
    counts_by_fiscal_year_split_on_the_first_of_april,
    a_stale_edit_is_refused_with_what_changed,
    csv_exports_have_the_bom_and_need_a_session,
    pages_render_for_a_viewer,
);
