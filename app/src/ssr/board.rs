//! Board queries. The number of SQL statements is fixed by the track, never by the data: the
//! hubs, one count grouped by stage, one capped query per column, and the stage events of the
//! cards shown (for what each may be moved to, and the precision of its date).

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{programs, stage_events, ventures};
use sea_orm::{
    sea_query::NullOrdering, ColumnTrait, EntityTrait, FromQueryResult, JoinType, Order,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait, Select,
};
use uuid::Uuid;

use crate::api::board::{Board, BoardCard, BoardColumn, BoardQuery};
use crate::domain::board::{columns, move_targets, CARDS_PER_COLUMN, COLUMN_PAGE_SIZE};
use crate::domain::stage::{
    allowed_actions, derive_state, is_no_development_reported, DatePrecision, ProgramStatus, Stage,
    StageEvent,
};
use crate::error::AppError;
use crate::ssr::{db::Db, journey, state::internal, ventures::hubs};

#[derive(Debug, FromQueryResult)]
struct CardRow {
    id: Uuid,
    name: String,
    modality: String,
    current_stage: String,
    stage_reached_on: Option<NaiveDate>,
    status: String,
    last_event_on: Option<NaiveDate>,
    version: i32,
    venture_id: Uuid,
    venture_name_ja: String,
    venture_name_en: String,
    current_hub_id: Uuid,
}

/// Programs on the board under the query's filters (any stage): neither they nor their venture
/// archived, on the query's track, active unless exits are asked for.
fn on_board(q: &BoardQuery, hub_id: Option<Uuid>) -> Select<programs::Entity> {
    let mut select = programs::Entity::find()
        .join(JoinType::InnerJoin, programs::Relation::Ventures.def())
        .filter(programs::Column::ArchivedAt.is_null())
        .filter(ventures::Column::ArchivedAt.is_null())
        .filter(programs::Column::Track.eq(q.track.as_str()));
    if let Some(hub) = hub_id {
        select = select.filter(ventures::Column::CurrentHubId.eq(hub));
    }
    if let Some(m) = q.modality {
        select = select.filter(programs::Column::Modality.eq(m.as_str()));
    }
    if !q.exits {
        select = select.filter(programs::Column::Status.eq(ProgramStatus::Active.as_str()));
    }
    select
}

fn bad_code(what: &'static str, value: &str) -> AppError {
    tracing::error!(value, "unknown {what} code in the database");
    AppError::Internal
}

pub async fn load(db: &Db, q: &BoardQuery, today: NaiveDate) -> Result<Board, AppError> {
    let conn = db.read();
    let hubs = hubs(db).await?;
    let hub_id = if q.hub.is_empty() {
        None
    } else {
        match hubs.iter().find(|h| h.code == q.hub) {
            Some(h) => Some(h.id),
            None => return Err(AppError::validation("hub", "hub.unknown")),
        }
    };
    if let Some(c) = q.column {
        if !c.belongs_to(q.track) {
            return Err(AppError::validation("track", "track.unknown"));
        }
    }
    let stages: Vec<Stage> = columns(q.track)
        .iter()
        .copied()
        .filter(|s| q.column.is_none_or(|c| c == *s))
        .collect();

    // One grouped count for every column.
    let mut count_query = on_board(q, hub_id)
        .select_only()
        .column(programs::Column::CurrentStage)
        .column_as(programs::Column::Id.count(), "n")
        .group_by(programs::Column::CurrentStage);
    if let Some(c) = q.column {
        count_query = count_query.filter(programs::Column::CurrentStage.eq(c.as_str()));
    }
    let totals: HashMap<String, i64> = count_query
        .into_tuple::<(String, i64)>()
        .all(conn)
        .await
        .map_err(internal("counting the board's columns"))?
        .into_iter()
        .collect();

    let (limit, page, pages) = match q.column {
        Some(c) => {
            let total = totals.get(c.as_str()).copied().unwrap_or(0).max(0) as u64;
            let pages = total.div_ceil(COLUMN_PAGE_SIZE).max(1);
            (COLUMN_PAGE_SIZE, q.page.clamp(1, pages), pages)
        }
        None => (CARDS_PER_COLUMN, 1, 1),
    };

    // At most `limit` cards per column, most recently reached first.
    let mut rows_by_stage: Vec<(Stage, Vec<CardRow>)> = Vec::with_capacity(stages.len());
    for stage in &stages {
        let rows = on_board(q, hub_id)
            .filter(programs::Column::CurrentStage.eq(stage.as_str()))
            .select_only()
            .column(programs::Column::Id)
            .column(programs::Column::Name)
            .column(programs::Column::Modality)
            .column(programs::Column::CurrentStage)
            .column(programs::Column::StageReachedOn)
            .column(programs::Column::Status)
            .column(programs::Column::LastEventOn)
            .column(programs::Column::Version)
            .column(programs::Column::VentureId)
            .column_as(ventures::Column::NameJa, "venture_name_ja")
            .column_as(ventures::Column::NameEn, "venture_name_en")
            .column(ventures::Column::CurrentHubId)
            .order_by_with_nulls(
                programs::Column::StageReachedOn,
                Order::Desc,
                NullOrdering::Last,
            )
            .order_by_asc(ventures::Column::NameKana)
            .order_by_asc(programs::Column::Name)
            .order_by_asc(programs::Column::Id)
            .limit(limit)
            .offset((page - 1) * limit)
            .into_model::<CardRow>()
            .all(conn)
            .await
            .map_err(internal("loading a board column"))?;
        rows_by_stage.push((*stage, rows));
    }

    // The events of every card shown, in recording order, replayed as the server checks a move.
    let ids: Vec<Uuid> = rows_by_stage
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r.id))
        .collect();
    let mut events: HashMap<Uuid, Vec<StageEvent>> = HashMap::new();
    for e in stage_events::Entity::find()
        .filter(stage_events::Column::ProgramId.is_in(ids))
        .order_by_asc(stage_events::Column::RecordedAt)
        .order_by_asc(stage_events::Column::Id)
        .all(conn)
        .await
        .map_err(internal("loading the cards' stage events"))?
    {
        events
            .entry(e.program_id)
            .or_default()
            .push(journey::to_domain(&e)?);
    }

    let hub_code: HashMap<Uuid, &str> = hubs.iter().map(|h| (h.id, h.code.as_str())).collect();
    let mut out = Vec::with_capacity(rows_by_stage.len());
    for (stage, rows) in rows_by_stage {
        let mut cards = Vec::with_capacity(rows.len());
        for r in rows {
            let current: Stage = r
                .current_stage
                .parse()
                .map_err(|_| bad_code("stage", &r.current_stage))?;
            let status: ProgramStatus = r
                .status
                .parse()
                .map_err(|_| bad_code("program status", &r.status))?;
            let (targets, precision) =
                match derive_state(q.track, events.remove(&r.id).unwrap_or_default()) {
                    Ok(state) => (
                        move_targets(&allowed_actions(&state), current),
                        state
                            .milestones()
                            .get(&current)
                            .map(|m| m.precision)
                            .unwrap_or(DatePrecision::Day),
                    ),
                    Err(e) => {
                        tracing::error!(program = %r.id, ?e, "stored history does not replay");
                        (Vec::new(), DatePrecision::Day)
                    }
                };
            cards.push(BoardCard {
                no_development_reported: is_no_development_reported(
                    current,
                    status,
                    r.last_event_on,
                    today,
                ),
                hub_code: hub_code
                    .get(&r.current_hub_id)
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                program_id: r.id,
                program_name: r.name,
                venture_id: r.venture_id,
                venture_name_ja: r.venture_name_ja,
                venture_name_en: r.venture_name_en,
                modality: r.modality,
                stage: current,
                stage_reached_on: r.stage_reached_on,
                precision,
                status,
                version: r.version,
                targets,
            });
        }
        out.push(BoardColumn {
            stage,
            total: totals.get(stage.as_str()).copied().unwrap_or(0).max(0) as u64,
            cards,
        });
    }
    Ok(Board {
        columns: out,
        hubs,
        today,
        may_move: false,
        page,
        pages,
    })
}
