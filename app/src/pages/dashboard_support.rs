//! The dashboard's "support and money" section: RINK support per fiscal year stacked by working
//! group, the table group × kind × year, and fund support per year stacked by hub (yen, with the
//! counts in its table). Every number and every segment links to the list of the records
//! behind it (`/rink/support?…`, `/funds/supports?…`).

use leptos::prelude::*;

use crate::api::dashboard_support::{get_support_overview, SupportOverview};
use crate::components::chart::{ColumnChart, Series};
use crate::components::error_view::ErrorView;
use crate::components::support_log::group_name;
use crate::components::venture_timeline::support_kind;
use crate::domain::dashboard::DashboardQuery;
use crate::domain::fiscal::FiscalYear;
use crate::format;
use crate::i18n::*;
use crate::pages::funds::{count_label, yen};

/// A fiscal year as a column heading: `2025年度` / `FY2025`.
pub fn fy_short(l: Locale, fy: FiscalYear) -> String {
    match l {
        Locale::ja => fy.label_ja(),
        Locale::en => fy.label_en(),
    }
}

/// A group's name, or "no group" for support outside any group.
pub fn row_name(l: Locale, code: &str, ja: &str, en: &str) -> String {
    if code.is_empty() {
        td_string!(l, dsupport.no_group).to_string()
    } else {
        group_name(l, ja, en)
    }
}

/// `3件・1億5,000万円` / `3 · ¥150,000,000`.
fn money_cell(l: Locale, count: u32, amount: i64) -> String {
    format!("{} · {}", count_label(l, count), yen(l, amount))
}

/// The section; `query` is the dashboard's view (its years bound the columns, its hub the RINK
/// support).
#[component]
pub fn SupportSection(query: Memo<DashboardQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || query.get(), get_support_overview);
    view! {
        <section class="dash-section dash-support" aria-labelledby="h-dash-support" data-testid="dash-support">
            <h2 id="h-dash-support">{t!(i18n, dsupport.heading)}</h2>
            <p class="lead">{t!(i18n, dsupport.lead)}</p>
            <Suspense fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(o) => view! { <RinkSupport o=o.clone() /> <FundSupport o /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The hub note of the RINK captions ("only ventures now at 殿町"), or nothing.
fn hub_note(l: Locale, hub: &str) -> String {
    if hub.is_empty() {
        String::new()
    } else {
        format!(
            "（{}）",
            td_string!(l, dsupport.hub_note, hub = format::hub(l, hub))
        )
    }
}

#[component]
fn RinkSupport(o: SupportOverview) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let note = hub_note(l, &o.hub);
    let categories: Vec<String> = o.years.iter().map(|y| fy_short(l, *y)).collect();
    let series: Vec<Series> = o
        .groups
        .iter()
        .filter(|g| g.total() > 0)
        .map(|g| Series {
            name: row_name(l, &g.code, &g.name_ja, &g.name_en),
            values: g.totals.iter().map(|n| i64::from(*n)).collect(),
            labels: g.totals.iter().map(|n| count_label(l, *n)).collect(),
            hrefs: o
                .years
                .iter()
                .map(|y| o.support_filter(Some(g.wg()), None, Some(*y)).href())
                .collect(),
        })
        .collect();
    let totals = o.support_totals();
    let total_labels: Vec<String> = totals.iter().map(|n| count_label(l, *n)).collect();
    let title = format!("{}{note}", td_string!(l, dsupport.rink_chart_title));
    let years = o.years.clone();
    let all_years = o.support_filter(None, None, None).href();
    let grand: u32 = totals.iter().sum();
    view! {
        <section aria-labelledby="h-dash-rink" data-testid="dash-rink">
            <h3 id="h-dash-rink">{td_string!(l, dsupport.rink_heading)} {note.clone()}</h3>
            <ColumnChart
                id="chart-rink-support"
                title=title
                desc=td_string!(l, dsupport.rink_chart_desc)
                categories=categories
                series=series
                category_header=td_string!(l, dsupport.col_fy)
                total_header=td_string!(l, dsupport.col_total)
                total_labels=total_labels
            />
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby="h-dash-rink">
                <table class="data-table dash-table" data-testid="support-by-group">
                    <caption>{td_string!(l, dsupport.table_caption)} {note}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(l, dsupport.col_group)}</th>
                            <th scope="col">{td_string!(l, dsupport.col_kind)}</th>
                            {years.iter().map(|y| view! { <th scope="col" class="num">{fy_short(l, *y)}</th> }).collect_view()}
                            <th scope="col" class="num">{td_string!(l, dsupport.col_total)}</th>
                        </tr>
                    </thead>
                    {o
                        .groups
                        .iter()
                        .map(|g| {
                            let wg = g.wg().to_string();
                            let name = row_name(l, &g.code, &g.name_ja, &g.name_en);
                            let span = (g.kinds.len() + 1).to_string();
                            let cells = |kind: Option<crate::domain::support::SupportKind>, counts: &[u32]| {
                                let mut out: Vec<_> = o
                                    .years
                                    .iter()
                                    .zip(counts)
                                    .map(|(y, n)| {
                                        let href = o.support_filter(Some(&wg), kind, Some(*y)).href();
                                        view! { <td class="num" data-fy=y.0.to_string()><a href=href>{n.to_string()}</a></td> }
                                    })
                                    .collect();
                                let href = o.support_filter(Some(&wg), kind, None).href();
                                let sum: u32 = counts.iter().sum();
                                out.push(view! { <td class="num total" data-fy="total".to_string()><a href=href>{sum.to_string()}</a></td> });
                                out
                            };
                            let all_cells = cells(None, &g.totals);
                            let kind_rows = g
                                .kinds
                                .iter()
                                .map(|k| {
                                    let c = cells(Some(k.kind), &k.counts);
                                    view! {
                                        <tr data-wg=wg.clone() data-kind=k.kind.as_str()>
                                            <th scope="row">{support_kind(l, k.kind.as_str())}</th>
                                            {c}
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view! {
                                <tbody data-wg=wg.clone()>
                                    <tr class="dash-table__group" data-wg=wg.clone() data-kind="all">
                                        <th scope="rowgroup" rowspan=span>{name}</th>
                                        <th scope="row">{td_string!(l, dsupport.all_kinds)}</th>
                                        {all_cells}
                                    </tr>
                                    {kind_rows}
                                </tbody>
                            }
                        })
                        .collect_view()}
                    <tfoot>
                        <tr data-wg="all">
                            <th scope="row" colspan="2">{td_string!(l, dsupport.col_total)}</th>
                            {o
                                .years
                                .iter()
                                .zip(totals.clone())
                                .map(|(y, n)| {
                                    let href = o.support_filter(None, None, Some(*y)).href();
                                    view! { <td class="num" data-fy=y.0.to_string()><a href=href>{n.to_string()}</a></td> }
                                })
                                .collect_view()}
                            <td class="num total" data-fy="total"><a href=all_years>{grand.to_string()}</a></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

#[component]
fn FundSupport(o: SupportOverview) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let categories: Vec<String> = o.years.iter().map(|y| fy_short(l, *y)).collect();
    let series: Vec<Series> = o
        .hubs
        .iter()
        .filter(|h| h.counts.iter().any(|n| *n > 0))
        .map(|h| Series {
            name: format::hub(l, &h.code),
            values: h.yen.clone(),
            labels: h
                .counts
                .iter()
                .zip(&h.yen)
                .map(|(n, y)| money_cell(l, *n, *y))
                .collect(),
            hrefs: o
                .years
                .iter()
                .map(|y| o.fund_filter(Some(&h.code), Some(*y)).href())
                .collect(),
        })
        .collect();
    let totals = o.fund_totals();
    let total_labels: Vec<String> = totals.iter().map(|(n, y)| money_cell(l, *n, *y)).collect();
    let (grand_n, grand_yen) = totals
        .iter()
        .fold((0u32, 0i64), |(a, b), (n, y)| (a + n, b.saturating_add(*y)));
    let years = o.years.clone();
    view! {
        <section aria-labelledby="h-dash-funds" data-testid="dash-funds">
            <h3 id="h-dash-funds">{td_string!(l, dsupport.fund_heading)}</h3>
            <ColumnChart
                id="chart-fund-support"
                title=td_string!(l, dsupport.fund_chart_title)
                desc=td_string!(l, dsupport.fund_chart_desc)
                categories=categories
                series=series
                category_header=td_string!(l, dsupport.col_fy)
                total_header=td_string!(l, dsupport.col_total)
                total_labels=total_labels
            />
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby="h-dash-funds">
                <table class="data-table dash-table" data-testid="funds-by-hub">
                    <caption>{td_string!(l, dsupport.fund_table_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(l, dsupport.col_hub)}</th>
                            {years.iter().map(|y| view! { <th scope="col" class="num">{fy_short(l, *y)}</th> }).collect_view()}
                            <th scope="col" class="num">{td_string!(l, dsupport.col_total)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {o
                            .hubs
                            .iter()
                            .map(|h| {
                                let cells = o
                                    .years
                                    .iter()
                                    .enumerate()
                                    .map(|(i, y)| {
                                        let href = o.fund_filter(Some(&h.code), Some(*y)).href();
                                        let text = money_cell(l, h.counts[i], h.yen[i]);
                                        view! { <td class="num" data-fy=y.0.to_string()><a href=href>{text}</a></td> }
                                    })
                                    .collect_view();
                                let n: u32 = h.counts.iter().sum();
                                let sum = h.yen.iter().fold(0i64, |a, b| a.saturating_add(*b));
                                let href = o.fund_filter(Some(&h.code), None).href();
                                view! {
                                    <tr data-hub=h.code.clone()>
                                        <th scope="row">{format::hub(l, &h.code)}</th>
                                        {cells}
                                        <td class="num total" data-fy="total"><a href=href>{money_cell(l, n, sum)}</a></td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                    <tfoot>
                        <tr data-hub="all">
                            <th scope="row">{td_string!(l, dsupport.col_total)}</th>
                            {o
                                .years
                                .iter()
                                .zip(totals.clone())
                                .map(|(y, (n, amount))| {
                                    let href = o.fund_filter(None, Some(*y)).href();
                                    view! { <td class="num" data-fy=y.0.to_string()><a href=href>{money_cell(l, n, amount)}</a></td> }
                                })
                                .collect_view()}
                            <td class="num total" data-fy="total"><a href=o.fund_filter(None, None).href()>{money_cell(l, grand_n, grand_yen)}</a></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}
