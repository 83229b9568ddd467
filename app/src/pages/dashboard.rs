//! `/dashboard`: leadership's view (見える化). Hub tabs and a GET filter form set the view, which
//! lives wholly in the URL (`domain::dashboard::DashboardQuery`), so a link reproduces it and it
//! works with JavaScript off. Below them: the hub funnel, the targets by year, and support and
//! money, each a section with its own server function and charts drawn as SVG on the server.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::api::dashboard_view::{dashboard_filters, FilterChoices};
use crate::components::error_view::ErrorView;
use crate::domain::dashboard::{DashboardQuery, FunnelUnit};
use crate::domain::fiscal::FiscalYear;
use crate::domain::venture::Modality;
use crate::format;
use crate::i18n::*;
use crate::pages::dashboard_funnel::FunnelSection;
use crate::pages::dashboard_support::SupportSection;
use crate::pages::dashboard_targets::TargetsSection;
use crate::pages::funds::fy_label;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|m| DashboardQuery::from_pairs(|k| m.get(k))));
    let filters = Resource::new(|| (), |_| dashboard_filters());

    view! {
        <Title text=tu_string!(i18n, dash.title) />
        <h1>{t!(i18n, dash.title)}</h1>
        <p class="lead">{t!(i18n, dash.lead)}</p>
        <Suspense fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || {
                // Tracked here, so the tabs and the form follow a client-side navigation.
                let q = query.get();
                Suspend::new(async move {
                match filters.await {
                    Ok(f) => view! { <DashboardFilterBar filters=f query=q /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })
            }}
        </Suspense>
        <FunnelSection query />
        <TargetsSection />
        <SupportSection query />
    }
}

/// Hub tabs (links) and the filter form (GET), both keeping the rest of the view.
#[component]
fn DashboardFilterBar(filters: FilterChoices, query: DashboardQuery) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();

    let mut tabs: Vec<(String, String)> =
        vec![(String::new(), td_string!(l, dash.hub_all).to_string())];
    tabs.extend(
        filters
            .hubs
            .iter()
            .map(|h| (h.code.clone(), format::hub(l, &h.code))),
    );
    let tabs = tabs
        .into_iter()
        .map(|(code, label)| {
            let current = query.hub == code;
            let href = query.with_hub(&code).href();
            view! {
                <li>
                    <a href=href aria-current=current.then_some("page") data-hub=code.clone()>{label}</a>
                </li>
            }
        })
        .collect_view();

    // From the earliest founding on record (or ten years back) to this year, and always the
    // years the URL asks for, so a shared link shows its own range.
    let first = [
        Some(filters.first_fy.min(FiscalYear(filters.current_fy.0 - 10))),
        query.fy_from,
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(filters.current_fy);
    let last = query
        .fy_to
        .map_or(filters.current_fy, |to| to.max(filters.current_fy));
    let years: Vec<FiscalYear> = first.through(last).collect();
    let year_options = move |selected: Option<FiscalYear>| {
        years
            .iter()
            .rev()
            .map(|fy| {
                let fy = *fy;
                view! {
                    <option value=fy.0.to_string() selected=selected == Some(fy)>{fy_label(l, fy)}</option>
                }
            })
            .collect_view()
    };
    let from_options = year_options.clone()(query.fy_from);
    let to_options = year_options(query.fy_to);
    let modality_options = Modality::ALL
        .iter()
        .map(|m| {
            let m = *m;
            view! {
                <option value=m.as_str() selected=query.modality == Some(m)>{format::modality(l, m.as_str())}</option>
            }
        })
        .collect_view();
    let report_href = format!("/dashboard/report?fy={}", filters.current_fy.0);

    view! {
        <nav class="hub-tabs" aria-label=td_string!(l, dash.hub_tabs) data-testid="hub-tabs">
            <ul>{tabs}</ul>
        </nav>
        <Form method="GET" action="/dashboard" attr:class="filters" attr:role="search" attr:data-testid="dashboard-filters">
            <fieldset>
                <legend>{t!(i18n, dash.filter_legend)}</legend>
                <input type="hidden" name="hub" value=query.hub.clone() />
                // The funnel's own toggle switches the unit; the form keeps it.
                {(query.unit != FunnelUnit::default())
                    .then(|| view! { <input type="hidden" name="unit" value=query.unit.as_str() /> })}
                <div class="field">
                    <label for="d-modality">{t!(i18n, field_modality)}</label>
                    <select id="d-modality" name="modality">
                        <option value="">{t!(i18n, dash.modality_all)}</option>
                        {modality_options}
                    </select>
                </div>
                <div class="field">
                    <label for="d-fy-from">{t!(i18n, dash.fy_from)}</label>
                    <select id="d-fy-from" name="fy_from" aria-describedby="d-fy-hint">
                        <option value="">{t!(i18n, dash.fy_any)}</option>
                        {from_options}
                    </select>
                </div>
                <div class="field">
                    <label for="d-fy-to">{t!(i18n, dash.fy_to)}</label>
                    <select id="d-fy-to" name="fy_to" aria-describedby="d-fy-hint">
                        <option value="">{t!(i18n, dash.fy_any)}</option>
                        {to_options}
                    </select>
                </div>
                <p class="hint field--wide" id="d-fy-hint">{t!(i18n, dash.fy_hint)}</p>
                <div class="actions">
                    <button type="submit" class="button" data-testid="dashboard-apply">{t!(i18n, apply)}</button>
                    <a class="button button--secondary" href="/dashboard">{t!(i18n, reset)}</a>
                </div>
            </fieldset>
        </Form>
        <p class="page-actions">
            <a class="button button--secondary" href=report_href data-testid="report-link">{t!(i18n, dash.report_link)}</a>
        </p>
    }
}
