//! Registering, editing and archiving ventures: normalised input, duplicates refused with a
//! pointer to the existing record, stale edits refused, one audit event per write.

use app::domain::account::Role;
use app::domain::venture::{validate_venture, VentureForm};
use app::error::AppError;
use app::ssr::{db::Db, venture_write, ventures};
use chrono::Utc;
use entity::{audit_events, venture_hub_tenancies, ventures as ventures_t};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::common::fixtures::*;

fn today() -> chrono::NaiveDate {
    d(2026, 11, 25)
}

async fn staff(db: &Db) -> Uuid {
    crate::common::account(db, "suzuki@pref.kanagawa.jp", "鈴木", Role::Staff)
        .await
        .id
}

fn form() -> VentureForm {
    VentureForm {
        name_ja: "株式会社セルリンク".into(),
        name_en: "CellLink Inc.".into(),
        name_kana: "せるりんく".into(),
        corporate_number: "７０００－０１２０－５０００２".into(),
        hub: "tonomachi".into(),
        founded_on: "2019-04-01".into(),
        located_on: "2020-10-01".into(),
        modality: "cell_therapy".into(),
        ..VentureForm::default()
    }
}

async fn create(db: &Db, actor: Uuid, f: &VentureForm) -> Result<Uuid, AppError> {
    let v = validate_venture(f, true, d(2026, 11, 25)).map_err(AppError::from)?;
    venture_write::create(db, actor, v, Utc::now(), today()).await
}

async fn audit_for(db: &Db, id: Uuid) -> Vec<audit_events::Model> {
    audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("venture"))
        .filter(audit_events::Column::EntityId.eq(id.to_string()))
        .all(db.read())
        .await
        .unwrap()
}

async fn a_new_venture_is_normalised_placed_at_its_hub_and_audited(db: &Db) {
    let actor = staff(db).await;
    let id = create(db, actor, &form()).await.unwrap();
    let v = ventures_t::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.corporate_number.as_deref(), Some("7000012050002"));
    assert_eq!((v.name_kana.as_str(), v.version), ("セルリンク", 1));
    assert_eq!(v.created_by, Some(actor));
    let stays = venture_hub_tenancies::Entity::find()
        .filter(venture_hub_tenancies::Column::VentureId.eq(id))
        .all(db.read())
        .await
        .unwrap();
    assert_eq!(stays.len(), 1);
    assert_eq!(stays[0].started_on, d(2020, 10, 1));
    let audit = audit_for(db, id).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "create");
    assert_eq!(
        audit[0].changes["corporate_number"],
        serde_json::json!([null, "7000012050002"])
    );
    assert_eq!(
        audit[0].changes["hub"],
        serde_json::json!([null, "tonomachi"])
    );
    // Found by the list's search in either kana.
    let page = ventures::list(
        db,
        &app::api::ventures::VentureQuery {
            q: "セルリンク".into(),
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page.total, 1);
}

async fn duplicates_are_refused_with_the_existing_record(db: &Db) {
    let actor = staff(db).await;
    let first = create(db, actor, &form()).await.unwrap();
    let before = ventures_t::Entity::find().count(db.read()).await.unwrap();
    // The same number typed differently.
    let mut again = form();
    again.name_ja = "別の会社".into();
    again.corporate_number = "7-0000-1205-0002".into();
    let err = create(db, actor, &again).await.unwrap_err();
    assert_eq!(
        err,
        AppError::Conflict {
            code: "venture.duplicate_corporate_number".into(),
            detail: format!("{first}|株式会社セルリンク"),
        }
    );
    // The same name in half-width katakana and with a space.
    let mut again = form();
    again.corporate_number.clear();
    again.name_ja = "株式会社 ｾﾙﾘﾝｸ".into();
    let err = create(db, actor, &again).await.unwrap_err();
    assert!(
        matches!(&err, AppError::Conflict { code, detail } if code == "venture.duplicate_name" && detail.starts_with(&first.to_string())),
        "{err:?}"
    );
    assert_eq!(
        ventures_t::Entity::find().count(db.read()).await.unwrap(),
        before,
        "nothing written"
    );
}

async fn edits_are_versioned_and_archiving_hides_from_the_list(db: &Db) {
    let actor = staff(db).await;
    let id = create(db, actor, &form()).await.unwrap();
    let mut edited = form();
    edited.summary = "心筋シートの開発".into();
    let v = validate_venture(&edited, false, d(2026, 11, 25)).unwrap();
    assert_eq!(
        venture_write::update(db, actor, id, 1, v.clone(), Utc::now())
            .await
            .unwrap(),
        2
    );
    let last = audit_for(db, id).await.pop().unwrap();
    assert_eq!(
        last.changes,
        serde_json::json!({"summary": ["", "心筋シートの開発"], "version": [1, 2]})
    );

    // A second form still at version 1 is told what changed, and nothing is saved.
    let mut other = form();
    other.name_en = "CellLink KK".into();
    let err = venture_write::update(
        db,
        actor,
        id,
        1,
        validate_venture(&other, false, d(2026, 11, 25)).unwrap(),
        Utc::now(),
    )
    .await
    .unwrap_err();
    let AppError::Stale { changes } = err else {
        panic!("{err:?}")
    };
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (
            changes[0].field.as_str(),
            changes[0].after.as_str(),
            changes[0].by.as_str()
        ),
        ("summary", "心筋シートの開発", "鈴木")
    );
    let stored = ventures_t::Entity::find_by_id(id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.name_en.as_str(), stored.version),
        ("CellLink Inc.", 2)
    );

    assert_eq!(
        venture_write::archive(db, actor, id, 2, Utc::now())
            .await
            .unwrap(),
        3
    );
    let page = ventures::list(
        db,
        &app::api::ventures::VentureQuery {
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(
        page.rows.iter().all(|r| r.id != id),
        "archived ventures leave the list"
    );
    let detail = ventures::detail(db, id, today()).await.unwrap();
    assert!(detail.archived, "its page stays");
    // And it stays as it was.
    let err = venture_write::update(db, actor, id, 3, v, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err, AppError::validation("_venture", "venture.archived"));
    assert_eq!(audit_for(db, id).await.len(), 3);
}

async fn a_program_starts_at_its_tracks_first_stage(db: &Db) {
    use app::domain::venture::validate_program;
    let actor = staff(db).await;
    let id = create(db, actor, &form()).await.unwrap();
    let p = validate_program(
        "CL-101 心筋シート",
        "cell_therapy",
        "重症心不全",
        "safety_act",
    )
    .unwrap();
    let pid = venture_write::add_program(db, actor, id, p.clone(), Utc::now())
        .await
        .unwrap();
    let row = entity::programs::Entity::find_by_id(pid)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.track.as_str(), row.current_stage.as_str(), row.version),
        ("safety_act", "research", 1)
    );
    let err = venture_write::add_program(db, actor, id, p, Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Conflict { code, .. } if code == "program.duplicate_name"),
        "{err:?}"
    );
    let errs = validate_program(" ", "x", "", "fda").unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["name", "modality", "track"]);
    let created = audit_events::Entity::find()
        .filter(audit_events::Column::EntityId.eq(pid.to_string()))
        .all(db.read())
        .await
        .unwrap();
    assert_eq!(created.len(), 1);
    assert_eq!(
        created[0].changes["track"],
        serde_json::json!([null, "safety_act"])
    );
}

db_tests!(
    a_program_starts_at_its_tracks_first_stage,
    a_new_venture_is_normalised_placed_at_its_hub_and_audited,
    duplicates_are_refused_with_the_existing_record,
    edits_are_versioned_and_archiving_hides_from_the_list,
);
