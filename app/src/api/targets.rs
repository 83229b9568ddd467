//! KPI targets by year and the trial notifications behind them. Everyone signed in reads the
//! targets (`get_targets`) and the notifications of a date range (`list_notifications`, the
//! drill-down of the trial-notification target). Administrators (`Area::Administration`) freeze
//! the figure reported for a completed year (`freeze_reported_figure`): once per target and
//! year, with who and when, so a later correction of the records shows as a difference.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::targets::{FreezeForm, Progress, TargetSpec};
use crate::error::AppError;

/// A figure frozen for a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedDto {
    pub year: i32,
    pub value: i64,
    pub note: String,
    /// The administrator's display name (empty when unknown).
    pub frozen_by: String,
    pub frozen_at: DateTime<Utc>,
}

/// One target with its years.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetDto {
    pub id: Uuid,
    pub name_ja: String,
    pub name_en: String,
    pub note: String,
    pub spec: TargetSpec,
    pub progress: Progress,
    /// The frozen figures, by year.
    pub reported: Vec<ReportedDto>,
}

/// The targets section of the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetsDto {
    pub targets: Vec<TargetDto>,
    /// Today in Japan (the years' completeness and the freeze form's checks).
    pub today: NaiveDate,
    /// The signed-in user may freeze figures (administrators).
    pub may_freeze: bool,
}

/// One trial notification of the drill-down list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationRow {
    pub id: Uuid,
    pub notified_on: NaiveDate,
    pub venture_id: Uuid,
    pub venture_name_ja: String,
    pub venture_name_en: String,
    pub program_name: String,
    /// company, investigator.
    pub sponsor: String,
    pub registry_id: String,
    /// phase1, phase1_2, …
    pub phase: String,
}

/// The trial notifications dated in a range (both ends inclusive, either open).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationList {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub count: usize,
    /// Oldest first.
    pub rows: Vec<NotificationRow>,
}

/// Every target (not archived) with its values by year, path, status and reported figures.
#[server(endpoint = "targets/get")]
pub async fn get_targets() -> Result<TargetsDto, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, state::respond, state::state, targets};
    let st = state().map_err(respond)?;
    let user = auth::current_user(&st.db).await.map_err(respond)?;
    let today = st.clock.today();
    let mut dto = st
        .memo
        .get(&st.db, "targets", today.to_string(), || {
            targets::load(&st.db, today)
        })
        .await
        .map_err(respond)?;
    dto.may_freeze = user.role.may(Area::Administration);
    Ok(dto)
}

/// Freeze the figure reported for a completed year (administrators); returns the figure's id.
#[server(endpoint = "targets/freeze")]
pub async fn freeze_reported_figure(form: FreezeForm) -> Result<Uuid, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, records::By, state::respond, state::state, targets};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    targets::freeze(&st.db, by, &form).await.map_err(respond)
}

/// The trial notifications (not archived, of ventures not archived) dated from `from` to `to`
/// (ISO dates; an empty or unreadable end is open).
#[server(endpoint = "targets/notifications")]
pub async fn list_notifications(from: String, to: String) -> Result<NotificationList, AppError> {
    use crate::ssr::{auth, state::respond, state::state, targets};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    targets::notifications(&st.db, parse(&from), parse(&to))
        .await
        .map_err(respond)
}
