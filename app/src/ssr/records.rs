//! Writing trial notifications and approvals. Each write is one transaction begun on the writer
//! with one audit event (entity `trial_notification` / `approval`); edits go over the version
//! the form showed and record `"version": [old, new]`, so a stale form is told what changed.
//! What needs the database is checked here: a registry id already on the program, and an
//! approval's recorded life (extensions, reapplication, outcome) against an edit.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{approval_extensions, approvals, programs, trial_notifications, ventures};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde_json::Value;
use uuid::Uuid;

use crate::domain::approval::{ApprovalOutcome, ApprovalType, Extension};
use crate::domain::clock::Clock;
use crate::domain::records::{
    check_edit_against_history, validate_extension_form, validate_life, ApprovalFacts,
    ValidApproval, ValidNotification,
};
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::{db::Db, state::internal};

/// Who writes, and when (the instant, and today in Japan for the "not after today" checks).
#[derive(Clone, Copy, Debug)]
pub struct By {
    pub actor: Uuid,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

impl By {
    pub fn new(actor: Uuid, clock: &Clock) -> Self {
        By {
            actor,
            now: clock.now(),
            today: clock.today(),
        }
    }
}

/// The extension form as typed.
#[derive(Clone, Copy, Debug)]
pub struct ExtensionInput<'a> {
    pub extended_on: &'a str,
    pub new_expires_on: &'a str,
    pub note: &'a str,
}

/// The reapplication / outcome form as typed.
#[derive(Clone, Copy, Debug)]
pub struct LifeInput<'a> {
    pub reapplied_on: &'a str,
    pub outcome: &'a str,
    pub outcome_on: &'a str,
}

const NOTIFICATION: &str = "trial_notification";
const APPROVAL: &str = "approval";

fn date(d: NaiveDate) -> Value {
    Value::String(d.to_string())
}

fn opt_date(d: Option<NaiveDate>) -> Value {
    d.map(date).unwrap_or(Value::Null)
}

fn concurrent() -> AppError {
    AppError::Conflict {
        code: "version.concurrent".into(),
        detail: String::new(),
    }
}

/// The program records are written on: not archived, its venture not archived (archived
/// ventures are kept as they were). `lock` takes the program row until the end of the
/// transaction on PostgreSQL (SQLite writes already go one at a time), so that two writers of
/// the same program's notifications cannot both pass the duplicate check.
async fn writable_program<C: ConnectionTrait>(
    c: &C,
    program_id: Uuid,
    lock: bool,
) -> Result<programs::Model, AppError> {
    let mut q =
        programs::Entity::find_by_id(program_id).filter(programs::Column::ArchivedAt.is_null());
    if lock {
        q = q.lock_exclusive();
    }
    let program = q
        .one(c)
        .await
        .map_err(internal("loading the program"))?
        .ok_or(AppError::NotFound)?;
    let venture = ventures::Entity::find_by_id(program.venture_id)
        .one(c)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or(AppError::NotFound)?;
    if venture.archived_at.is_some() {
        return Err(AppError::validation("_venture", "venture.archived"));
    }
    Ok(program)
}

// ---------------------------------------------------------------------------------------------
// Trial notifications

/// Refuse a registry id that another (not archived) notification of the program already has.
async fn check_registry_id<C: ConnectionTrait>(
    c: &C,
    program_id: Uuid,
    registry_id: &str,
    except: Option<Uuid>,
) -> Result<(), AppError> {
    if registry_id.is_empty() {
        return Ok(());
    }
    let mut q = trial_notifications::Entity::find()
        .filter(trial_notifications::Column::ProgramId.eq(program_id))
        .filter(trial_notifications::Column::RegistryId.eq(registry_id))
        .filter(trial_notifications::Column::ArchivedAt.is_null());
    if let Some(id) = except {
        q = q.filter(trial_notifications::Column::Id.ne(id));
    }
    match q
        .one(c)
        .await
        .map_err(internal("checking the registry id"))?
    {
        Some(existing) => Err(AppError::Conflict {
            code: "trial_notification.duplicate_registry_id".into(),
            detail: format!("{}|{}", existing.id, existing.notified_on),
        }),
        None => Ok(()),
    }
}

/// The notification's fields, before and after, added to `c`.
fn notification_changes(
    c: Changes,
    before: Option<&trial_notifications::Model>,
    v: &ValidNotification,
) -> Changes {
    let b = |f: fn(&trial_notifications::Model) -> Value| before.map(f).unwrap_or(Value::Null);
    c.field(
        "notified_on",
        b(|m| date(m.notified_on)),
        date(v.notified_on),
    )
    .field(
        "sponsor",
        b(|m| m.sponsor.clone().into()),
        v.sponsor.as_str(),
    )
    .field(
        "registry_id",
        b(|m| m.registry_id.clone().into()),
        v.registry_id.as_str(),
    )
    .field("phase", b(|m| m.phase.clone().into()), v.phase.as_str())
    .field("title", b(|m| m.title.clone().into()), v.title.as_str())
    .field("note", b(|m| m.note.clone().into()), v.note.as_str())
}

pub async fn add_notification(
    db: &Db,
    by: By,
    program_id: Uuid,
    v: ValidNotification,
) -> Result<Uuid, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let program = writable_program(&txn, program_id, true).await?;
    check_registry_id(&txn, program_id, &v.registry_id, None).await?;
    let id = Uuid::now_v7();
    trial_notifications::ActiveModel {
        id: Set(id),
        program_id: Set(program_id),
        venture_id: Set(program.venture_id),
        notified_on: Set(v.notified_on),
        sponsor: Set(v.sponsor.as_str().into()),
        registry_id: Set(v.registry_id.clone()),
        phase: Set(v.phase.as_str().into()),
        title: Set(v.title.clone()),
        note: Set(v.note.clone()),
        version: Set(1),
        created_at: Set(by.now),
        updated_at: Set(by.now),
        created_by: Set(Some(by.actor)),
        updated_by: Set(Some(by.actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting a trial notification"))?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: NOTIFICATION,
            entity_id: id.to_string(),
            action: Action::Create,
            changes: notification_changes(
                Changes::new().field("program_id", Value::Null, program_id.to_string()),
                None,
                &v,
            ),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

/// The notification as stored, if the form's version is still current and it is not archived;
/// its program row is taken (see [`writable_program`]).
async fn current_notification<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    version: i32,
) -> Result<trial_notifications::Model, AppError> {
    let current = trial_notifications::Entity::find_by_id(id)
        .one(c)
        .await
        .map_err(internal("loading the notification"))?
        .ok_or(AppError::NotFound)?;
    writable_program(c, current.program_id, true).await?;
    if current.version != version {
        return Err(audit::stale_error(c, NOTIFICATION, &id.to_string(), version).await);
    }
    if current.archived_at.is_some() {
        return Err(AppError::validation("_record", "records.archived"));
    }
    Ok(current)
}

async fn save_notification<C: ConnectionTrait>(
    c: &C,
    mut active: trial_notifications::ActiveModel,
    version: i32,
    by: By,
) -> Result<(), AppError> {
    active.version = Set(version + 1);
    active.updated_at = Set(by.now);
    active.updated_by = Set(Some(by.actor));
    trial_notifications::Entity::update(active)
        .filter(trial_notifications::Column::Version.eq(version))
        .exec(c)
        .await
        .map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => concurrent(),
            e => internal("saving a notification")(e),
        })?;
    Ok(())
}

pub async fn update_notification(
    db: &Db,
    by: By,
    id: Uuid,
    version: i32,
    v: ValidNotification,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = current_notification(&txn, id, version).await?;
    let changes = notification_changes(Changes::new(), Some(&current), &v);
    if changes.is_empty() {
        return Ok(version);
    }
    check_registry_id(&txn, current.program_id, &v.registry_id, Some(id)).await?;
    let mut active: trial_notifications::ActiveModel = current.into();
    active.notified_on = Set(v.notified_on);
    active.sponsor = Set(v.sponsor.as_str().into());
    active.registry_id = Set(v.registry_id.clone());
    active.phase = Set(v.phase.as_str().into());
    active.title = Set(v.title.clone());
    active.note = Set(v.note.clone());
    save_notification(&txn, active, version, by).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: NOTIFICATION,
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

pub async fn archive_notification(
    db: &Db,
    by: By,
    id: Uuid,
    version: i32,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = current_notification(&txn, id, version).await?;
    let mut active: trial_notifications::ActiveModel = current.into();
    active.archived_at = Set(Some(by.now));
    save_notification(&txn, active, version, by).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: NOTIFICATION,
            entity_id: id.to_string(),
            action: Action::Archive,
            changes: Changes::new()
                .field("archived_at", Value::Null, by.now.to_rfc3339())
                .field("version", version, version + 1),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

// ---------------------------------------------------------------------------------------------
// Approvals

/// The extensions of these approvals, oldest first, by approval (one query).
pub async fn extensions_of<C: ConnectionTrait>(
    c: &C,
    approval_ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<approval_extensions::Model>>, AppError> {
    let mut by_approval: HashMap<Uuid, Vec<approval_extensions::Model>> = HashMap::new();
    if approval_ids.is_empty() {
        return Ok(by_approval);
    }
    for x in approval_extensions::Entity::find()
        .filter(approval_extensions::Column::ApprovalId.is_in(approval_ids))
        .order_by_asc(approval_extensions::Column::ExtendedOn)
        .order_by_asc(approval_extensions::Column::CreatedAt)
        .order_by_asc(approval_extensions::Column::Id)
        .all(c)
        .await
        .map_err(internal("loading approval extensions"))?
    {
        by_approval.entry(x.approval_id).or_default().push(x);
    }
    Ok(by_approval)
}

fn code<T: std::str::FromStr>(what: &'static str, s: &str) -> Result<T, AppError> {
    s.parse().map_err(|_| {
        tracing::error!(value = s, "unknown {what} code in the database");
        AppError::Internal
    })
}

/// An approval as stored (current version, not archived, its venture writable), with the facts
/// of its life.
async fn current_approval<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    version: i32,
) -> Result<(approvals::Model, ApprovalFacts), AppError> {
    let current = approvals::Entity::find_by_id(id)
        .one(c)
        .await
        .map_err(internal("loading the approval"))?
        .ok_or(AppError::NotFound)?;
    writable_program(c, current.program_id, false).await?;
    if current.version != version {
        return Err(audit::stale_error(c, APPROVAL, &id.to_string(), version).await);
    }
    if current.archived_at.is_some() {
        return Err(AppError::validation("_record", "records.archived"));
    }
    let extensions = extensions_of(c, vec![id])
        .await?
        .remove(&id)
        .unwrap_or_default()
        .into_iter()
        .map(|x| Extension {
            extended_on: x.extended_on,
            new_expires_on: x.new_expires_on,
        })
        .collect();
    let facts = ApprovalFacts {
        approval_type: code::<ApprovalType>("approval type", &current.approval_type)?,
        approved_on: current.approved_on,
        term_expires_on: current.term_expires_on,
        extensions,
        reapplied_on: current.reapplied_on,
        outcome: code::<ApprovalOutcome>("approval outcome", &current.outcome)?,
        outcome_on: current.outcome_on,
    };
    Ok((current, facts))
}

async fn save_approval<C: ConnectionTrait>(
    c: &C,
    mut active: approvals::ActiveModel,
    version: i32,
    by: By,
) -> Result<(), AppError> {
    active.version = Set(version + 1);
    active.updated_at = Set(by.now);
    active.updated_by = Set(Some(by.actor));
    approvals::Entity::update(active)
        .filter(approvals::Column::Version.eq(version))
        .exec(c)
        .await
        .map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => concurrent(),
            e => internal("saving an approval")(e),
        })?;
    Ok(())
}

/// The approval form's fields, before and after, added to `c`.
fn approval_changes(c: Changes, before: Option<&approvals::Model>, v: &ValidApproval) -> Changes {
    let b = |f: fn(&approvals::Model) -> Value| before.map(f).unwrap_or(Value::Null);
    c.field(
        "approval_type",
        b(|m| m.approval_type.clone().into()),
        v.approval_type.as_str(),
    )
    .field(
        "brand_name",
        b(|m| m.brand_name.clone().into()),
        v.brand_name.as_str(),
    )
    .field(
        "applied_on",
        b(|m| opt_date(m.applied_on)),
        opt_date(v.applied_on),
    )
    .field(
        "approved_on",
        b(|m| date(m.approved_on)),
        date(v.approved_on),
    )
    .field(
        "term_expires_on",
        b(|m| opt_date(m.term_expires_on)),
        opt_date(v.term_expires_on),
    )
    .field(
        "shipment_restricted",
        b(|m| m.shipment_restricted.into()),
        v.shipment_restricted,
    )
    .field(
        "shipment_restriction_note",
        b(|m| m.shipment_restriction_note.clone().into()),
        v.shipment_restriction_note.as_str(),
    )
    .field("sakigake", b(|m| m.sakigake.into()), v.sakigake)
    .field("orphan", b(|m| m.orphan.into()), v.orphan)
    .field("note", b(|m| m.note.clone().into()), v.note.as_str())
}

pub async fn add_approval(
    db: &Db,
    by: By,
    program_id: Uuid,
    v: ValidApproval,
) -> Result<Uuid, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    writable_program(&txn, program_id, false).await?;
    let id = Uuid::now_v7();
    approvals::ActiveModel {
        id: Set(id),
        program_id: Set(program_id),
        approval_type: Set(v.approval_type.as_str().into()),
        brand_name: Set(v.brand_name.clone()),
        applied_on: Set(v.applied_on),
        approved_on: Set(v.approved_on),
        term_expires_on: Set(v.term_expires_on),
        expires_on: Set(v.term_expires_on),
        reapplied_on: Set(None),
        outcome: Set(ApprovalOutcome::InForce.as_str().into()),
        outcome_on: Set(None),
        shipment_restricted: Set(v.shipment_restricted),
        shipment_restriction_note: Set(v.shipment_restriction_note.clone()),
        sakigake: Set(v.sakigake),
        orphan: Set(v.orphan),
        note: Set(v.note.clone()),
        version: Set(1),
        created_at: Set(by.now),
        updated_at: Set(by.now),
        created_by: Set(Some(by.actor)),
        updated_by: Set(Some(by.actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting an approval"))?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: APPROVAL,
            entity_id: id.to_string(),
            action: Action::Create,
            changes: approval_changes(
                Changes::new().field("program_id", Value::Null, program_id.to_string()),
                None,
                &v,
            )
            .field("expires_on", Value::Null, opt_date(v.term_expires_on))
            .field("outcome", Value::Null, ApprovalOutcome::InForce.as_str()),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

pub async fn update_approval(
    db: &Db,
    by: By,
    id: Uuid,
    version: i32,
    v: ValidApproval,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let (current, facts) = current_approval(&txn, id, version).await?;
    check_edit_against_history(&v, &facts, by.today)?;
    // The current expiry follows the first term until an extension moves it.
    let expires_on = facts
        .extensions
        .last()
        .map(|x| x.new_expires_on)
        .or(v.term_expires_on);
    let changes = approval_changes(Changes::new(), Some(&current), &v).field(
        "expires_on",
        opt_date(current.expires_on),
        opt_date(expires_on),
    );
    if changes.is_empty() {
        return Ok(version);
    }
    let mut active: approvals::ActiveModel = current.into();
    active.approval_type = Set(v.approval_type.as_str().into());
    active.brand_name = Set(v.brand_name.clone());
    active.applied_on = Set(v.applied_on);
    active.approved_on = Set(v.approved_on);
    active.term_expires_on = Set(v.term_expires_on);
    active.expires_on = Set(expires_on);
    active.shipment_restricted = Set(v.shipment_restricted);
    active.shipment_restriction_note = Set(v.shipment_restriction_note.clone());
    active.sakigake = Set(v.sakigake);
    active.orphan = Set(v.orphan);
    active.note = Set(v.note.clone());
    save_approval(&txn, active, version, by).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: APPROVAL,
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

/// Extend a conditional approval's term: the extension row and the approval's new expiry and
/// version, with one audit event on the approval.
pub async fn extend_approval(
    db: &Db,
    by: By,
    id: Uuid,
    version: i32,
    input: ExtensionInput<'_>,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let (current, facts) = current_approval(&txn, id, version).await?;
    let x = validate_extension_form(
        &facts,
        input.extended_on,
        input.new_expires_on,
        input.note,
        by.today,
    )?;
    approval_extensions::ActiveModel {
        id: Set(Uuid::now_v7()),
        approval_id: Set(id),
        extended_on: Set(x.extension.extended_on),
        new_expires_on: Set(x.extension.new_expires_on),
        note: Set(x.note.clone()),
        created_at: Set(by.now),
        created_by: Set(Some(by.actor)),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting an extension"))?;
    let before = current.expires_on;
    let mut active: approvals::ActiveModel = current.into();
    active.expires_on = Set(Some(x.extension.new_expires_on));
    save_approval(&txn, active, version, by).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: APPROVAL,
            entity_id: id.to_string(),
            action: Action::Update,
            changes: Changes::new()
                .field("extended_on", Value::Null, date(x.extension.extended_on))
                .field(
                    "expires_on",
                    opt_date(before),
                    date(x.extension.new_expires_on),
                )
                .field("extension_note", "", x.note.as_str())
                .field("version", version, version + 1),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

/// Record the reapplication for full approval and the outcome.
pub async fn record_life(
    db: &Db,
    by: By,
    id: Uuid,
    version: i32,
    input: LifeInput<'_>,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let (current, facts) = current_approval(&txn, id, version).await?;
    let life = validate_life(
        &facts,
        input.reapplied_on,
        input.outcome,
        input.outcome_on,
        by.today,
    )?;
    let changes = Changes::new()
        .field(
            "reapplied_on",
            opt_date(current.reapplied_on),
            opt_date(life.reapplied_on),
        )
        .field("outcome", current.outcome.as_str(), life.outcome.as_str())
        .field(
            "outcome_on",
            opt_date(current.outcome_on),
            opt_date(life.outcome_on),
        );
    if changes.is_empty() {
        return Ok(version);
    }
    let mut active: approvals::ActiveModel = current.into();
    active.reapplied_on = Set(life.reapplied_on);
    active.outcome = Set(life.outcome.as_str().into());
    active.outcome_on = Set(life.outcome_on);
    save_approval(&txn, active, version, by).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: APPROVAL,
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

pub async fn archive_approval(db: &Db, by: By, id: Uuid, version: i32) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let (current, _) = current_approval(&txn, id, version).await?;
    let mut active: approvals::ActiveModel = current.into();
    active.archived_at = Set(Some(by.now));
    save_approval(&txn, active, version, by).await?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: APPROVAL,
            entity_id: id.to_string(),
            action: Action::Archive,
            changes: Changes::new()
                .field("archived_at", Value::Null, by.now.to_rfc3339())
                .field("version", version, version + 1),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}
