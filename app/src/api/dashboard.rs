//! The leadership dashboard (`/dashboard`): read-only server functions, one per section, each
//! for any signed-in user. Every section takes the shared view state
//! ([`crate::domain::dashboard::DashboardQuery`]).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::ventures::HubDto;
use crate::domain::dashboard::DashboardQuery;
use crate::domain::funnel::Funnel;
use crate::error::AppError;

// ---- Hub funnel (issue #6, item 1) ---------------------------------------------------------

/// One hub's funnel (`hub_code` empty: all hubs together).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubFunnel {
    pub hub_code: String,
    pub funnel: Funnel,
}

/// The funnel section: the selected hub's funnel and every hub's, under the same filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelDto {
    /// The view it was computed for.
    pub query: DashboardQuery,
    /// The hubs, in display order.
    pub hubs: Vec<HubDto>,
    /// The selected hub's funnel (all hubs when the query names none).
    pub selected: Funnel,
    /// Every hub in display order, then all hubs together (`hub_code` empty).
    pub by_hub: Vec<HubFunnel>,
}

/// The hub funnel for the dashboard's view (any signed-in user). A fixed number of aggregate
/// statements whatever the number of ventures.
#[server(endpoint = "dashboard/funnel")]
pub async fn get_funnel(query: DashboardQuery) -> Result<FunnelDto, AppError> {
    use crate::ssr::{auth, dashboard_funnel, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let key = format!("{query:?} {}", st.clock.today());
    st.memo
        .get(&st.db, "funnel", key, || {
            dashboard_funnel::load(&st.db, &query)
        })
        .await
        .map_err(respond)
}
