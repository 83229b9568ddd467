//! The leadership figures: the hub funnel and the targets by year. Both come from the same
//! loaders as the dashboard, memoised per data version like it.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use app::domain::dashboard::{DashboardQuery, FunnelUnit, FIRST_FY, LAST_FY};
use app::domain::fiscal::FiscalYear;
use app::domain::funnel::Funnel;
use app::domain::venture::Modality;
use app::ssr::state::AppState;

use super::error::{ApiQuery, ErrorBody};
use super::ventures::code_filter;
use super::{ApiError, ApiUser};

/// One step of a funnel.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FunnelStep {
    /// founded, trial_notified, phase1, phase2, phase3, applied, approved or launched.
    pub stage: String,
    /// How many reached this step or went past it.
    pub count: u64,
    /// To the next step, per mille (none for the last step or a count of 0).
    pub conversion_per_mille: Option<u64>,
    /// Median days to the next step, over those with both dates.
    pub median_days_to_next: Option<i64>,
    /// How many had both dates.
    pub median_sample: u64,
}

/// One hub's funnel (`hub` empty: all hubs together).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HubFunnel {
    pub hub: String,
    pub steps: Vec<FunnelStep>,
}

/// The funnel for a view: the selected hub's (or all hubs') and every hub's beside it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FunnelReport {
    /// The selected hub (empty: all hubs).
    pub hub: String,
    #[schema(value_type = super::FunnelUnitCode)]
    pub unit: String,
    pub steps: Vec<FunnelStep>,
    /// Every hub in display order, then all hubs together.
    pub by_hub: Vec<HubFunnel>,
}

fn steps(f: &Funnel) -> Vec<FunnelStep> {
    f.steps
        .iter()
        .map(|s| FunnelStep {
            stage: s.stage.as_str().to_string(),
            count: s.count,
            conversion_per_mille: s.conversion_per_mille,
            median_days_to_next: s.median_days_to_next,
            median_sample: s.median_sample,
        })
        .collect()
}

/// The funnel's view.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FunnelFilter {
    /// One hub (default: all hubs).
    #[param(value_type = Option<super::HubCode>)]
    pub hub: Option<String>,
    /// What is counted (default: ventures).
    #[param(value_type = Option<super::FunnelUnitCode>)]
    pub unit: Option<String>,
    #[param(value_type = Option<super::ModalityCode>)]
    pub modality: Option<String>,
    /// The founding cohort: first fiscal year (inclusive).
    #[param(minimum = 1990, maximum = 2100)]
    pub fy_from: Option<i32>,
    /// The founding cohort: last fiscal year (inclusive).
    #[param(minimum = 1990, maximum = 2100)]
    pub fy_to: Option<i32>,
}

fn fiscal_year(field: &str, y: Option<i32>) -> Result<Option<FiscalYear>, ApiError> {
    match y {
        None => Ok(None),
        Some(y) if (FIRST_FY..=LAST_FY).contains(&y) => Ok(Some(FiscalYear(y))),
        Some(_) => Err(ApiError::invalid(
            field,
            "fiscal_year.out_of_range",
            format!("{field} is a fiscal year from {FIRST_FY} to {LAST_FY}"),
        )),
    }
}

/// The hub funnel: how many ventures (or programs) reached each stage.
#[utoipa::path(
    get,
    path = "/api/v1/funnel",
    tag = "figures",
    params(FunnelFilter),
    responses(
        (status = 200, description = "The funnel", body = FunnelReport),
        (status = 400, description = "A parameter does not parse", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 422, description = "A parameter is out of range or unknown", body = ErrorBody)
    )
)]
pub async fn funnel(
    State(st): State<AppState>,
    _user: ApiUser,
    ApiQuery(f): ApiQuery<FunnelFilter>,
) -> Result<Json<FunnelReport>, ApiError> {
    let hub = f.hub.as_deref().unwrap_or_default().trim().to_string();
    let hubs = app::ssr::ventures::hubs(&st.db).await?;
    if !hub.is_empty() && !hubs.iter().any(|h| h.code == hub) {
        return Err(ApiError::invalid("hub", "hub.unknown", "unknown hub"));
    }
    let fy_from = fiscal_year("fy_from", f.fy_from)?;
    let fy_to = fiscal_year("fy_to", f.fy_to)?;
    if let (Some(a), Some(b)) = (fy_from, fy_to) {
        if a > b {
            return Err(ApiError::invalid(
                "fy_to",
                "date.range_reversed",
                "fy_to is before fy_from",
            ));
        }
    }
    let query = DashboardQuery {
        hub,
        unit: code_filter::<FunnelUnit>("unit", &f.unit)?.unwrap_or_default(),
        modality: code_filter::<Modality>("modality", &f.modality)?,
        fy_from,
        fy_to,
    };
    let key = format!("{query:?} {}", st.clock.today());
    let dto = st
        .memo
        .get(&st.db, "funnel", key, || {
            app::ssr::dashboard_funnel::load(&st.db, &query)
        })
        .await?;
    Ok(Json(FunnelReport {
        hub: dto.query.hub.clone(),
        unit: dto.query.unit.as_str().to_string(),
        steps: steps(&dto.selected),
        by_hub: dto
            .by_hub
            .iter()
            .map(|h| HubFunnel {
                hub: h.hub_code.clone(),
                steps: steps(&h.funnel),
            })
            .collect(),
    }))
}

/// One year of a target.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TargetYear {
    pub year: i32,
    /// Counted from the records (none for years still to come).
    pub live: Option<i64>,
    /// The baseline year: its value is the policy's figure.
    pub is_baseline: bool,
    /// The year has ended.
    pub complete: bool,
    /// The straight path from the baseline to the target, at this year.
    pub path: f64,
    /// The figure frozen as reported for this year, if any.
    pub reported: Option<i64>,
    /// live − reported, when both exist.
    pub difference: Option<i64>,
}

/// Whether a target is on track.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TargetStatus {
    pub on_track: bool,
    pub actual: i64,
    pub expected: f64,
    /// The year compared (per-year targets); none for cumulative ones.
    pub year: Option<i32>,
    pub as_of: NaiveDate,
}

/// A policy target and its years.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Target {
    pub id: uuid::Uuid,
    pub name_ja: String,
    pub name_en: String,
    /// ventures_located or trial_notifications.
    pub metric: String,
    /// cumulative or per_year.
    pub counting: String,
    /// fiscal (年度, April–March) or calendar.
    pub year_basis: String,
    pub baseline_year: i32,
    pub baseline_value: i64,
    pub target_year: i32,
    pub target_value: i64,
    /// None before the baseline year has ended.
    pub status: Option<TargetStatus>,
    pub years: Vec<TargetYear>,
}

/// The targets by year.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TargetsReport {
    /// Today in Japan: what "complete" and "as of" are measured against.
    pub today: NaiveDate,
    pub targets: Vec<Target>,
}

/// The policy targets (new ventures, trial notifications) by year, against the path.
#[utoipa::path(
    get,
    path = "/api/v1/targets",
    tag = "figures",
    responses(
        (status = 200, description = "The targets", body = TargetsReport),
        (status = 401, description = "No live token", body = ErrorBody)
    )
)]
pub async fn targets(
    State(st): State<AppState>,
    _user: ApiUser,
) -> Result<Json<TargetsReport>, ApiError> {
    let today = st.clock.today();
    let dto = st
        .memo
        .get(&st.db, "targets", today.to_string(), || {
            app::ssr::targets::load(&st.db, today)
        })
        .await?;
    Ok(Json(TargetsReport {
        today: dto.today,
        targets: dto
            .targets
            .into_iter()
            .map(|t| Target {
                id: t.id,
                name_ja: t.name_ja,
                name_en: t.name_en,
                metric: t.spec.metric.as_str().into(),
                counting: t.spec.counting.as_str().into(),
                year_basis: t.spec.basis.as_str().into(),
                baseline_year: t.spec.baseline_year,
                baseline_value: t.spec.baseline_value,
                target_year: t.spec.target_year,
                target_value: t.spec.target_value,
                status: t.progress.status.map(|s| TargetStatus {
                    on_track: s.on_track,
                    actual: s.actual,
                    expected: s.expected,
                    year: s.year,
                    as_of: s.as_of,
                }),
                years: t
                    .progress
                    .years
                    .into_iter()
                    .map(|y| TargetYear {
                        year: y.year,
                        live: y.live,
                        is_baseline: y.is_baseline,
                        complete: y.complete,
                        path: y.path,
                        reported: y.reported,
                        difference: y.difference,
                    })
                    .collect(),
            })
            .collect(),
    }))
}
