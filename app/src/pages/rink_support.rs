//! `/rink/support?wg=<code|none>&kind=<code>&from=YYYY-MM-DD&to=YYYY-MM-DD&hub=<code>`: the
//! RINK support records behind a dashboard number (read-only), with their count, a page at a
//! time. The filters live in the URL.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::dashboard_support::{list_support_records, SupportRecords, NO_GROUP};
use crate::components::error_view::ErrorView;
use crate::components::support_log::group_name;
use crate::components::venture_timeline::support_kind;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::not_found::set_page_status;

/// `2025年4月1日〜2026年3月31日`, open ends left empty.
pub fn period(l: Locale, from: Option<chrono::NaiveDate>, to: Option<chrono::NaiveDate>) -> String {
    if from.is_none() && to.is_none() {
        return td_string!(l, dsupport.any).to_string();
    }
    format!(
        "{}〜{}",
        from.map(|d| format::date(l, d)).unwrap_or_default(),
        to.map(|d| format::date(l, d)).unwrap_or_default()
    )
}

/// The pager of a drill-down list (nothing when there is one page).
#[component]
pub fn RecordsPager(page: u64, pages: u64, prev: String, next: String) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, pager_label)>
                {(page > 1).then(|| view! { <a rel="prev" href=prev.clone()>{t!(i18n, pager_prev)}</a> })}
                <span class="pager__status">{move || t_string!(i18n, pager_status, page = page, pages = pages)}</span>
                {(page < pages).then(|| view! { <a rel="next" href=next.clone()>{t!(i18n, pager_next)}</a> })}
            </nav>
        }
    })
}

#[component]
pub fn RinkSupportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let filter = Memo::new(move |_| {
        params.with(|m| crate::api::dashboard_support::SupportFilter::from_pairs(|k| m.get(k)))
    });
    let data = Resource::new(move || filter.get(), list_support_records);
    view! {
        <Title text=tu_string!(i18n, dsupport.rs_title) />
        <p class="breadcrumb"><a href="/dashboard">{t!(i18n, dsupport.back)}</a></p>
        <h1>{t!(i18n, dsupport.rs_title)}</h1>
        <p class="lead">{t!(i18n, dsupport.records_lead)}</p>
        <Suspense fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <Records r /> }.into_any(),
                    Err(AppError::NotFound) => {
                        set_page_status(http::StatusCode::NOT_FOUND);
                        view! { <p data-testid="not-found">{t!(i18n, rink.group_not_found)}</p> }.into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Records(r: SupportRecords) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let f = r.filter.clone();
    let group = match f.wg.as_str() {
        "" => td_string!(l, dsupport.any).to_string(),
        NO_GROUP => td_string!(l, dsupport.no_group).to_string(),
        _ => group_name(l, &r.group_name_ja, &r.group_name_en),
    };
    let kind = f
        .kind
        .map(|k| support_kind(l, k.as_str()))
        .unwrap_or_else(|| td_string!(l, dsupport.any).to_string());
    let hub = if f.hub.is_empty() {
        td_string!(l, dsupport.any).to_string()
    } else {
        format::hub(l, &f.hub)
    };
    let page = f.page.max(1);
    let prev = f.at_page(page - 1).href();
    let next = f.at_page(page + 1).href();
    let total = r.total;
    view! {
        <dl class="record-filters" data-testid="record-filters">
            <dt>{td_string!(l, dsupport.col_group)}</dt><dd>{group}</dd>
            <dt>{td_string!(l, dsupport.col_kind)}</dt><dd>{kind}</dd>
            <dt>{td_string!(l, dsupport.f_period)}</dt><dd>{period(l, f.from, f.to)}</dd>
            <dt>{td_string!(l, dsupport.col_hub)}</dt><dd>{hub}</dd>
        </dl>
        <p class="result-count" data-testid="record-count" data-count=total.to_string()>
            {td_string!(l, dsupport.record_count, n = total)}
        </p>
        {if r.rows.is_empty() {
            view! { <p>{td_string!(l, dsupport.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data-table" data-testid="support-records">
                        <caption class="visually-hidden">{td_string!(l, dsupport.rs_title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, dsupport.col_date)}</th>
                                <th scope="col">{td_string!(l, dsupport.col_venture)}</th>
                                <th scope="col">{td_string!(l, dsupport.col_group)}</th>
                                <th scope="col">{td_string!(l, dsupport.col_kind)}</th>
                                <th scope="col">{td_string!(l, dsupport.col_summary)}</th>
                                <th scope="col">{td_string!(l, dsupport.col_coordinator)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {r
                                .rows
                                .into_iter()
                                .map(|s| {
                                    let group = if s.group_code.is_empty() {
                                        td_string!(l, dsupport.no_group).to_string()
                                    } else {
                                        group_name(l, &s.group_name_ja, &s.group_name_en)
                                    };
                                    view! {
                                        <tr data-support=s.id.to_string()>
                                            <td><time datetime=s.supported_on.to_string()>{format::date(l, s.supported_on)}</time></td>
                                            <td><a href=format!("/ventures/{}", s.venture_id) lang="ja">{s.venture_name.clone()}</a></td>
                                            <td>{group}</td>
                                            <td>{support_kind(l, &s.kind)}</td>
                                            <td class="prose">{s.summary.clone()}</td>
                                            <td>{s.coordinator_name.clone()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        <RecordsPager page pages=r.pages prev next />
    }
}
