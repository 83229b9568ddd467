//! Stored journey state is derived data: rebuilding it from the events finds the same, and the
//! history itself cannot be edited.

use crate::common::fixtures::*;
use app::domain::stage::Track;
use app::ssr::{db::Db, journey};
use entity::{programs, stage_events};
use sea_orm::{ConnectionTrait, EntityTrait, Statement};

async fn demo_data_journeys_match_a_fresh_replay(db: &Db) {
    seeds::demo::load(db).await.expect("demo data");
    let all = programs::Entity::find().all(db.read()).await.unwrap();
    assert!(all.len() > 50, "the demo data has programs");
    for p in all {
        let track: Track = p.track.parse().unwrap();
        let replayed = journey::derive(db.read(), p.id, track).await.unwrap();
        let stored = journey::StoredJourney::load(db.read(), p.id).await.unwrap();
        assert_eq!(
            stored,
            journey::StoredJourney::from_state(&replayed),
            "program {}",
            p.name
        );
    }
}

async fn history_is_append_only(db: &Db) {
    let v = venture(
        db,
        NewVenture {
            name_ja: "株式会社テスト",
            name_en: "Test",
            kana: "テスト",
            hub: "ksp",
            located_on: None,
        },
    )
    .await;
    let p = program(db, v, "T-1", "pmd_act").await;
    let ids = events(db, p, vec![stage("phase1", d(2023, 1, 10))]).await;
    let backend = db.backend();
    let update = Statement::from_string(
        backend,
        "UPDATE stage_events SET note = 'edited'".to_string(),
    );
    assert!(
        db.write().execute(update).await.is_err(),
        "stage events cannot be edited"
    );
    let delete = Statement::from_string(backend, "DELETE FROM stage_events".to_string());
    assert!(
        db.write().execute(delete).await.is_err(),
        "stage events cannot be deleted"
    );
    app::ssr::audit::record(
        db.write(),
        app::ssr::audit::Entry {
            actor: None,
            at: chrono::Utc::now(),
            entity: "program",
            entity_id: p.to_string(),
            action: app::ssr::audit::Action::Create,
            changes: app::ssr::audit::Changes::new().field("name", serde_json::Value::Null, "T-1"),
            note: String::new(),
        },
    )
    .await
    .unwrap();
    let update = Statement::from_string(
        backend,
        "UPDATE audit_events SET note = 'edited'".to_string(),
    );
    assert!(
        db.write().execute(update).await.is_err(),
        "the audit trail cannot be edited"
    );
    let delete = Statement::from_string(backend, "DELETE FROM audit_events".to_string());
    assert!(
        db.write().execute(delete).await.is_err(),
        "the audit trail cannot be deleted"
    );
    let still = stage_events::Entity::find_by_id(ids[0])
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(still.note, "");
}

async fn retracting_an_event_rederives_the_stage(db: &Db) {
    let v = venture(
        db,
        NewVenture {
            name_ja: "株式会社テスト",
            name_en: "Test",
            kana: "テスト",
            hub: "ksp",
            located_on: None,
        },
    )
    .await;
    let p = program(db, v, "T-2", "pmd_act").await;
    let ids = events(
        db,
        p,
        vec![
            stage("phase1", d(2023, 1, 10)),
            stage("phase2", d(2024, 1, 10)),
        ],
    )
    .await;
    let prog = programs::Entity::find_by_id(p)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (prog.current_stage.as_str(), prog.stage_reached_on),
        ("phase2", Some(d(2024, 1, 10)))
    );
    events(
        db,
        p,
        vec![retract(ids[1], d(2024, 1, 11), "第II相ではなく第I相の継続")],
    )
    .await;
    let prog = programs::Entity::find_by_id(p)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (prog.current_stage.as_str(), prog.stage_reached_on),
        ("phase1", Some(d(2023, 1, 10)))
    );
    // The venture follows its most advanced program.
    let venture = entity::ventures::Entity::find_by_id(v)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(venture.current_stage.as_deref(), Some("phase1"));
    // Both the mistaken event and its retraction stay in the history.
    assert_eq!(journey::events(db.read(), p).await.unwrap().len(), 3);
}

db_tests!(
    demo_data_journeys_match_a_fresh_replay,
    history_is_append_only,
    retracting_an_event_rederives_the_stage,
);
