//! Recording the journey: what the rules allow is written with its derived state and one audit
//! event; what they refuse writes nothing; a retraction restores the derived stage; a form over an
//! older program version is told what changed.

use app::domain::account::Role;
use app::domain::journey_form::validate_event;
use app::error::AppError;
use app::ssr::{db::Db, stage_events};
use chrono::Utc;
use entity::{audit_events, programs, stage_events as events_t};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::common::fixtures::*;

const TODAY: (i32, u32, u32) = (2026, 11, 25);

async fn setup(db: &Db) -> (Uuid, Uuid) {
    let staff = crate::common::account(db, "suzuki@pref.kanagawa.jp", "鈴木", Role::Staff).await;
    let v = venture(
        db,
        NewVenture {
            name_ja: "株式会社セルリンク",
            name_en: "CellLink",
            kana: "セルリンク",
            hub: "tonomachi",
            located_on: None,
        },
    )
    .await;
    let p = program(db, v, "CL-101 心筋シート", "pmd_act").await;
    (staff.id, p)
}

fn on(actor: Uuid, program_id: Uuid, version: i32) -> stage_events::On {
    stage_events::On {
        actor,
        program_id,
        version,
        now: Utc::now(),
        today: d(TODAY.0, TODAY.1, TODAY.2),
    }
}

async fn record(
    db: &Db,
    actor: Uuid,
    p: Uuid,
    version: i32,
    action: &str,
    date: &str,
) -> Result<stage_events::Recorded, AppError> {
    let input = validate_event(action, date, "day", "https://jrct.niph.go.jp/", "").unwrap();
    stage_events::record(db, on(actor, p, version), input).await
}

async fn program_row(db: &Db, p: Uuid) -> programs::Model {
    programs::Entity::find_by_id(p)
        .one(db.read())
        .await
        .unwrap()
        .unwrap()
}

async fn counts(db: &Db, p: Uuid) -> (u64, u64) {
    let events = events_t::Entity::find()
        .filter(events_t::Column::ProgramId.eq(p))
        .count(db.read())
        .await
        .unwrap();
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::EntityId.eq(p.to_string()))
        .count(db.read())
        .await
        .unwrap();
    (events, audit)
}

async fn a_stage_moves_the_program_with_one_audit_event(db: &Db) {
    let (staff, p) = setup(db).await;
    let r = record(db, staff, p, 1, "stage:trial_notified", "2025-04-01")
        .await
        .unwrap();
    assert_eq!(r.program_version, 2);
    let row = program_row(db, p).await;
    assert_eq!(
        (row.current_stage.as_str(), row.version),
        ("trial_notified", 2)
    );
    assert_eq!(row.stage_reached_on, Some(d(2025, 4, 1)));
    let ev = events_t::Entity::find_by_id(r.event_id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (ev.recorded_by, ev.source_url.as_str()),
        (Some(staff), "https://jrct.niph.go.jp/")
    );
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::EntityId.eq(p.to_string()))
        .all(db.read())
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    let c = &audit[0].changes;
    assert_eq!(
        (audit[0].entity.as_str(), audit[0].action.as_str()),
        ("program", "update")
    );
    assert_eq!(
        c["current_stage"],
        serde_json::json!(["research", "trial_notified"])
    );
    assert_eq!(c["version"], serde_json::json!([1, 2]));
    assert_eq!(c["event_id"][1], serde_json::json!(r.event_id.to_string()));
    assert_eq!(audit[0].actor_id, Some(staff));
}

async fn a_refused_transition_writes_nothing(db: &Db) {
    let (staff, p) = setup(db).await;
    record(db, staff, p, 1, "stage:trial_notified", "2025-04-01")
        .await
        .unwrap();
    let before = (counts(db, p).await, program_row(db, p).await);
    // Approval straight after the notification skips the trial; a date in the future; a date
    // before the last event; a stage of the other regulatory track.
    for (action, date, code) in [
        ("stage:approved", "2025-05-01", "transition.requires_stage"),
        ("stage:phase1", "2027-01-01", "transition.date_in_future"),
        (
            "stage:phase1",
            "2025-03-01",
            "transition.date_before_previous",
        ),
        (
            "stage:plan_submitted",
            "2025-05-01",
            "transition.wrong_track",
        ),
    ] {
        let err = record(db, staff, p, 2, action, date).await.unwrap_err();
        let AppError::Validation { errors } = &err else {
            panic!("{action} {date}: {err:?}");
        };
        assert_eq!(errors[0].code, code, "{action} {date}: {errors:?}");
        assert_eq!(
            (counts(db, p).await, program_row(db, p).await),
            before,
            "{action}: nothing written"
        );
    }
}

async fn a_retraction_restores_the_derived_stage(db: &Db) {
    let (staff, p) = setup(db).await;
    record(db, staff, p, 1, "stage:trial_notified", "2025-04-01")
        .await
        .unwrap();
    let phase1 = record(db, staff, p, 2, "stage:phase1", "2025-09-01")
        .await
        .unwrap();
    assert_eq!(program_row(db, p).await.current_stage, "phase1");
    // A reason is required.
    assert!(app::domain::journey_form::validate_reason(" ").is_err());
    let r = stage_events::retract(
        db,
        on(staff, p, 3),
        phase1.event_id,
        "第I相ではなく届出の訂正".into(),
    )
    .await
    .unwrap();
    let row = program_row(db, p).await;
    assert_eq!(
        (row.current_stage.as_str(), row.version),
        ("trial_notified", 4)
    );
    assert_eq!(row.stage_reached_on, Some(d(2025, 4, 1)));
    let ev = events_t::Entity::find_by_id(r.event_id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (ev.kind.as_str(), ev.retracts_event_id),
        ("retraction", Some(phase1.event_id))
    );
    assert_eq!(
        counts(db, p).await,
        (3, 3),
        "the history keeps both; one audit event per write"
    );
    // The same event cannot be retracted twice.
    let err = stage_events::retract(db, on(staff, p, 4), phase1.event_id, "again".into())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Validation { errors } if errors[0].code == "transition.already_retracted"),
        "{err:?}"
    );
}

async fn an_older_program_version_is_told_what_changed(db: &Db) {
    let (staff, p) = setup(db).await;
    record(db, staff, p, 1, "stage:trial_notified", "2025-04-01")
        .await
        .unwrap();
    // A second form still showing version 1.
    let err = record(db, staff, p, 1, "stage:phase1", "2025-09-01")
        .await
        .unwrap_err();
    let AppError::Stale { changes } = err else {
        panic!("{err:?}")
    };
    let stage = changes
        .iter()
        .find(|c| c.field == "current_stage")
        .expect("the stage moved");
    assert_eq!(
        (
            stage.before.as_str(),
            stage.after.as_str(),
            stage.by.as_str()
        ),
        ("research", "trial_notified", "鈴木")
    );
    assert_eq!(program_row(db, p).await.current_stage, "trial_notified");
    assert_eq!(counts(db, p).await, (1, 1));
}

async fn staff_record_over_http_and_read_the_reason_of_a_refusal(db: &Db) {
    let (_, p) = setup(db).await;
    let (_, sid) = crate::common::sign_in_as(db, Role::Staff).await;
    let body = |v: i32, action: &str, date: &str| {
        format!("program_id={p}&version={v}&action={}&occurred_on={date}&precision=day&source_url=&note=", crate::common::form_value(action))
    };
    let a = crate::common::send(
        db,
        crate::common::call(
            "/api/journey/record",
            &body(1, "stage:trial_notified", "2025-04-01"),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, http::StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("\"program_version\":2"), "{}", a.body);
    let a = crate::common::send(
        db,
        crate::common::call(
            "/api/journey/record",
            &body(2, "stage:approved", "2025-05-01"),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, http::StatusCode::BAD_REQUEST);
    assert!(a.body.contains("transition.requires_stage"), "{}", a.body);
    let a = crate::common::send(
        db,
        crate::common::call(
            "/api/journey/record",
            &body(2, "stage:phase1", "2025-13-40"),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, http::StatusCode::BAD_REQUEST);
    assert!(a.body.contains("date.invalid"), "{}", a.body);
}

/// Each write stores exactly what a fresh replay of the history gives (the program's columns,
/// its milestones, the venture's stage), and writes only what moved: a suspension or a
/// resumption reaches no stage, so it leaves the milestones and the venture alone.
async fn each_write_stores_what_a_replay_gives_and_only_what_moved(db: &Db) {
    use app::ssr::journey::{self, StoredJourney};
    let (staff, p) = setup(db).await;
    let venture_id = program_row(db, p).await.venture_id;
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let logged = db.with_statement_log(log.clone());
    let steps = [
        ("stage:trial_notified", "2025-04-01", true),
        ("stage:phase1", "2025-06-01", true),
        ("exit:suspended", "2025-08-01", false),
        ("resumed", "2025-09-01", false),
        ("stage:phase2", "2025-10-01", true),
    ];
    for (version, (action, date, moves)) in (1..).zip(steps) {
        log.lock().unwrap().clear();
        let r = record(&logged, staff, p, version, action, date)
            .await
            .unwrap_or_else(|e| panic!("{action}: {e:?}"));
        assert_eq!(r.program_version, version + 1);
        let sql = log.lock().unwrap().clone();
        let touches = |table: &str| {
            sql.iter().any(|s| {
                (s.starts_with("DELETE") || s.starts_with("INSERT") || s.starts_with("UPDATE"))
                    && s.contains(&format!("\"{table}\""))
            })
        };
        assert_eq!(touches("program_milestones"), moves, "{action}: {sql:#?}");
        assert_eq!(touches("ventures"), moves, "{action}: {sql:#?}");

        let stored = StoredJourney::load(db.read(), p).await.unwrap();
        let track = program_row(db, p).await.track.parse().unwrap();
        let replayed = journey::derive(db.read(), p, track).await.unwrap();
        assert_eq!(stored, StoredJourney::from_state(&replayed), "{action}");
        let venture = entity::ventures::Entity::find_by_id(venture_id)
            .one(db.read())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            venture.current_stage.as_deref(),
            Some(replayed.current_stage().as_str()),
            "{action}"
        );
    }
}

db_tests!(
    each_write_stores_what_a_replay_gives_and_only_what_moved,
    a_stage_moves_the_program_with_one_audit_event,
    a_refused_transition_writes_nothing,
    a_retraction_restores_the_derived_stage,
    an_older_program_version_is_told_what_changed,
    staff_record_over_http_and_read_the_reason_of_a_refusal,
);
