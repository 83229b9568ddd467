//! A program's journey: its append-only stage events, and the stored state derived from them.
//!
//! `programs.current_stage` (and rank, status, dates), `program_milestones` and the venture's
//! `current_stage` are derived data, rebuilt here from the events inside the caller's
//! transaction, so they never disagree with the history.

use chrono::NaiveDate;
use entity::{program_milestones, programs, stage_events, ventures};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::domain::stage::{
    derive_state, DatePrecision, EventBody, ExitKind, ProgramState, Stage, StageEvent, Track,
};
use crate::error::AppError;
use crate::ssr::state::internal;

/// Map a stored event to the domain's. Unknown codes are data corruption: logged, Internal.
pub fn to_domain(e: &stage_events::Model) -> Result<StageEvent, AppError> {
    let bad = |what: &str| {
        tracing::error!(event = %e.id, "stored stage event has a bad {what}");
        AppError::Internal
    };
    let body = match e.kind.as_str() {
        "stage" => EventBody::Stage {
            stage: e
                .stage
                .as_deref()
                .and_then(|s| s.parse::<Stage>().ok())
                .ok_or_else(|| bad("stage"))?,
        },
        "exit" => EventBody::Exit {
            exit_kind: e
                .exit_kind
                .as_deref()
                .and_then(|s| s.parse::<ExitKind>().ok())
                .ok_or_else(|| bad("exit kind"))?,
        },
        "resumed" => EventBody::Resumed,
        "retraction" => EventBody::Retraction {
            retracts_event_id: e
                .retracts_event_id
                .ok_or_else(|| bad("retraction target"))?,
            reason: e.reason.clone().unwrap_or_default(),
        },
        _ => return Err(bad("kind")),
    };
    Ok(StageEvent {
        id: e.id,
        occurred_on: e.occurred_on,
        precision: e
            .date_precision
            .parse::<DatePrecision>()
            .map_err(|_| bad("date precision"))?,
        body,
    })
}

/// A program's events in the order they were recorded (UUID v7 ids sort by creation time).
pub async fn events<C: ConnectionTrait>(
    c: &C,
    program_id: Uuid,
) -> Result<Vec<stage_events::Model>, AppError> {
    stage_events::Entity::find()
        .filter(stage_events::Column::ProgramId.eq(program_id))
        .order_by_asc(stage_events::Column::RecordedAt)
        .order_by_asc(stage_events::Column::Id)
        .all(c)
        .await
        .map_err(internal("loading stage events"))
}

/// Replay a program's stored events into its state (without writing anything).
pub async fn derive<C: ConnectionTrait>(
    c: &C,
    program_id: Uuid,
    track: Track,
) -> Result<ProgramState, AppError> {
    let evs = events(c, program_id).await?;
    let domain: Vec<StageEvent> = evs.iter().map(to_domain).collect::<Result<_, _>>()?;
    replay(program_id, track, domain)
}

/// Replay a program's history, in recording order, into its state.
pub fn replay(
    program_id: Uuid,
    track: Track,
    history: Vec<StageEvent>,
) -> Result<ProgramState, AppError> {
    derive_state(track, history).map_err(|e| {
        tracing::error!(program = %program_id, event = %e.event_id, error = ?e.error,
            "stored history of a program does not replay");
        AppError::Internal
    })
}

/// Rebuild the stored state of one program (and its venture's stage) from its events.
/// Call inside the transaction that wrote the events.
pub async fn rebuild_program<C: ConnectionTrait>(
    c: &C,
    program_id: Uuid,
) -> Result<ProgramState, AppError> {
    let program = programs::Entity::find_by_id(program_id)
        .one(c)
        .await
        .map_err(internal("loading program"))?
        .ok_or(AppError::NotFound)?;
    let track: Track = program.track.parse().map_err(|_| AppError::Internal)?;
    let state = derive(c, program_id, track).await?;
    store_state(c, program_id, &state).await?;
    refresh_venture_stage(c, program.venture_id).await?;
    Ok(state)
}

/// Write a derived state to `programs` and `program_milestones`.
pub async fn store_state<C: ConnectionTrait>(
    c: &C,
    program_id: Uuid,
    state: &ProgramState,
) -> Result<(), AppError> {
    store_columns(c, program_id, state).await?;
    store_milestones(c, program_id, state).await
}

/// Write what moved between `before` (the state the stored rows hold) and `after` (inside the
/// transaction that recorded the event): the program's columns; its milestones only when they
/// changed (a suspension, a resumption or an exit reaches no stage); the venture's stage only
/// when the program's stage changed (the venture's is its most advanced program's).
pub async fn store_change<C: ConnectionTrait>(
    c: &C,
    program_id: Uuid,
    venture_id: Uuid,
    before: &ProgramState,
    after: &ProgramState,
) -> Result<(), AppError> {
    store_columns(c, program_id, after).await?;
    if before.milestones() != after.milestones() {
        store_milestones(c, program_id, after).await?;
    }
    if (before.current_stage(), before.current_rank())
        != (after.current_stage(), after.current_rank())
    {
        refresh_venture_stage(c, venture_id).await?;
    }
    Ok(())
}

async fn store_columns<C: ConnectionTrait>(
    c: &C,
    program_id: Uuid,
    state: &ProgramState,
) -> Result<(), AppError> {
    programs::Entity::update_many()
        .col_expr(
            programs::Column::CurrentStage,
            Expr::value(state.current_stage().as_str()),
        )
        .col_expr(
            programs::Column::CurrentStageRank,
            Expr::value(state.current_rank()),
        )
        .col_expr(
            programs::Column::StageReachedOn,
            Expr::value(state.stage_reached_on()),
        )
        .col_expr(
            programs::Column::Status,
            Expr::value(state.status().as_str()),
        )
        .col_expr(
            programs::Column::LastEventOn,
            Expr::value(state.last_event_on()),
        )
        .filter(programs::Column::Id.eq(program_id))
        .exec(c)
        .await
        .map_err(internal("storing program state"))?;
    Ok(())
}

async fn store_milestones<C: ConnectionTrait>(
    c: &C,
    program_id: Uuid,
    state: &ProgramState,
) -> Result<(), AppError> {
    program_milestones::Entity::delete_many()
        .filter(program_milestones::Column::ProgramId.eq(program_id))
        .exec(c)
        .await
        .map_err(internal("clearing milestones"))?;
    let rows: Vec<program_milestones::ActiveModel> = state
        .milestones()
        .iter()
        .map(|(stage, m)| program_milestones::ActiveModel {
            program_id: Set(program_id),
            stage: Set(stage.as_str().to_string()),
            reached_on: Set(m.reached_on),
            event_id: Set(m.event_id),
        })
        .collect();
    if !rows.is_empty() {
        program_milestones::Entity::insert_many(rows)
            .exec(c)
            .await
            .map_err(internal("storing milestones"))?;
    }
    Ok(())
}

/// A venture's stage is its most advanced (non-archived) program's.
pub async fn refresh_venture_stage<C: ConnectionTrait>(
    c: &C,
    venture_id: Uuid,
) -> Result<(), AppError> {
    let best: Option<(String, i32)> = programs::Entity::find()
        .select_only()
        .column(programs::Column::CurrentStage)
        .column(programs::Column::CurrentStageRank)
        .filter(programs::Column::VentureId.eq(venture_id))
        .filter(programs::Column::ArchivedAt.is_null())
        .order_by_desc(programs::Column::CurrentStageRank)
        .limit(1)
        .into_tuple()
        .one(c)
        .await
        .map_err(internal("finding the venture's stage"))?;
    let (stage, rank) = match best {
        Some((s, r)) => (Some(s), Some(r)),
        None => (None, None),
    };
    ventures::Entity::update_many()
        .col_expr(ventures::Column::CurrentStage, Expr::value(stage))
        .col_expr(ventures::Column::CurrentStageRank, Expr::value(rank))
        .filter(ventures::Column::Id.eq(venture_id))
        .exec(c)
        .await
        .map_err(internal("storing the venture's stage"))?;
    Ok(())
}

/// The stored journey columns of a program, for comparing with a fresh replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredJourney {
    pub current_stage: String,
    pub current_stage_rank: i32,
    pub stage_reached_on: Option<NaiveDate>,
    pub status: String,
    pub last_event_on: Option<NaiveDate>,
    pub milestones: Vec<(String, NaiveDate, Uuid)>,
}

impl StoredJourney {
    pub fn from_state(state: &ProgramState) -> Self {
        let mut milestones: Vec<_> = state
            .milestones()
            .iter()
            .map(|(s, m)| (s.as_str().to_string(), m.reached_on, m.event_id))
            .collect();
        milestones.sort();
        StoredJourney {
            current_stage: state.current_stage().as_str().to_string(),
            current_stage_rank: state.current_rank(),
            stage_reached_on: state.stage_reached_on(),
            status: state.status().as_str().to_string(),
            last_event_on: state.last_event_on(),
            milestones,
        }
    }

    pub async fn load<C: ConnectionTrait>(c: &C, program_id: Uuid) -> Result<Self, AppError> {
        let p = programs::Entity::find_by_id(program_id)
            .one(c)
            .await
            .map_err(internal("loading program"))?
            .ok_or(AppError::NotFound)?;
        let mut milestones: Vec<_> = program_milestones::Entity::find()
            .filter(program_milestones::Column::ProgramId.eq(program_id))
            .all(c)
            .await
            .map_err(internal("loading milestones"))?
            .into_iter()
            .map(|m| (m.stage, m.reached_on, m.event_id))
            .collect();
        milestones.sort();
        Ok(StoredJourney {
            current_stage: p.current_stage,
            current_stage_rank: p.current_stage_rank,
            stage_reached_on: p.stage_reached_on,
            status: p.status,
            last_event_on: p.last_event_on,
            milestones,
        })
    }
}
