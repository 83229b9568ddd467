//! `/funds` (every fund with its count and total, and a table fund × fiscal year; admins add a
//! fund) and `/funds/:code` (one fund: its summary by 年度, its supports, the record form for
//! staff, the edit form for admins). The pieces shared with the venture page's section
//! (amounts, fiscal-year labels, the summary table, the messages of these forms) live here too.

use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn;

use crate::api::funds::{
    get_fund, list_funds, AddFund, FundDto, FundList, FundPage, FundSupportDto, UpdateFund,
};
use crate::components::error_view::{ErrorView, FormErrors};
use crate::components::layout::{encode_query_value, IfMay};
use crate::components::venture_timeline::{instrument_label, support_kind};
use crate::domain::account::Area;
use crate::domain::fiscal::FiscalYear;
use crate::domain::fund_support::{validate_fund, FundForm, FundKind};
use crate::domain::fy_summary::FySummary;
use crate::domain::money::Yen;
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::not_found::set_page_status;
use crate::pages::venture_funds::{FundsCtx, Outcome, RecordSupportForm, Slot};

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// An amount in the reader's language: `1億5,000万円` / `¥150,000,000`.
pub fn yen(l: Locale, amount: i64) -> String {
    match l {
        Locale::ja => Yen(amount).format_ja(),
        Locale::en => Yen(amount).format_en(),
    }
}

/// A fiscal year: `2025年度（令和7年度）` / `FY2025`.
pub fn fy_label(l: Locale, fy: FiscalYear) -> String {
    match l {
        Locale::ja => format!("{}（{}）", fy.label_ja(), fy.wareki_label()),
        Locale::en => fy.label_en(),
    }
}

/// A count of records: `3件` / `3`.
pub fn count_label(l: Locale, n: u32) -> String {
    td_string!(l, funds.count, n = n).to_string()
}

pub fn kind_label(l: Locale, code: &str) -> String {
    match code {
        "prefectural" => td_string!(l, funds.kind_prefectural).to_string(),
        "incubation" => td_string!(l, funds.kind_incubation).to_string(),
        "private" => td_string!(l, funds.kind_private).to_string(),
        other => other.to_string(),
    }
}

/// The fund's name in the reader's language (Japanese when there is no English name).
pub fn fund_name(l: Locale, ja: &str, en: &str) -> String {
    match l {
        Locale::en if !en.is_empty() => en.to_string(),
        _ => ja.to_string(),
    }
}

/// `2025年6月1日 相談` for a linked support log.
pub fn log_label(l: Locale, on: chrono::NaiveDate, kind: &str, summary: &str) -> String {
    let head = format!("{} {}", format::date(l, on), support_kind(l, kind));
    if summary.is_empty() {
        head
    } else {
        format!("{head} – {summary}")
    }
}

/// A summary by fiscal year: count and total per 年度, oldest first, and the grand total.
#[component]
pub fn FySummaryTable(summary: FySummary, #[prop(into)] testid: String) -> impl IntoView {
    let i18n = use_i18n();
    let (count, total) = (summary.count, summary.total_yen);
    view! {
        <div class="table-wrap">
            <table class="data-table data-table--summary" data-testid=testid>
                <caption class="visually-hidden">{t!(i18n, funds.summary_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, funds.col_fiscal_year)}</th>
                        <th scope="col" class="num">{t!(i18n, funds.col_count)}</th>
                        <th scope="col" class="num">{t!(i18n, funds.col_total)}</th>
                    </tr>
                </thead>
                <tbody>
                    {summary
                        .years
                        .into_iter()
                        .map(|y| {
                            view! {
                                <tr data-fy=y.fiscal_year.0.to_string()>
                                    <th scope="row">{move || fy_label(i18n.get_locale(), y.fiscal_year)}</th>
                                    <td class="num">{move || count_label(i18n.get_locale(), y.count)}</td>
                                    <td class="num">{move || yen(i18n.get_locale(), y.total_yen)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
                <tfoot>
                    <tr data-fy="total">
                        <th scope="row">{t!(i18n, funds.total_row)}</th>
                        <td class="num">{move || count_label(i18n.get_locale(), count)}</td>
                        <td class="num">{move || yen(i18n.get_locale(), total)}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// The CSV downloads, with `query` (`fund=…` / `venture=…`, or empty for everything).
#[component]
pub fn FundExportLinks(#[prop(into)] query: String) -> impl IntoView {
    let i18n = use_i18n();
    let q = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let supports = format!("/funds/export/fund_supports.csv{q}");
    let summary = format!("/funds/export/summary.csv{q}");
    view! {
        <ul class="export-links" data-testid="fund-export-links">
            <li><a href=supports download rel="external" data-testid="export-fund-supports">{t!(i18n, funds.export_supports)} " (CSV)"</a></li>
            <li><a href=summary download rel="external" data-testid="export-fund-summary">{t!(i18n, funds.export_summary)} " (CSV)"</a></li>
        </ul>
    }
}

/// One line per support: date, fund or venture, instrument, round, amount, linked logs.
#[component]
pub fn SupportsTable(
    supports: Vec<FundSupportDto>,
    /// Show the venture (on a fund's page) or the fund (on a venture's page).
    show_venture: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="fund-supports">
                <caption class="visually-hidden">{t!(i18n, funds.supports_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, funds.col_date)}</th>
                        <th scope="col">
                            {move || if show_venture { t_string!(i18n, funds.col_venture) } else { t_string!(i18n, funds.col_fund) }}
                        </th>
                        <th scope="col">{t!(i18n, funds.col_instrument)}</th>
                        <th scope="col">{t!(i18n, funds.col_round)}</th>
                        <th scope="col" class="num">{t!(i18n, funds.col_amount)}</th>
                        <th scope="col">{t!(i18n, funds.col_links)}</th>
                    </tr>
                </thead>
                <tbody>
                    {supports
                        .into_iter()
                        .map(|s| {
                            let (on, amount) = (s.supported_on, s.amount_yen);
                            let instrument = s.instrument.clone();
                            let who = if show_venture {
                                let href = format!("/ventures/{}", s.venture_id);
                                let name = s.venture_name_ja.clone();
                                view! { <a href=href lang="ja">{name}</a> }.into_any()
                            } else {
                                let href = format!("/funds/{}", encode_query_value(&s.fund_code));
                                let (ja, en) = (s.fund_name_ja.clone(), s.fund_name_en.clone());
                                view! { <a href=href>{move || fund_name(i18n.get_locale(), &ja, &en)}</a> }.into_any()
                            };
                            let links = s.links.clone();
                            view! {
                                <tr data-support=s.id.to_string()>
                                    <td><time datetime=on.to_string()>{move || format::date(i18n.get_locale(), on)}</time></td>
                                    <td>{who}</td>
                                    <td>{move || instrument_label(i18n.get_locale(), &instrument)}</td>
                                    <td>{s.round.clone()}</td>
                                    <td class="num">{move || yen(i18n.get_locale(), amount)}</td>
                                    <td>
                                        <ul class="fund-links">
                                            {links
                                                .into_iter()
                                                .map(|l| view! { <li>{move || log_label(i18n.get_locale(), l.supported_on, &l.kind, &l.summary)}</li> })
                                                .collect_view()}
                                        </ul>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// Messages of these forms (asked first by `components::error_view`)

/// The label of a field of the fund and fund-support forms; `None` for other fields.
pub fn field_label(l: Locale, field: &str) -> Option<String> {
    let label = match field {
        "fund_id" | "fund" => td_string!(l, funds.f_fund),
        "venture_id" => td_string!(l, funds.f_venture),
        "supported_on" => td_string!(l, funds.f_supported_on),
        "amount" | "amount_yen" => td_string!(l, funds.f_amount),
        "instrument" => td_string!(l, funds.f_instrument),
        "round" => td_string!(l, funds.f_round),
        "support_logs" => td_string!(l, funds.f_support_logs),
        "code" => td_string!(l, funds.f_code),
        "manager" => td_string!(l, funds.f_manager),
        _ => return None,
    };
    Some(label.to_string())
}

/// One problem of these forms as a sentence; `None` for codes of other forms.
pub fn field_error_message(l: Locale, e: &FieldError) -> Option<String> {
    let p = |n: &str| e.param(n).unwrap_or_default().to_string();
    let text = match e.code.as_str() {
        "money.empty" => td_string!(l, funds.fe_amount_empty).to_string(),
        "money.not_a_number" => td_string!(l, funds.fe_amount_not_a_number).to_string(),
        "money.negative" => td_string!(l, funds.fe_amount_negative).to_string(),
        "money.too_large" => td_string!(l, funds.fe_amount_too_large).to_string(),
        "money.fraction" => td_string!(l, funds.fe_amount_fraction).to_string(),
        "fund_support.amount_zero" => td_string!(l, funds.fe_amount_zero).to_string(),
        "fund_support.hands_on_amount" => td_string!(l, funds.fe_hands_on_amount).to_string(),
        "fund_support.in_future" => {
            let today = chrono::NaiveDate::parse_from_str(&p("today"), "%Y-%m-%d")
                .map(|d| format::date(l, d))
                .unwrap_or_else(|_| p("today"));
            td_string!(l, funds.fe_in_future, today).to_string()
        }
        "fund_id.required" | "fund_id.unknown" => td_string!(l, funds.fe_choose_fund).to_string(),
        "fund_support.fund_unavailable" => td_string!(l, funds.fe_fund_unavailable).to_string(),
        "venture_id.required" | "venture_id.unknown" => {
            td_string!(l, funds.fe_choose_venture).to_string()
        }
        "instrument.unknown" => td_string!(l, funds.fe_choose_instrument).to_string(),
        "fund_support.log_other_venture" => td_string!(l, funds.fe_log_other_venture).to_string(),
        "fund_support.log_unavailable" => td_string!(l, funds.fe_log_unavailable).to_string(),
        "fund_support.too_many_links" => {
            td_string!(l, funds.fe_too_many_links, max = p("max")).to_string()
        }
        "fund.code_format" => td_string!(l, funds.fe_code_format, max = p("max")).to_string(),
        "fund_kind.unknown" => td_string!(l, funds.fe_choose_kind).to_string(),
        _ => return None,
    };
    Some(text)
}

/// The sentence for a fund code already taken; `None` for other errors.
pub fn conflict_message(l: Locale, e: &AppError) -> Option<String> {
    match e {
        AppError::Conflict { code, detail } if code == "fund.duplicate_code" => {
            Some(td_string!(l, funds.dup_code, code = detail.clone()).to_string())
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// /funds

#[component]
pub fn FundsPage() -> impl IntoView {
    let i18n = use_i18n();
    let refresh = RwSignal::new(0u32);
    let data = Resource::new(move || refresh.get(), |_| list_funds());
    view! {
        <Title text=tu_string!(i18n, funds.title) />
        <h1>{t!(i18n, funds.title)}</h1>
        <p class="lead">{t!(i18n, funds.lead)}</p>
        <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <FundListView list /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
        <section aria-labelledby="h-fund-export">
            <h2 id="h-fund-export">{t!(i18n, funds.export_heading)}</h2>
            <FundExportLinks query="" />
        </section>
        <IfMay area=Area::Administration>
            <AddFundForm refresh />
        </IfMay>
    }
    .into_any()
}

#[component]
fn FundListView(list: FundList) -> impl IntoView {
    let i18n = use_i18n();
    let years = list.years.clone();
    let all = list.all.clone();
    let rows = list.funds.clone();
    let matrix_rows = list.funds.clone();
    let header_years = years.clone();
    let total_years = years.clone();
    view! {
        <section aria-labelledby="h-fund-list">
            <h2 id="h-fund-list">{t!(i18n, funds.list_heading)}</h2>
            <div class="table-wrap">
                <table class="data-table" data-testid="fund-table">
                    <caption class="visually-hidden">{t!(i18n, funds.list_heading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, funds.col_fund)}</th>
                            <th scope="col">{t!(i18n, funds.f_kind)}</th>
                            <th scope="col">{t!(i18n, funds.f_manager)}</th>
                            <th scope="col" class="num">{t!(i18n, funds.col_count)}</th>
                            <th scope="col" class="num">{t!(i18n, funds.col_total)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                let f = r.fund.clone();
                                let href = format!("/funds/{}", encode_query_value(&f.code));
                                let (ja, en, kind) = (f.name_ja.clone(), f.name_en.clone(), f.kind.clone());
                                let (count, total) = (r.summary.count, r.summary.total_yen);
                                view! {
                                    <tr data-fund=f.code.clone()>
                                        <th scope="row"><a href=href>{move || fund_name(i18n.get_locale(), &ja, &en)}</a></th>
                                        <td>{move || kind_label(i18n.get_locale(), &kind)}</td>
                                        <td>{f.manager.clone()}</td>
                                        <td class="num" data-testid="fund-count">{move || count_label(i18n.get_locale(), count)}</td>
                                        <td class="num" data-testid="fund-total">{move || yen(i18n.get_locale(), total)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="h-fund-years">
            <h2 id="h-fund-years">{t!(i18n, funds.matrix_heading)}</h2>
            <p class="hint">{t!(i18n, funds.matrix_lead)}</p>
            {if years.is_empty() {
                view! { <p>{t!(i18n, funds.none)}</p> }.into_any()
            } else {
                view! {
                <div class="table-wrap" role="region" tabindex="0" aria-labelledby="h-fund-years">
                    <table class="data-table data-table--matrix" data-testid="fund-year-table">
                        <caption class="visually-hidden">{t!(i18n, funds.matrix_heading)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, funds.col_fund)}</th>
                                {header_years
                                    .into_iter()
                                    .map(|fy| view! { <th scope="col" class="num">{move || fy_label(i18n.get_locale(), fy)}</th> })
                                    .collect_view()}
                                <th scope="col" class="num">{t!(i18n, funds.total_row)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {matrix_rows
                                .into_iter()
                                .map(|r| {
                                    let (ja, en) = (r.fund.name_ja.clone(), r.fund.name_en.clone());
                                    let cells = years
                                        .iter()
                                        .map(|fy| {
                                            let line = r.summary.year(*fy).copied();
                                            let fy = *fy;
                                            view! {
                                                <td class="num" data-fy=fy.0.to_string()>
                                                    {move || match line {
                                                        Some(y) => format!("{} / {}", count_label(i18n.get_locale(), y.count), yen(i18n.get_locale(), y.total_yen)),
                                                        None => "—".to_string(),
                                                    }}
                                                </td>
                                            }
                                        })
                                        .collect_view();
                                    let (count, total) = (r.summary.count, r.summary.total_yen);
                                    view! {
                                        <tr data-fund=r.fund.code.clone()>
                                            <th scope="row">{move || fund_name(i18n.get_locale(), &ja, &en)}</th>
                                            {cells}
                                            <td class="num">{move || format!("{} / {}", count_label(i18n.get_locale(), count), yen(i18n.get_locale(), total))}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                        <tfoot>
                            <tr data-fund="all">
                                <th scope="row">{t!(i18n, funds.all_funds)}</th>
                                {total_years
                                    .into_iter()
                                    .map(|fy| {
                                        let line = all.year(fy).copied().unwrap_or_default();
                                        view! { <td class="num" data-fy=fy.0.to_string()>{move || format!("{} / {}", count_label(i18n.get_locale(), line.count), yen(i18n.get_locale(), line.total_yen))}</td> }
                                    })
                                    .collect_view()}
                                <td class="num">{move || format!("{} / {}", count_label(i18n.get_locale(), all.count), yen(i18n.get_locale(), all.total_yen))}</td>
                            </tr>
                        </tfoot>
                    </table>
                </div>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// The fund form's fields (`form[...]`), filled with `f`; ids made unique by `key`.
fn fund_fields(key: &str, f: FundForm) -> impl IntoView {
    let i18n = use_i18n();
    let id = |n: &str| format!("fund-{n}-{key}");
    let (i_code, i_code_hint, i_kind, i_ja, i_en, i_manager) = (
        id("code"),
        id("code-hint"),
        id("kind"),
        id("ja"),
        id("en"),
        id("manager"),
    );
    let kind = f.kind.clone();
    view! {
        <div class="field">
            <label for=i_code.clone()>{t!(i18n, funds.f_code)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <input id=i_code name="form[code]" type="text" required maxlength="40" autocomplete="off" value=f.code.clone() aria-describedby=i_code_hint.clone() />
            <p class="hint" id=i_code_hint>{t!(i18n, funds.code_hint)}</p>
        </div>
        <div class="field">
            <label for=i_kind.clone()>{t!(i18n, funds.f_kind)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <select id=i_kind name="form[kind]" required>
                <option value="">{t!(i18n, choose)}</option>
                {FundKind::ALL
                    .iter()
                    .map(|k| {
                        let code = k.as_str();
                        view! { <option value=code selected=kind == code>{move || kind_label(i18n.get_locale(), code)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=i_ja.clone()>{t!(i18n, funds.f_name_ja)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <input id=i_ja name="form[name_ja]" type="text" required maxlength="200" value=f.name_ja.clone() lang="ja" />
        </div>
        <div class="field">
            <label for=i_en.clone()>{t!(i18n, funds.f_name_en)}</label>
            <input id=i_en name="form[name_en]" type="text" maxlength="200" value=f.name_en.clone() lang="en" />
        </div>
        <div class="field">
            <label for=i_manager.clone()>{t!(i18n, funds.f_manager)}</label>
            <input id=i_manager name="form[manager]" type="text" maxlength="200" value=f.manager.clone() />
        </div>
    }
}

/// Add a fund (administrators).
#[component]
fn AddFundForm(refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddFund>::new();
    let outcome = RwSignal::new(None::<Result<(), AppError>>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = AddFund::from_event(&ev) {
            match validate_fund(&input.form) {
                Ok(_) => {
                    add.dispatch(input);
                }
                Err(errors) => outcome.set(Some(Err(errors.into()))),
            }
        }
    };
    Effect::new(move |_| {
        if let Some(r) = add.value().get() {
            if r.is_ok() {
                refresh.update(|n| *n += 1);
            }
            outcome.set(Some(r.map(|_| ())));
        }
    });
    view! {
        <section aria-labelledby="h-add-fund" data-testid="add-fund">
            <h2 id="h-add-fund">{t!(i18n, funds.add_fund_heading)}</h2>
            <div aria-live="polite">
                {move || match outcome.get() {
                    Some(Ok(())) => view! { <p class="notice" data-testid="fund-outcome">{t!(i18n, funds.fund_added)}</p> }.into_any(),
                    Some(Err(e)) => view! { <FormErrors error=e /> }.into_any(),
                    None => ().into_any(),
                }}
            </div>
            <form action=AddFund::url() method="post" on:submit=on_submit class="form-grid">
                {fund_fields("new", FundForm::default())}
                <div class="actions">
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t!(i18n, funds.add_fund_button)}</button>
                </div>
            </form>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// /funds/:code

#[component]
pub fn FundPageView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let ctx = FundsCtx::provide(RwSignal::new(0));
    let data = Resource::new(move || (code(), ctx.refresh.get()), |(c, _)| get_fund(c));
    view! {
        <p class="breadcrumb"><a href="/funds">{t!(i18n, funds.back_to_list)}</a></p>
        <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <FundView page /> }.into_any(),
                    Err(AppError::NotFound) => {
                        set_page_status(http::StatusCode::NOT_FOUND);
                        view! {
                            <Title text=tu_string!(i18n, not_found_title) />
                            <section class="not-found" data-testid="not-found">
                                <h1>{t!(i18n, not_found_title)}</h1>
                                <p>{t!(i18n, funds.not_found)}</p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn FundView(page: FundPage) -> impl IntoView {
    let i18n = use_i18n();
    let f = page.fund.clone();
    let (count, total) = (page.summary.count, page.summary.total_yen);
    let kind = f.kind.clone();
    let has_supports = !page.supports.is_empty();
    let supports = page.supports.clone();
    let summary = page.summary.clone();
    let query = format!("fund={}", encode_query_value(&f.code));
    let (record_fund, edit_fund, fund_key) = (f.clone(), f.clone(), f.id);
    let (ventures, today) = (page.ventures.clone(), page.today);
    view! {
        <Title text=f.name_ja.clone() />
        <article class="fund" data-testid="fund" data-fund=f.code.clone()>
            <header>
                <h1 lang="ja">{f.name_ja.clone()}</h1>
                {(!f.name_en.is_empty()).then(|| view! { <p class="venture__en" lang="en">{f.name_en.clone()}</p> })}
                <dl class="facts">
                    <dt>{t!(i18n, funds.f_kind)}</dt>
                    <dd>{move || kind_label(i18n.get_locale(), &kind)}</dd>
                    <dt>{t!(i18n, funds.f_manager)}</dt>
                    <dd>{f.manager.clone()}</dd>
                    <dt>{t!(i18n, funds.f_code)}</dt>
                    <dd class="mono">{f.code.clone()}</dd>
                </dl>
            </header>
            <section aria-labelledby="h-fund-summary">
                <h2 id="h-fund-summary">{t!(i18n, funds.summary_heading)}</h2>
                <p class="fund-total" data-testid="fund-total">
                    {move || { let l = i18n.get_locale(); td_string!(l, funds.total_line, count = count_label(l, count), total = yen(l, total)).to_string() }}
                </p>
                {has_supports.then(|| view! { <FySummaryTable summary=summary.clone() testid="fund-fy-summary" /> })}
            </section>
            <section aria-labelledby="h-fund-supports">
                <h2 id="h-fund-supports">{t!(i18n, funds.supports_heading)}</h2>
                {if has_supports {
                    view! { <SupportsTable supports show_venture=true /> }.into_any()
                } else {
                    view! { <p>{t!(i18n, funds.none)}</p> }.into_any()
                }}
                <IfMay area=Area::FundSupport>
                    <RecordSupportForm
                        key=fund_key
                        funds=vec![record_fund.clone()]
                        ventures=ventures.clone()
                        fixed_fund=Some(fund_key)
                        fixed_venture=None
                        logs=vec![]
                        today
                    />
                </IfMay>
                <FundExportLinks query />
            </section>
            <IfMay area=Area::Administration>
                <EditFundForm f=edit_fund.clone() />
            </IfMay>
        </article>
    }
    .into_any()
}

/// Edit a fund (administrators), over the version shown.
#[component]
fn EditFundForm(f: FundDto) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = FundsCtx::get();
    let key = (f.id, Slot::Fund);
    let update = ServerAction::<UpdateFund>::new();
    ctx.watch(key, Outcome::Saved, move || {
        update.value().get().map(|r| r.map(|_| ()))
    });
    let sent_code = StoredValue::new(f.code.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = UpdateFund::from_event(&ev) {
            match validate_fund(&input.form) {
                Ok(v) => {
                    sent_code.set_value(v.code);
                    update.dispatch(input);
                }
                Err(errors) => ctx.set(key, Outcome::Failed(errors.into())),
            }
        }
    };
    let form = FundForm {
        code: f.code.clone(),
        kind: f.kind.clone(),
        name_ja: f.name_ja.clone(),
        name_en: f.name_en.clone(),
        manager: f.manager.clone(),
    };
    // A changed code moves the page: go to the new address after saving.
    let old_code = f.code.clone();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = update.value().get() {
            let new = sent_code.get_value();
            if new != old_code {
                navigate(
                    &format!("/funds/{}", encode_query_value(&new)),
                    Default::default(),
                );
            }
        }
    });
    view! {
        <section aria-labelledby="h-edit-fund">
            <h2 id="h-edit-fund">{t!(i18n, funds.edit_fund_heading)}</h2>
            <crate::pages::venture_funds::OutcomeLine key />
            <details class="record-event" data-testid="edit-fund">
                <summary>{t!(i18n, funds.edit_fund_heading)}</summary>
                <form action=UpdateFund::url() method="post" on:submit=on_submit>
                    <input type="hidden" name="id" value=f.id.to_string() />
                    <input type="hidden" name="version" value=f.version.to_string() />
                    {fund_fields(&f.id.to_string(), form)}
                    <div class="actions">
                        <button type="submit" class="button" disabled=move || update.pending().get()>{t!(i18n, save_button)}</button>
                    </div>
                </form>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fund_support::{validate_fund_support, FundSupportForm};

    #[test]
    fn amounts_and_years_in_both_languages() {
        assert_eq!(yen(Locale::ja, 150_000_000), "1億5,000万円");
        assert_eq!(yen(Locale::en, 150_000_000), "¥150,000,000");
        assert_eq!(
            fy_label(Locale::ja, FiscalYear(2025)),
            "2025年度（令和7年度）"
        );
        assert_eq!(fy_label(Locale::en, FiscalYear(2025)), "FY2025");
    }

    /// Every refusal of these forms reads as its own sentence in both languages.
    #[test]
    fn every_refusal_has_its_own_message() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut errors: Vec<FieldError> = Vec::new();
        for (amount, instrument) in [
            ("", "equity"),
            ("abc", "equity"),
            ("-1", "equity"),
            ("2兆", "equity"),
            ("0.5", "equity"),
            ("0", "loan"),
            ("1万", "hands_on"),
            ("1万", "x"),
        ] {
            let f = FundSupportForm {
                amount: amount.into(),
                instrument: instrument.into(),
                supported_on: "2027-01-01".into(),
                venture_id: "x".into(),
                support_logs: (0..25).map(|_| uuid::Uuid::now_v7().to_string()).collect(),
                ..Default::default()
            };
            errors.extend(validate_fund_support(&f, today).unwrap_err());
        }
        errors.push(FieldError::new(
            "support_logs",
            "fund_support.log_other_venture",
        ));
        errors.push(FieldError::new(
            "support_logs",
            "fund_support.log_unavailable",
        ));
        errors.push(FieldError::new("fund_id", "fund_support.fund_unavailable"));
        errors.extend(
            validate_fund(&FundForm {
                code: "1x".into(),
                kind: "x".into(),
                ..Default::default()
            })
            .unwrap_err(),
        );
        for l in [Locale::ja, Locale::en] {
            for e in &errors {
                let text = crate::components::error_view::field_error_message(l, e);
                assert!(
                    field_error_message(l, e).is_some()
                        || e.code.starts_with("text.")
                        || e.code.starts_with("date."),
                    "{e}"
                );
                assert!(!text.contains("{{"), "{text}");
                let unknown = td_string!(
                    l,
                    fe_unknown,
                    field = crate::components::error_view::field_label(l, &e.field)
                )
                .to_string();
                assert_ne!(text, unknown, "{e}");
            }
        }
        let dup = AppError::Conflict {
            code: "fund.duplicate_code".into(),
            detail: "ksp_fund".into(),
        };
        assert!(
            crate::components::error_view::error_lines(Locale::ja, &dup)[0].contains("ksp_fund")
        );
        assert_eq!(
            crate::components::error_view::field_label(Locale::ja, "amount"),
            "金額（円）"
        );
    }
}
