//! The venture page's "RINK支援 / RINK support" section: the venture's support log, its counts
//! by fiscal year and kind, the CSV of it, and the quick entry form with a group select
//! (coordinators and admins). Its resource is made at the top of `VenturePage`
//! (`VentureResources::support`), never inside the page's `Suspend`.

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::support::VentureSupport;
use crate::components::error_view::ErrorView;
use crate::components::layout::IfMay;
use crate::components::support_log::{Pick, QuickEntry, Show, SummaryTable, SupportList};
use crate::domain::account::Area;
use crate::error::AppError;
use crate::i18n::*;

#[component]
pub fn VentureSupportSection(
    venture_id: Uuid,
    /// False for an archived venture: no new support is logged on it.
    editable: bool,
    data: Resource<Result<VentureSupport, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let export = format!("/rink/export/support_logs.csv?venture={venture_id}");
    view! {
        <section aria-labelledby="h-venture-support" class="venture-support" data-testid="venture-support">
            <h2 id="h-venture-support">{t!(i18n, rink.venture_heading)}</h2>
            <p class="exports"><a href=export rel="external" download>{t!(i18n, rink.export_support)}</a></p>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => view! { <SupportBody s venture_id editable /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn SupportBody(s: VentureSupport, venture_id: Uuid, editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let today = s.today;
    let groups = s.groups.clone();
    let show = Show {
        venture: false,
        group: true,
    };
    view! {
        <h3>{t!(i18n, rink.summary_heading)}</h3>
        <SummaryTable summary=s.summary.clone() />
        {editable.then(|| view! {
            <IfMay area=Area::SupportLogs>
                <QuickEntry anchor=venture_id today ventures=Pick::Fixed(venture_id.to_string()) groups=Pick::Choose(groups.clone()) />
            </IfMay>
        })}
        <h3>{t!(i18n, rink.support_heading)}</h3>
        <SupportList rows=s.support.clone() today show />
    }
    .into_any()
}
