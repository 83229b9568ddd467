//! Stage events, trial notifications, support logs and fund support.

use std::collections::HashMap;

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use app::domain::stage::EventKind;
use app::domain::support::SupportKind;
use app::ssr::state::{internal, AppState};
use entity::{
    fund_supports, funds, programs, stage_events, support_logs, trial_notifications, working_groups,
};

use super::error::{ApiQuery, ErrorBody};
use super::ventures::{code_filter, page_of, paged};
use super::{ApiError, ApiUser, Paging};

/// A date range filter: years 1000 to 9999, `from` ≤ `to`.
fn range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), ApiError> {
    use chrono::Datelike;
    for (field, date) in [("from", from), ("to", to)] {
        if date.is_some_and(|d| !(1000..=9999).contains(&d.year())) {
            return Err(ApiError::invalid(
                field,
                "date.out_of_range",
                format!("{field}: a date from the year 1000 to 9999"),
            ));
        }
    }
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(ApiError::invalid(
            "to",
            "date.range_reversed",
            "to is before from",
        )),
        _ => Ok(()),
    }
}

/// One event of a program's journey, as recorded (a retraction is an event of its own that
/// names the event it retracts).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StageEvent {
    pub id: Uuid,
    pub program_id: Uuid,
    /// stage, exit, resumed or retraction.
    pub kind: String,
    /// For `stage`: the stage reached.
    #[schema(value_type = Option<super::StageCode>)]
    pub stage: Option<String>,
    /// For `exit`: suspended, discontinued, not_granted, expired or withdrawn.
    pub exit_kind: Option<String>,
    pub occurred_on: NaiveDate,
    #[schema(value_type = super::PrecisionCode)]
    pub date_precision: String,
    pub source_url: String,
    pub note: String,
    /// For `retraction`: the event it retracts, and why.
    pub retracts_event_id: Option<Uuid>,
    pub reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

page_of!(StageEventPage, StageEvent);

/// Filters of the stage events list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StageEventFilter {
    pub program_id: Option<Uuid>,
    /// The events of every program of this venture.
    pub venture_id: Option<Uuid>,
    /// stage, exit, resumed or retraction.
    pub kind: Option<String>,
    /// Occurred on or after.
    pub from: Option<NaiveDate>,
    /// Occurred on or before.
    pub to: Option<NaiveDate>,
    /// Only events recorded at or after this time (RFC 3339), for incremental copies.
    pub recorded_since: Option<DateTime<Utc>>,
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// Stage events by date, then in the order they were recorded.
#[utoipa::path(
    get,
    path = "/api/v1/stage-events",
    tag = "journey",
    params(StageEventFilter),
    responses(
        (status = 200, description = "A page of stage events", body = StageEventPage),
        (status = 400, description = "A parameter does not parse", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 422, description = "A parameter is out of range or unknown", body = ErrorBody)
    )
)]
pub async fn list_stage_events(
    State(st): State<AppState>,
    _user: ApiUser,
    ApiQuery(f): ApiQuery<StageEventFilter>,
) -> Result<Json<StageEventPage>, ApiError> {
    let paging = Paging::of(f.page, f.per_page)?;
    range(f.from, f.to)?;
    let mut select = stage_events::Entity::find();
    if let Some(p) = f.program_id {
        select = select.filter(stage_events::Column::ProgramId.eq(p));
    }
    if let Some(v) = f.venture_id {
        let mut sub = sea_orm::sea_query::Query::select();
        sub.column(programs::Column::Id)
            .from(programs::Entity)
            .and_where(programs::Column::VentureId.eq(v));
        select = select.filter(stage_events::Column::ProgramId.in_subquery(sub.to_owned()));
    }
    if let Some(k) = code_filter::<EventKind>("kind", &f.kind)? {
        select = select.filter(stage_events::Column::Kind.eq(k.as_str()));
    }
    if let Some(d) = f.from {
        select = select.filter(stage_events::Column::OccurredOn.gte(d));
    }
    if let Some(d) = f.to {
        select = select.filter(stage_events::Column::OccurredOn.lte(d));
    }
    if let Some(t) = f.recorded_since {
        select = select.filter(stage_events::Column::RecordedAt.gte(t));
    }
    let select = select
        .order_by_asc(stage_events::Column::OccurredOn)
        .order_by_asc(stage_events::Column::RecordedAt)
        .order_by_asc(stage_events::Column::Id);
    let (rows, total) = paged(&st, select, paging).await?;
    Ok(Json(StageEventPage {
        items: rows
            .into_iter()
            .map(|e| StageEvent {
                id: e.id,
                program_id: e.program_id,
                kind: e.kind,
                stage: e.stage,
                exit_kind: e.exit_kind,
                occurred_on: e.occurred_on,
                date_precision: e.date_precision,
                source_url: e.source_url,
                note: e.note,
                retracts_event_id: e.retracts_event_id,
                reason: e.reason,
                recorded_at: e.recorded_at,
            })
            .collect(),
        page: paging.page,
        per_page: paging.per_page,
        total,
    }))
}

/// A clinical-trial plan notification (治験計画届出).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    pub id: Uuid,
    pub program_id: Uuid,
    pub venture_id: Uuid,
    pub notified_on: NaiveDate,
    /// company (企業治験) or investigator (医師主導治験).
    pub sponsor: String,
    /// jRCT… or NCT…, when registered.
    pub registry_id: String,
    /// phase1, phase1_2, phase2, phase2_3 or phase3.
    pub phase: String,
    pub title: String,
    pub note: String,
    pub version: i32,
}

page_of!(NotificationPage, Notification);

/// Filters of the notifications list (archived ones are never listed).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NotificationFilter {
    pub venture_id: Option<Uuid>,
    pub program_id: Option<Uuid>,
    /// Notified on or after.
    pub from: Option<NaiveDate>,
    /// Notified on or before.
    pub to: Option<NaiveDate>,
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// Trial notifications by date.
#[utoipa::path(
    get,
    path = "/api/v1/notifications",
    tag = "journey",
    params(NotificationFilter),
    responses(
        (status = 200, description = "A page of trial notifications", body = NotificationPage),
        (status = 400, description = "A parameter does not parse", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 422, description = "A parameter is out of range", body = ErrorBody)
    )
)]
pub async fn list_notifications(
    State(st): State<AppState>,
    _user: ApiUser,
    ApiQuery(f): ApiQuery<NotificationFilter>,
) -> Result<Json<NotificationPage>, ApiError> {
    let paging = Paging::of(f.page, f.per_page)?;
    range(f.from, f.to)?;
    let mut select = trial_notifications::Entity::find()
        .filter(trial_notifications::Column::ArchivedAt.is_null());
    if let Some(v) = f.venture_id {
        select = select.filter(trial_notifications::Column::VentureId.eq(v));
    }
    if let Some(p) = f.program_id {
        select = select.filter(trial_notifications::Column::ProgramId.eq(p));
    }
    if let Some(d) = f.from {
        select = select.filter(trial_notifications::Column::NotifiedOn.gte(d));
    }
    if let Some(d) = f.to {
        select = select.filter(trial_notifications::Column::NotifiedOn.lte(d));
    }
    let select = select
        .order_by_asc(trial_notifications::Column::NotifiedOn)
        .order_by_asc(trial_notifications::Column::Id);
    let (rows, total) = paged(&st, select, paging).await?;
    Ok(Json(NotificationPage {
        items: rows
            .into_iter()
            .map(|n| Notification {
                id: n.id,
                program_id: n.program_id,
                venture_id: n.venture_id,
                notified_on: n.notified_on,
                sponsor: n.sponsor,
                registry_id: n.registry_id,
                phase: n.phase,
                title: n.title,
                note: n.note,
                version: n.version,
            })
            .collect(),
        page: paging.page,
        per_page: paging.per_page,
        total,
    }))
}

/// Support a RINK coordinator gave a venture.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SupportLog {
    pub id: Uuid,
    pub venture_id: Uuid,
    /// The working group or sub-committee's code; none for support outside any group.
    pub working_group: Option<String>,
    /// The coordinator who logged it.
    pub coordinator_id: Uuid,
    pub supported_on: NaiveDate,
    #[schema(value_type = super::SupportKindCode)]
    pub kind: String,
    pub summary: String,
    pub outcome: String,
    pub follow_up_on: Option<NaiveDate>,
    pub follow_up_done_at: Option<DateTime<Utc>>,
    pub follow_up_outcome: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

page_of!(SupportLogPage, SupportLog);

/// Filters of the support logs list (archived ones are never listed).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SupportLogFilter {
    pub venture_id: Option<Uuid>,
    /// A working group or sub-committee's code.
    #[param(max_length = 64)]
    pub working_group: Option<String>,
    #[param(value_type = Option<super::SupportKindCode>)]
    pub kind: Option<String>,
    /// Supported on or after.
    pub from: Option<NaiveDate>,
    /// Supported on or before.
    pub to: Option<NaiveDate>,
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

async fn group_codes(st: &AppState) -> Result<HashMap<Uuid, String>, ApiError> {
    Ok(working_groups::Entity::find()
        .select_only()
        .column(working_groups::Column::Id)
        .column(working_groups::Column::Code)
        .into_tuple::<(Uuid, String)>()
        .all(st.db.read())
        .await
        .map_err(internal("loading working group codes"))?
        .into_iter()
        .collect())
}

/// Support logs by date.
#[utoipa::path(
    get,
    path = "/api/v1/support-logs",
    tag = "support",
    params(SupportLogFilter),
    responses(
        (status = 200, description = "A page of support logs", body = SupportLogPage),
        (status = 400, description = "A parameter does not parse", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 422, description = "A parameter is out of range or unknown", body = ErrorBody)
    )
)]
pub async fn list_support_logs(
    State(st): State<AppState>,
    _user: ApiUser,
    ApiQuery(f): ApiQuery<SupportLogFilter>,
) -> Result<Json<SupportLogPage>, ApiError> {
    let paging = Paging::of(f.page, f.per_page)?;
    range(f.from, f.to)?;
    let groups = group_codes(&st).await?;
    let mut select =
        support_logs::Entity::find().filter(support_logs::Column::ArchivedAt.is_null());
    if let Some(v) = f.venture_id {
        select = select.filter(support_logs::Column::VentureId.eq(v));
    }
    if let Some(code) = f
        .working_group
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let id = groups
            .iter()
            .find(|(_, c)| c.as_str() == code)
            .map(|(id, _)| *id)
            .ok_or_else(|| {
                ApiError::invalid(
                    "working_group",
                    "working_group.unknown",
                    "unknown working group",
                )
            })?;
        select = select.filter(support_logs::Column::WorkingGroupId.eq(id));
    }
    if let Some(k) = code_filter::<SupportKind>("kind", &f.kind)? {
        select = select.filter(support_logs::Column::Kind.eq(k.as_str()));
    }
    if let Some(d) = f.from {
        select = select.filter(support_logs::Column::SupportedOn.gte(d));
    }
    if let Some(d) = f.to {
        select = select.filter(support_logs::Column::SupportedOn.lte(d));
    }
    let select = select
        .order_by_asc(support_logs::Column::SupportedOn)
        .order_by_asc(support_logs::Column::Id);
    let (rows, total) = paged(&st, select, paging).await?;
    Ok(Json(SupportLogPage {
        items: rows
            .into_iter()
            .map(|s| SupportLog {
                working_group: s.working_group_id.and_then(|g| groups.get(&g).cloned()),
                id: s.id,
                venture_id: s.venture_id,
                coordinator_id: s.coordinator_id,
                supported_on: s.supported_on,
                kind: s.kind,
                summary: s.summary,
                outcome: s.outcome,
                follow_up_on: s.follow_up_on,
                follow_up_done_at: s.follow_up_done_at,
                follow_up_outcome: s.follow_up_outcome,
                version: s.version,
                created_at: s.created_at,
            })
            .collect(),
        page: paging.page,
        per_page: paging.per_page,
        total,
    }))
}

/// Support from one of the prefecture's funds.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FundSupport {
    pub id: Uuid,
    /// The fund's code.
    pub fund: String,
    pub venture_id: Uuid,
    pub supported_on: NaiveDate,
    /// Integer yen.
    pub amount_yen: i64,
    /// equity, convertible, loan, grant or hands_on.
    pub instrument: String,
    pub round: String,
    pub note: String,
    pub version: i32,
}

page_of!(FundSupportPage, FundSupport);

/// Filters of the fund support list (archived records are never listed).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FundSupportFilter {
    pub venture_id: Option<Uuid>,
    /// A fund's code.
    #[param(max_length = 64)]
    pub fund: Option<String>,
    /// Supported on or after.
    pub from: Option<NaiveDate>,
    /// Supported on or before.
    pub to: Option<NaiveDate>,
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// Fund support by date.
#[utoipa::path(
    get,
    path = "/api/v1/fund-supports",
    tag = "support",
    params(FundSupportFilter),
    responses(
        (status = 200, description = "A page of fund support", body = FundSupportPage),
        (status = 400, description = "A parameter does not parse", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 422, description = "A parameter is out of range or unknown", body = ErrorBody)
    )
)]
pub async fn list_fund_supports(
    State(st): State<AppState>,
    _user: ApiUser,
    ApiQuery(f): ApiQuery<FundSupportFilter>,
) -> Result<Json<FundSupportPage>, ApiError> {
    let paging = Paging::of(f.page, f.per_page)?;
    range(f.from, f.to)?;
    let fund_codes: HashMap<Uuid, String> = funds::Entity::find()
        .select_only()
        .column(funds::Column::Id)
        .column(funds::Column::Code)
        .into_tuple::<(Uuid, String)>()
        .all(st.db.read())
        .await
        .map_err(internal("loading fund codes"))?
        .into_iter()
        .collect();
    let mut select =
        fund_supports::Entity::find().filter(fund_supports::Column::ArchivedAt.is_null());
    if let Some(v) = f.venture_id {
        select = select.filter(fund_supports::Column::VentureId.eq(v));
    }
    if let Some(code) = f.fund.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        let id = fund_codes
            .iter()
            .find(|(_, c)| c.as_str() == code)
            .map(|(id, _)| *id)
            .ok_or_else(|| ApiError::invalid("fund", "fund.unknown", "unknown fund"))?;
        select = select.filter(fund_supports::Column::FundId.eq(id));
    }
    if let Some(d) = f.from {
        select = select.filter(fund_supports::Column::SupportedOn.gte(d));
    }
    if let Some(d) = f.to {
        select = select.filter(fund_supports::Column::SupportedOn.lte(d));
    }
    let select = select
        .order_by_asc(fund_supports::Column::SupportedOn)
        .order_by_asc(fund_supports::Column::Id);
    let (rows, total) = paged(&st, select, paging).await?;
    Ok(Json(FundSupportPage {
        items: rows
            .into_iter()
            .map(|s| FundSupport {
                fund: fund_codes.get(&s.fund_id).cloned().unwrap_or_default(),
                id: s.id,
                venture_id: s.venture_id,
                supported_on: s.supported_on,
                amount_yen: s.amount_yen,
                instrument: s.instrument,
                round: s.round,
                note: s.note,
                version: s.version,
            })
            .collect(),
        page: paging.page,
        per_page: paging.per_page,
        total,
    }))
}
