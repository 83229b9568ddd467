//! `/dashboard/report?fy=2025`: a one-page A4 summary of a fiscal year for leadership's files —
//! the targets for the year, what happened in each hub, RINK support and fund support — with
//! dates in 和暦 in Japanese. On screen it has a year choice and links; printed, only the report.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::api::dashboard_support::{
    get_support_overview, FundFilter, SupportFilter, SupportOverview,
};
use crate::api::dashboard_view::{fy_activity, YearActivity};
use crate::api::targets::{get_targets, TargetsDto};
use crate::components::error_view::ErrorView;
use crate::domain::dashboard::DashboardQuery;
use crate::domain::dashboard::{FIRST_FY, LAST_FY};
use crate::domain::fiscal::{wareki_date, FiscalYear};
use crate::domain::stage::Stage;
use crate::domain::targets::drill_down_href;
use crate::format;
use crate::i18n::*;
use crate::pages::dashboard_support::row_name;
use crate::pages::dashboard_targets::{
    difference_text, path_text, rule_text, status_text, year_label,
};
use crate::pages::funds::fy_label;
use crate::pages::funds::{count_label, yen};

/// A date for the report: `令和7年4月1日` in Japanese, `1 April 2025` in English.
pub fn report_date(l: Locale, d: chrono::NaiveDate) -> String {
    match l {
        Locale::ja => wareki_date(d),
        Locale::en => d.format("%-d %B %Y").to_string(),
    }
}

/// The report's fiscal year from `?fy=`, or the current one when absent or out of range.
fn report_year(raw: Option<String>) -> Option<FiscalYear> {
    raw.and_then(|s| s.trim().parse::<i32>().ok())
        .filter(|y| (FIRST_FY..=LAST_FY).contains(y))
        .map(FiscalYear)
}

#[component]
pub fn DashboardReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let fy = Memo::new(move |_| params.with(|m| report_year(m.get("fy"))));
    let activity = Resource::new(
        move || fy.get(),
        |fy: Option<FiscalYear>| fy_activity(fy.map(|y| y.0)),
    );

    let targets = Resource::new(|| (), |_| get_targets());
    let support = Resource::new(
        move || fy.get(),
        |fy: Option<FiscalYear>| {
            get_support_overview(DashboardQuery {
                fy_from: fy,
                fy_to: fy,
                ..DashboardQuery::default()
            })
        },
    );

    view! {
        <Title text=tu_string!(i18n, report.title) />
        <div class="report" data-testid="fy-report">
            <Suspense fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match (activity.await, targets.await, support.await) {
                        (Ok(a), Ok(t), Ok(s)) => view! {
                            <ReportBody activity=a targets=t support=s />
                        }
                        .into_any(),
                        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                            view! { <ErrorView error=e /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ReportBody(
    activity: YearActivity,
    targets: TargetsDto,
    support: SupportOverview,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let fy = activity.fiscal_year;
    let period = format!(
        "{} – {}",
        report_date(l, fy.start()),
        report_date(l, fy.end())
    );
    let heading = match l {
        Locale::ja => format!("{}（{}）", fy.wareki_label(), fy.label_ja()),
        Locale::en => fy.label_en(),
    };
    let years = (fy.0 - 10..=fy.0 + 1)
        .map(|y| {
            let y = FiscalYear(y);
            view! { <option value=y.0.to_string() selected=y == fy>{fy_label(l, y)}</option> }
        })
        .collect_view();
    let hub_heads = activity
        .hubs
        .iter()
        .map(|h| view! { <th scope="col" class="num">{format::hub(l, &h.code)}</th> })
        .collect_view();
    let hubs = activity.hubs.clone();
    let rows = activity
        .rows
        .iter()
        .map(|row| {
            let label = measure_label(l, &row.measure);
            let cells = row
                .by_hub
                .iter()
                .zip(hubs.iter())
                .map(|(n, h)| {
                    let href = measure_href(&row.measure, fy, &h.code);
                    view! { <td class="num">{count_cell(*n, href)}</td> }
                })
                .collect_view();
            let total_href = measure_href(&row.measure, fy, "");
            view! {
                <tr data-measure=row.measure.clone()>
                    <th scope="row">{label}</th>
                    {cells}
                    <td class="num" data-total=row.total.to_string()>{count_cell(row.total, total_href)}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <header class="report__head">
            <p class="report__org">{t!(i18n, report.org)}</p>
            <h1>{heading} " " {t!(i18n, report.title)}</h1>
            <p class="report__period">
                {t!(i18n, report.period)} ": " {period} " ・ "
                {t!(i18n, report.as_of)} ": " {report_date(l, activity.as_of)}
            </p>
        </header>
        <Form method="GET" action="/dashboard/report" attr:class="filters report__choose">
            <div class="field">
                <label for="r-fy">{t!(i18n, report.choose_year)}</label>
                <select id="r-fy" name="fy">{years}</select>
            </div>
            <div class="actions">
                <button type="submit" class="button">{t!(i18n, report.show)}</button>
                <a class="button button--secondary" href="/dashboard">{t!(i18n, report.back)}</a>
            </div>
        </Form>
        <section class="report__section" aria-labelledby="r-activity">
            <h2 id="r-activity">{t!(i18n, report.activity_heading)}</h2>
            <div class="table-wrap">
                <table class="data-table data-table--compact" data-testid="report-activity">
                    <caption class="visually-hidden">{t!(i18n, report.activity_heading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, report.col_measure)}</th>
                            {hub_heads}
                            <th scope="col" class="num">{t!(i18n, report.col_total)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="hint">{t!(i18n, report.activity_note)}</p>
        </section>
        <TargetsPart targets fy />
        <SupportPart support />
    }
}

/// Each target's figure for the report's year (its own year basis: the fiscal or calendar year
/// in which the fiscal year starts), with the path, the reported figure and the status today.
#[component]
fn TargetsPart(targets: TargetsDto, fy: FiscalYear) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let rows = targets
        .targets
        .iter()
        .map(|t| {
            let name = match l {
                Locale::en if !t.name_en.is_empty() => t.name_en.clone(),
                _ => t.name_ja.clone(),
            };
            let (rule, _) = rule_text(l, &t.spec);
            let year = t.progress.years.iter().find(|y| y.year == fy.0).cloned();
            let status = t
                .progress
                .status
                .as_ref()
                .map(|s| status_text(l, &t.spec, s))
                .unwrap_or_default();
            let target = format!(
                "{} {}",
                year_label(l, t.spec.basis, t.spec.target_year),
                t.spec.target_value
            );
            let (live, path, reported, diff) = match &year {
                Some(y) => {
                    let href = y.range.map(|r| drill_down_href(t.spec.metric, r));
                    let live = y.live.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
                    let live = match href {
                        Some(h) if y.live.is_some() => view! { <a href=h>{live}</a> }.into_any(),
                        _ => live.into_any(),
                    };
                    let reported = t
                        .reported
                        .iter()
                        .find(|r| r.year == fy.0)
                        .map(|r| {
                            format!(
                                "{} ({} {})",
                                r.value,
                                r.frozen_by,
                                report_date(l, r.frozen_at.date_naive())
                            )
                        })
                        .unwrap_or_else(|| "—".into());
                    (
                        live,
                        path_text(y.path),
                        reported,
                        y.difference.map(difference_text).unwrap_or_default(),
                    )
                }
                None => ("—".into_any(), "—".into(), "—".into(), String::new()),
            };
            view! {
                <tr data-target=t.spec.metric.as_str()>
                    <th scope="row">{name}<span class="sub">{rule}</span></th>
                    <td class="num">{live}</td>
                    <td class="num">{path}</td>
                    <td class="num">{reported}</td>
                    <td class="num">{diff}</td>
                    <td>{target}</td>
                    <td>{status}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report__section" aria-labelledby="r-targets">
            <h2 id="r-targets">{t!(i18n, report.targets_heading)}</h2>
            <div class="table-wrap">
                <table class="data-table data-table--compact" data-testid="report-targets">
                    <caption class="visually-hidden">{t!(i18n, report.targets_heading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, report.col_target)}</th>
                            <th scope="col" class="num">{t!(i18n, report.col_live)}</th>
                            <th scope="col" class="num">{t!(i18n, report.col_path)}</th>
                            <th scope="col" class="num">{t!(i18n, report.col_reported)}</th>
                            <th scope="col" class="num">{t!(i18n, report.col_difference)}</th>
                            <th scope="col">{t!(i18n, report.col_goal)}</th>
                            <th scope="col">{t!(i18n, report.col_status)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// RINK support by group and fund support by hub, in the report's year.
#[component]
fn SupportPart(support: SupportOverview) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let year = support.years.first().copied();
    let (from, to) = (year.map(FiscalYear::start), year.map(FiscalYear::end));
    let groups = support
        .groups
        .iter()
        .map(|g| {
            let n = g.totals.first().copied().unwrap_or(0);
            let href = SupportFilter {
                wg: g.wg().to_string(),
                from,
                to,
                ..SupportFilter::default()
            }
            .href();
            view! {
                <tr>
                    <th scope="row">{row_name(l, &g.code, &g.name_ja, &g.name_en)}</th>
                    <td class="num">{count_cell(u64::from(n), Some(href))}</td>
                </tr>
            }
        })
        .collect_view();
    let hubs = support
        .hubs
        .iter()
        .map(|h| {
            let n = h.counts.first().copied().unwrap_or(0);
            let amount = h.yen.first().copied().unwrap_or(0);
            let href = FundFilter {
                hub: h.code.clone(),
                from,
                to,
                ..FundFilter::default()
            }
            .href();
            let label = format!("{} · {}", count_label(l, n), yen(l, amount));
            view! {
                <tr>
                    <th scope="row">{format::hub(l, &h.code)}</th>
                    <td class="num">
                        {if n > 0 { view! { <a href=href>{label}</a> }.into_any() } else { label.into_any() }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="report__pair">
            <section class="report__section" aria-labelledby="r-rink">
                <h2 id="r-rink">{t!(i18n, report.rink_heading)}</h2>
                <table class="data-table data-table--compact" data-testid="report-rink">
                    <caption class="visually-hidden">{t!(i18n, report.rink_heading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, report.col_group)}</th>
                            <th scope="col" class="num">{t!(i18n, report.col_count)}</th>
                        </tr>
                    </thead>
                    <tbody>{groups}</tbody>
                </table>
            </section>
            <section class="report__section" aria-labelledby="r-funds">
                <h2 id="r-funds">{t!(i18n, report.funds_heading)}</h2>
                <table class="data-table data-table--compact" data-testid="report-funds">
                    <caption class="visually-hidden">{t!(i18n, report.funds_heading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, report.col_hub)}</th>
                            <th scope="col" class="num">{t!(i18n, report.col_funds)}</th>
                        </tr>
                    </thead>
                    <tbody>{hubs}</tbody>
                </table>
            </section>
        </div>
    }
}

fn count_cell(n: u64, href: Option<String>) -> AnyView {
    match href {
        Some(href) if n > 0 => view! { <a href=href>{format::number(n)}</a> }.into_any(),
        _ => format::number(n).into_any(),
    }
}

fn measure_label(l: Locale, measure: &str) -> String {
    match measure {
        "founded" => td_string!(l, report.m_founded).to_string(),
        "located" => td_string!(l, report.m_located).to_string(),
        "notifications" => td_string!(l, report.m_notifications).to_string(),
        code => match code.parse::<Stage>() {
            Ok(s) => format!(
                "{}{}",
                format::stage(l, s),
                td_string!(l, report.m_reached_suffix)
            ),
            Err(_) => code.to_string(),
        },
    }
}

/// Where a report number leads: the venture list for foundings and locations in the year, the
/// notifications of the year for their total.
fn measure_href(measure: &str, fy: FiscalYear, hub: &str) -> Option<String> {
    if measure == "notifications" {
        return hub
            .is_empty()
            .then(|| format!("/notifications?from={}&to={}", fy.start(), fy.end()));
    }
    let hub = if hub.is_empty() {
        String::new()
    } else {
        format!("&hub={hub}")
    };
    let (from, to) = (fy.start(), fy.end());
    match measure {
        "founded" => Some(format!(
            "/ventures?founded_from={from}&founded_to={to}{hub}"
        )),
        "located" => Some(format!(
            "/ventures?located_from={from}&located_to={to}{hub}"
        )),
        _ => None,
    }
}
