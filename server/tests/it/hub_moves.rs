//! Moving a venture between hubs (dated stays) and the venture timeline that shows it with
//! everything else dated about the venture.

use app::domain::account::Role;
use app::domain::hub_move::validate_hub_move;
use app::error::AppError;
use app::ssr::{db::Db, hub_moves, timeline};
use chrono::Utc;
use entity::{audit_events, fund_supports, support_logs, venture_hub_tenancies, ventures};
use http::StatusCode;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::common::fixtures::*;
use crate::common::{call, form_value, send, sign_in_as};

fn today() -> chrono::NaiveDate {
    d(2026, 11, 25)
}

async fn at_tonomachi(db: &Db, name: &str) -> Uuid {
    venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "",
            kana: "テスト",
            hub: "tonomachi",
            located_on: Some(d(2021, 4, 1)),
        },
    )
    .await
}

async fn staff(db: &Db) -> Uuid {
    crate::common::account(db, "hub@pref.kanagawa.jp", "移転 担当", Role::Staff)
        .await
        .id
}

async fn mv(
    db: &Db,
    actor: Uuid,
    id: Uuid,
    version: i32,
    hub: &str,
    on: &str,
) -> Result<i32, AppError> {
    let m = validate_hub_move(hub, on, "").map_err(AppError::from)?;
    hub_moves::move_hub(db, actor, id, version, m, Utc::now(), today()).await
}

async fn stays(db: &Db, id: Uuid) -> Vec<(String, chrono::NaiveDate, Option<chrono::NaiveDate>)> {
    let hubs: std::collections::HashMap<Uuid, String> = entity::hubs::Entity::find()
        .all(db.read())
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.id, h.code))
        .collect();
    venture_hub_tenancies::Entity::find()
        .filter(venture_hub_tenancies::Column::VentureId.eq(id))
        .order_by_asc(venture_hub_tenancies::Column::StartedOn)
        .all(db.read())
        .await
        .unwrap()
        .into_iter()
        .map(|t| (hubs[&t.hub_id].clone(), t.started_on, t.ended_on))
        .collect()
}

async fn audit_count(db: &Db) -> u64 {
    audit_events::Entity::find().count(db.read()).await.unwrap()
}

fn codes(e: AppError) -> Vec<String> {
    match e {
        AppError::Validation { errors } => errors.into_iter().map(|e| e.code).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn a_move_ends_the_stay_starts_the_next_and_is_audited(db: &Db) {
    let actor = staff(db).await;
    let id = at_tonomachi(db, "株式会社ムーブ").await;
    let v2 = mv(db, actor, id, 1, "shonan", "2023/10/1").await.unwrap();
    assert_eq!(v2, 2);
    let v3 = mv(db, actor, id, 2, "ksp", "２０２５－０４－０１")
        .await
        .unwrap();
    assert_eq!(v3, 3);
    assert_eq!(
        stays(db, id).await,
        [
            ("tonomachi".into(), d(2021, 4, 1), Some(d(2023, 10, 1))),
            ("shonan".into(), d(2023, 10, 1), Some(d(2025, 4, 1))),
            ("ksp".into(), d(2025, 4, 1), None),
        ]
    );
    let v = ventures::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.current_hub_id, hub_id(db, "ksp").await);
    assert_eq!((v.version, v.updated_by), (3, Some(actor)));
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::EntityId.eq(id.to_string()))
        .order_by_asc(audit_events::Column::OccurredAt)
        .all(db.read())
        .await
        .unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(
        audit[1].changes,
        serde_json::json!({
            "hub": ["shonan", "ksp"],
            "moved_on": [null, "2025-04-01"],
            "version": [2, 3],
        })
    );
}

async fn bad_moves_are_refused_and_write_nothing(db: &Db) {
    let actor = staff(db).await;
    let id = at_tonomachi(db, "株式会社ステイ").await;
    let before = (stays(db, id).await, audit_count(db).await);
    let refused = [
        ("tonomachi", "2024-01-01", "hub_move.same_hub"),
        ("shonan", "2021-04-01", "hub_move.not_after_stay"),
        ("shonan", "2020-12-31", "hub_move.not_after_stay"),
        ("shonan", "2026-11-26", "hub_move.in_future"),
        ("osaka", "2024-01-01", "hub.unknown"),
        ("shonan", "2025-02-29", "date.invalid"),
    ];
    for (hub, on, code) in refused {
        let e = mv(db, actor, id, 1, hub, on).await.unwrap_err();
        assert_eq!(codes(e), [code], "{hub} {on}");
    }
    // A move over an older version is refused with what changed.
    mv(db, actor, id, 1, "shonan", "2024-01-01").await.unwrap();
    match mv(db, actor, id, 1, "ksp", "2025-01-01").await.unwrap_err() {
        AppError::Stale { changes } => {
            assert!(changes.iter().any(|c| c.field == "hub"), "{changes:?}")
        }
        other => panic!("expected stale, got {other:?}"),
    }
    let after = stays(db, id).await;
    assert_eq!(after.len(), 2);
    assert_eq!(before.0.len(), 1);
    assert_eq!(audit_count(db).await, before.1 + 1);
}

async fn only_staff_and_admins_move_ventures_over_http(db: &Db) {
    let id = at_tonomachi(db, "株式会社ロール").await;
    let body = format!(
        "venture_id={id}&version=1&hub=shonan&moved_on={}&note={}",
        form_value("2024-04-01"),
        form_value("湘南アイパークへ")
    );
    for role in [Role::Viewer, Role::Coordinator] {
        let (_, cookie) = sign_in_as(db, role).await;
        let a = send(db, call("/api/ventures/move_hub", &body, Some(&cookie))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role:?}: {}", a.body);
    }
    assert_eq!(stays(db, id).await.len(), 1);
    let (_, cookie) = sign_in_as(db, Role::Staff).await;
    let a = send(db, call("/api/ventures/move_hub", &body, Some(&cookie))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let s = stays(db, id).await;
    assert_eq!(s[1].0, "shonan");
    // The venture page shows both stays and the move on the timeline.
    let a = send(
        db,
        http::Request::get(format!("/ventures/{id}"))
            .header(http::header::COOKIE, &cookie)
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("湘南へ移転"), "timeline shows the move");
    assert!(a.body.contains("湘南アイパークへ"), "with its note");
}

async fn the_timeline_puts_every_dated_record_in_order(db: &Db) {
    let actor = staff(db).await;
    let id = at_tonomachi(db, "株式会社タイムライン").await;
    let p = program(db, id, "TL-001", "pmd_act").await;
    let ids = events(
        db,
        p,
        vec![
            stage("trial_notified", d(2022, 3, 31)),
            stage("phase1", d(2022, 4, 1)),
        ],
    )
    .await;
    events(db, p, vec![retract(ids[1], d(2022, 5, 1), "日付の誤り")]).await;
    mv(db, actor, id, 1, "shonan", "2023-06-01").await.unwrap();
    let now = Utc::now();
    support_logs::Entity::insert(support_logs::ActiveModel {
        id: Set(Uuid::now_v7()),
        venture_id: Set(id),
        working_group_id: Set(Some(
            Uuid::parse_str("0193a000-0000-7000-8000-000000000101").unwrap(),
        )),
        coordinator_id: Set(actor),
        supported_on: Set(d(2022, 4, 1)),
        kind: Set("regulatory".into()),
        summary: Set("PMDA対面助言の準備".into()),
        outcome: Set(String::new()),
        follow_up_on: Set(None),
        follow_up_done_at: Set(None),
        follow_up_outcome: Set(String::new()),
        is_generated: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(Some(actor)),
        updated_by: Set(Some(actor)),
        archived_at: Set(None),
    })
    .exec(db.write())
    .await
    .unwrap();
    fund_supports::Entity::insert(fund_supports::ActiveModel {
        id: Set(Uuid::now_v7()),
        fund_id: Set(Uuid::parse_str("0193a000-0000-7000-8000-000000000201").unwrap()),
        venture_id: Set(id),
        supported_on: Set(d(2023, 7, 1)),
        amount_yen: Set(150_000_000),
        instrument: Set("equity".into()),
        round: Set("シリーズA".into()),
        note: Set(String::new()),
        is_generated: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(Some(actor)),
        updated_by: Set(Some(actor)),
        archived_at: Set(None),
    })
    .exec(db.write())
    .await
    .unwrap();

    let tl = timeline::venture(db, id).await.unwrap();
    let seen: Vec<(chrono::NaiveDate, &str, bool)> = tl
        .iter()
        .map(|e| (e.on, e.what.group(), e.retracted))
        .collect();
    assert_eq!(
        seen,
        [
            (d(2021, 4, 1), "venture", false), // located
            (d(2021, 4, 1), "venture", false), // first stay
            (d(2022, 3, 31), "journey", false),
            (d(2022, 4, 1), "journey", true), // phase 1, retracted
            (d(2022, 4, 1), "support", false),
            (d(2022, 5, 1), "journey", false), // the retraction
            (d(2023, 6, 1), "venture", false), // the move
            (d(2023, 7, 1), "funding", false),
        ]
    );
    assert_eq!(tl[2].program.as_deref(), Some("TL-001"));
    // 31 March and 1 April fall in different fiscal years on the page.
    let (_, cookie) = sign_in_as(db, Role::Viewer).await;
    let a = send(
        db,
        http::Request::get(format!("/ventures/{id}"))
            .header(http::header::COOKIE, &cookie)
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let start = a
        .body
        .find("data-testid=\"venture-timeline\"")
        .expect("the timeline section");
    let page = &a.body[start..];
    let fy2021 = page.find("2021年度（令和3年度）").expect("FY2021 heading");
    let fy2022 = page.find("2022年度（令和4年度）").expect("FY2022 heading");
    let notified = page
        .find("治験計画届出に到達")
        .expect("the notification stage");
    assert!(
        fy2021 < notified && notified < fy2022,
        "31 March is in FY2021"
    );
    assert!(a.body.contains("1億5,000万円"), "the amount in 万円 units");
    assert!(a.body.contains("PMDA対面助言の準備"));
    // Viewers see no move form.
    assert!(!a.body.contains("data-testid=\"move-hub\""));
}

db_tests!(
    a_move_ends_the_stay_starts_the_next_and_is_audited,
    bad_moves_are_refused_and_write_nothing,
    only_staff_and_admins_move_ventures_over_http,
    the_timeline_puts_every_dated_record_in_order,
);
