//! Creating, editing and archiving ventures (staff and admins). Duplicates — the same corporate
//! number, or a name that differs only in width, kana or spacing — are refused with a pointer to
//! the existing record. Each write is one transaction with one audit event; edits are versioned.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{hubs, venture_hub_tenancies, ventures};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionTrait,
};
use serde_json::Value;
use uuid::Uuid;

use crate::domain::text::duplicate_key;
use crate::domain::venture::ValidVenture;
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::{db::Db, state::internal};

/// A unique index refusing a write another user got in first with: the duplicate message,
/// not a server error.
fn unique_or_internal(context: &'static str) -> impl FnOnce(sea_orm::DbErr) -> AppError {
    move |e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict {
            code: "venture.duplicate_corporate_number".into(),
            detail: String::new(),
        },
        _ => internal(context)(e),
    }
}

/// The refusal for a duplicate: which rule, and the existing venture's id and name.
fn duplicate(code: &str, existing: &ventures::Model) -> AppError {
    AppError::Conflict {
        code: code.into(),
        detail: format!("{}|{}", existing.id, existing.name_ja),
    }
}

/// Refuse a venture that already exists under another id (archived ones count too: restoring
/// is better than registering twice).
async fn check_duplicates<C: ConnectionTrait>(
    c: &C,
    v: &ValidVenture,
    except: Option<Uuid>,
) -> Result<(), AppError> {
    let not_self = |q: sea_orm::Select<ventures::Entity>| match except {
        Some(id) => q.filter(ventures::Column::Id.ne(id)),
        None => q,
    };
    if let Some(number) = &v.corporate_number {
        let same = not_self(
            ventures::Entity::find().filter(ventures::Column::CorporateNumber.eq(number.clone())),
        )
        .one(c)
        .await
        .map_err(internal("checking the corporate number"))?;
        if let Some(existing) = same {
            return Err(duplicate("venture.duplicate_corporate_number", &existing));
        }
    }
    let same = not_self(
        ventures::Entity::find().filter(ventures::Column::NameKey.eq(duplicate_key(&v.name_ja))),
    )
    .one(c)
    .await
    .map_err(internal("checking the name"))?;
    match same {
        Some(existing) => Err(duplicate("venture.duplicate_name", &existing)),
        None => Ok(()),
    }
}

fn opt_date(d: Option<NaiveDate>) -> Value {
    d.map(|d| Value::String(d.to_string()))
        .unwrap_or(Value::Null)
}

/// The profile fields, before and after.
pub(crate) fn profile_changes(before: Option<&ventures::Model>, v: &ValidVenture) -> Changes {
    let b = |f: fn(&ventures::Model) -> Value| before.map(f).unwrap_or(Value::Null);
    Changes::new()
        .field(
            "name_ja",
            b(|m| m.name_ja.clone().into()),
            v.name_ja.as_str(),
        )
        .field(
            "name_en",
            b(|m| m.name_en.clone().into()),
            v.name_en.as_str(),
        )
        .field(
            "name_kana",
            b(|m| m.name_kana.clone().into()),
            v.name_kana.as_str(),
        )
        .field(
            "corporate_number",
            b(|m| m.corporate_number.clone().into()),
            v.corporate_number.clone(),
        )
        .field(
            "founded_on",
            b(|m| opt_date(m.founded_on)),
            opt_date(v.founded_on),
        )
        .field(
            "located_on",
            b(|m| opt_date(m.located_on)),
            opt_date(v.located_on),
        )
        .field(
            "origin_institution",
            b(|m| m.origin_institution.clone().into()),
            v.origin_institution.as_str(),
        )
        .field(
            "modality",
            b(|m| m.modality.clone().into()),
            v.modality.as_str(),
        )
        .field("status", b(|m| m.status.clone().into()), v.status.as_str())
        .field(
            "website",
            b(|m| m.website.clone().into()),
            v.website.as_str(),
        )
        .field(
            "summary",
            b(|m| m.summary.clone().into()),
            v.summary.as_str(),
        )
}

/// Register a venture at its hub (the stay starts on the date located, or today).
pub async fn create(
    db: &Db,
    actor: Uuid,
    v: ValidVenture,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Uuid, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let hub = hubs::Entity::find()
        .filter(hubs::Column::Code.eq(v.hub.clone()))
        .filter(hubs::Column::ArchivedAt.is_null())
        .one(&txn)
        .await
        .map_err(internal("finding the hub"))?
        .ok_or_else(|| AppError::validation("hub", "hub.unknown"))?;
    crate::ssr::db::serialize(&txn, crate::ssr::db::Lock::VentureNames).await?;
    check_duplicates(&txn, &v, None).await?;
    let id = Uuid::now_v7();
    ventures::ActiveModel {
        id: Set(id),
        corporate_number: Set(v.corporate_number.clone()),
        name_ja: Set(v.name_ja.clone()),
        name_en: Set(v.name_en.clone()),
        name_kana: Set(v.name_kana.clone()),
        name_key: Set(duplicate_key(&v.name_ja)),
        search_text: Set(v.search_text()),
        founded_on: Set(v.founded_on),
        located_on: Set(v.located_on),
        origin_institution: Set(v.origin_institution.clone()),
        modality: Set(v.modality.as_str().into()),
        status: Set(v.status.as_str().into()),
        website: Set(v.website.clone()),
        summary: Set(v.summary.clone()),
        current_hub_id: Set(hub.id),
        current_stage: Set(None),
        current_stage_rank: Set(None),
        is_generated: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(Some(actor)),
        updated_by: Set(Some(actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(unique_or_internal("inserting a venture"))?;
    venture_hub_tenancies::ActiveModel {
        id: Set(Uuid::now_v7()),
        venture_id: Set(id),
        hub_id: Set(hub.id),
        started_on: Set(v.located_on.unwrap_or(today)),
        ended_on: Set(None),
        note: Set(String::new()),
        created_at: Set(now),
        created_by: Set(Some(actor)),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting the hub stay"))?;
    audit::record(
        &txn,
        Entry {
            actor: Some(actor),
            at: now,
            entity: "venture",
            entity_id: id.to_string(),
            action: Action::Create,
            changes: profile_changes(None, &v).field("hub", Value::Null, v.hub.as_str()),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

async fn load_current<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    version: i32,
) -> Result<ventures::Model, AppError> {
    let current = ventures::Entity::find_by_id(id)
        .one(c)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(audit::stale_error(c, "venture", &id.to_string(), version).await);
    }
    // Archived ventures are kept as they were: read-only.
    if current.archived_at.is_some() {
        return Err(AppError::validation("_venture", "venture.archived"));
    }
    Ok(current)
}

/// Save an edited profile over `version` (the hub is not changed here).
pub async fn update(
    db: &Db,
    actor: Uuid,
    id: Uuid,
    version: i32,
    v: ValidVenture,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = load_current(&txn, id, version).await?;
    let changes = profile_changes(Some(&current), &v);
    if changes.is_empty() {
        return Ok(version);
    }
    crate::ssr::db::serialize(&txn, crate::ssr::db::Lock::VentureNames).await?;
    check_duplicates(&txn, &v, Some(id)).await?;
    let mut active: ventures::ActiveModel = current.into();
    active.corporate_number = Set(v.corporate_number.clone());
    active.name_ja = Set(v.name_ja.clone());
    active.name_en = Set(v.name_en.clone());
    active.name_kana = Set(v.name_kana.clone());
    active.name_key = Set(duplicate_key(&v.name_ja));
    active.search_text = Set(v.search_text());
    active.founded_on = Set(v.founded_on);
    active.located_on = Set(v.located_on);
    active.origin_institution = Set(v.origin_institution.clone());
    active.modality = Set(v.modality.as_str().into());
    active.status = Set(v.status.as_str().into());
    active.website = Set(v.website.clone());
    active.summary = Set(v.summary.clone());
    save_version(&txn, active, version, actor, now).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(actor),
            at: now,
            entity: "venture",
            entity_id: id.to_string(),
            action: Action::Update,
            changes: changes.field("version", version, version + 1),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

/// Archive (never delete): it leaves the lists, its page and history stay.
pub async fn archive(
    db: &Db,
    actor: Uuid,
    id: Uuid,
    version: i32,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = load_current(&txn, id, version).await?;
    let mut active: ventures::ActiveModel = current.into();
    active.archived_at = Set(Some(now));
    save_version(&txn, active, version, actor, now).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(actor),
            at: now,
            entity: "venture",
            entity_id: id.to_string(),
            action: Action::Archive,
            changes: Changes::new()
                .field("archived_at", Value::Null, now.to_rfc3339())
                .field("version", version, version + 1),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

/// Write over exactly `version` (a concurrent save in between is a conflict, not an overwrite).
async fn save_version<C: ConnectionTrait>(
    c: &C,
    mut active: ventures::ActiveModel,
    version: i32,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    active.version = Set(version + 1);
    active.updated_at = Set(now);
    active.updated_by = Set(Some(actor));
    ventures::Entity::update(active)
        .filter(ventures::Column::Version.eq(version))
        .exec(c)
        .await
        .map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => AppError::Conflict {
                code: "version.concurrent".into(),
                detail: String::new(),
            },
            e => internal("saving a venture")(e),
        })?;
    Ok(())
}

/// Add a program to a venture; it starts at its track's first stage, with no events.
pub async fn add_program(
    db: &Db,
    actor: Uuid,
    venture_id: Uuid,
    p: crate::domain::venture::ValidProgram,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    use entity::programs;
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    ventures::Entity::find_by_id(venture_id)
        .filter(ventures::Column::ArchivedAt.is_null())
        .one(&txn)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or(AppError::NotFound)?;
    let taken = programs::Entity::find()
        .filter(programs::Column::VentureId.eq(venture_id))
        .filter(programs::Column::Name.eq(p.name.clone()))
        .one(&txn)
        .await
        .map_err(internal("checking the program name"))?;
    if let Some(existing) = taken {
        return Err(AppError::Conflict {
            code: "program.duplicate_name".into(),
            detail: existing.id.to_string(),
        });
    }
    let start = crate::domain::stage::ProgramState::new(p.track);
    let id = Uuid::now_v7();
    programs::ActiveModel {
        id: Set(id),
        venture_id: Set(venture_id),
        name: Set(p.name.clone()),
        modality: Set(p.modality.as_str().into()),
        indication: Set(p.indication.clone()),
        track: Set(p.track.as_str().into()),
        risk_class: Set(None),
        current_stage: Set(start.current_stage().as_str().into()),
        current_stage_rank: Set(start.current_rank()),
        stage_reached_on: Set(None),
        status: Set(start.status().as_str().into()),
        last_event_on: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(Some(actor)),
        updated_by: Set(Some(actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict {
            code: "program.duplicate_name".into(),
            detail: String::new(),
        },
        _ => internal("inserting a program")(e),
    })?;
    crate::ssr::journey::refresh_venture_stage(&txn, venture_id).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(actor),
            at: now,
            entity: "program",
            entity_id: id.to_string(),
            action: Action::Create,
            changes: Changes::new()
                .field("venture_id", Value::Null, venture_id.to_string())
                .field("name", Value::Null, p.name.as_str())
                .field("modality", Value::Null, p.modality.as_str())
                .field("indication", Value::Null, p.indication.as_str())
                .field("track", Value::Null, p.track.as_str()),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}
