//! Recording a program's journey: new stage events and retractions. Each is checked against the
//! journey rules on the program's replayed history, written with the rebuilt derived state and
//! one audit event, in one transaction, over the program version the form showed.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{programs, stage_events, ventures};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use uuid::Uuid;

use crate::domain::journey_form::EventInput;
use crate::domain::stage::{check_event, CheckContext, EventBody, StageEvent, Track, Warning};
use crate::domain::validation::ToFieldError;
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::{db::Db, journey, state::internal};

/// What recording an event gives back: its id, the program's new version, and warnings
/// worth a second look (they do not block).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub event_id: Uuid,
    pub program_version: i32,
    pub warnings: Vec<Warning>,
}

/// Who records on which program, seen at which version, and when.
#[derive(Clone, Copy, Debug)]
pub struct On {
    pub actor: Uuid,
    pub program_id: Uuid,
    /// The program version the user's form showed.
    pub version: i32,
    pub now: DateTime<Utc>,
    /// Today in Japan (no event may be dated later).
    pub today: NaiveDate,
}

/// Record `input` on the program.
pub async fn record(db: &Db, on: On, input: EventInput) -> Result<Recorded, AppError> {
    let action = match input.body {
        EventBody::Retraction { .. } => Action::Retract,
        _ => Action::Create,
    };
    write(db, on, |id| {
        (
            StageEvent::new(id, input.occurred_on, input.body).with_precision(input.precision),
            input.source_url,
            input.note,
            action,
        )
    })
    .await
}

/// Retract `event_id` with `reason` (the history keeps both events), dated today.
pub async fn retract(
    db: &Db,
    on: On,
    event_id: Uuid,
    reason: String,
) -> Result<Recorded, AppError> {
    write(db, on, |id| {
        (
            StageEvent::retraction(id, on.today, event_id, reason),
            String::new(),
            String::new(),
            Action::Retract,
        )
    })
    .await
}

async fn write(
    db: &Db,
    on: On,
    make: impl FnOnce(Uuid) -> (StageEvent, String, String, Action),
) -> Result<Recorded, AppError> {
    let On {
        actor,
        program_id,
        version,
        now,
        today,
    } = on;
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let program = programs::Entity::find_by_id(program_id)
        .filter(programs::Column::ArchivedAt.is_null())
        .one(&txn)
        .await
        .map_err(internal("loading the program"))?
        .ok_or(AppError::NotFound)?;
    if program.version != version {
        return Err(audit::stale_error(&txn, "program", &program_id.to_string(), version).await);
    }
    let venture = ventures::Entity::find_by_id(program.venture_id)
        .one(&txn)
        .await
        .map_err(internal("loading the venture"))?
        .ok_or(AppError::NotFound)?;
    // Archived ventures are kept as they were: read-only.
    if venture.archived_at.is_some() {
        return Err(AppError::validation("_venture", "venture.archived"));
    }
    let founded_on = venture.founded_on;
    let track: Track = program.track.parse().map_err(|_| AppError::Internal)?;
    // The history is read once: the state before, the recording order and the state after all
    // follow from it and the new event.
    let stored = journey::events(&txn, program_id).await?;
    let mut history: Vec<StageEvent> = stored
        .iter()
        .map(journey::to_domain)
        .collect::<Result<_, _>>()?;
    let state = journey::replay(program_id, track, history.clone())?;

    let id = Uuid::now_v7();
    let (event, source_url, note, action) = make(id);
    let ctx = CheckContext::new(today).with_founded_on(founded_on);
    let warnings = check_event(&state, &event, &ctx)
        .map_err(|e| AppError::from(e.field_error(e.default_field())))?;

    // Recorded after every earlier event of the program: replay order is recording order.
    let recorded_at = stored
        .last()
        .map(|e| e.recorded_at)
        .filter(|last| *last >= now)
        .map(|last| last + chrono::TimeDelta::milliseconds(1))
        .unwrap_or(now);
    let (kind, stage, exit_kind, retracts, reason) = match &event.body {
        EventBody::Stage { stage } => ("stage", Some(stage.as_str()), None, None, None),
        EventBody::Exit { exit_kind } => ("exit", None, Some(exit_kind.as_str()), None, None),
        EventBody::Resumed => ("resumed", None, None, None, None),
        EventBody::Retraction {
            retracts_event_id,
            reason,
        } => (
            "retraction",
            None,
            None,
            Some(*retracts_event_id),
            Some(reason.clone()),
        ),
    };
    stage_events::Entity::insert(stage_events::ActiveModel {
        id: Set(id),
        program_id: Set(program_id),
        kind: Set(kind.into()),
        stage: Set(stage.map(str::to_string)),
        exit_kind: Set(exit_kind.map(str::to_string)),
        occurred_on: Set(event.occurred_on),
        date_precision: Set(event.precision.as_str().into()),
        source_url: Set(source_url.clone()),
        note: Set(note.clone()),
        retracts_event_id: Set(retracts),
        reason: Set(reason.clone()),
        recorded_by: Set(Some(actor)),
        recorded_at: Set(recorded_at),
        is_generated: Set(false),
    })
    .exec(&txn)
    .await
    .map_err(internal("inserting a stage event"))?;

    // The program moves to a new version, but only from the one read: two people recording on
    // the same program at once cannot both build on the same history.
    let bumped = programs::Entity::update_many()
        .col_expr(programs::Column::Version, Expr::value(version + 1))
        .col_expr(programs::Column::UpdatedAt, Expr::value(now))
        .col_expr(programs::Column::UpdatedBy, Expr::value(Some(actor)))
        .filter(programs::Column::Id.eq(program_id))
        .filter(programs::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(internal("bumping the program version"))?;
    if bumped.rows_affected != 1 {
        return Err(AppError::Conflict {
            code: "version.concurrent".into(),
            detail: String::new(),
        });
    }
    let before = state.current_stage();
    history.push(event.clone());
    let after = journey::replay(program_id, track, history)?;
    journey::store_change(&txn, program_id, program.venture_id, &state, &after).await?;

    // One audit event per write, on the program: the event recorded, where the journey moved,
    // and the version (what a stale form is told).
    let null = serde_json::Value::Null;
    let mut changes = Changes::new()
        .field("event_id", null.clone(), id.to_string())
        .field("kind", null.clone(), kind)
        .field("occurred_on", null.clone(), event.occurred_on.to_string())
        .field("precision", null.clone(), event.precision.as_str());
    if let Some(s) = stage {
        changes = changes.field("stage", null.clone(), s);
    }
    if let Some(x) = exit_kind {
        changes = changes.field("exit_kind", null.clone(), x);
    }
    if let Some(r) = retracts {
        changes = changes.field("retracts_event_id", null.clone(), r.to_string());
    }
    if let Some(r) = &reason {
        changes = changes.field("reason", null.clone(), r.as_str());
    }
    changes = changes
        .field("source_url", "", source_url.as_str())
        .field("note", "", note.as_str())
        .field(
            "current_stage",
            before.as_str(),
            after.current_stage().as_str(),
        )
        .field("status", state.status().as_str(), after.status().as_str())
        .field("version", version, version + 1);
    audit::record(
        &txn,
        Entry {
            actor: Some(actor),
            at: now,
            entity: "program",
            entity_id: program_id.to_string(),
            action: match action {
                Action::Retract => Action::Retract,
                _ => Action::Update,
            },
            changes,
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(Recorded {
        event_id: id,
        program_version: version + 1,
        warnings,
    })
}
