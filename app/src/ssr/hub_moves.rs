//! A venture moving to another hub: the open stay ends on the day of the move, a new stay begins
//! that day, and the venture's current hub follows — one transaction, one audit event, over the
//! venture version the form showed.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{hubs, venture_hub_tenancies, ventures};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde_json::Value;
use uuid::Uuid;

use crate::domain::hub_move::{check_hub_move, CurrentStay, HubCode, ValidHubMove};
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::{db::Db, state::internal};

/// Move the venture; returns its new version.
pub async fn move_hub(
    db: &Db,
    actor: Uuid,
    venture_id: Uuid,
    version: i32,
    mv: ValidHubMove,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<i32, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let venture = ventures::Entity::find_by_id(venture_id)
        .one(&txn)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or(AppError::NotFound)?;
    if venture.version != version {
        return Err(audit::stale_error(&txn, "venture", &venture_id.to_string(), version).await);
    }
    if venture.archived_at.is_some() {
        return Err(AppError::validation("_venture", "venture.archived"));
    }
    let all_hubs = hubs::Entity::find()
        .all(&txn)
        .await
        .map_err(internal("loading hubs"))?;
    let target = all_hubs
        .iter()
        .find(|h| h.code == mv.hub.as_str() && h.archived_at.is_none())
        .ok_or_else(|| AppError::validation("hub", "hub.unknown"))?;
    let stay = venture_hub_tenancies::Entity::find()
        .filter(venture_hub_tenancies::Column::VentureId.eq(venture_id))
        .filter(venture_hub_tenancies::Column::EndedOn.is_null())
        .order_by_desc(venture_hub_tenancies::Column::StartedOn)
        .one(&txn)
        .await
        .map_err(internal("loading the current stay"))?;
    let Some(stay) = stay else {
        tracing::error!(venture = %venture_id, "venture has no open hub stay");
        return Err(AppError::Internal);
    };
    // The move starts from the open stay (the venture's current hub is derived from it).
    if stay.hub_id != venture.current_hub_id {
        tracing::error!(venture = %venture_id, "the venture's current hub is not its open stay's");
    }
    let from_code = all_hubs
        .iter()
        .find(|h| h.id == stay.hub_id)
        .map(|h| h.code.clone())
        .unwrap_or_default();
    let from: HubCode = from_code.parse().map_err(|_| {
        tracing::error!(venture = %venture_id, hub = from_code, "unknown hub code in the database");
        AppError::Internal
    })?;
    check_hub_move(
        CurrentStay {
            hub: from,
            since: stay.started_on,
        },
        &mv,
        today,
    )?;

    venture_hub_tenancies::Entity::update_many()
        .col_expr(
            venture_hub_tenancies::Column::EndedOn,
            Expr::value(Some(mv.moved_on)),
        )
        .filter(venture_hub_tenancies::Column::Id.eq(stay.id))
        .exec(&txn)
        .await
        .map_err(internal("ending the current stay"))?;
    venture_hub_tenancies::Entity::insert(venture_hub_tenancies::ActiveModel {
        id: Set(Uuid::now_v7()),
        venture_id: Set(venture_id),
        hub_id: Set(target.id),
        started_on: Set(mv.moved_on),
        ended_on: Set(None),
        note: Set(mv.note.clone()),
        created_at: Set(now),
        created_by: Set(Some(actor)),
    })
    .exec(&txn)
    .await
    .map_err(internal("inserting the new stay"))?;
    let moved = ventures::Entity::update_many()
        .col_expr(ventures::Column::CurrentHubId, Expr::value(target.id))
        .col_expr(ventures::Column::Version, Expr::value(version + 1))
        .col_expr(ventures::Column::UpdatedAt, Expr::value(now))
        .col_expr(ventures::Column::UpdatedBy, Expr::value(Some(actor)))
        .filter(ventures::Column::Id.eq(venture_id))
        .filter(ventures::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(internal("moving the venture"))?;
    if moved.rows_affected != 1 {
        return Err(AppError::Conflict {
            code: "version.concurrent".into(),
            detail: String::new(),
        });
    }
    audit::record(
        &txn,
        Entry {
            actor: Some(actor),
            at: now,
            entity: "venture",
            entity_id: venture_id.to_string(),
            action: Action::Update,
            changes: Changes::new()
                .field("hub", from.as_str(), mv.hub.as_str())
                .field("moved_on", Value::Null, mv.moved_on.to_string())
                .field("note", "", mv.note.as_str())
                .field("version", version, version + 1),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(version + 1)
}
