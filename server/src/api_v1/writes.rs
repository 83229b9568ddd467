//! The API's writes: a stage event on a program, a support log. Each goes through the same
//! domain validation, role check, journey rules, audit and single transaction as the UI's form.

use axum::extract::State;
use axum::Json;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use app::domain::account::Area;
use app::domain::journey_form::validate_event;
use app::domain::support::{validate_support, SupportForm};
use app::ssr::records::By;
use app::ssr::state::AppState;

use super::error::{ApiId, ApiJson, ErrorBody};
use super::{ApiError, ApiUser};

/// A new event of a program's journey.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStageEvent {
    /// The program's version as last read (`GET /api/v1/programs/{id}`): a save over a newer
    /// version is refused with 409, nothing written.
    pub version: i32,
    #[schema(value_type = super::ActionCode)]
    pub action: String,
    /// The date it happened (ISO 8601); not after today in Japan, not before the program's
    /// previous event.
    #[schema(example = "2026-04-01")]
    pub occurred_on: String,
    /// How precisely the date is known (default: day).
    #[serde(default)]
    #[schema(value_type = Option<super::PrecisionCode>)]
    pub precision: Option<String>,
    /// Where it was announced (https URL), if anywhere.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub source_url: Option<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// A recorded event.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RecordedEvent {
    pub event_id: Uuid,
    /// The program's version now (send it with the next event).
    pub program_version: i32,
    /// Recorded, but worth a second look (e.g. a stage dated before the venture's founding).
    pub warnings: Vec<super::error::FieldProblem>,
}

/// Record a stage reached, a side exit or a resumption (staff and administrators).
#[utoipa::path(
    post,
    path = "/api/v1/programs/{id}/stage-events",
    tag = "journey",
    params(("id" = Uuid, Path, description = "The program's id")),
    request_body = NewStageEvent,
    responses(
        (status = 201, description = "Recorded", body = RecordedEvent),
        (status = 400, description = "The body or the id does not parse", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 403, description = "The token's role may not record journeys", body = ErrorBody),
        (status = 404, description = "No such program", body = ErrorBody),
        (status = 409, description = "The program changed since the version given", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The journey rules refuse it (the field is named)", body = ErrorBody)
    )
)]
pub async fn record_stage_event(
    State(st): State<AppState>,
    user: ApiUser,
    ApiId(program_id): ApiId,
    ApiJson(body): ApiJson<NewStageEvent>,
) -> Result<(StatusCode, Json<RecordedEvent>), ApiError> {
    let user = user.may(Area::Journey)?;
    let input = validate_event(
        &body.action,
        &body.occurred_on,
        body.precision.as_deref().unwrap_or("day"),
        body.source_url.as_deref().unwrap_or_default(),
        body.note.as_deref().unwrap_or_default(),
    )
    .map_err(|e| ApiError::from(app::error::AppError::from(e)))?;
    let on = app::ssr::stage_events::On {
        actor: user.id,
        program_id,
        version: body.version,
        now: st.clock.now(),
        today: st.clock.today(),
    };
    let recorded = app::ssr::stage_events::record(&st.db, on, input).await?;
    let warnings = {
        use app::domain::validation::ToFieldError;
        recorded
            .warnings
            .iter()
            .map(|w| {
                let f = w.field_error("occurred_on");
                super::error::FieldProblem {
                    field: f.field,
                    code: f.code,
                    params: f.params.into_iter().collect(),
                }
            })
            .collect()
    };
    Ok((
        StatusCode::CREATED,
        Json(RecordedEvent {
            event_id: recorded.event_id,
            program_version: recorded.program_version,
            warnings,
        }),
    ))
}

/// A new support log.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSupportLog {
    pub venture_id: Uuid,
    /// A working group or sub-committee's code; none for support outside any group.
    #[serde(default)]
    #[schema(max_length = 64)]
    pub working_group: Option<String>,
    /// The date of the support (ISO 8601); not after today in Japan.
    #[schema(example = "2026-11-05")]
    pub supported_on: String,
    #[schema(value_type = super::SupportKindCode)]
    pub kind: String,
    #[schema(max_length = 2000)]
    pub summary: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub outcome: Option<String>,
    /// When to follow up (ISO 8601), not before the support date.
    #[serde(default)]
    pub follow_up_on: Option<String>,
}

/// A logged support record.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LoggedSupport {
    pub id: Uuid,
}

/// Log support given to a venture, as the token's coordinator (coordinators and administrators).
#[utoipa::path(
    post,
    path = "/api/v1/support-logs",
    tag = "support",
    request_body = NewSupportLog,
    responses(
        (status = 201, description = "Logged", body = LoggedSupport),
        (status = 400, description = "The body does not parse", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 403, description = "The token's role may not log support", body = ErrorBody),
        (status = 404, description = "No such venture", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The rules refuse it (the field is named)", body = ErrorBody)
    )
)]
pub async fn log_support(
    State(st): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<NewSupportLog>,
) -> Result<(StatusCode, Json<LoggedSupport>), ApiError> {
    let user = user.may(Area::SupportLogs)?;
    let by = By::new(user.id, &st.clock);
    let form = SupportForm {
        venture_id: body.venture_id.to_string(),
        working_group: body.working_group.unwrap_or_default(),
        supported_on: body.supported_on,
        kind: body.kind,
        summary: body.summary,
        outcome: body.outcome.unwrap_or_default(),
        follow_up_on: body.follow_up_on.unwrap_or_default(),
    };
    let valid = validate_support(&form, by.today)
        .map_err(|e| ApiError::from(app::error::AppError::from(e)))?;
    let id = app::ssr::support::log_support(&st.db, by, valid).await?;
    Ok((StatusCode::CREATED, Json(LoggedSupport { id })))
}
