//! `/dashboard/report?fy=2025`: a one-page A4 summary of a fiscal year for leadership's files —
//! the targets for the year, what happened in each hub, RINK support and fund support — with
//! dates in 和暦 in Japanese. On screen it has a year choice and links; printed, only the report.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::api::dashboard_view::{fy_activity, YearActivity};
use crate::components::error_view::ErrorView;
use crate::domain::dashboard::{FIRST_FY, LAST_FY};
use crate::domain::fiscal::{wareki_date, FiscalYear};
use crate::domain::stage::Stage;
use crate::format;
use crate::i18n::*;
use crate::pages::funds::fy_label;

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

    view! {
        <Title text=tu_string!(i18n, report.title) />
        <div class="report" data-testid="fy-report">
            <Suspense fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match activity.await {
                        Ok(a) => view! { <ReportBody activity=a /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ReportBody(activity: YearActivity) -> impl IntoView {
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

/// Where a report number leads: the venture list for foundings and locations in the year.
fn measure_href(measure: &str, fy: FiscalYear, hub: &str) -> Option<String> {
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
