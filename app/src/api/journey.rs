//! Recording a program's journey (staff and admins): a stage reached, a side exit, a resumption,
//! or the retraction of a mistaken event. The forms offer only what the journey rules allow; the
//! server checks again and refuses the rest with the reason.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::validation::FieldError;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDto {
    pub event_id: Uuid,
    pub program_version: i32,
    /// Worth a second look, but recorded (e.g. a stage dated before the venture's founding).
    pub warnings: Vec<FieldError>,
}

#[cfg(feature = "ssr")]
fn to_dto(r: crate::ssr::stage_events::Recorded) -> RecordedDto {
    use crate::domain::validation::ToFieldError;
    RecordedDto {
        event_id: r.event_id,
        program_version: r.program_version,
        warnings: r
            .warnings
            .iter()
            .map(|w| w.field_error("occurred_on"))
            .collect(),
    }
}

/// Record a stage reached, a side exit or a resumption (`action` as
/// [`crate::domain::journey_form::action_value`] writes it).
#[server(endpoint = "journey/record")]
pub async fn record_stage_event(
    program_id: Uuid,
    version: i32,
    action: String,
    occurred_on: String,
    precision: String,
    source_url: String,
    note: String,
) -> Result<RecordedDto, AppError> {
    use crate::domain::{account::Area, journey_form::validate_event};
    use crate::ssr::{auth, stage_events, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let input = validate_event(&action, &occurred_on, &precision, &source_url, &note)
        .map_err(|e| respond(e.into()))?;
    let on = stage_events::On {
        actor: user.id,
        program_id,
        version,
        now: st.clock.now(),
        today: st.clock.today(),
    };
    stage_events::record(&st.db, on, input)
        .await
        .map(to_dto)
        .map_err(respond)
}

/// Retract a mistaken event, with the reason; the history keeps both.
#[server(endpoint = "journey/retract")]
pub async fn retract_stage_event(
    program_id: Uuid,
    version: i32,
    event_id: Uuid,
    reason: String,
) -> Result<RecordedDto, AppError> {
    use crate::domain::{account::Area, journey_form::validate_reason};
    use crate::ssr::{auth, stage_events, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let reason = validate_reason(&reason).map_err(|e| respond(e.into()))?;
    let on = stage_events::On {
        actor: user.id,
        program_id,
        version,
        now: st.clock.now(),
        today: st.clock.today(),
    };
    stage_events::retract(&st.db, on, event_id, reason)
        .await
        .map(to_dto)
        .map_err(respond)
}
