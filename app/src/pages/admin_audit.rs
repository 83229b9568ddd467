//! The audit log (administrators): every write, sign-in and sign-out, newest first, filtered by
//! user, kind of record and date. The filters live in the URL, so a filtered view can be shared.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map, params::ParamsMap};

use crate::api::audit::{list_audit, AuditPage, AuditQuery, AuditRow};
use crate::components::error_view::{field_label, ErrorView};
use crate::components::layout::encode_query_value;
use crate::format;
use crate::i18n::*;

pub fn query_from_params(m: &ParamsMap) -> AuditQuery {
    let date = |k: &str| {
        m.get(k)
            .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
    };
    AuditQuery {
        user: m.get("user").unwrap_or_default(),
        entity: m.get("entity").unwrap_or_default(),
        from: date("from"),
        to: date("to"),
        page: m
            .get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
            .max(1),
    }
}

fn audit_href(q: &AuditQuery, page: u64) -> String {
    let mut parts = Vec::new();
    if !q.user.is_empty() {
        parts.push(format!("user={}", encode_query_value(&q.user)));
    }
    if !q.entity.is_empty() {
        parts.push(format!("entity={}", encode_query_value(&q.entity)));
    }
    if let Some(d) = q.from {
        parts.push(format!("from={d}"));
    }
    if let Some(d) = q.to {
        parts.push(format!("to={d}"));
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/admin/audit".into()
    } else {
        format!("/admin/audit?{}", parts.join("&"))
    }
}

pub fn action_label(l: Locale, code: &str) -> String {
    let s = match code {
        "create" => td_string!(l, action.create),
        "update" => td_string!(l, action.update),
        "archive" => td_string!(l, action.archive),
        "restore" => td_string!(l, action.restore),
        "retract" => td_string!(l, action.retract),
        "sign_in" => td_string!(l, action.sign_in),
        "sign_out" => td_string!(l, action.sign_out),
        "generate" => td_string!(l, action.generate),
        "import" => td_string!(l, action.import),
        "freeze" => td_string!(l, action.freeze),
        other => return other.to_string(),
    };
    s.to_string()
}

pub fn entity_label(l: Locale, code: &str) -> String {
    let s = match code {
        "venture" => td_string!(l, entity.venture),
        "program" => td_string!(l, entity.program),
        "stage_event" => td_string!(l, entity.stage_event),
        "trial_notification" => td_string!(l, entity.trial_notification),
        "approval" => td_string!(l, entity.approval),
        "support_log" => td_string!(l, entity.support_log),
        "fund_support" => td_string!(l, entity.fund_support),
        "fund" => td_string!(l, entity.fund),
        "working_group" => td_string!(l, entity.working_group),
        "working_group_member" => td_string!(l, entity.working_group_member),
        "meeting" => td_string!(l, entity.meeting),
        "hub" => td_string!(l, entity.hub),
        "target" => td_string!(l, entity.target),
        "target_reported_figure" => td_string!(l, entity.target_reported_figure),
        "user" => td_string!(l, entity.user),
        "dataset" => td_string!(l, entity.dataset),
        other => return other.to_string(),
    };
    s.to_string()
}

#[component]
pub fn AuditPageView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(query_from_params));
    let data = Resource::new(move || query.get(), list_audit);
    view! {
        <Title text=tu_string!(i18n, audit_title) />
        <h1>{t!(i18n, audit_title)}</h1>
        <p class="lead">{t!(i18n, audit_lead)}</p>
        <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <AuditView page query=query.get_untracked() /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AuditView(page: AuditPage, query: AuditQuery) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total;
    let (current, pages) = (page.page, page.pages);
    let prev = (current > 1).then(|| audit_href(&query, current - 1));
    let next = (current < pages).then(|| audit_href(&query, current + 1));
    let from = query.from.map(|d| d.to_string()).unwrap_or_default();
    let to = query.to.map(|d| d.to_string()).unwrap_or_default();
    let selected_user = query.user.clone();
    let selected_entity = query.entity.clone();
    let rows = page.rows;
    let empty = rows.is_empty();
    view! {
        <Form method="GET" action="/admin/audit" attr:class="filters">
            <fieldset>
                <legend>{t!(i18n, filter_legend)}</legend>
                <div class="field">
                    <label for="audit-user">{t!(i18n, audit_user_label)}</label>
                    <select id="audit-user" name="user">
                        <option value="">{t!(i18n, audit_user_all)}</option>
                        {page
                            .users
                            .into_iter()
                            .map(|u| {
                                let id = u.id.to_string();
                                let sel = id == selected_user;
                                view! { <option value=id selected=sel>{u.display_name}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-entity">{t!(i18n, audit_entity_label)}</label>
                    <select id="audit-entity" name="entity">
                        <option value="">{t!(i18n, audit_entity_all)}</option>
                        {page
                            .entities
                            .into_iter()
                            .map(|e| {
                                let sel = e == selected_entity;
                                let code = e.clone();
                                view! {
                                    <option value=e selected=sel>
                                        {move || entity_label(i18n.get_locale(), &code)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-from">{t!(i18n, audit_from)}</label>
                    <input id="audit-from" name="from" type="date" value=from />
                </div>
                <div class="field">
                    <label for="audit-to">{t!(i18n, audit_to)}</label>
                    <input id="audit-to" name="to" type="date" value=to />
                </div>
                <div class="actions">
                    <button type="submit" class="button">{t!(i18n, apply)}</button>
                    <a href="/admin/audit">{t!(i18n, reset)}</a>
                </div>
            </fieldset>
        </Form>
        <p class="result-count" aria-live="polite" data-testid="audit-count">
            {move || t_string!(i18n, audit_count, count = format::number(total)).to_string()}
        </p>
        {if empty {
            view! { <p>{t!(i18n, audit_none)}</p> }.into_any()
        } else {
            view! { <AuditTable rows show_record=true /> }.into_any()
        }}
        <nav class="pager" aria-label=move || t_string!(i18n, pager_label)>
            {prev.map(|h| view! { <a href=h rel="prev">{t!(i18n, pager_prev)}</a> })}
            " "
            <span>{move || t_string!(i18n, pager_status, page = current, pages).to_string()}</span>
            " "
            {next.map(|h| view! { <a href=h rel="next">{t!(i18n, pager_next)}</a> })}
        </nav>
    }
}

/// Audit rows as a table: when, who, what was done to which record, and the changed fields.
#[component]
pub fn AuditTable(rows: Vec<AuditRow>, show_record: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="data-table audit" data-testid="audit-rows">
            <caption class="visually-hidden">{t!(i18n, audit_table_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, col_when)}</th>
                    <th scope="col">{t!(i18n, col_who)}</th>
                    <th scope="col">{t!(i18n, col_action)}</th>
                    {show_record.then(|| view! { <th scope="col">{t!(i18n, col_record)}</th> })}
                    <th scope="col">{t!(i18n, col_changes)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        let at = r.occurred_at;
                        let actor = r.actor.clone();
                        let action = r.action.clone();
                        let entity = r.entity.clone();
                        let entity_id = r.entity_id.clone();
                        let changes = r.changes.clone();
                        let note = r.note.clone();
                        view! {
                            <tr>
                                <td class="nowrap">{move || format::date_time(i18n.get_locale(), at)}</td>
                                <td>
                                    {move || if actor.is_empty() { t_string!(i18n, actor_system).to_string() } else { actor.clone() }}
                                </td>
                                <td>{move || action_label(i18n.get_locale(), &action)}</td>
                                {show_record
                                    .then(|| {
                                        let entity = entity.clone();
                                        view! {
                                            <td>
                                                {move || entity_label(i18n.get_locale(), &entity)}
                                                <br />
                                                <span class="mono small">{entity_id.clone()}</span>
                                            </td>
                                        }
                                    })}
                                <td>
                                    <ul class="changes">
                                        {changes
                                            .into_iter()
                                            .map(|c| {
                                                let field = c.field.clone();
                                                let (before, after) = (c.before.clone(), c.after.clone());
                                                let (e1, e2, f1, f2) = (entity.clone(), entity.clone(), field.clone(), field.clone());
                                                view! {
                                                    <li>
                                                        <span class="changes__field">{move || field_label(i18n.get_locale(), &field)}</span>
                                                        ": "
                                                        <del>{move || format::change_value(i18n.get_locale(), &e1, &f1, &before)}</del>
                                                        " → "
                                                        <ins>{move || format::change_value(i18n.get_locale(), &e2, &f2, &after)}</ins>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                    {(!note.is_empty()).then(|| view! { <p class="small">{note.clone()}</p> })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
