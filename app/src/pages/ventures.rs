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
use crate::domain::stage::Stage;
use crate::format;
use crate::i18n::*;

/// Read the list's state from the URL. Unknown values fall back to the defaults.
pub fn query_from_params(m: &ParamsMap) -> VentureQuery {
    VentureQuery {
        q: m.get("q").unwrap_or_default().chars().take(200).collect(),
        hub: m.get("hub").unwrap_or_default(),
        stage: m.get("stage").and_then(|s| s.parse::<Stage>().ok()),
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
                    <label for="f-sort">{t!(i18n, sort_label)}</label>
                    <select id="f-sort" name="sort">{sort_options}</select>
                </div>
                <div class="actions">
                    <button type="submit" class="button">{t!(i18n, apply)}</button>
                    <a class="button button--secondary" href="/ventures">{t!(i18n, reset)}</a>
                </div>
            </fieldset>
        </Form>
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
        };
        let href = list_href(&q, 3);
        assert_eq!(
            href,
            "/ventures?q=%E3%82%BB%E3%83%AB%20&hub=ksp&stage=phase2&sort=stage&page=3"
        );
        assert_eq!(list_href(&VentureQuery::default(), 1), "/ventures");
    }
}
