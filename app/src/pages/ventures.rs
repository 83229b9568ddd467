//! The ventures list: search, hub and stage filters, sort and paging, all kept in the URL so a
//! link or a reload shows the same list, with or without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map, params::ParamsMap};

use crate::api::ventures::{list_ventures, VenturePage, VentureQuery, VentureSort, PAGE_SIZE};
use crate::components::layout::IfMay;
use crate::components::{
    error_view::ErrorView, layout::encode_query_value, stage_badge::StageBadge,
};
use crate::domain::account::Area;
use crate::domain::funnel::FunnelStage;
use crate::domain::stage::Stage;
use crate::domain::venture::Modality;
use crate::format;
use crate::i18n::*;
use chrono::NaiveDate;

/// Read the list's state from the URL. Unknown values fall back to the defaults.
pub fn query_from_params(m: &ParamsMap) -> VentureQuery {
    VentureQuery {
        q: m.get("q").unwrap_or_default().chars().take(200).collect(),
        hub: m.get("hub").unwrap_or_default(),
        stage: m.get("stage").and_then(|s| s.parse::<Stage>().ok()),
        modality: m.get("modality").and_then(|s| s.parse::<Modality>().ok()),
        has_program: m
            .get("has_program")
            .is_some_and(|v| v == "1" || v == "true"),
        program_modality: m
            .get("program_modality")
            .and_then(|s| s.parse::<Modality>().ok()),
        reached: m.get("reached").and_then(|s| s.parse::<FunnelStage>().ok()),
        founded_from: iso_date(m.get("founded_from")),
        founded_to: iso_date(m.get("founded_to")),
        located_from: iso_date(m.get("located_from")),
        located_to: iso_date(m.get("located_to")),
        sort: m
            .get("sort")
            .and_then(|s| VentureSort::parse(&s))
            .unwrap_or_default(),
        page: m
            .get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
            .max(1),
    }
}

/// [`query_from_params`] over `(name, value)` pairs (an export handler's query, a test's link).
pub fn query_from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> VentureQuery {
    let mut m = ParamsMap::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    query_from_params(&m)
}

/// An ISO date (`2025-04-01`) from the URL; anything else is ignored.
fn iso_date(s: Option<String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s?.trim(), "%Y-%m-%d").ok()
}

/// The URL of the list for `q` at `page` (empty values left out).
pub fn list_href(q: &VentureQuery, page: u64) -> String {
    let mut parts = Vec::new();
    if !q.q.is_empty() {
        parts.push(format!("q={}", encode_query_value(&q.q)));
    }
    if !q.hub.is_empty() {
        parts.push(format!("hub={}", encode_query_value(&q.hub)));
    }
    if let Some(s) = q.stage {
        parts.push(format!("stage={}", s.as_str()));
    }
    if let Some(m) = q.modality {
        parts.push(format!("modality={}", m.as_str()));
    }
    if q.has_program {
        parts.push("has_program=1".to_string());
    }
    if let Some(m) = q.program_modality {
        parts.push(format!("program_modality={}", m.as_str()));
    }
    if let Some(r) = q.reached {
        parts.push(format!("reached={}", r.as_str()));
    }
    for (name, value) in [
        ("founded_from", q.founded_from),
        ("founded_to", q.founded_to),
        ("located_from", q.located_from),
        ("located_to", q.located_to),
    ] {
        if let Some(d) = value {
            parts.push(format!("{name}={}", d.format("%Y-%m-%d")));
        }
    }
    if q.sort != VentureSort::default() {
        parts.push(format!("sort={}", q.sort.as_str()));
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/ventures".to_string()
    } else {
        format!("/ventures?{}", parts.join("&"))
    }
}

#[component]
pub fn VenturesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(query_from_params));
    let data = Resource::new(move || query.get(), list_ventures);

    view! {
        <Title text=tu_string!(i18n, list_title) />
        <h1>{t!(i18n, list_title)}</h1>
        <IfMay area=Area::Ventures>
            <p class="page-actions">
                <a class="button" href="/ventures/new" data-testid="new-venture">{t!(i18n, venture_new_link)}</a>
            </p>
        </IfMay>
        <p class="lead">{t!(i18n, list_lead)}</p>
        <Suspense fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <VentureList page query=query.get_untracked() /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VentureList(page: VenturePage, query: VentureQuery) -> impl IntoView {
    let i18n = use_i18n();
    let q = query.clone();
    let sort_options = move || {
        VentureSort::ALL
            .into_iter()
            .map(|s| {
                let label = match s {
                    VentureSort::Name => t_string!(i18n, sort_name),
                    VentureSort::Stage => t_string!(i18n, sort_stage),
                    VentureSort::Located => t_string!(i18n, sort_located),
                    VentureSort::Founded => t_string!(i18n, sort_founded),
                };
                view! { <option value=s.as_str() selected=q.sort == s>{label}</option> }
            })
            .collect_view()
    };
    let q = query.clone();
    let hub_options = page
        .hubs
        .iter()
        .map(|h| {
            let code = h.code.clone();
            let value = h.code.clone();
            let selected = q.hub == h.code;
            view! {
                <option value=value selected=selected>
                    {move || format::hub(i18n.get_locale(), &code)}
                </option>
            }
        })
        .collect_view();
    let q = query.clone();
    let stage_options = move || {
        Stage::ALL
            .iter()
            .map(|s| {
                let s = *s;
                view! {
                    <option value=s.as_str() selected=q.stage == Some(s)>
                        {format::stage(i18n.get_locale(), s)}
                    </option>
                }
            })
            .collect_view()
    };

    let q = query.clone();
    let modality_options = Modality::ALL
        .iter()
        .map(|m| {
            let (m, selected) = (*m, q.modality == Some(*m));
            view! {
                <option value=m.as_str() selected=selected>
                    {move || format::modality(i18n.get_locale(), m.as_str())}
                </option>
            }
        })
        .collect_view();
    let reached_options = FunnelStage::ALL
        .iter()
        .skip(1)
        .map(|r| {
            let (r, selected) = (*r, q.reached == Some(*r));
            view! {
                <option value=r.as_str() selected=selected>
                    {move || {
                        let l = i18n.get_locale();
                        td_string!(l, vfilter.reached_option, stage = funnel_stage_label(l, r))
                            .to_string()
                    }}
                </option>
            }
        })
        .collect_view();
    // Filters that only links set (the dashboard's): kept through the form as hidden fields,
    // shown as a readable line with a link that clears them.
    let hidden = hidden_filters(&query)
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view();
    let active = ActiveFilters::of(&query);

    let total = page.total;
    let from = if total == 0 {
        0
    } else {
        (page.page - 1) * PAGE_SIZE + 1
    };
    let to = ((page.page - 1) * PAGE_SIZE + page.rows.len() as u64).min(total);
    let prev = (page.page > 1).then(|| list_href(&query, page.page - 1));
    let next = (page.page < page.pages).then(|| list_href(&query, page.page + 1));
    let (cur, pages) = (page.page, page.pages);
    let rows = page.rows;
    let export_query = query.clone();
    let has_rows = !rows.is_empty();

    view! {
        <Form method="GET" action="/ventures" attr:class="filters" attr:role="search">
            <fieldset>
                <legend>{t!(i18n, filter_legend)}</legend>
                <div class="field field--wide">
                    <label for="f-q">{t!(i18n, search_label)}</label>
                    <span class="hint" id="f-q-hint">{t!(i18n, search_hint)}</span>
                    <input
                        id="f-q"
                        name="q"
                        type="search"
                        maxlength="200"
                        aria-describedby="f-q-hint"
                        value=query.q.clone()
                    />
                </div>
                <div class="field">
                    <label for="f-hub">{t!(i18n, hub_label)}</label>
                    <select id="f-hub" name="hub">
                        <option value="">{t!(i18n, hub_all)}</option>
                        {hub_options}
                    </select>
                </div>
                <div class="field">
                    <label for="f-stage">{t!(i18n, stage_label)}</label>
                    <select id="f-stage" name="stage">
                        <option value="">{t!(i18n, stage_all)}</option>
                        {stage_options}
                    </select>
                </div>
                <div class="field">
                    <label for="f-modality">{t!(i18n, field_modality)}</label>
                    <select id="f-modality" name="modality">
                        <option value="">{t!(i18n, board_modality_all)}</option>
                        {modality_options}
                    </select>
                </div>
                <div class="field">
                    <label for="f-reached">{t!(i18n, vfilter.reached_label)}</label>
                    <select id="f-reached" name="reached">
                        <option value="">{t!(i18n, vfilter.reached_all)}</option>
                        {reached_options}
                    </select>
                </div>
                {hidden}
                <div class="field">
                    <label for="f-sort">{t!(i18n, sort_label)}</label>
                    <select id="f-sort" name="sort">{sort_options}</select>
                </div>
                <div class="actions">
                    <button type="submit" class="button">{t!(i18n, apply)}</button>
                    <a class="button button--secondary" href="/ventures">{t!(i18n, reset)}</a>
                </div>
            </fieldset>
        </Form>
        {active.map(|a| view! { <ActiveFilterLine active=a /> })}
        <p class="result-count" aria-live="polite" data-testid="result-count">
            {move || t_string!(i18n, result_count, count = format::number(total))}
        </p>
        <Show when=move || has_rows fallback=move || view! { <p class="empty">{t!(i18n, result_none)}</p> }>
            <div class="table-wrap">
                <table class="data-table" data-testid="venture-table">
                    <caption class="visually-hidden">
                        {move || t_string!(i18n, table_caption, from = from, to = to, total = total)}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, col_name)}</th>
                            <th scope="col">{t!(i18n, col_hub)}</th>
                            <th scope="col">{t!(i18n, col_stage)}</th>
                            <th scope="col">{t!(i18n, col_modality)}</th>
                            <th scope="col" class="num">{t!(i18n, col_programs)}</th>
                            <th scope="col">{t!(i18n, col_located)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .clone()
                            .into_iter()
                            .map(|r| {
                                let href = format!("/ventures/{}", r.id);
                                let hub = r.hub_code.clone();
                                let modality = r.modality.clone();
                                let located = r.located_on;
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <a href=href lang="ja">{r.name_ja.clone()}</a>
                                            <span class="sub" lang="en">{r.name_en.clone()}</span>
                                        </th>
                                        <td>{move || format::hub(i18n.get_locale(), &hub)}</td>
                                        <td><StageBadge stage=r.stage /></td>
                                        <td>{move || format::modality(i18n.get_locale(), &modality)}</td>
                                        <td class="num">{r.programs}</td>
                                        <td>{move || format::opt_date(i18n.get_locale(), located)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </Show>
        <nav class="pager" aria-label=move || t_string!(i18n, pager_label)>
            {prev.map(|href| view! { <a rel="prev" href=href>{t!(i18n, pager_prev)}</a> })}
            <span class="pager__status">
                {move || t_string!(i18n, pager_status, page = cur, pages = pages)}
            </span>
            {next.map(|href| view! { <a rel="next" href=href>{t!(i18n, pager_next)}</a> })}
        </nav>
        <crate::pages::import::ExportLinks query=export_query />
    }
}

/// The stage's label in the funnel's words (`domain::funnel`).
pub fn funnel_stage_label(l: Locale, s: FunnelStage) -> &'static str {
    match s {
        FunnelStage::Founded => td_string!(l, funnel.stage_founded),
        FunnelStage::TrialNotified => td_string!(l, funnel.stage_trial_notified),
        FunnelStage::Phase1 => td_string!(l, funnel.stage_phase1),
        FunnelStage::Phase2 => td_string!(l, funnel.stage_phase2),
        FunnelStage::Phase3 => td_string!(l, funnel.stage_phase3),
        FunnelStage::Applied => td_string!(l, funnel.stage_applied),
        FunnelStage::Approved => td_string!(l, funnel.stage_approved),
    }
}

/// The query's filters that the form has no field for, as `(name, value)`.
fn hidden_filters(q: &VentureQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if q.has_program {
        out.push(("has_program", "1".to_string()));
    }
    if let Some(m) = q.program_modality {
        out.push(("program_modality", m.as_str().to_string()));
    }
    if q.reached == Some(FunnelStage::Founded) {
        out.push(("reached", FunnelStage::Founded.as_str().to_string()));
    }
    for (name, value) in [
        ("founded_from", q.founded_from),
        ("founded_to", q.founded_to),
        ("located_from", q.located_from),
        ("located_to", q.located_to),
    ] {
        if let Some(d) = value {
            out.push((name, d.format("%Y-%m-%d").to_string()));
        }
    }
    out
}

/// The link-only filters in force, and the list without them.
#[derive(Clone, Debug, PartialEq)]
struct ActiveFilters {
    founded: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    located: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    has_program: bool,
    program_modality: Option<Modality>,
    clear_href: String,
}

impl ActiveFilters {
    fn of(q: &VentureQuery) -> Option<Self> {
        let range = |a: Option<NaiveDate>, b: Option<NaiveDate>| {
            (a.is_some() || b.is_some()).then_some((a, b))
        };
        let founded = range(q.founded_from, q.founded_to);
        let located = range(q.located_from, q.located_to);
        if founded.is_none() && located.is_none() && !q.has_program && q.program_modality.is_none()
        {
            return None;
        }
        let cleared = VentureQuery {
            has_program: false,
            program_modality: None,
            founded_from: None,
            founded_to: None,
            located_from: None,
            located_to: None,
            ..q.clone()
        };
        Some(ActiveFilters {
            founded,
            located,
            has_program: q.has_program,
            program_modality: q.program_modality,
            clear_href: list_href(&cleared, 1),
        })
    }
}

fn range_label(l: Locale, (from, to): (Option<NaiveDate>, Option<NaiveDate>)) -> String {
    match (from, to) {
        (Some(a), Some(b)) => td_string!(
            l,
            vfilter.from_to,
            from = format::date(l, a),
            to = format::date(l, b)
        )
        .to_string(),
        (Some(a), None) => td_string!(l, vfilter.from_only, from = format::date(l, a)).to_string(),
        (None, Some(b)) => td_string!(l, vfilter.to_only, to = format::date(l, b)).to_string(),
        (None, None) => String::new(),
    }
}

#[component]
fn ActiveFilterLine(active: ActiveFilters) -> impl IntoView {
    let i18n = use_i18n();
    let a = active.clone();
    let text = move || {
        let l = i18n.get_locale();
        let mut parts = Vec::new();
        if let Some(r) = a.founded {
            parts.push(
                td_string!(l, vfilter.founded_between, range = range_label(l, r)).to_string(),
            );
        }
        if let Some(r) = a.located {
            parts.push(
                td_string!(l, vfilter.located_between, range = range_label(l, r)).to_string(),
            );
        }
        if a.has_program && a.program_modality.is_none() {
            parts.push(td_string!(l, vfilter.has_program).to_string());
        }
        if let Some(m) = a.program_modality {
            parts.push(
                td_string!(
                    l,
                    vfilter.program_modality,
                    modality = format::modality(l, m.as_str())
                )
                .to_string(),
            );
        }
        parts.join(td_string!(l, vfilter.separator))
    };
    view! {
        <p class="active-filters" data-testid="active-filters">
            {text}
            " "
            <a href=active.clear_href data-testid="clear-active-filters">{t!(i18n, vfilter.clear)}</a>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_urls_round_trip_through_the_query() {
        let q = VentureQuery {
            q: "セル ".into(),
            hub: "ksp".into(),
            stage: Some(Stage::Phase2),
            sort: VentureSort::Stage,
            page: 3,
            ..Default::default()
        };
        let href = list_href(&q, 3);
        assert_eq!(
            href,
            "/ventures?q=%E3%82%BB%E3%83%AB%20&hub=ksp&stage=phase2&sort=stage&page=3"
        );
        assert_eq!(list_href(&VentureQuery::default(), 1), "/ventures");
    }

    fn params(href: &str) -> ParamsMap {
        let mut m = ParamsMap::new();
        for kv in href.split_once('?').map_or("", |(_, q)| q).split('&') {
            if let Some((k, v)) = kv.split_once('=') {
                m.insert(k.to_string(), v.to_string());
            }
        }
        m
    }

    #[test]
    fn funnel_filters_round_trip_and_bad_dates_are_ignored() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        let q = VentureQuery {
            hub: "tonomachi".into(),
            modality: Some(Modality::GeneTherapy),
            program_modality: Some(Modality::CellTherapy),
            reached: Some(FunnelStage::Phase2),
            founded_from: d(2021, 4, 1),
            founded_to: d(2026, 3, 31),
            located_from: d(2025, 4, 1),
            located_to: d(2026, 3, 31),
            page: 1,
            ..Default::default()
        };
        let href = list_href(&q, 1);
        assert_eq!(
            href,
            "/ventures?hub=tonomachi&modality=gene_therapy&program_modality=cell_therapy\
             &reached=phase2&founded_from=2021-04-01&founded_to=2026-03-31\
             &located_from=2025-04-01&located_to=2026-03-31"
        );
        assert_eq!(query_from_params(&params(&href)), q);
        let bad = query_from_params(&params(
            "/ventures?founded_from=2021-13-01&located_to=yesterday&reached=phase9&modality=x",
        ));
        assert_eq!(
            bad,
            VentureQuery {
                page: 1,
                ..Default::default()
            }
        );
        let active = ActiveFilters::of(&q).expect("date filters are shown");
        assert_eq!(
            active.clear_href,
            "/ventures?hub=tonomachi&modality=gene_therapy&reached=phase2"
        );
        assert_eq!(ActiveFilters::of(&VentureQuery::default()), None);
        assert_eq!(hidden_filters(&q).len(), 5);
    }
}
