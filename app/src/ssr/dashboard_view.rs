//! The dashboard filter form's choices and the printable report's activity of a fiscal year:
//! aggregate statements only, a fixed number whatever the number of ventures.

use chrono::NaiveDate;
use entity::{program_milestones, programs, trial_notifications, ventures};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait};
use uuid::Uuid;

use crate::api::dashboard_view::{ActivityRow, FilterChoices, YearActivity};
use crate::domain::fiscal::FiscalYear;
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::ssr::{db::Db, state::internal, ventures::hubs};

/// Year selects go back at most this far before the current year, whatever the data says.
const MAX_YEARS_BACK: i32 = 40;

pub async fn filters(db: &Db, today: NaiveDate) -> Result<FilterChoices, AppError> {
    let hubs = hubs(db).await?;
    let earliest: Option<NaiveDate> = ventures::Entity::find()
        .select_only()
        .column_as(ventures::Column::FoundedOn.min(), "earliest")
        .filter(ventures::Column::ArchivedAt.is_null())
        .into_tuple::<Option<NaiveDate>>()
        .one(db.read())
        .await
        .map_err(internal("finding the earliest founding"))?
        .flatten();
    let current_fy = FiscalYear::of(today);
    let first_fy = earliest
        .map(FiscalYear::of)
        .unwrap_or(current_fy)
        .clamp(FiscalYear(current_fy.0 - MAX_YEARS_BACK), current_fy);
    Ok(FilterChoices {
        hubs,
        current_fy,
        first_fy,
    })
}

/// One count per hub for a measure: `(hub id, count)` rows into the hubs' order.
fn spread(hubs: &[crate::api::ventures::HubDto], rows: &[(Uuid, i64)]) -> (Vec<u64>, u64) {
    let by_hub: Vec<u64> = hubs
        .iter()
        .map(|h| {
            rows.iter()
                .filter(|(id, _)| *id == h.id)
                .map(|(_, n)| (*n).max(0) as u64)
                .sum()
        })
        .collect();
    let total = rows.iter().map(|(_, n)| (*n).max(0) as u64).sum();
    (by_hub, total)
}

/// Ventures founded / located in `[from, to]`, by current hub.
async fn ventures_dated(
    db: &Db,
    column: ventures::Column,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Uuid, i64)>, AppError> {
    ventures::Entity::find()
        .select_only()
        .column(ventures::Column::CurrentHubId)
        .column_as(ventures::Column::Id.count(), "n")
        .filter(ventures::Column::ArchivedAt.is_null())
        .filter(column.between(from, to))
        .group_by(ventures::Column::CurrentHubId)
        .into_tuple::<(Uuid, i64)>()
        .all(db.read())
        .await
        .map_err(internal("counting ventures of a fiscal year"))
}

/// The fiscal year's activity: ventures founded and located, trial notifications, and the
/// programs that reached each stage in the year (their first reaching of it), by current hub.
/// Six statements, whatever the number of ventures.
pub async fn activity(db: &Db, fy: FiscalYear, today: NaiveDate) -> Result<YearActivity, AppError> {
    let hubs = hubs(db).await?;
    let (from, to) = (fy.start(), fy.end());
    let founded = ventures_dated(db, ventures::Column::FoundedOn, from, to).await?;
    let located = ventures_dated(db, ventures::Column::LocatedOn, from, to).await?;
    let notifications: Vec<(Uuid, i64)> = trial_notifications::Entity::find()
        .select_only()
        .column(ventures::Column::CurrentHubId)
        .column_as(trial_notifications::Column::Id.count(), "n")
        .join(
            JoinType::InnerJoin,
            trial_notifications::Relation::Ventures.def(),
        )
        .filter(trial_notifications::Column::ArchivedAt.is_null())
        .filter(ventures::Column::ArchivedAt.is_null())
        .filter(trial_notifications::Column::NotifiedOn.between(from, to))
        .group_by(ventures::Column::CurrentHubId)
        .into_tuple()
        .all(db.read())
        .await
        .map_err(internal("counting a fiscal year's trial notifications"))?;
    let reached: Vec<(Uuid, String, i64)> = program_milestones::Entity::find()
        .select_only()
        .column(ventures::Column::CurrentHubId)
        .column(program_milestones::Column::Stage)
        .column_as(program_milestones::Column::ProgramId.count(), "n")
        .join(
            JoinType::InnerJoin,
            program_milestones::Relation::Programs.def(),
        )
        .join(JoinType::InnerJoin, programs::Relation::Ventures.def())
        .filter(programs::Column::ArchivedAt.is_null())
        .filter(ventures::Column::ArchivedAt.is_null())
        .filter(program_milestones::Column::ReachedOn.between(from, to))
        .group_by(ventures::Column::CurrentHubId)
        .group_by(program_milestones::Column::Stage)
        .into_tuple()
        .all(db.read())
        .await
        .map_err(internal("counting a fiscal year's milestones"))?;

    let mut rows = Vec::new();
    for (measure, counts) in [
        ("founded", &founded),
        ("located", &located),
        ("notifications", &notifications),
    ] {
        let (by_hub, total) = spread(&hubs, counts);
        rows.push(ActivityRow {
            measure: measure.to_string(),
            by_hub,
            total,
        });
    }
    for stage in REPORT_STAGES {
        let counts: Vec<(Uuid, i64)> = reached
            .iter()
            .filter(|(_, s, _)| s == stage.as_str())
            .map(|(h, _, n)| (*h, *n))
            .collect();
        let (by_hub, total) = spread(&hubs, &counts);
        rows.push(ActivityRow {
            measure: stage.as_str().to_string(),
            by_hub,
            total,
        });
    }
    Ok(YearActivity {
        fiscal_year: fy,
        hubs,
        rows,
        as_of: today,
    })
}

/// The milestones the report counts, in journey order (the combined phases, launch and the
/// Safety-Act stages are left to the venture pages).
pub const REPORT_STAGES: [Stage; 7] = [
    Stage::Phase1,
    Stage::Phase2,
    Stage::Phase3,
    Stage::Applied,
    Stage::ApprovedConditional,
    Stage::Approved,
    Stage::Launched,
];
