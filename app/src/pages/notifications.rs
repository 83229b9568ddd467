//! `/notifications?from=YYYY-MM-DD&to=YYYY-MM-DD`: the trial notifications behind a target's
//! number (not archived, of ventures not archived), by date notified, with their count — the
//! same count the target shows for that range. An empty or unreadable end is open.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::targets::{list_notifications, NotificationList};
use crate::components::error_view::ErrorView;
use crate::format;
use crate::i18n::*;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("from").unwrap_or_default(),
                    q.get("to").unwrap_or_default(),
                )
            })
        },
        |(from, to)| list_notifications(from, to),
    );
    view! {
        <Title text=tu_string!(i18n, targets.notifications_title) />
        <section class="notifications" data-testid="notifications">
            <h1>{t!(i18n, targets.notifications_title)}</h1>
            <p class="lead">{t!(i18n, targets.notifications_lead)}</p>
            <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! { <NotificationsView list /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NotificationsView(list: NotificationList) -> impl IntoView {
    let i18n = use_i18n();
    let (from, to, count) = (list.from, list.to, list.count);
    let range = move || {
        let l = i18n.get_locale();
        if from.is_none() && to.is_none() {
            return td_string!(l, targets.range_open).to_string();
        }
        let end = |d: Option<chrono::NaiveDate>| d.map(|d| format::date(l, d)).unwrap_or_default();
        td_string!(l, targets.range, from = end(from), to = end(to)).to_string()
    };
    let rows = list.rows.clone();
    view! {
        <p class="notifications__range" data-testid="notification-range">{range}</p>
        <p class="notifications__count" role="status">
            <strong data-testid="notification-count" data-count=count.to_string()>
                {move || td_string!(i18n.get_locale(), targets.count, n = count).to_string()}
            </strong>
        </p>
        {if rows.is_empty() {
            view! { <p>{t!(i18n, targets.n_none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data-table" data-testid="notification-table">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, targets.n_col_date)}</th>
                                <th scope="col">{t!(i18n, targets.n_col_venture)}</th>
                                <th scope="col">{t!(i18n, targets.n_col_program)}</th>
                                <th scope="col">{t!(i18n, targets.n_col_sponsor)}</th>
                                <th scope="col">{t!(i18n, targets.n_col_registry)}</th>
                                <th scope="col">{t!(i18n, targets.n_col_phase)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|r| {
                                let (on, sponsor, phase) = (r.notified_on, r.sponsor.clone(), r.phase.clone());
                                let (ja, en) = (r.venture_name_ja.clone(), r.venture_name_en.clone());
                                view! {
                                    <tr data-testid="notification-row">
                                        <td>{move || format::date(i18n.get_locale(), on)}</td>
                                        <td>
                                            <a href=format!("/ventures/{}", r.venture_id) lang="ja">{ja}</a>
                                            {(!en.is_empty()).then(|| view! { <br /><small lang="en">{en.clone()}</small> })}
                                        </td>
                                        <td>{r.program_name.clone()}</td>
                                        <td>{move || format::sponsor(i18n.get_locale(), &sponsor)}</td>
                                        <td class="mono">{r.registry_id.clone()}</td>
                                        <td>{move || format::phase(i18n.get_locale(), &phase)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
    }
    .into_any()
}
