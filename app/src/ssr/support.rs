//! RINK support on the database: the support log and its follow-ups, working groups, their
//! members and meetings; the reads of the pages and the CSV exports.
//!
//! Every write is one transaction begun on the writer with one audit event (entities
//! `support_log`, `working_group`, `working_group_member`, `meeting`); edits go over the version
//! the form showed (`UPDATE … WHERE version = ?`) and record `"version": [old, new]`, so a stale
//! form is told what changed. Checked here because they need the database: the venture exists
//! and is not archived, the group exists and is not closed (a closed group accepts no new
//! support; an entry already in it may keep it), a group code is not taken.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use entity::{meetings, support_logs, users, ventures, working_group_members, working_groups};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde_json::Value;
use uuid::Uuid;

use crate::api::support::{
    Choice, GroupChoice, GroupList, GroupPage, GroupRow, MeetingDto, MemberDto, MyFollowUps,
    SupportDto, VentureSupport, RECENTLY_DONE,
};
use crate::domain::fiscal::FiscalYear;
use crate::domain::support::{
    is_overdue, Member, SupportKind, SupportSummary, ValidGroup, ValidMeeting, ValidMember,
    ValidSupport,
};
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::records::By;
use crate::ssr::state::AppState;
use crate::ssr::{db::Db, state::internal};

const SUPPORT: &str = "support_log";
const GROUP: &str = "working_group";
const MEMBER: &str = "working_group_member";
const MEETING: &str = "meeting";

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

fn refuse(field: &str, code: &str) -> AppError {
    AppError::validation(field, code)
}

// ---------------------------------------------------------------------------------------------
// Lookups inside a transaction

async fn group_by_code<C: ConnectionTrait>(
    c: &C,
    code: &str,
) -> Result<Option<working_groups::Model>, AppError> {
    working_groups::Entity::find()
        .filter(working_groups::Column::Code.eq(code.trim().to_ascii_lowercase()))
        .filter(working_groups::Column::ArchivedAt.is_null())
        .one(c)
        .await
        .map_err(internal("loading a working group"))
}

/// The group new support is logged under: it exists and is not closed.
async fn open_group<C: ConnectionTrait>(
    c: &C,
    code: &str,
) -> Result<working_groups::Model, AppError> {
    let g = group_by_code(c, code)
        .await?
        .ok_or_else(|| refuse("working_group", "working_group.unknown"))?;
    if let Some(closed) = g.closed_on {
        return Err(AppError::Validation {
            errors: vec![
                crate::domain::FieldError::new("working_group", "working_group.closed")
                    .with_param("closed_on", closed),
            ],
        });
    }
    Ok(g)
}

/// A venture support is logged on (or a member): it exists and is not archived.
async fn writable_venture<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    field: &str,
) -> Result<ventures::Model, AppError> {
    let v = ventures::Entity::find_by_id(id)
        .one(c)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or_else(|| refuse(field, &format!("{field}.unknown")))?;
    if v.archived_at.is_some() {
        return Err(refuse(field, "venture.archived"));
    }
    Ok(v)
}

// ---------------------------------------------------------------------------------------------
// The support log

fn support_changes(
    c: Changes,
    before: Option<&support_logs::Model>,
    after: &SupportRow,
) -> Changes {
    let b = |f: fn(&support_logs::Model) -> Value| before.map(f).unwrap_or(Value::Null);
    c.field(
        "venture_id",
        b(|m| m.venture_id.to_string().into()),
        after.venture_id.to_string(),
    )
    .field(
        "working_group",
        b(|m| {
            m.working_group_id
                .map(|g| Value::String(g.to_string()))
                .unwrap_or(Value::Null)
        }),
        after
            .working_group_id
            .map(|g| Value::String(g.to_string()))
            .unwrap_or(Value::Null),
    )
    .field(
        "supported_on",
        b(|m| date(m.supported_on)),
        date(after.supported_on),
    )
    .field("kind", b(|m| m.kind.clone().into()), after.kind.as_str())
    .field(
        "summary",
        b(|m| m.summary.clone().into()),
        after.summary.as_str(),
    )
    .field(
        "outcome",
        b(|m| m.outcome.clone().into()),
        after.outcome.as_str(),
    )
    .field(
        "follow_up_on",
        b(|m| opt_date(m.follow_up_on)),
        opt_date(after.follow_up_on),
    )
}

/// A checked record with its group resolved.
struct SupportRow {
    venture_id: Uuid,
    working_group_id: Option<Uuid>,
    supported_on: NaiveDate,
    kind: SupportKind,
    summary: String,
    outcome: String,
    follow_up_on: Option<NaiveDate>,
}

/// Resolve the form's group: new support needs an open group; an edit may keep the closed
/// group the entry is already in.
async fn resolve<C: ConnectionTrait>(
    c: &C,
    v: ValidSupport,
    keep: Option<Uuid>,
) -> Result<SupportRow, AppError> {
    writable_venture(c, v.venture_id, "venture_id").await?;
    let working_group_id = match &v.working_group {
        None => None,
        Some(code) => {
            let g = group_by_code(c, code)
                .await?
                .ok_or_else(|| refuse("working_group", "working_group.unknown"))?;
            if g.closed_on.is_some() && keep != Some(g.id) {
                open_group(c, code).await?;
            }
            Some(g.id)
        }
    };
    Ok(SupportRow {
        venture_id: v.venture_id,
        working_group_id,
        supported_on: v.supported_on,
        kind: v.kind,
        summary: v.summary,
        outcome: v.outcome,
        follow_up_on: v.follow_up_on,
    })
}

pub async fn log_support(db: &Db, by: By, v: ValidSupport) -> Result<Uuid, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let row = resolve(&txn, v, None).await?;
    let id = Uuid::now_v7();
    support_logs::ActiveModel {
        id: Set(id),
        venture_id: Set(row.venture_id),
        working_group_id: Set(row.working_group_id),
        coordinator_id: Set(by.actor),
        supported_on: Set(row.supported_on),
        kind: Set(row.kind.as_str().into()),
        summary: Set(row.summary.clone()),
        outcome: Set(row.outcome.clone()),
        follow_up_on: Set(row.follow_up_on),
        follow_up_done_at: Set(None),
        follow_up_outcome: Set(String::new()),
        is_generated: Set(false),
        version: Set(1),
        created_at: Set(by.now),
        updated_at: Set(by.now),
        created_by: Set(Some(by.actor)),
        updated_by: Set(Some(by.actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting a support log"))?;
    audit::record(
        &txn,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity: SUPPORT,
            entity_id: id.to_string(),
            action: Action::Create,
            changes: support_changes(
                Changes::new().field("coordinator_id", Value::Null, by.actor.to_string()),
                None,
                &row,
            ),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

/// The record as stored, if the form's version is still current and it is not archived.
async fn current_support<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    version: i32,
) -> Result<support_logs::Model, AppError> {
    let current = support_logs::Entity::find_by_id(id)
        .one(c)
        .await
        .map_err(internal("loading the support log"))?
        .ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(audit::stale_error(c, SUPPORT, &id.to_string(), version).await);
    }
    if current.archived_at.is_some() {
        return Err(refuse("_record", "records.archived"));
    }
    Ok(current)
}

async fn save_support<C: ConnectionTrait>(
    c: &C,
    mut active: support_logs::ActiveModel,
    version: i32,
    by: By,
) -> Result<(), AppError> {
    active.version = Set(version + 1);
    active.updated_at = Set(by.now);
    active.updated_by = Set(Some(by.actor));
    support_logs::Entity::update(active)
        .filter(support_logs::Column::Version.eq(version))
        .exec(c)
        .await
        .map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => concurrent(),
            e => internal("saving a support log")(e),
        })?;
    Ok(())
}

async fn audit_update<C: ConnectionTrait>(
    c: &C,
    by: By,
    entity: &str,
    id: Uuid,
    action: Action,
    changes: Changes,
) -> Result<(), AppError> {
    audit::record(
        c,
        Entry {
            actor: Some(by.actor),
            at: by.now,
            entity,
            entity_id: id.to_string(),
            action,
            changes,
            note: String::new(),
        },
    )
    .await
    .map(|_| ())
}

pub async fn update_support(
    db: &Db,
    by: By,
    id: Uuid,
    version: i32,
    v: ValidSupport,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = current_support(&txn, id, version).await?;
    let row = resolve(&txn, v, current.working_group_id).await?;
    let changes = support_changes(Changes::new(), Some(&current), &row);
    if changes.is_empty() {
        return Ok(version);
    }
    let mut active: support_logs::ActiveModel = current.into();
    active.venture_id = Set(row.venture_id);
    active.working_group_id = Set(row.working_group_id);
    active.supported_on = Set(row.supported_on);
    active.kind = Set(row.kind.as_str().into());
    active.summary = Set(row.summary.clone());
    active.outcome = Set(row.outcome.clone());
    active.follow_up_on = Set(row.follow_up_on);
    save_support(&txn, active, version, by).await?;
    audit_update(
        &txn,
        by,
        SUPPORT,
        id,
        Action::Update,
        changes.field("version", version, version + 1),
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

pub async fn archive_support(db: &Db, by: By, id: Uuid, version: i32) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = current_support(&txn, id, version).await?;
    let mut active: support_logs::ActiveModel = current.into();
    active.archived_at = Set(Some(by.now));
    save_support(&txn, active, version, by).await?;
    audit_update(
        &txn,
        by,
        SUPPORT,
        id,
        Action::Archive,
        Changes::new()
            .field("archived_at", Value::Null, by.now.to_rfc3339())
            .field("version", version, version + 1),
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

pub async fn follow_up_done(
    db: &Db,
    by: By,
    id: Uuid,
    version: i32,
    outcome: String,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let current = current_support(&txn, id, version).await?;
    if current.follow_up_on.is_none() {
        return Err(refuse("_record", "support.no_follow_up"));
    }
    if current.follow_up_done_at.is_some() {
        return Err(refuse("_record", "support.follow_up_already_done"));
    }
    let mut active: support_logs::ActiveModel = current.into();
    active.follow_up_done_at = Set(Some(by.now));
    active.follow_up_outcome = Set(outcome.clone());
    save_support(&txn, active, version, by).await?;
    audit_update(
        &txn,
        by,
        SUPPORT,
        id,
        Action::Update,
        Changes::new()
            .field("follow_up_done_at", Value::Null, by.now.to_rfc3339())
            .field("follow_up_outcome", "", outcome.as_str())
            .field("version", version, version + 1),
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

// ---------------------------------------------------------------------------------------------
// Groups, members, meetings

pub async fn add_group(db: &Db, by: By, v: ValidGroup) -> Result<String, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    if working_groups::Entity::find()
        .filter(working_groups::Column::Code.eq(v.code.as_str()))
        .one(&txn)
        .await
        .map_err(internal("checking the group code"))?
        .is_some()
    {
        return Err(refuse("code", "group.code_taken"));
    }
    let parent_id = match &v.parent {
        None => None,
        Some(p) => Some(
            group_by_code(&txn, p)
                .await?
                .ok_or_else(|| refuse("parent", "parent.unknown"))?
                .id,
        ),
    };
    let last = working_groups::Entity::find()
        .order_by_desc(working_groups::Column::SortOrder)
        .one(&txn)
        .await
        .map_err(internal("loading the groups"))?
        .map_or(0, |g| g.sort_order);
    let id = Uuid::now_v7();
    working_groups::ActiveModel {
        id: Set(id),
        code: Set(v.code.clone()),
        kind: Set(v.kind.as_str().into()),
        parent_id: Set(parent_id),
        name_ja: Set(v.name_ja.clone()),
        name_en: Set(v.name_en.clone()),
        description: Set(v.description.clone()),
        closed_on: Set(None),
        sort_order: Set(last + 1),
        version: Set(1),
        created_at: Set(by.now),
        updated_at: Set(by.now),
        created_by: Set(Some(by.actor)),
        updated_by: Set(Some(by.actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting a working group"))?;
    audit_update(
        &txn,
        by,
        GROUP,
        id,
        Action::Create,
        Changes::new()
            .field("code", Value::Null, v.code.as_str())
            .field("kind", Value::Null, v.kind.as_str())
            .field(
                "parent",
                Value::Null,
                v.parent.clone().map(Value::String).unwrap_or(Value::Null),
            )
            .field("name_ja", Value::Null, v.name_ja.as_str())
            .field("name_en", Value::Null, v.name_en.as_str())
            .field("description", Value::Null, v.description.as_str()),
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(v.code)
}

pub async fn close_group(
    db: &Db,
    by: By,
    code: &str,
    version: i32,
    closed_on: NaiveDate,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let g = group_by_code(&txn, code).await?.ok_or(AppError::NotFound)?;
    if g.version != version {
        return Err(audit::stale_error(&txn, GROUP, &g.id.to_string(), version).await);
    }
    if g.closed_on.is_some() {
        return Err(refuse("closed_on", "working_group.already_closed"));
    }
    let id = g.id;
    let mut active: working_groups::ActiveModel = g.into();
    active.closed_on = Set(Some(closed_on));
    active.version = Set(version + 1);
    active.updated_at = Set(by.now);
    active.updated_by = Set(Some(by.actor));
    working_groups::Entity::update(active)
        .filter(working_groups::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => concurrent(),
            e => internal("closing a group")(e),
        })?;
    audit_update(
        &txn,
        by,
        GROUP,
        id,
        Action::Update,
        Changes::new()
            .field("closed_on", Value::Null, date(closed_on))
            .field("version", version, version + 1),
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}

pub async fn add_member(db: &Db, by: By, code: &str, v: ValidMember) -> Result<Uuid, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let g = group_by_code(&txn, code).await?.ok_or(AppError::NotFound)?;
    let (kind, user_id, venture_id, organisation) = match &v.member {
        Member::Coordinator(u) => {
            let user = users::Entity::find_by_id(*u)
                .one(&txn)
                .await
                .map_err(internal("loading the user"))?
                .filter(|u| u.disabled_at.is_none() && u.archived_at.is_none())
                .ok_or_else(|| refuse("user_id", "user_id.unknown"))?;
            ("coordinator", Some(user.id), None, None)
        }
        Member::Venture(id) => {
            writable_venture(&txn, *id, "venture_id").await?;
            ("venture", None, Some(*id), None)
        }
        Member::Organisation(name) => ("organisation", None, None, Some(name.clone())),
    };
    let id = Uuid::now_v7();
    working_group_members::ActiveModel {
        id: Set(id),
        working_group_id: Set(g.id),
        member_kind: Set(kind.into()),
        user_id: Set(user_id),
        venture_id: Set(venture_id),
        organisation_name: Set(organisation.clone()),
        role: Set(v.role.clone()),
        joined_on: Set(v.joined_on),
        left_on: Set(v.left_on),
        version: Set(1),
        created_at: Set(by.now),
        updated_at: Set(by.now),
        created_by: Set(Some(by.actor)),
        updated_by: Set(Some(by.actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting a member"))?;
    let opt_id = |u: Option<Uuid>| {
        u.map(|u| Value::String(u.to_string()))
            .unwrap_or(Value::Null)
    };
    audit_update(
        &txn,
        by,
        MEMBER,
        id,
        Action::Create,
        Changes::new()
            .field("working_group", Value::Null, g.code.as_str())
            .field("member_kind", Value::Null, kind)
            .field("user_id", Value::Null, opt_id(user_id))
            .field("venture_id", Value::Null, opt_id(venture_id))
            .field(
                "organisation_name",
                Value::Null,
                organisation.map(Value::String).unwrap_or(Value::Null),
            )
            .field("role", Value::Null, v.role.as_str())
            .field("joined_on", Value::Null, opt_date(v.joined_on))
            .field("left_on", Value::Null, opt_date(v.left_on)),
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

pub async fn add_meeting(db: &Db, by: By, code: &str, v: ValidMeeting) -> Result<Uuid, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let g = group_by_code(&txn, code).await?.ok_or(AppError::NotFound)?;
    let id = Uuid::now_v7();
    meetings::ActiveModel {
        id: Set(id),
        working_group_id: Set(g.id),
        held_on: Set(v.held_on),
        title: Set(v.title.clone()),
        agenda: Set(v.agenda.clone()),
        attendees: Set(v.attendees.clone()),
        minutes_summary: Set(v.minutes_summary.clone()),
        version: Set(1),
        created_at: Set(by.now),
        updated_at: Set(by.now),
        created_by: Set(Some(by.actor)),
        updated_by: Set(Some(by.actor)),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(internal("inserting a meeting"))?;
    audit_update(
        &txn,
        by,
        MEETING,
        id,
        Action::Create,
        Changes::new()
            .field("working_group", Value::Null, g.code.as_str())
            .field("held_on", Value::Null, date(v.held_on))
            .field("title", Value::Null, v.title.as_str())
            .field("agenda", Value::Null, v.agenda.as_str())
            .field("attendees", Value::Null, v.attendees.as_str())
            .field("minutes_summary", Value::Null, v.minutes_summary.as_str()),
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------------
// Reads

/// Counts per group id from a `(group id, count)` query.
async fn counts_by_group<C: ConnectionTrait>(
    c: &C,
    cond: Condition,
) -> Result<HashMap<Uuid, u32>, AppError> {
    let rows: Vec<(Option<Uuid>, i64)> = support_logs::Entity::find()
        .select_only()
        .column(support_logs::Column::WorkingGroupId)
        .column_as(support_logs::Column::Id.count(), "n")
        .filter(support_logs::Column::ArchivedAt.is_null())
        .filter(support_logs::Column::WorkingGroupId.is_not_null())
        .filter(cond)
        .group_by(support_logs::Column::WorkingGroupId)
        .into_tuple()
        .all(c)
        .await
        .map_err(internal("counting support"))?;
    Ok(rows
        .into_iter()
        .filter_map(|(g, n)| g.map(|g| (g, u32::try_from(n).unwrap_or(u32::MAX))))
        .collect())
}

fn overdue_condition(today: NaiveDate) -> Condition {
    Condition::all()
        .add(support_logs::Column::FollowUpOn.lt(today))
        .add(support_logs::Column::FollowUpDoneAt.is_null())
}

/// Every group with its counts, in their order (statements: groups, members, two counts).
async fn group_rows(db: &Db, today: NaiveDate) -> Result<Vec<GroupRow>, AppError> {
    let c = db.read();
    let groups = working_groups::Entity::find()
        .filter(working_groups::Column::ArchivedAt.is_null())
        .order_by_asc(working_groups::Column::SortOrder)
        .order_by_asc(working_groups::Column::Code)
        .all(c)
        .await
        .map_err(internal("loading working groups"))?;
    let member_rows: Vec<(Uuid, i64)> = working_group_members::Entity::find()
        .select_only()
        .column(working_group_members::Column::WorkingGroupId)
        .column_as(working_group_members::Column::Id.count(), "n")
        .filter(working_group_members::Column::ArchivedAt.is_null())
        .filter(
            Condition::any()
                .add(working_group_members::Column::LeftOn.is_null())
                .add(working_group_members::Column::LeftOn.gte(today)),
        )
        .group_by(working_group_members::Column::WorkingGroupId)
        .into_tuple()
        .all(c)
        .await
        .map_err(internal("counting members"))?;
    let members: HashMap<Uuid, u32> = member_rows
        .into_iter()
        .map(|(g, n)| (g, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect();
    let fy = FiscalYear::of(today);
    let this_year = counts_by_group(
        c,
        Condition::all()
            .add(support_logs::Column::SupportedOn.gte(fy.start()))
            .add(support_logs::Column::SupportedOn.lte(fy.end())),
    )
    .await?;
    let overdue = counts_by_group(c, overdue_condition(today)).await?;
    let codes: HashMap<Uuid, String> = groups.iter().map(|g| (g.id, g.code.clone())).collect();
    Ok(groups
        .into_iter()
        .map(|g| GroupRow {
            parent_code: g.parent_id.and_then(|p| codes.get(&p).cloned()),
            members: members.get(&g.id).copied().unwrap_or(0),
            support_this_year: this_year.get(&g.id).copied().unwrap_or(0),
            overdue: overdue.get(&g.id).copied().unwrap_or(0),
            code: g.code,
            kind: g.kind,
            name_ja: g.name_ja,
            name_en: g.name_en,
            description: g.description,
            closed_on: g.closed_on,
            version: g.version,
        })
        .collect())
}

pub async fn groups(db: &Db, today: NaiveDate) -> Result<GroupList, AppError> {
    Ok(GroupList {
        today,
        fiscal_year: FiscalYear::of(today),
        groups: group_rows(db, today).await?,
    })
}

/// Support records as DTOs, with their venture, group and coordinator names (one query each).
pub(crate) async fn dtos<C: ConnectionTrait>(
    c: &C,
    rows: Vec<support_logs::Model>,
    today: NaiveDate,
) -> Result<Vec<SupportDto>, AppError> {
    let mut venture_ids: Vec<Uuid> = rows.iter().map(|r| r.venture_id).collect();
    venture_ids.sort();
    venture_ids.dedup();
    let mut user_ids: Vec<Uuid> = rows.iter().map(|r| r.coordinator_id).collect();
    user_ids.sort();
    user_ids.dedup();
    // Always the same three statements, whatever the rows (an empty IN matches nothing).
    let ventures: HashMap<Uuid, String> = ventures::Entity::find()
        .filter(ventures::Column::Id.is_in(venture_ids))
        .all(c)
        .await
        .map_err(internal("loading ventures"))?
        .into_iter()
        .map(|v| (v.id, v.name_ja))
        .collect();
    let users: HashMap<Uuid, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(user_ids))
        .all(c)
        .await
        .map_err(internal("loading users"))?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let groups: HashMap<Uuid, working_groups::Model> = working_groups::Entity::find()
        .all(c)
        .await
        .map_err(internal("loading working groups"))?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let g = r.working_group_id.and_then(|g| groups.get(&g));
            SupportDto {
                overdue: is_overdue(r.follow_up_on, r.follow_up_done_at.is_some(), today),
                id: r.id,
                version: r.version,
                venture_id: r.venture_id,
                venture_name: ventures.get(&r.venture_id).cloned().unwrap_or_default(),
                group_code: g.map(|g| g.code.clone()).unwrap_or_default(),
                group_name_ja: g.map(|g| g.name_ja.clone()).unwrap_or_default(),
                group_name_en: g.map(|g| g.name_en.clone()).unwrap_or_default(),
                coordinator_id: r.coordinator_id,
                coordinator_name: users.get(&r.coordinator_id).cloned().unwrap_or_default(),
                supported_on: r.supported_on,
                kind: r.kind,
                summary: r.summary,
                outcome: r.outcome,
                follow_up_on: r.follow_up_on,
                follow_up_done_at: r.follow_up_done_at,
                follow_up_outcome: r.follow_up_outcome,
            }
        })
        .collect())
}

fn summary_of(rows: &[support_logs::Model]) -> SupportSummary {
    SupportSummary::of(rows.iter().filter_map(|r| {
        r.kind
            .parse::<SupportKind>()
            .ok()
            .map(|k| (r.supported_on, k))
    }))
}

/// The support log newest first (date, then recording order).
fn newest_first(q: sea_orm::Select<support_logs::Entity>) -> sea_orm::Select<support_logs::Entity> {
    q.filter(support_logs::Column::ArchivedAt.is_null())
        .order_by_desc(support_logs::Column::SupportedOn)
        .order_by_desc(support_logs::Column::Id)
}

pub async fn group_page(db: &Db, code: &str, today: NaiveDate) -> Result<GroupPage, AppError> {
    let c = db.read();
    let rows = group_rows(db, today).await?;
    let code = code.trim().to_ascii_lowercase();
    let group = rows
        .iter()
        .find(|g| g.code == code)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let parent = group
        .parent_code
        .as_ref()
        .and_then(|p| rows.iter().find(|g| &g.code == p));
    let (parent_name_ja, parent_name_en) = parent
        .map(|p| (p.name_ja.clone(), p.name_en.clone()))
        .unwrap_or_default();
    let g = group_by_code(c, &code).await?.ok_or(AppError::NotFound)?;
    let member_models = working_group_members::Entity::find()
        .filter(working_group_members::Column::WorkingGroupId.eq(g.id))
        .filter(working_group_members::Column::ArchivedAt.is_null())
        .order_by_asc(working_group_members::Column::MemberKind)
        .order_by_asc(working_group_members::Column::JoinedOn)
        .order_by_asc(working_group_members::Column::Id)
        .all(c)
        .await
        .map_err(internal("loading members"))?;
    let all_ventures = ventures::Entity::find()
        .filter(ventures::Column::ArchivedAt.is_null())
        .order_by_asc(ventures::Column::NameKana)
        .order_by_asc(ventures::Column::Id)
        .all(c)
        .await
        .map_err(internal("loading ventures"))?;
    let venture_names: HashMap<Uuid, String> = all_ventures
        .iter()
        .map(|v| (v.id, v.name_ja.clone()))
        .collect();
    let all_users = users::Entity::find()
        .filter(users::Column::ArchivedAt.is_null())
        .order_by_asc(users::Column::DisplayName)
        .all(c)
        .await
        .map_err(internal("loading users"))?;
    let user_names: HashMap<Uuid, String> = all_users
        .iter()
        .map(|u| (u.id, u.display_name.clone()))
        .collect();
    let members: Vec<MemberDto> = member_models
        .iter()
        .map(|m| MemberDto {
            id: m.id,
            member_kind: m.member_kind.clone(),
            name: match m.member_kind.as_str() {
                "coordinator" => m
                    .user_id
                    .and_then(|u| user_names.get(&u).cloned())
                    .unwrap_or_default(),
                "venture" => m
                    .venture_id
                    .and_then(|v| venture_names.get(&v).cloned())
                    .unwrap_or_default(),
                _ => m.organisation_name.clone().unwrap_or_default(),
            },
            venture_id: m.venture_id,
            role: m.role.clone(),
            joined_on: m.joined_on,
            left_on: m.left_on,
        })
        .collect();
    let meetings = meetings::Entity::find()
        .filter(meetings::Column::WorkingGroupId.eq(g.id))
        .filter(meetings::Column::ArchivedAt.is_null())
        .order_by_desc(meetings::Column::HeldOn)
        .order_by_desc(meetings::Column::Id)
        .all(c)
        .await
        .map_err(internal("loading meetings"))?
        .into_iter()
        .map(|m| MeetingDto {
            id: m.id,
            held_on: m.held_on,
            title: m.title,
            agenda: m.agenda,
            attendees: m.attendees,
            minutes_summary: m.minutes_summary,
        })
        .collect();
    let logs = newest_first(
        support_logs::Entity::find().filter(support_logs::Column::WorkingGroupId.eq(g.id)),
    )
    .all(c)
    .await
    .map_err(internal("loading support logs"))?;
    let summary = summary_of(&logs);
    let support = dtos(c, logs, today).await?;
    let mut overdue: Vec<SupportDto> = support.iter().filter(|s| s.overdue).cloned().collect();
    overdue.sort_by_key(|s| (s.follow_up_on, s.supported_on));
    // Member ventures first, then every other venture.
    let member_ventures: Vec<Uuid> = members.iter().filter_map(|m| m.venture_id).collect();
    let mut choices: Vec<Choice> = all_ventures
        .iter()
        .filter(|v| member_ventures.contains(&v.id))
        .chain(
            all_ventures
                .iter()
                .filter(|v| !member_ventures.contains(&v.id)),
        )
        .map(|v| Choice {
            id: v.id,
            name: v.name_ja.clone(),
        })
        .collect();
    choices.dedup_by_key(|c| c.id);
    let coordinators = all_users
        .iter()
        .filter(|u| u.disabled_at.is_none() && (u.role == "coordinator" || u.role == "admin"))
        .map(|u| Choice {
            id: u.id,
            name: u.display_name.clone(),
        })
        .collect();
    Ok(GroupPage {
        today,
        group,
        parent_name_ja,
        parent_name_en,
        members,
        meetings,
        support,
        overdue,
        summary,
        ventures: choices,
        coordinators,
    })
}

pub async fn my_follow_ups(db: &Db, user: Uuid, today: NaiveDate) -> Result<MyFollowUps, AppError> {
    let c = db.read();
    let mine = || {
        support_logs::Entity::find()
            .filter(support_logs::Column::CoordinatorId.eq(user))
            .filter(support_logs::Column::ArchivedAt.is_null())
            .filter(support_logs::Column::FollowUpOn.is_not_null())
    };
    let open = mine()
        .filter(support_logs::Column::FollowUpDoneAt.is_null())
        .order_by_asc(support_logs::Column::FollowUpOn)
        .order_by_asc(support_logs::Column::SupportedOn)
        .order_by_asc(support_logs::Column::Id)
        .all(c)
        .await
        .map_err(internal("loading follow-ups"))?;
    let done = mine()
        .filter(support_logs::Column::FollowUpDoneAt.is_not_null())
        .order_by_desc(support_logs::Column::FollowUpDoneAt)
        .order_by_desc(support_logs::Column::Id)
        .limit(RECENTLY_DONE as u64)
        .all(c)
        .await
        .map_err(internal("loading follow-ups"))?;
    let mut open = dtos(c, open, today).await?;
    // Overdue first (already so by date; kept explicit), then by date.
    open.sort_by_key(|s| (!s.overdue, s.follow_up_on, s.supported_on));
    Ok(MyFollowUps {
        today,
        open,
        done: dtos(c, done, today).await?,
    })
}

pub async fn venture_support(
    db: &Db,
    venture: Uuid,
    today: NaiveDate,
) -> Result<VentureSupport, AppError> {
    let c = db.read();
    ventures::Entity::find_by_id(venture)
        .one(c)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or(AppError::NotFound)?;
    let logs = newest_first(
        support_logs::Entity::find().filter(support_logs::Column::VentureId.eq(venture)),
    )
    .all(c)
    .await
    .map_err(internal("loading support logs"))?;
    let summary = summary_of(&logs);
    let groups = working_groups::Entity::find()
        .filter(working_groups::Column::ArchivedAt.is_null())
        .filter(working_groups::Column::ClosedOn.is_null())
        .order_by_asc(working_groups::Column::SortOrder)
        .order_by_asc(working_groups::Column::Code)
        .all(c)
        .await
        .map_err(internal("loading working groups"))?
        .into_iter()
        .map(|g| GroupChoice {
            code: g.code,
            name_ja: g.name_ja,
            name_en: g.name_en,
        })
        .collect();
    Ok(VentureSupport {
        today,
        support: dtos(c, logs, today).await?,
        summary,
        groups,
    })
}

// ---------------------------------------------------------------------------------------------
// CSV exports

pub const SUPPORT_COLUMNS: &[&str] = &[
    "id",
    "supported_on",
    "fiscal_year",
    "venture_id",
    "venture_name_ja",
    "working_group",
    "kind",
    "coordinator",
    "summary",
    "outcome",
    "follow_up_on",
    "follow_up_done_at",
    "follow_up_outcome",
];

pub const SUMMARY_COLUMNS: &[&str] = &[
    "working_group",
    "working_group_name_ja",
    "fiscal_year",
    "kind",
    "count",
];

/// The support log as CSV rows, oldest first; only a group's (`wg`) or a venture's if asked.
pub async fn support_rows(
    db: &Db,
    wg: Option<&str>,
    venture: Option<Uuid>,
    today: NaiveDate,
) -> Result<Vec<Vec<String>>, AppError> {
    let c = db.read();
    let mut q = support_logs::Entity::find().filter(support_logs::Column::ArchivedAt.is_null());
    if let Some(code) = wg {
        let g = group_by_code(c, code).await?.ok_or(AppError::NotFound)?;
        q = q.filter(support_logs::Column::WorkingGroupId.eq(g.id));
    }
    if let Some(v) = venture {
        q = q.filter(support_logs::Column::VentureId.eq(v));
    }
    let rows = q
        .order_by_asc(support_logs::Column::SupportedOn)
        .order_by_asc(support_logs::Column::Id)
        .all(c)
        .await
        .map_err(internal("loading support logs"))?;
    Ok(dtos(c, rows, today)
        .await?
        .into_iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.supported_on.to_string(),
                FiscalYear::of(s.supported_on).0.to_string(),
                s.venture_id.to_string(),
                s.venture_name,
                s.group_code,
                s.kind,
                s.coordinator_name,
                s.summary,
                s.outcome,
                s.follow_up_on.map(|d| d.to_string()).unwrap_or_default(),
                s.follow_up_done_at
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default(),
                s.follow_up_outcome,
            ]
        })
        .collect())
}

/// Counts per group × fiscal year × kind (support outside any group under an empty code), in
/// the groups' order, then by year and kind.
pub async fn summary_rows(db: &Db) -> Result<Vec<Vec<String>>, AppError> {
    let c = db.read();
    let groups = working_groups::Entity::find()
        .order_by_asc(working_groups::Column::SortOrder)
        .order_by_asc(working_groups::Column::Code)
        .all(c)
        .await
        .map_err(internal("loading working groups"))?;
    let logs: Vec<(Option<Uuid>, NaiveDate, String)> = support_logs::Entity::find()
        .select_only()
        .column(support_logs::Column::WorkingGroupId)
        .column(support_logs::Column::SupportedOn)
        .column(support_logs::Column::Kind)
        .filter(support_logs::Column::ArchivedAt.is_null())
        .into_tuple()
        .all(c)
        .await
        .map_err(internal("loading support logs"))?;
    let mut out = Vec::new();
    let keys: Vec<(Option<Uuid>, String, String)> = groups
        .iter()
        .map(|g| (Some(g.id), g.code.clone(), g.name_ja.clone()))
        .chain(std::iter::once((None, String::new(), String::new())))
        .collect();
    for (id, code, name) in keys {
        let summary = SupportSummary::of(
            logs.iter()
                .filter(|l| l.0 == id)
                .filter_map(|l| l.2.parse::<SupportKind>().ok().map(|k| (l.1, k))),
        );
        for year in &summary.total.years {
            for (kind, _) in &summary.by_kind {
                let n = summary.count(*kind, year.fiscal_year);
                if n > 0 {
                    out.push(vec![
                        code.clone(),
                        name.clone(),
                        year.fiscal_year.0.to_string(),
                        kind.as_str().to_string(),
                        n.to_string(),
                    ]);
                }
            }
        }
    }
    Ok(out)
}

/// `GET /rink/export/{support_logs|summary}.csv` for signed-in users: UTF-8 with a BOM.
/// `support_logs.csv` takes `?wg=CODE` or `?venture=ID`.
pub async fn export_handler(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    session: tower_sessions::Session,
) -> Response {
    match crate::ssr::auth::session_user(&state.db, &session).await {
        Ok(Some(_)) => {}
        Ok(None) => return (http::StatusCode::UNAUTHORIZED, "sign in first").into_response(),
        Err(e) => return e.status().into_response(),
    }
    let param = |k: &str| {
        params
            .iter()
            .find(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let today = state.clock.today();
    let (name, result) = match file.as_str() {
        "support_logs.csv" => {
            let venture = match param("venture").map(|v| v.parse::<Uuid>()) {
                Some(Ok(v)) => Some(v),
                Some(Err(_)) => {
                    return (http::StatusCode::NOT_FOUND, "unknown venture").into_response()
                }
                None => None,
            };
            let wg = param("wg");
            let rows = support_rows(&state.db, wg.as_deref(), venture, today).await;
            (
                "support_logs",
                rows.and_then(|r| crate::ssr::exchange::write_csv(SUPPORT_COLUMNS, &r)),
            )
        }
        "summary.csv" => (
            "support_summary",
            summary_rows(&state.db)
                .await
                .and_then(|r| crate::ssr::exchange::write_csv(SUMMARY_COLUMNS, &r)),
        ),
        _ => return (http::StatusCode::NOT_FOUND, "unknown export").into_response(),
    };
    let body = match result {
        Ok(b) => b,
        Err(e) => return (e.status(), e.to_string()).into_response(),
    };
    let name = format!("{name}-{}.csv", today.format("%Y-%m-%d"));
    crate::ssr::exchange::csv_response(&name, body)
}
