//! The hub funnel's queries: three aggregate statements whatever the data (the hubs; the counts
//! grouped by hub and highest rank; the earliest milestone date per entity and stage), then the
//! funnels of every hub computed in memory (`domain::funnel`).

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{program_milestones, programs, ventures};
use sea_orm::{
    sea_query::{Condition, Expr, SimpleExpr},
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait,
};
use uuid::Uuid;

use crate::api::dashboard::{FunnelDto, HubFunnel};
use crate::domain::dashboard::{DashboardQuery, FunnelUnit};
use crate::domain::funnel::{counts_from_ranks, reached_dates, Funnel, FunnelStage, STAGES};
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::ssr::{db::Db, state::internal};

/// The cohort: ventures not archived, founded within the fiscal-year range (those without a
/// founding date drop out when there is a range), the modality (the venture's when counting
/// ventures, the program's when counting programs), programs not archived.
fn cohort(q: &DashboardQuery, with_programs: bool) -> Condition {
    let mut c = Condition::all().add(ventures::Column::ArchivedAt.is_null());
    if q.has_range() {
        c = c.add(ventures::Column::FoundedOn.is_not_null());
        let (from, to) = q.founded_range();
        if let Some(from) = from {
            c = c.add(ventures::Column::FoundedOn.gte(from));
        }
        if let Some(to) = to {
            c = c.add(ventures::Column::FoundedOn.lte(to));
        }
    }
    if with_programs {
        c = c.add(programs::Column::ArchivedAt.is_null());
    }
    if let Some(m) = q.modality {
        c = match q.unit {
            FunnelUnit::Ventures => c.add(ventures::Column::Modality.eq(m.as_str())),
            FunnelUnit::Programs => c.add(programs::Column::Modality.eq(m.as_str())),
        };
    }
    c
}

/// `(hub, highest rank, count)` groups of the counted entities.
async fn rank_groups(
    db: &Db,
    q: &DashboardQuery,
) -> Result<Vec<(Uuid, Option<i32>, i64)>, AppError> {
    let rows = match q.unit {
        FunnelUnit::Ventures => {
            ventures::Entity::find()
                .select_only()
                .column(ventures::Column::CurrentHubId)
                .column(ventures::Column::CurrentStageRank)
                .column_as(ventures::Column::Id.count(), "n")
                .filter(cohort(q, false))
                .group_by(ventures::Column::CurrentHubId)
                .group_by(ventures::Column::CurrentStageRank)
                .into_tuple::<(Uuid, Option<i32>, i64)>()
                .all(db.read())
                .await
        }
        FunnelUnit::Programs => {
            programs::Entity::find()
                .select_only()
                .column(ventures::Column::CurrentHubId)
                .column(programs::Column::CurrentStageRank)
                .column_as(programs::Column::Id.count(), "n")
                .join(JoinType::InnerJoin, programs::Relation::Ventures.def())
                .filter(cohort(q, true))
                .group_by(ventures::Column::CurrentHubId)
                .group_by(programs::Column::CurrentStageRank)
                .into_tuple::<(Uuid, Option<i32>, i64)>()
                .all(db.read())
                .await
        }
    };
    rows.map_err(internal("counting the funnel"))
}

/// One counted entity's dates: its hub, founding date and earliest date per journey stage.
struct Dated {
    hub: Uuid,
    founded_on: Option<NaiveDate>,
    milestones: Vec<(Stage, NaiveDate)>,
}

/// The earliest milestone per entity (venture or program) and stage, for the stages ranked at
/// trial notification or later: one grouped statement.
async fn dated(db: &Db, q: &DashboardQuery) -> Result<Vec<Dated>, AppError> {
    let entity_id: SimpleExpr = match q.unit {
        FunnelUnit::Ventures => Expr::col((ventures::Entity, ventures::Column::Id)).into(),
        FunnelUnit::Programs => Expr::col((programs::Entity, programs::Column::Id)).into(),
    };
    let stages: Vec<&'static str> = FunnelStage::dated_stages()
        .into_iter()
        .map(Stage::as_str)
        .collect();
    let rows = program_milestones::Entity::find()
        .select_only()
        .column_as(entity_id.clone(), "entity_id")
        .column(ventures::Column::CurrentHubId)
        .column(ventures::Column::FoundedOn)
        .column(program_milestones::Column::Stage)
        .column_as(program_milestones::Column::ReachedOn.min(), "reached_on")
        .join(
            JoinType::InnerJoin,
            program_milestones::Relation::Programs.def(),
        )
        .join(JoinType::InnerJoin, programs::Relation::Ventures.def())
        .filter(cohort(q, true))
        .filter(program_milestones::Column::Stage.is_in(stages))
        .group_by(entity_id)
        .group_by(ventures::Column::CurrentHubId)
        .group_by(ventures::Column::FoundedOn)
        .group_by(program_milestones::Column::Stage)
        .into_tuple::<(Uuid, Uuid, Option<NaiveDate>, String, NaiveDate)>()
        .all(db.read())
        .await
        .map_err(internal("loading the funnel's dates"))?;
    let mut by_entity: HashMap<Uuid, Dated> = HashMap::new();
    for (id, hub, founded_on, stage, on) in rows {
        let Ok(stage) = stage.parse::<Stage>() else {
            tracing::error!(stage, "unknown stage code in program_milestones");
            return Err(AppError::Internal);
        };
        by_entity
            .entry(id)
            .or_insert_with(|| Dated {
                hub,
                founded_on,
                milestones: Vec::new(),
            })
            .milestones
            .push((stage, on));
    }
    Ok(by_entity.into_values().collect())
}

/// The funnel section for `q`: every hub's funnel and all hubs', and the selected one.
pub async fn load(db: &Db, q: &DashboardQuery) -> Result<FunnelDto, AppError> {
    let hubs = crate::ssr::ventures::hubs(db).await?;
    // An unknown hub (a hand-edited URL) means all hubs; the DTO's query says so.
    let mut q = q.clone();
    if !q.hub.is_empty() && !hubs.iter().any(|h| h.code == q.hub) {
        q.hub = String::new();
    }
    let q = &q;
    let groups = rank_groups(db, q).await?;
    let dated = dated(db, q).await?;

    let dates: Vec<(Uuid, [Option<NaiveDate>; STAGES])> = dated
        .iter()
        .map(|d| (d.hub, reached_dates(d.founded_on, &d.milestones)))
        .collect();
    let funnel_of = |hub: Option<Uuid>| {
        let ranks: Vec<(Option<i32>, u64)> = groups
            .iter()
            .filter(|(h, _, _)| hub.is_none_or(|x| x == *h))
            .map(|(_, r, n)| (*r, (*n).max(0) as u64))
            .collect();
        let ds: Vec<[Option<NaiveDate>; STAGES]> = dates
            .iter()
            .filter(|(h, _)| hub.is_none_or(|x| x == *h))
            .map(|(_, d)| *d)
            .collect();
        Funnel::build(counts_from_ranks(&ranks), &ds)
    };
    let mut by_hub: Vec<HubFunnel> = hubs
        .iter()
        .map(|h| HubFunnel {
            hub_code: h.code.clone(),
            funnel: funnel_of(Some(h.id)),
        })
        .collect();
    by_hub.push(HubFunnel {
        hub_code: String::new(),
        funnel: funnel_of(None),
    });
    let selected = by_hub
        .iter()
        .find(|f| f.hub_code == q.hub)
        .map(|f| f.funnel.clone())
        .unwrap_or_else(|| funnel_of(None));
    Ok(FunnelDto {
        query: q.clone(),
        hubs,
        selected,
        by_hub,
    })
}

/// The CSV's columns: one row per hub (`all` first) and stage.
pub const CSV_COLUMNS: &[&str] = &[
    "hub",
    "stage",
    "stage_label",
    "count",
    "conversion_to_next_percent",
    "median_days_to_next",
];

/// The funnel as CSV rows: all hubs first, then each hub in display order; the stage label in
/// Japanese, the conversion as a percentage with one decimal (empty when none).
pub fn csv_rows(dto: &FunnelDto) -> Vec<Vec<String>> {
    let all = dto.by_hub.iter().filter(|h| h.hub_code.is_empty());
    let each = dto.by_hub.iter().filter(|h| !h.hub_code.is_empty());
    all.chain(each)
        .flat_map(|h| {
            let hub = if h.hub_code.is_empty() {
                "all".to_string()
            } else {
                h.hub_code.clone()
            };
            h.funnel.steps.iter().map(move |s| {
                vec![
                    hub.clone(),
                    s.stage.as_str().to_string(),
                    crate::pages::ventures::funnel_stage_label(crate::i18n::Locale::ja, s.stage)
                        .to_string(),
                    s.count.to_string(),
                    s.conversion_per_mille
                        .map(|p| format!("{}.{}", p / 10, p % 10))
                        .unwrap_or_default(),
                    s.median_days_to_next
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ]
            })
        })
        .collect()
}

/// `GET /dashboard/export/funnel.csv?<the dashboard's query>`: signed-in users only.
pub async fn export_handler(
    axum::extract::State(state): axum::extract::State<crate::ssr::state::AppState>,
    axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
    session: tower_sessions::Session,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match crate::ssr::auth::session_user(&state.db, &session).await {
        Ok(Some(_)) => {}
        Ok(None) => return (http::StatusCode::UNAUTHORIZED, "sign in first").into_response(),
        Err(e) => return e.status().into_response(),
    }
    let params: HashMap<String, String> = params.into_iter().collect();
    let q = DashboardQuery::from_pairs(|k| params.get(k).cloned());
    let key = format!("{q:?} {}", state.clock.today());
    let body = match state
        .memo
        .get(&state.db, "funnel", key, || load(&state.db, &q))
        .await
        .and_then(|dto| crate::ssr::exchange::write_csv(CSV_COLUMNS, &csv_rows(&dto)))
    {
        Ok(b) => b,
        Err(e) => return (e.status(), e.to_string()).into_response(),
    };
    let name = format!(
        "funnel-{}-{}.csv",
        q.unit.as_str(),
        state.clock.today().format("%Y-%m-%d")
    );
    crate::ssr::exchange::csv_response(&name, body)
}
