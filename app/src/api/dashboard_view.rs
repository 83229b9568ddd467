//! What the dashboard's filter form offers: the hubs, and the fiscal years from the earliest
//! founding on record to the current one (today in Japan). The sections' own data comes from
//! their server functions (`api::dashboard`, `api::targets`, `api::dashboard_support`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::ventures::HubDto;
use crate::domain::fiscal::FiscalYear;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterChoices {
    pub hubs: Vec<HubDto>,
    /// The fiscal year that contains today in Japan.
    pub current_fy: FiscalYear,
    /// The earliest fiscal year the year selects offer (the earliest founding, at most
    /// `current_fy`).
    pub first_fy: FiscalYear,
}

#[server(endpoint = "dashboard/filters")]
pub async fn dashboard_filters() -> Result<FilterChoices, AppError> {
    use crate::ssr::{auth, dashboard_view, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let today = st.clock.today();
    st.memo
        .get(&st.db, "filters", today.to_string(), || {
            dashboard_view::filters(&st.db, today)
        })
        .await
        .map_err(respond)
}

/// What happened in one fiscal year, per hub (the venture's current hub) and in all: the
/// printable report's "activity" table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearActivity {
    pub fiscal_year: FiscalYear,
    pub hubs: Vec<HubDto>,
    /// One row per measure, in report order.
    pub rows: Vec<ActivityRow>,
    /// The day the figures were read (today in Japan).
    pub as_of: chrono::NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    /// `founded`, `located`, `notifications`, or a stage code (programs reaching it in the year).
    pub measure: String,
    /// Counts in the order of `YearActivity::hubs`.
    pub by_hub: Vec<u64>,
    pub total: u64,
}

/// The activity of fiscal year `fy` (1990 … 2100), or of the current one.
#[server(endpoint = "dashboard/activity")]
pub async fn fy_activity(fy: Option<i32>) -> Result<YearActivity, AppError> {
    use crate::domain::dashboard::{FIRST_FY, LAST_FY};
    use crate::ssr::{auth, dashboard_view, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let today = st.clock.today();
    let fy = match fy {
        Some(y) if (FIRST_FY..=LAST_FY).contains(&y) => FiscalYear(y),
        Some(_) => return Err(respond(AppError::validation("fy", "dash.e_fy_range"))),
        None => FiscalYear::of(today),
    };
    st.memo
        .get(&st.db, "activity", format!("{} {today}", fy.0), || {
            dashboard_view::activity(&st.db, fy, today)
        })
        .await
        .map_err(respond)
}
