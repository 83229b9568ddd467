//! The dashboard's hub funnel section: the selected hub's funnel as bars (each bar opens the
//! ventures behind it), the conversion and median table, and the hub × stage table where every
//! number is a link. Works with JavaScript off (links only).

use leptos::prelude::*;

use crate::api::dashboard::{get_funnel, FunnelDto, HubFunnel};
use crate::api::ventures::VentureQuery;
use crate::components::chart::{Bar, BarChart};
use crate::components::error_view::ErrorView;
use crate::domain::dashboard::{DashboardQuery, FunnelUnit};
use crate::domain::funnel::{duration_en, duration_ja, percent_label, FunnelStage, FunnelStep};
use crate::format;
use crate::i18n::*;
use crate::pages::ventures::{funnel_stage_label, list_href};

/// The ventures list showing the population behind `stage` of `hub`'s funnel (`""`: all hubs).
/// Counting ventures, the list holds exactly the counted ventures; counting programs, it holds
/// the ventures that own the counted programs.
pub fn venture_list_query(q: &DashboardQuery, hub: &str, stage: FunnelStage) -> VentureQuery {
    let (founded_from, founded_to) = q.founded_range();
    let (modality, program_modality) = match q.unit {
        FunnelUnit::Ventures => (q.modality, None),
        FunnelUnit::Programs => (None, q.modality),
    };
    VentureQuery {
        hub: hub.to_string(),
        has_program: q.unit == FunnelUnit::Programs,
        modality,
        program_modality,
        reached: Some(stage),
        founded_from,
        founded_to,
        page: 1,
        ..Default::default()
    }
}

/// The link of a bar or a number: [`venture_list_query`] as a list URL.
pub fn venture_list_href(q: &DashboardQuery, hub: &str, stage: FunnelStage) -> String {
    list_href(&venture_list_query(q, hub, stage), 1)
}

fn hub_label(l: Locale, code: &str) -> String {
    if code.is_empty() {
        td_string!(l, funnel.all_hubs).to_string()
    } else {
        format::hub(l, code)
    }
}

fn unit_label(l: Locale, u: FunnelUnit) -> &'static str {
    match u {
        FunnelUnit::Ventures => td_string!(l, funnel.unit_ventures),
        FunnelUnit::Programs => td_string!(l, funnel.unit_programs),
    }
}

/// A day count with the thousands separator, negative ones with a minus sign.
fn signed_number(n: i64) -> String {
    let s = format::number(n.unsigned_abs());
    if n < 0 {
        format!("−{s}")
    } else {
        s
    }
}

fn conversion_text(s: &FunnelStep) -> String {
    s.conversion_per_mille
        .map(percent_label)
        .unwrap_or_default()
}

fn median_text(l: Locale, s: &FunnelStep) -> String {
    match s.median_days_to_next {
        None => String::new(),
        Some(days) => {
            let duration = match l {
                Locale::ja => duration_ja(days),
                Locale::en => duration_en(days),
            };
            td_string!(
                l,
                funnel.median_value,
                days = signed_number(days),
                duration = duration
            )
            .to_string()
        }
    }
}

#[component]
pub fn FunnelSection(query: Memo<DashboardQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || query.get(), get_funnel);
    view! {
        <section class="dash-section funnel" aria-labelledby="funnel-heading" data-testid="funnel">
            <h2 id="funnel-heading">{t!(i18n, funnel.heading)}</h2>
            <p class="lead">{t!(i18n, funnel.lead)}</p>
            <Suspense fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(dto) => view! { <FunnelView dto /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn FunnelView(dto: FunnelDto) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let q = dto.query.clone();
    let unit = q.unit;

    let toggle = FunnelUnit::ALL
        .iter()
        .map(|u| {
            let href = q.with_unit(*u).href();
            let current = (*u == unit).then_some("page");
            view! {
                <li>
                    <a href=href aria-current=current data-testid=format!("funnel-unit-{}", u.as_str())>
                        {unit_label(l, *u)}
                    </a>
                </li>
            }
        })
        .collect_view();

    let hub_name = hub_label(l, &q.hub);
    let bars: Vec<Bar> = dto
        .selected
        .steps
        .iter()
        .map(|s| Bar {
            label: funnel_stage_label(l, s.stage).to_string(),
            value: s.count as i64,
            value_label: format::number(s.count),
            href: venture_list_href(&q, &q.hub, s.stage),
            note: s
                .conversion_per_mille
                .map(|p| td_string!(l, funnel.conversion_note, pct = percent_label(p)).to_string())
                .unwrap_or_default(),
        })
        .collect();
    let desc = td_string!(
        l,
        funnel.chart_desc,
        list = dto
            .selected
            .steps
            .iter()
            .map(|s| format!(
                "{} {}",
                funnel_stage_label(l, s.stage),
                format::number(s.count)
            ))
            .collect::<Vec<_>>()
            .join(td_string!(l, vfilter.separator))
    )
    .to_string();
    let title = td_string!(
        l,
        funnel.chart_title,
        hub = hub_name.clone(),
        unit = unit_label(l, unit)
    )
    .to_string();

    let step_rows = dto
        .selected
        .steps
        .iter()
        .map(|s| {
            let href = venture_list_href(&q, &q.hub, s.stage);
            view! {
                <tr data-testid=format!("funnel-step-{}", s.stage.as_str())>
                    <th scope="row">{funnel_stage_label(l, s.stage)}</th>
                    <td class="num"><a href=href>{format::number(s.count)}</a></td>
                    <td class="num">{conversion_text(s)}</td>
                    <td class="num">{median_text(l, s)}</td>
                    <td class="num">
                        {(s.stage != FunnelStage::Approved).then(|| format::number(s.median_sample))}
                    </td>
                </tr>
            }
        })
        .collect_view();

    let header_cells = FunnelStage::ALL
        .iter()
        .map(|s| view! { <th scope="col" class="num">{funnel_stage_label(l, *s)}</th> })
        .collect_view();
    let hub_rows = dto
        .by_hub
        .iter()
        .map(|h: &HubFunnel| {
            let code = h.hub_code.clone();
            let cells = h
                .funnel
                .steps
                .iter()
                .map(|s| {
                    let href = venture_list_href(&q, &code, s.stage);
                    view! { <td class="num"><a href=href>{format::number(s.count)}</a></td> }
                })
                .collect_view();
            let selected = code == q.hub;
            let hub_href = q.with_hub(&code).href();
            view! {
                <tr class:selected=selected data-testid=format!("funnel-hub-{}", if code.is_empty() { "all" } else { code.as_str() })>
                    <th scope="row"><a href=hub_href>{hub_label(l, &code)}</a></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();

    let links_note = match unit {
        FunnelUnit::Ventures => td_string!(l, funnel.links_ventures),
        FunnelUnit::Programs => td_string!(l, funnel.links_programs),
    };
    let csv_href = q.href_at("/dashboard/export/funnel.csv");

    view! {
        <nav class="unit-toggle" aria-label=td_string!(l, funnel.unit_label)>
            <span class="unit-toggle__label">{td_string!(l, funnel.unit_label)}</span>
            <ul>{toggle}</ul>
        </nav>
        <BarChart
            id="funnel-chart"
            title=title
            desc=desc
            bars=bars
            label_header=td_string!(l, funnel.col_stage)
            value_header=td_string!(l, funnel.col_count)
            note_header=td_string!(l, funnel.col_conversion)
        />
        <p class="note" data-testid="funnel-includes-later">{td_string!(l, funnel.includes_later)}</p>
        <p class="note">{links_note}</p>
        <h3>{td_string!(l, funnel.table_heading)}</h3>
        <div class="table-wrap">
            <table class="data-table" data-testid="funnel-steps">
                <caption class="visually-hidden">
                    {td_string!(l, funnel.table_caption, hub = hub_name.clone()).to_string()}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(l, funnel.col_stage)}</th>
                        <th scope="col" class="num">{unit_label(l, unit)}</th>
                        <th scope="col" class="num">{td_string!(l, funnel.col_conversion)}</th>
                        <th scope="col" class="num">{td_string!(l, funnel.col_median)}</th>
                        <th scope="col" class="num">{td_string!(l, funnel.col_sample)}</th>
                    </tr>
                </thead>
                <tbody>{step_rows}</tbody>
            </table>
        </div>
        <p class="note">{td_string!(l, funnel.median_note)}</p>
        <h3>{td_string!(l, funnel.hub_table_heading)}</h3>
        <div class="table-wrap">
            <table class="data-table" data-testid="funnel-hubs">
                <caption class="visually-hidden">
                    {td_string!(l, funnel.hub_table_caption, unit = unit_label(l, unit)).to_string()}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(l, funnel.col_hub)}</th>
                        {header_cells}
                    </tr>
                </thead>
                <tbody>{hub_rows}</tbody>
            </table>
        </div>
        <p class="page-actions">
            <a href=csv_href download rel="external" data-testid="funnel-csv">
                {td_string!(l, funnel.csv)}
            </a>
        </p>
    }
}
