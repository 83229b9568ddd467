//! `/funds/supports?hub=<code>&fund=<code>&from=YYYY-MM-DD&to=YYYY-MM-DD`: the fund supports
//! behind a dashboard number (read-only), with their count and total, a page at a time. The
//! filters live in the URL.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::dashboard_support::{list_fund_records, FundFilter, FundSupportRecords};
use crate::components::error_view::ErrorView;
use crate::components::layout::encode_query_value;
use crate::components::venture_timeline::instrument_label;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::funds::{fund_name, yen};
use crate::pages::not_found::set_page_status;
use crate::pages::rink_support::{period, RecordsPager};

#[component]
pub fn FundRecordsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let filter = Memo::new(move |_| params.with(|m| FundFilter::from_pairs(|k| m.get(k))));
    let data = Resource::new(move || filter.get(), list_fund_records);
    view! {
        <Title text=tu_string!(i18n, dsupport.fr_title) />
        <p class="breadcrumb"><a href="/dashboard">{t!(i18n, dsupport.back)}</a></p>
        <h1>{t!(i18n, dsupport.fr_title)}</h1>
        <p class="lead">{t!(i18n, dsupport.records_lead)}</p>
        <Suspense fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <Records r /> }.into_any(),
                    Err(AppError::NotFound) => {
                        set_page_status(http::StatusCode::NOT_FOUND);
                        view! { <p data-testid="not-found">{t!(i18n, funds.not_found)}</p> }.into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Records(r: FundSupportRecords) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let f = r.filter.clone();
    let any = || td_string!(l, dsupport.any).to_string();
    let hub = if f.hub.is_empty() {
        any()
    } else {
        format::hub(l, &f.hub)
    };
    let fund = if f.fund.is_empty() {
        any()
    } else {
        fund_name(l, &r.fund_name_ja, &r.fund_name_en)
    };
    let page = f.page.max(1);
    let prev = f.at_page(page - 1).href();
    let next = f.at_page(page + 1).href();
    let total = r.total;
    view! {
        <dl class="record-filters" data-testid="record-filters">
            <dt>{td_string!(l, dsupport.col_hub)}</dt><dd>{hub}</dd>
            <dt>{td_string!(l, dsupport.col_fund)}</dt><dd>{fund}</dd>
            <dt>{td_string!(l, dsupport.f_period)}</dt><dd>{period(l, f.from, f.to)}</dd>
        </dl>
        <p class="result-count" data-testid="record-count" data-count=total.to_string()>
            {td_string!(l, dsupport.record_count, n = total)} " · "
            {td_string!(l, dsupport.total_yen, amount = yen(l, r.total_yen))}
        </p>
        {if r.rows.is_empty() {
            view! { <p>{td_string!(l, dsupport.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data-table" data-testid="fund-records">
                        <caption class="visually-hidden">{td_string!(l, dsupport.fr_title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, dsupport.col_date)}</th>
                                <th scope="col">{td_string!(l, dsupport.col_venture)}</th>
                                <th scope="col">{td_string!(l, dsupport.col_fund)}</th>
                                <th scope="col">{td_string!(l, dsupport.col_instrument)}</th>
                                <th scope="col" class="num">{td_string!(l, dsupport.col_amount)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {r
                                .rows
                                .into_iter()
                                .map(|s| {
                                    let fund_href = format!("/funds/{}", encode_query_value(&s.fund_code));
                                    view! {
                                        <tr data-support=s.id.to_string()>
                                            <td><time datetime=s.supported_on.to_string()>{format::date(l, s.supported_on)}</time></td>
                                            <td><a href=format!("/ventures/{}", s.venture_id) lang="ja">{s.venture_name_ja.clone()}</a></td>
                                            <td><a href=fund_href>{fund_name(l, &s.fund_name_ja, &s.fund_name_en)}</a></td>
                                            <td>{instrument_label(l, &s.instrument)}</td>
                                            <td class="num">{yen(l, s.amount_yen)}</td>
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
