//! `/rink/:code`: one working group or sub-committee — its overdue follow-ups (for everyone to
//! see), its support log with the quick entry form, the summary by fiscal year and kind, its
//! members and meetings (with their forms for coordinators and admins).

use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn;

use crate::api::support::{get_group, AddMeeting, AddMember, Choice, GroupPage, MemberDto};
use crate::components::error_view::ErrorView;
use crate::components::layout::IfMay;
use crate::components::support_log::{
    group_name, provide_support_context, support_ctx, watch, Outcome, OutcomeLine, Pick,
    QuickEntry, Show, Slot, SummaryTable, SupportList,
};
use crate::domain::account::Area;
use crate::domain::support::{validate_meeting, validate_member, MemberKind};
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::not_found::set_page_status;
use crate::pages::rink::{group_key, kind_label};

#[component]
pub fn RinkGroupPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let refresh = RwSignal::new(0u32);
    provide_support_context(refresh);
    let data = Resource::new(move || (code(), refresh.get()), |(code, _)| get_group(code));
    view! {
        <p class="breadcrumb">
            <a href="/rink">{t!(i18n, rink.back_to_list)}</a>
        </p>
        <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <GroupView page /> }.into_any(),
                    Err(AppError::NotFound) => {
                        set_page_status(http::StatusCode::NOT_FOUND);
                        view! {
                            <Title text=tu_string!(i18n, not_found_title) />
                            <section class="not-found" data-testid="not-found">
                                <h1>{t!(i18n, not_found_title)}</h1>
                                <p>{t!(i18n, rink.group_not_found)}</p>
                            </section>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn GroupView(page: GroupPage) -> impl IntoView {
    let i18n = use_i18n();
    let g = page.group.clone();
    let key = group_key(&g.code);
    let title = g.name_ja.clone();
    let (ja, en) = (g.name_ja.clone(), g.name_en.clone());
    let (pja, pen) = (page.parent_name_ja.clone(), page.parent_name_en.clone());
    let has_parent = !pja.is_empty();
    let parent_href = format!("/rink/{}", g.parent_code.clone().unwrap_or_default());
    let kind = g.kind.clone();
    let closed = g.closed_on;
    let today = page.today;
    let export = format!("/rink/export/support_logs.csv?wg={}", g.code);
    let overdue = page.overdue.clone();
    let has_overdue = !overdue.is_empty();
    let n_overdue = overdue.len();
    let support = page.support.clone();
    let ventures = page.ventures.clone();
    let code = g.code.clone();
    let show = Show {
        venture: true,
        group: false,
    };
    view! {
        <Title text=title />
        <article class="rink-group" data-testid="rink-group" data-group=g.code.clone()>
            <header>
                <h1>{move || group_name(i18n.get_locale(), &ja, &en)}</h1>
                <p class="venture__badges">
                    <span class="badge">{move || kind_label(i18n.get_locale(), &kind)}</span>
                    {has_parent.then(|| view! { " " <a href=parent_href.clone()>{move || group_name(i18n.get_locale(), &pja, &pen)}</a> })}
                    {closed.map(|on| view! { " " <span class="badge badge--warn">{move || td_string!(i18n.get_locale(), rink.closed_on, date = format::date(i18n.get_locale(), on)).to_string()}</span> })}
                </p>
                {(!g.description.is_empty()).then(|| view! { <p class="prose">{g.description.clone()}</p> })}
            </header>
            <section aria-labelledby="h-overdue" class="overdue-block" data-testid="group-overdue">
                <h2 id="h-overdue">{move || td_string!(i18n.get_locale(), rink.overdue_heading, count = n_overdue).to_string()}</h2>
                {if has_overdue {
                    view! { <SupportList rows=overdue.clone() today show /> }.into_any()
                } else {
                    view! { <p>{t!(i18n, rink.none_overdue)}</p> }.into_any()
                }}
            </section>
            <section aria-labelledby="h-support" data-testid="group-support">
                <h2 id="h-support">{t!(i18n, rink.support_heading)}</h2>
                <p class="exports"><a href=export rel="external" download>{t!(i18n, rink.export_support)}</a></p>
                {match closed {
                    None => view! {
                        <IfMay area=Area::SupportLogs>
                            <QuickEntry anchor=key today ventures=Pick::Choose(ventures.clone()) groups=Pick::Fixed(code.clone()) />
                        </IfMay>
                    }
                    .into_any(),
                    Some(_) => view! { <p class="hint">{t!(i18n, rink.closed_no_support)}</p> }.into_any(),
                }}
                <SupportList rows=support today show />
            </section>
            <section aria-labelledby="h-summary">
                <h2 id="h-summary">{t!(i18n, rink.summary_heading)}</h2>
                <SummaryTable summary=page.summary.clone() />
            </section>
            <Members page=page.clone() />
            <Meetings page=page.clone() />
        </article>
    }
    .into_any()
}

fn member_kind_label(l: Locale, kind: &str) -> &'static str {
    match kind {
        "coordinator" => td_string!(l, rink.member_coordinator),
        "venture" => td_string!(l, rink.member_venture),
        _ => td_string!(l, rink.member_organisation),
    }
}

#[component]
fn Members(page: GroupPage) -> impl IntoView {
    let i18n = use_i18n();
    let today = page.today;
    let members = page.members.clone();
    let empty = members.is_empty();
    view! {
        <section aria-labelledby="h-members" data-testid="group-members">
            <h2 id="h-members">{t!(i18n, rink.members_heading)}</h2>
            {if empty {
                view! { <p>{t!(i18n, rink.none_members)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, rink.col_name)}</th>
                                    <th scope="col">{t!(i18n, rink.f_member_kind)}</th>
                                    <th scope="col">{t!(i18n, rink.f_member_role)}</th>
                                    <th scope="col">{t!(i18n, rink.f_joined_on)}</th>
                                    <th scope="col">{t!(i18n, rink.f_left_on)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {members.into_iter().map(|m| view! { <MemberLine m today /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            <IfMay area=Area::WorkingGroups>
                <AddMemberForm code=page.group.code.clone() ventures=page.ventures.clone() coordinators=page.coordinators.clone() />
            </IfMay>
        </section>
    }
    .into_any()
}

#[component]
fn MemberLine(m: MemberDto, today: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let kind = m.member_kind.clone();
    let left = m.left_on.is_some_and(|d| d < today);
    let name = match m.venture_id {
        Some(v) => view! { <a href=format!("/ventures/{v}")>{m.name.clone()}</a> }.into_any(),
        None => view! { <span>{m.name.clone()}</span> }.into_any(),
    };
    let (joined, left_on) = (m.joined_on, m.left_on);
    view! {
        <tr class=if left { "is-past" } else { "" }>
            <th scope="row">{name}</th>
            <td>{move || member_kind_label(i18n.get_locale(), &kind)}</td>
            <td>{m.role.clone()}</td>
            <td>{move || joined.map(|d| format::date(i18n.get_locale(), d)).unwrap_or_default()}</td>
            <td>{move || left_on.map(|d| format::date(i18n.get_locale(), d)).unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
fn AddMemberForm(code: String, ventures: Vec<Choice>, coordinators: Vec<Choice>) -> impl IntoView {
    let i18n = use_i18n();
    let c = support_ctx();
    let key = group_key(&code);
    let add = ServerAction::<AddMember>::new();
    watch(
        (key, Slot::Member),
        Outcome::Saved(Slot::Member),
        move || add.value().get().map(|r| r.map(|_| ())),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = AddMember::from_event(&ev) {
            match validate_member(&input.form) {
                Ok(_) => {
                    add.dispatch(input);
                }
                Err(errors) => c.set((key, Slot::Member), Outcome::Failed(errors.into())),
            }
        }
    };
    view! {
        <OutcomeLine anchor=key which=Slot::Member />
        <details class="record-event" data-testid="add-member">
            <summary>{t!(i18n, rink.add_member)}</summary>
            <p class="hint">{t!(i18n, rink.member_hint)}</p>
            <form action=AddMember::url() method="post" on:submit=on_submit novalidate>
                <input type="hidden" name="code" value=code.clone() />
                <div class="field">
                    <label for="m-kind">{t!(i18n, rink.f_member_kind)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                    <select id="m-kind" name="form[member_kind]" required>
                        {MemberKind::ALL
                            .iter()
                            .map(|k| {
                                let code = k.as_str();
                                view! { <option value=code>{move || member_kind_label(i18n.get_locale(), code)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="m-user">{t!(i18n, rink.f_user)}</label>
                    <select id="m-user" name="form[user_id]">
                        <option value="">{t!(i18n, choose)}</option>
                        {coordinators.into_iter().map(|u| view! { <option value=u.id.to_string()>{u.name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="m-venture">{t!(i18n, rink.f_venture)}</label>
                    <select id="m-venture" name="form[venture_id]">
                        <option value="">{t!(i18n, choose)}</option>
                        {ventures.into_iter().map(|v| view! { <option value=v.id.to_string()>{v.name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="m-org">{t!(i18n, rink.f_organisation)}</label>
                    <input id="m-org" name="form[organisation_name]" type="text" maxlength="200" />
                </div>
                <div class="field">
                    <label for="m-role">{t!(i18n, rink.f_member_role)}</label>
                    <input id="m-role" name="form[role]" type="text" maxlength="100" />
                </div>
                <div class="field field--inline">
                    <label for="m-joined">{t!(i18n, rink.f_joined_on)}</label>
                    <input id="m-joined" name="form[joined_on]" type="text" inputmode="numeric" autocomplete="off" class="input--date" />
                    <label for="m-left">{t!(i18n, rink.f_left_on)}</label>
                    <input id="m-left" name="form[left_on]" type="text" inputmode="numeric" autocomplete="off" class="input--date" />
                </div>
                <p class="hint">{t!(i18n, rink.date_hint)}</p>
                <div class="actions">
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t!(i18n, rink.add_member_button)}</button>
                </div>
            </form>
        </details>
    }
}

#[component]
fn Meetings(page: GroupPage) -> impl IntoView {
    let i18n = use_i18n();
    let meetings = page.meetings.clone();
    let empty = meetings.is_empty();
    let code = page.group.code.clone();
    view! {
        <section aria-labelledby="h-meetings" data-testid="group-meetings">
            <h2 id="h-meetings">{t!(i18n, rink.meetings_heading)}</h2>
            <IfMay area=Area::WorkingGroups>
                <AddMeetingForm code=code.clone() />
            </IfMay>
            {if empty {
                view! { <p>{t!(i18n, rink.none_meetings)}</p> }.into_any()
            } else {
                view! {
                    <ol class="meetings">
                        {meetings
                            .into_iter()
                            .map(|m| {
                                let on = m.held_on;
                                view! {
                                    <li class="meeting">
                                        <p class="meeting__title">
                                            <time datetime=on.to_string()>{move || format::date(i18n.get_locale(), on)}</time>
                                            " " <strong>{m.title.clone()}</strong>
                                        </p>
                                        {(!m.agenda.is_empty()).then(|| view! { <p class="prose">{t!(i18n, rink.f_agenda)} ": " {m.agenda.clone()}</p> })}
                                        {(!m.attendees.is_empty()).then(|| view! { <p class="prose">{t!(i18n, rink.f_attendees)} ": " {m.attendees.clone()}</p> })}
                                        {(!m.minutes_summary.is_empty()).then(|| view! { <p class="prose">{t!(i18n, rink.f_minutes)} ": " {m.minutes_summary.clone()}</p> })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn AddMeetingForm(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let c = support_ctx();
    let key = group_key(&code);
    let add = ServerAction::<AddMeeting>::new();
    watch(
        (key, Slot::Meeting),
        Outcome::Saved(Slot::Meeting),
        move || add.value().get().map(|r| r.map(|_| ())),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = AddMeeting::from_event(&ev) {
            match validate_meeting(&input.form) {
                Ok(_) => {
                    add.dispatch(input);
                }
                Err(errors) => c.set((key, Slot::Meeting), Outcome::Failed(errors.into())),
            }
        }
    };
    view! {
        <OutcomeLine anchor=key which=Slot::Meeting />
        <details class="record-event" data-testid="add-meeting">
            <summary>{t!(i18n, rink.add_meeting)}</summary>
            <form action=AddMeeting::url() method="post" on:submit=on_submit novalidate>
                <input type="hidden" name="code" value=code.clone() />
                <div class="field">
                    <label for="mt-date">{t!(i18n, rink.f_held_on)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                    <input id="mt-date" name="form[held_on]" type="text" inputmode="numeric" autocomplete="off" required class="input--date" aria-describedby="mt-date-hint" />
                    <p class="hint" id="mt-date-hint">{t!(i18n, rink.date_hint)}</p>
                </div>
                <div class="field">
                    <label for="mt-title">{t!(i18n, rink.f_meeting_title)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                    <input id="mt-title" name="form[title]" type="text" required maxlength="200" />
                </div>
                <div class="field">
                    <label for="mt-agenda">{t!(i18n, rink.f_agenda)}</label>
                    <textarea id="mt-agenda" name="form[agenda]" rows="2" maxlength="4000"></textarea>
                </div>
                <div class="field">
                    <label for="mt-attendees">{t!(i18n, rink.f_attendees)}</label>
                    <textarea id="mt-attendees" name="form[attendees]" rows="2" maxlength="4000"></textarea>
                </div>
                <div class="field">
                    <label for="mt-minutes">{t!(i18n, rink.f_minutes)}</label>
                    <textarea id="mt-minutes" name="form[minutes_summary]" rows="3" maxlength="4000"></textarea>
                </div>
                <div class="actions">
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t!(i18n, rink.add_meeting_button)}</button>
                </div>
            </form>
        </details>
    }
}
