//! Reading the audit trail back: pages of it for administrators, and one venture's History.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone, Utc};
use entity::{approvals, audit_events, programs, stage_events, trial_notifications, users};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::Value;
use uuid::Uuid;

use crate::api::audit::{
    AuditPage, AuditQuery, AuditRow, FieldChange, UserOption, AUDIT_PAGE_SIZE,
};
use crate::error::AppError;
use crate::ssr::{db::Db, state::internal};

/// The kinds of records the trail names, for the filter.
pub const ENTITIES: [&str; 16] = [
    "venture",
    "program",
    "stage_event",
    "trial_notification",
    "approval",
    "support_log",
    "fund_support",
    "fund",
    "working_group",
    "working_group_member",
    "meeting",
    "hub",
    "target",
    "target_reported_figure",
    "user",
    "dataset",
];

fn value_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

fn to_rows(events: Vec<audit_events::Model>, names: &HashMap<Uuid, String>) -> Vec<AuditRow> {
    events
        .into_iter()
        .map(|e| {
            let changes = e
                .changes
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(field, pair)| FieldChange {
                            field: field.clone(),
                            before: value_text(pair.get(0)),
                            after: value_text(pair.get(1)),
                        })
                        .collect()
                })
                .unwrap_or_default();
            AuditRow {
                id: e.id,
                occurred_at: e.occurred_at,
                actor: e
                    .actor_id
                    .and_then(|a| names.get(&a).cloned())
                    .unwrap_or_default(),
                entity: e.entity,
                entity_id: e.entity_id,
                action: e.action,
                changes,
                note: e.note,
            }
        })
        .collect()
}

async fn user_names(db: &Db) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(users::Entity::find()
        .all(db.read())
        .await
        .map_err(internal("loading user names"))?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Midnight Japan time at the start of `d`, in UTC.
fn jst_start(d: NaiveDate) -> chrono::DateTime<Utc> {
    let jst = chrono::FixedOffset::east_opt(9 * 3600).expect("valid offset");
    jst.from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .expect("fixed offsets are unambiguous")
        .with_timezone(&Utc)
}

pub async fn page(db: &Db, q: &AuditQuery) -> Result<AuditPage, AppError> {
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(AppError::validation("to", "date.range_reversed"));
        }
    }
    let mut cond = Condition::all();
    if !q.user.trim().is_empty() {
        let id = Uuid::parse_str(q.user.trim())
            .map_err(|_| AppError::validation("user", "user.unknown"))?;
        cond = cond.add(audit_events::Column::ActorId.eq(id));
    }
    if !q.entity.is_empty() {
        if !ENTITIES.contains(&q.entity.as_str()) {
            return Err(AppError::validation("entity", "entity.unknown"));
        }
        cond = cond.add(audit_events::Column::Entity.eq(q.entity.clone()));
    }
    if let Some(from) = q.from {
        cond = cond.add(audit_events::Column::OccurredAt.gte(jst_start(from)));
    }
    if let Some(to) = q.to {
        let next = to.succ_opt().unwrap_or(to);
        cond = cond.add(audit_events::Column::OccurredAt.lt(jst_start(next)));
    }
    let select = audit_events::Entity::find().filter(cond);
    let total = select
        .clone()
        .count(db.read())
        .await
        .map_err(internal("counting audit events"))?;
    let pages = total.div_ceil(AUDIT_PAGE_SIZE).max(1);
    let page = q.page.clamp(1, pages);
    let events = select
        .order_by_desc(audit_events::Column::OccurredAt)
        .order_by_desc(audit_events::Column::Id)
        .offset((page - 1) * AUDIT_PAGE_SIZE)
        .limit(AUDIT_PAGE_SIZE)
        .all(db.read())
        .await
        .map_err(internal("loading audit events"))?;
    let names = user_names(db).await?;
    let mut users: Vec<UserOption> = names
        .iter()
        .map(|(id, n)| UserOption {
            id: *id,
            display_name: n.clone(),
        })
        .collect();
    users.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(AuditPage {
        rows: to_rows(events, &names),
        total,
        page,
        pages,
        users,
        entities: ENTITIES.iter().map(|s| s.to_string()).collect(),
    })
}

/// Every audit event of the venture, its programs and what was recorded on them, newest first.
pub async fn venture_history(db: &Db, venture_id: Uuid) -> Result<Vec<AuditRow>, AppError> {
    let conn = db.read();
    let exists = entity::ventures::Entity::find_by_id(venture_id)
        .count(conn)
        .await
        .map_err(internal("finding the venture"))?;
    if exists == 0 {
        return Err(AppError::NotFound);
    }
    let program_ids: Vec<Uuid> = programs::Entity::find()
        .select_only()
        .column(programs::Column::Id)
        .filter(programs::Column::VentureId.eq(venture_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal("loading program ids"))?;
    let event_ids: Vec<Uuid> = stage_events::Entity::find()
        .select_only()
        .column(stage_events::Column::Id)
        .filter(stage_events::Column::ProgramId.is_in(program_ids.clone()))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal("loading event ids"))?;
    let notification_ids: Vec<Uuid> = trial_notifications::Entity::find()
        .select_only()
        .column(trial_notifications::Column::Id)
        .filter(trial_notifications::Column::ProgramId.is_in(program_ids.clone()))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal("loading notification ids"))?;
    let approval_ids: Vec<Uuid> = approvals::Entity::find()
        .select_only()
        .column(approvals::Column::Id)
        .filter(approvals::Column::ProgramId.is_in(program_ids.clone()))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal("loading approval ids"))?;
    let fund_support_ids: Vec<Uuid> = entity::fund_supports::Entity::find()
        .select_only()
        .column(entity::fund_supports::Column::Id)
        .filter(entity::fund_supports::Column::VentureId.eq(venture_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal("loading fund support ids"))?;
    let support_log_ids: Vec<Uuid> = entity::support_logs::Entity::find()
        .select_only()
        .column(entity::support_logs::Column::Id)
        .filter(entity::support_logs::Column::VentureId.eq(venture_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal("loading support log ids"))?;
    let ids = |v: &[Uuid]| v.iter().map(Uuid::to_string).collect::<Vec<_>>();
    let cond = Condition::any()
        .add(
            Condition::all()
                .add(audit_events::Column::Entity.eq("venture"))
                .add(audit_events::Column::EntityId.eq(venture_id.to_string())),
        )
        .add(
            Condition::all()
                .add(audit_events::Column::Entity.eq("program"))
                .add(audit_events::Column::EntityId.is_in(ids(&program_ids))),
        )
        .add(
            Condition::all()
                .add(audit_events::Column::Entity.eq("stage_event"))
                .add(audit_events::Column::EntityId.is_in(ids(&event_ids))),
        )
        .add(
            Condition::all()
                .add(audit_events::Column::Entity.eq("trial_notification"))
                .add(audit_events::Column::EntityId.is_in(ids(&notification_ids))),
        )
        .add(
            Condition::all()
                .add(audit_events::Column::Entity.eq("approval"))
                .add(audit_events::Column::EntityId.is_in(ids(&approval_ids))),
        )
        .add(
            Condition::all()
                .add(audit_events::Column::Entity.eq("fund_support"))
                .add(audit_events::Column::EntityId.is_in(ids(&fund_support_ids))),
        )
        .add(
            Condition::all()
                .add(audit_events::Column::Entity.eq("support_log"))
                .add(audit_events::Column::EntityId.is_in(ids(&support_log_ids))),
        );
    let events = audit_events::Entity::find()
        .filter(cond)
        .order_by_desc(audit_events::Column::OccurredAt)
        .order_by_desc(audit_events::Column::Id)
        .limit(500)
        .all(conn)
        .await
        .map_err(internal("loading the history"))?;
    let names = user_names(db).await?;
    Ok(to_rows(events, &names))
}
