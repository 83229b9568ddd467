//! Small builders for test data, written through the same entities and journey code as the app.
#![allow(dead_code)]

use app::domain::text::duplicate_key;
use app::ssr::{db::Db, journey};
use chrono::{NaiveDate, TimeZone, Utc};
use entity::{hubs, programs, stage_events, venture_hub_tenancies, ventures};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use uuid::Uuid;

/// A program's current version (what a form carries to save over it).
pub async fn program_version(db: &Db, p: Uuid) -> i32 {
    programs::Entity::find_by_id(p)
        .one(db.read())
        .await
        .unwrap()
        .expect("the program")
        .version
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub async fn hub_id(db: &Db, code: &str) -> Uuid {
    hubs::Entity::find()
        .filter(hubs::Column::Code.eq(code))
        .one(db.read())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("hub {code}"))
        .id
}

pub struct NewVenture<'a> {
    pub name_ja: &'a str,
    pub name_en: &'a str,
    pub kana: &'a str,
    pub hub: &'a str,
    pub located_on: Option<NaiveDate>,
}

pub async fn venture(db: &Db, v: NewVenture<'_>) -> Uuid {
    let id = Uuid::now_v7();
    let hub = hub_id(db, v.hub).await;
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let txn = db.write().begin().await.unwrap();
    ventures::Entity::insert(ventures::ActiveModel {
        id: Set(id),
        corporate_number: Set(None),
        name_ja: Set(v.name_ja.into()),
        name_en: Set(v.name_en.into()),
        name_kana: Set(v.kana.into()),
        name_key: Set(duplicate_key(v.name_ja)),
        search_text: Set(app::domain::venture::venture_search_text(
            v.name_ja, v.name_en, v.kana,
        )),
        founded_on: Set(None),
        located_on: Set(v.located_on),
        origin_institution: Set(String::new()),
        modality: Set("cell_therapy".into()),
        status: Set("active".into()),
        website: Set(String::new()),
        summary: Set(String::new()),
        current_hub_id: Set(hub),
        current_stage: Set(None),
        current_stage_rank: Set(None),
        is_generated: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(None),
        updated_by: Set(None),
        archived_at: Set(None),
    })
    .exec(&txn)
    .await
    .unwrap();
    venture_hub_tenancies::Entity::insert(venture_hub_tenancies::ActiveModel {
        id: Set(Uuid::now_v7()),
        venture_id: Set(id),
        hub_id: Set(hub),
        started_on: Set(v.located_on.unwrap_or(d(2020, 4, 1))),
        ended_on: Set(None),
        note: Set(String::new()),
        created_at: Set(now),
        created_by: Set(None),
    })
    .exec(&txn)
    .await
    .unwrap();
    txn.commit().await.unwrap();
    id
}

pub async fn program(db: &Db, venture_id: Uuid, name: &str, track: &str) -> Uuid {
    let id = Uuid::now_v7();
    let now = Utc::now();
    let txn = db.write().begin().await.unwrap();
    programs::Entity::insert(programs::ActiveModel {
        id: Set(id),
        venture_id: Set(venture_id),
        name: Set(name.into()),
        modality: Set("cell_therapy".into()),
        indication: Set("重症心不全".into()),
        track: Set(track.into()),
        risk_class: Set(None),
        current_stage: Set("research".into()),
        current_stage_rank: Set(0),
        stage_reached_on: Set(None),
        status: Set("active".into()),
        last_event_on: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(None),
        updated_by: Set(None),
        archived_at: Set(None),
    })
    .exec(&txn)
    .await
    .unwrap();
    journey::refresh_venture_stage(&txn, venture_id)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    id
}

/// An event row: `kind` is stage / exit / resumed / retraction; `code` the stage or exit code.
pub struct Ev<'a> {
    pub kind: &'a str,
    pub code: Option<&'a str>,
    pub on: NaiveDate,
    pub retracts: Option<Uuid>,
    pub reason: Option<&'a str>,
}

pub fn stage(code: &str, on: NaiveDate) -> Ev<'_> {
    Ev {
        kind: "stage",
        code: Some(code),
        on,
        retracts: None,
        reason: None,
    }
}

pub fn exit(code: &str, on: NaiveDate) -> Ev<'_> {
    Ev {
        kind: "exit",
        code: Some(code),
        on,
        retracts: None,
        reason: None,
    }
}

pub fn retract(id: Uuid, on: NaiveDate, reason: &str) -> Ev<'_> {
    Ev {
        kind: "retraction",
        code: None,
        on,
        retracts: Some(id),
        reason: Some(reason),
    }
}

/// Append events (in order) and rebuild the program's stored state in one transaction.
pub async fn events(db: &Db, program_id: Uuid, evs: Vec<Ev<'_>>) -> Vec<Uuid> {
    let txn = db.write().begin().await.unwrap();
    let mut ids = Vec::new();
    // Recorded after every earlier event of the program (replay order is recording order).
    let last = journey::events(&txn, program_id)
        .await
        .unwrap()
        .last()
        .map(|e| e.recorded_at);
    let base = match last {
        Some(l) if l >= Utc::now() => l + chrono::TimeDelta::milliseconds(1),
        _ => Utc::now(),
    };
    for (i, e) in evs.into_iter().enumerate() {
        let id = Uuid::now_v7();
        stage_events::Entity::insert(stage_events::ActiveModel {
            id: Set(id),
            program_id: Set(program_id),
            kind: Set(e.kind.into()),
            stage: Set((e.kind == "stage").then(|| e.code.unwrap().to_string())),
            exit_kind: Set((e.kind == "exit").then(|| e.code.unwrap().to_string())),
            occurred_on: Set(e.on),
            date_precision: Set("day".into()),
            source_url: Set(String::new()),
            note: Set(String::new()),
            retracts_event_id: Set(e.retracts),
            reason: Set(e.reason.map(str::to_string)),
            recorded_by: Set(None),
            recorded_at: Set(base + chrono::TimeDelta::milliseconds(i as i64)),
            is_generated: Set(false),
        })
        .exec(&txn)
        .await
        .unwrap();
        ids.push(id);
    }
    journey::rebuild_program(&txn, program_id).await.unwrap();
    txn.commit().await.unwrap();
    ids
}
