//! One venture: profile, hub history, and each program with its journey.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::audit::venture_history;
use crate::api::journey::{RecordStageEvent, RetractStageEvent};
use crate::api::support::get_venture_support;
use crate::api::timeline::venture_timeline;
use crate::api::ventures::AddProgram;
use crate::api::ventures::{get_venture, ProgramDto, StageEventDto, VentureDetail};
use crate::components::error_view::{field_error_message, FormErrors};
use crate::components::layout::IfMay;
use crate::components::venture_timeline::VentureTimeline;
use crate::components::{error_view::ErrorView, stage_badge::StageBadge};
use crate::domain::account::Area;
use crate::domain::journey_form::{action_value, validate_event, validate_reason};
use crate::domain::stage::{Action, Track};
use crate::domain::stage::{EventKind, ProgramStatus};
use crate::domain::validation::FieldError;
use crate::domain::venture::validate_program;
use crate::domain::venture::Modality;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::admin_audit::AuditTable;
use crate::pages::not_found::set_page_status;
use crate::pages::venture_form::ArchiveButton;
use crate::pages::venture_hub::HubMoveForm;
use crate::pages::venture_records::{ExpiryNotice, ProgramRecords};
use crate::pages::venture_support::VentureSupportSection;
use leptos::form::FromFormData;
use server_fn::ServerFn;
use uuid::Uuid;

/// What the last journey form on this page said, for the program it was about.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum JourneyOutcome {
    ProgramAdded,
    HubMoved,
    HubMoveFailed(AppError),
    Recorded(Vec<FieldError>),
    Retracted,
    Failed(AppError),
}

/// Shared by the venture page and its forms: bump `refresh` after a save to reload the page's
/// data; `outcome` outlives the reload.
#[derive(Clone, Copy)]
pub(crate) struct VentureCtx {
    pub(crate) refresh: RwSignal<u32>,
    pub(crate) outcome: RwSignal<Option<(Uuid, JourneyOutcome)>>,
}

#[component]
pub fn VenturePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let ctx = VentureCtx {
        refresh: RwSignal::new(0),
        outcome: RwSignal::new(None),
    };
    provide_context(ctx);
    crate::pages::venture_records::provide_records_context(ctx.refresh);
    let data = Resource::new(move || (id(), ctx.refresh.get()), |(id, _)| get_venture(id));
    // Made here, not in the blocks that show them: a resource created under the venture's
    // <Transition> would be made (and its queries run) again at every render of it.
    let history = Resource::new(
        move || (id(), ctx.refresh.get()),
        |(id, _)| venture_history(id),
    );
    let timeline = Resource::new(
        move || (id(), ctx.refresh.get()),
        |(id, _)| venture_timeline(id),
    );
    let support = Resource::new(
        move || (id(), ctx.refresh.get()),
        |(id, _)| get_venture_support(id),
    );
    crate::components::support_log::provide_support_context(ctx.refresh);
    provide_context(VentureResources {
        history,
        timeline,
        support,
    });
    crate::pages::venture_funds::provide_venture_funds(id, ctx.refresh);
    view! {
        <p class="breadcrumb">
            <a href="/ventures">{t!(i18n, back_to_list)}</a>
        </p>
        <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <VentureView v /> }.into_any(),
                    Err(AppError::NotFound) => {
                        set_page_status(http::StatusCode::NOT_FOUND);
                        view! {
                            <Title text=tu_string!(i18n, not_found_title) />
                            <section class="not-found" data-testid="not-found">
                                <h1>{t!(i18n, not_found_title)}</h1>
                                <p>{t!(i18n, venture_not_found)}</p>
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
fn VentureView(v: VentureDetail) -> impl IntoView {
    let i18n = use_i18n();
    let title = v.name_ja.clone();
    let hub = v.hub_code.clone();
    let modality = v.modality.clone();
    let status = v.status.clone();
    let (founded, located) = (v.founded_on, v.located_on);
    let corporate = v.corporate_number.clone().unwrap_or_else(|| "—".into());
    let website = v.website.clone();
    let tenancies = v.tenancies.clone();
    let current_hub = v.hub_code.clone();
    let current_since = v
        .tenancies
        .iter()
        .filter(|t| t.ended_on.is_none())
        .map(|t| t.started_on)
        .max();
    let hubs = v.hubs.clone();
    let timeline_data = expect_context::<VentureResources>().timeline;
    let support_data = expect_context::<VentureResources>().support;
    let programs = v.programs.clone();
    let has_programs = !programs.is_empty();
    let edit_href = format!("/ventures/{}/edit", v.id);
    let (venture_id, venture_version, archived) = (v.id, v.version, v.archived);
    let today = v.today;
    view! {
        <Title text=title.clone() />
        <article class="venture" data-testid="venture">
            <header class="venture__header">
                <h1 lang="ja">{v.name_ja.clone()}</h1>
                <p class="venture__en" lang="en">{v.name_en.clone()}</p>
                <p class="venture__badges">
                    <span class="badge badge--hub">{move || format::hub(i18n.get_locale(), &hub)}</span>
                    " "
                    <StageBadge stage=v.stage />
                    {v.archived.then(|| view! { " " <span class="badge badge--warn">{t!(i18n, archived_badge)}</span> })}
                </p>
                {(!archived).then(move || view! {
                <IfMay area=Area::Ventures>
                    <p class="venture__actions">
                        <a class="button button--secondary" href=edit_href.clone() data-testid="edit-venture">
                            {t!(i18n, venture_edit_link)}
                        </a>
                    </p>
                    <ArchiveButton id=venture_id version=venture_version />
                </IfMay>
                })}
            </header>
            <ExpiryNotice programs=v.programs.clone() />
            <section aria-labelledby="h-profile">
                <h2 id="h-profile">{t!(i18n, profile)}</h2>
                <dl class="facts">
                    <dt>{t!(i18n, field_name_kana)}</dt>
                    <dd lang="ja">{v.name_kana.clone()}</dd>
                    <dt>{t!(i18n, field_corporate_number)}</dt>
                    <dd class="mono">{corporate}</dd>
                    <dt>{t!(i18n, field_modality)}</dt>
                    <dd>{move || format::modality(i18n.get_locale(), &modality)}</dd>
                    <dt>{t!(i18n, field_status)}</dt>
                    <dd>{move || format::venture_status(i18n.get_locale(), &status)}</dd>
                    <dt>{t!(i18n, field_founded)}</dt>
                    <dd>{move || format::opt_date(i18n.get_locale(), founded)}</dd>
                    <dt>{t!(i18n, field_located)}</dt>
                    <dd>{move || format::opt_date(i18n.get_locale(), located)}</dd>
                    <dt>{t!(i18n, field_origin)}</dt>
                    <dd>{v.origin_institution.clone()}</dd>
                    <dt>{t!(i18n, field_website)}</dt>
                    <dd>
                        {(!website.is_empty())
                            .then(|| view! { <a href=website.clone() rel="noopener noreferrer">{website.clone()}</a> })}
                    </dd>
                    <dt>{t!(i18n, field_summary)}</dt>
                    <dd class="prose">{v.summary.clone()}</dd>
                </dl>
                <h3>{t!(i18n, hub_history)}</h3>
                <ol class="tenancies">
                    {tenancies
                        .into_iter()
                        .map(|t| {
                            let code = t.hub_code.clone();
                            view! {
                                <li>
                                    <strong>{move || format::hub(i18n.get_locale(), &code)}</strong>
                                    " "
                                    {move || format::date(i18n.get_locale(), t.started_on)}
                                    " – "
                                    {move || match t.ended_on {
                                        Some(d) => format::date(i18n.get_locale(), d),
                                        None => t_string!(i18n, tenancy_current).to_string(),
                                    }}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                {(!archived).then(|| view! {
                    <IfMay area=Area::Ventures>
                        <HubMoveForm venture_id version=venture_version current=current_hub.clone() since=current_since hubs=hubs.clone() />
                    </IfMay>
                })}
            </section>
            <section aria-labelledby="h-programs">
                <h2 id="h-programs">{t!(i18n, programs_heading)}</h2>
                <Show when=move || has_programs fallback=move || view! { <p>{t!(i18n, programs_none)}</p> }>
                    {programs.clone().into_iter().map(|p| view! { <ProgramCard p editable=!archived today /> }).collect_view()}
                </Show>
                {(!archived).then(|| view! {
                    <IfMay area=Area::Ventures>
                        <AddProgram venture_id />
                    </IfMay>
                })}
            </section>
            <VentureSupportSection venture_id editable=!archived data=support_data />
            <crate::pages::venture_funds::VentureFundsSection />
            <VentureTimeline data=timeline_data />
            <History />
        </article>
    }
    .into_any()
}

/// The page's secondary data, loaded beside the venture.
#[derive(Clone, Copy)]
struct VentureResources {
    history: Resource<Result<Vec<crate::api::audit::AuditRow>, AppError>>,
    timeline: Resource<Result<Vec<crate::api::timeline::TimelineEntry>, AppError>>,
    support: Resource<Result<crate::api::support::VentureSupport, AppError>>,
}

/// The History of changes to the venture, its programs and what was recorded on them.
#[component]
fn History() -> impl IntoView {
    let i18n = use_i18n();
    let history = expect_context::<VentureResources>().history;
    view! {
        <section aria-labelledby="h-history" class="history" data-testid="history">
            <h2 id="h-history">{t!(i18n, history_heading)}</h2>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(rows) if rows.is_empty() => view! { <p>{t!(i18n, history_none)}</p> }.into_any(),
                        Ok(rows) => view! { <AuditTable rows show_record=true /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProgramCard(
    p: ProgramDto,
    /// False for an archived venture: its record is kept as it was.
    editable: bool,
    today: chrono::NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let (track, status, stage) = (p.track, p.status, p.stage);
    let indication = p.indication.clone();
    let no_dev = p.no_development_reported;
    let events = p.events.clone();
    let has_events = !events.is_empty();
    let recording = p.clone();
    view! {
        <section class="program" data-testid="program" data-program=p.id.to_string()>
            <h3>{p.name.clone()}</h3>
            <dl class="facts facts--inline">
                <dt>{t!(i18n, program_indication)}</dt>
                <dd>{indication}</dd>
                <dt>{t!(i18n, program_track)}</dt>
                <dd>{move || format::track(i18n.get_locale(), track)}</dd>
                <dt>{t!(i18n, program_current)}</dt>
                <dd><StageBadge stage=Some(stage) /></dd>
                <dt>{t!(i18n, program_status)}</dt>
                <dd>
                    <span class=format!("status status--{}", status.as_str())>
                        {move || format::status(i18n.get_locale(), status)}
                    </span>
                    {no_dev.then(|| view! { " " <span class="status status--stale">{t!(i18n, no_dev_reported)}</span> })}
                </dd>
            </dl>
            <h4>{t!(i18n, timeline)}</h4>
            <Show when=move || has_events fallback=move || view! { <p>{t!(i18n, timeline_none)}</p> }>
                <ol class="timeline">
                    {events.clone().into_iter().map(|e| view! { <TimelineItem e /> }).collect_view()}
                </ol>
            </Show>
            {editable.then(|| view! {
                <IfMay area=Area::Journey>
                    <RecordForms p=recording.clone() />
                </IfMay>
            })}
            <ProgramRecords p=p.clone() editable today />
        </section>
    }
    .into_any()
}

/// Add a program to the venture (staff and admins).
#[component]
fn AddProgram(venture_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_context::<VentureCtx>().expect("inside the venture page");
    let add = ServerAction::<AddProgram>::new();
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = AddProgram::from_event(&ev) {
            match validate_program(
                &input.name,
                &input.modality,
                &input.indication,
                &input.track,
            ) {
                Ok(_) => {
                    add.dispatch(input);
                }
                Err(errors) => ctx
                    .outcome
                    .set(Some((venture_id, JourneyOutcome::Failed(errors.into())))),
            }
        }
    };
    Effect::new(move |_| {
        if let Some(r) = add.value().get() {
            let outcome = match r {
                Ok(_) => {
                    ctx.refresh.update(|n| *n += 1);
                    JourneyOutcome::ProgramAdded
                }
                Err(e) => JourneyOutcome::Failed(e),
            };
            ctx.outcome.set(Some((venture_id, outcome)));
        }
    });
    view! {
        <div aria-live="polite">
            {move || match ctx.outcome.get() {
                Some((id, JourneyOutcome::ProgramAdded)) if id == venture_id => {
                    view! { <p class="notice" data-testid="program-outcome">{t!(i18n, program_added_notice)}</p> }.into_any()
                }
                Some((id, JourneyOutcome::Failed(e))) if id == venture_id => view! { <FormErrors error=e /> }.into_any(),
                _ => ().into_any(),
            }}
        </div>
        <details class="record-event" data-testid="add-program">
            <summary>{t!(i18n, add_program_heading)}</summary>
            <form action=AddProgram::url() method="post" on:submit=on_add>
                <input type="hidden" name="venture_id" value=venture_id.to_string() />
                <div class="field">
                    <label for="p-name">{t!(i18n, program_name_label)}</label>
                    <input id="p-name" name="name" type="text" required maxlength="200" />
                </div>
                <div class="field">
                    <label for="p-modality">{t!(i18n, field_modality)}</label>
                    <select id="p-modality" name="modality" required>
                        {Modality::ALL
                            .iter()
                            .map(|m| {
                                let code = m.as_str();
                                view! { <option value=code>{move || format::modality(i18n.get_locale(), code)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="p-indication">{t!(i18n, program_indication)}</label>
                    <input id="p-indication" name="indication" type="text" maxlength="200" />
                </div>
                <div class="field">
                    <label for="p-track">{t!(i18n, program_track)}</label>
                    <select id="p-track" name="track" required>
                        {Track::ALL
                            .iter()
                            .map(|t| {
                                let t = *t;
                                view! { <option value=t.as_str()>{move || format::track(i18n.get_locale(), t)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t!(i18n, add_program_button)}</button>
                </div>
            </form>
        </details>
    }
}

/// The label of an event for choosing it (date and what happened).
fn event_label(l: Locale, e: &StageEventDto) -> String {
    let what = match e.kind {
        EventKind::Stage => e.stage.map(|s| format::stage(l, s)).unwrap_or_default(),
        EventKind::Exit => e.exit_kind.map(|x| format::exit(l, x)).unwrap_or_default(),
        EventKind::Resumed => td_string!(l, event.resumed),
        EventKind::Retraction => td_string!(l, event.retraction),
    };
    format!(
        "{} {what}",
        format::date_with_precision(l, e.occurred_on, e.precision)
    )
}

/// Record the next step of a program, or retract a mistaken record (staff and admins). Only
/// what the journey rules allow is offered; the server checks again.
#[component]
fn RecordForms(p: ProgramDto) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_context::<VentureCtx>().expect("inside the venture page");
    let record = ServerAction::<RecordStageEvent>::new();
    let retract = ServerAction::<RetractStageEvent>::new();
    let program_id = p.id;
    Effect::new(move |_| {
        if let Some(r) = record.value().get() {
            let outcome = match r {
                Ok(dto) => {
                    ctx.refresh.update(|n| *n += 1);
                    JourneyOutcome::Recorded(dto.warnings)
                }
                Err(e) => {
                    // The page moved on meanwhile: reload it so the next try is over the new
                    // version (the message of what changed stays).
                    if matches!(e, AppError::Stale { .. } | AppError::Conflict { .. }) {
                        ctx.refresh.update(|n| *n += 1);
                    }
                    JourneyOutcome::Failed(e)
                }
            };
            ctx.outcome.set(Some((program_id, outcome)));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = retract.value().get() {
            let outcome = match r {
                Ok(_) => {
                    ctx.refresh.update(|n| *n += 1);
                    JourneyOutcome::Retracted
                }
                Err(e) => {
                    // The page moved on meanwhile: reload it so the next try is over the new
                    // version (the message of what changed stays).
                    if matches!(e, AppError::Stale { .. } | AppError::Conflict { .. }) {
                        ctx.refresh.update(|n| *n += 1);
                    }
                    JourneyOutcome::Failed(e)
                }
            };
            ctx.outcome.set(Some((program_id, outcome)));
        }
    });
    let pending = move || record.pending().get() || retract.pending().get();
    // The domain's checks run before anything is sent (and again on the server).
    let on_record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = RecordStageEvent::from_event(&ev) {
            match validate_event(
                &input.action,
                &input.occurred_on,
                &input.precision,
                &input.source_url,
                &input.note,
            ) {
                Ok(_) => {
                    record.dispatch(input);
                }
                Err(errors) => ctx
                    .outcome
                    .set(Some((program_id, JourneyOutcome::Failed(errors.into())))),
            }
        }
    };
    let on_retract = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = RetractStageEvent::from_event(&ev) {
            match validate_reason(&input.reason) {
                Ok(_) => {
                    retract.dispatch(input);
                }
                Err(errors) => ctx
                    .outcome
                    .set(Some((program_id, JourneyOutcome::Failed(errors.into())))),
            }
        }
    };
    let next: Vec<(String, Action)> = p
        .allowed
        .iter()
        .filter_map(|a| action_value(a).map(|v| (v, *a)))
        .collect();
    let retractable: Vec<StageEventDto> = p
        .allowed
        .iter()
        .filter_map(|a| match a {
            Action::Retract { event_id } => p.events.iter().find(|e| e.id == *event_id).cloned(),
            _ => None,
        })
        .collect();
    let (has_next, has_retractable) = (!next.is_empty(), !retractable.is_empty());
    let id = p.id.to_string();
    let version = p.version.to_string();
    let (id2, version2) = (id.clone(), version.clone());
    let f = |name: &str| format!("{name}-{}", p.id);
    let (f_action, f_date, f_precision, f_source, f_note, f_event, f_reason) = (
        f("action"),
        f("date"),
        f("precision"),
        f("source"),
        f("note"),
        f("event"),
        f("reason"),
    );
    view! {
        <div class="journey-forms" aria-live="polite">
            {move || match ctx.outcome.get() {
                Some((pid, outcome)) if pid == program_id => match outcome {
                    JourneyOutcome::Recorded(warnings) => view! {
                        <p class="notice" data-testid="journey-outcome">{t!(i18n, recorded_notice)}</p>
                        {warnings
                            .into_iter()
                            .map(|w| view! { <p class="notice notice--warn">{move || field_error_message(i18n.get_locale(), &w)}</p> })
                            .collect_view()}
                    }
                        .into_any(),
                    JourneyOutcome::Retracted => view! { <p class="notice" data-testid="journey-outcome">{t!(i18n, retracted_notice)}</p> }.into_any(),
                    JourneyOutcome::ProgramAdded => view! { <p class="notice" data-testid="journey-outcome">{t!(i18n, program_added_notice)}</p> }.into_any(),
                    JourneyOutcome::Failed(e) => view! { <FormErrors error=e /> }.into_any(),
                    JourneyOutcome::HubMoved | JourneyOutcome::HubMoveFailed(_) => ().into_any(),
                },
                _ => ().into_any(),
            }}
        </div>
        <details class="record-event">
            <summary>{t!(i18n, record_heading)}</summary>
            {if !has_next {
                view! { <p>{t!(i18n, nothing_to_record)}</p> }.into_any()
            } else {
                view! {
                <p class="hint">{t!(i18n, record_lead)}</p>
                <form action=RecordStageEvent::url() method="post" on:submit=on_record>
                    <input type="hidden" name="program_id" value=id />
                    <input type="hidden" name="version" value=version />
                    <div class="field">
                        <label for=f_action.clone()>{t!(i18n, record_action)}</label>
                        <select id=f_action.clone() name="action" required>
                            {next
                                .into_iter()
                                .map(|(value, a)| {
                                    let label = move || {
                                        let l = i18n.get_locale();
                                        match a {
                                            Action::Reach { stage } => td_string!(l, record_reach, stage = format::stage(l, stage)).to_string(),
                                            Action::Exit { exit_kind } => format::exit(l, exit_kind).to_string(),
                                            _ => td_string!(l, record_resume).to_string(),
                                        }
                                    };
                                    view! { <option value=value>{label}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field field--inline">
                        <label for=f_date.clone()>{t!(i18n, record_date)}</label>
                        <input id=f_date.clone() name="occurred_on" type="date" required />
                        <label for=f_precision.clone()>{t!(i18n, record_precision)}</label>
                        <select id=f_precision.clone() name="precision">
                            <option value="day" selected>{t!(i18n, precision_day)}</option>
                            <option value="month">{t!(i18n, precision_month)}</option>
                            <option value="year">{t!(i18n, precision_year)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for=f_source.clone()>{t!(i18n, record_source)}</label>
                        <input id=f_source.clone() name="source_url" type="url" maxlength="500" />
                    </div>
                    <div class="field">
                        <label for=f_note.clone()>{t!(i18n, record_note)}</label>
                        <textarea id=f_note.clone() name="note" rows="2" maxlength="2000"></textarea>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button" disabled=pending>{t!(i18n, record_button)}</button>
                    </div>
                </form>
                }.into_any()
            }}
        </details>
        {has_retractable.then(move || view! {
            <details class="record-event">
                <summary>{t!(i18n, retract_heading)}</summary>
                <form action=RetractStageEvent::url() method="post" on:submit=on_retract>
                    <input type="hidden" name="program_id" value=id2 />
                    <input type="hidden" name="version" value=version2 />
                    <div class="field">
                        <label for=f_event.clone()>{t!(i18n, retract_event)}</label>
                        <select id=f_event.clone() name="event_id" required>
                            {retractable
                                .into_iter()
                                .map(|e| {
                                    let value = e.id.to_string();
                                    view! { <option value=value>{move || event_label(i18n.get_locale(), &e)}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=f_reason.clone()>{t!(i18n, retract_reason)}</label>
                        <textarea id=f_reason.clone() name="reason" rows="2" required maxlength="500"></textarea>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button button--secondary" disabled=pending>{t!(i18n, retract_button)}</button>
                    </div>
                </form>
            </details>
        })}
    }
}

#[component]
fn TimelineItem(e: StageEventDto) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, stage, exit, date, precision) =
        (e.kind, e.stage, e.exit_kind, e.occurred_on, e.precision);
    let label = move || {
        let l = i18n.get_locale();
        match kind {
            EventKind::Stage => stage
                .map(|s| format::stage(l, s))
                .unwrap_or_default()
                .to_string(),
            EventKind::Exit => exit
                .map(|x| format::exit(l, x))
                .unwrap_or_default()
                .to_string(),
            EventKind::Resumed => t_string!(i18n, event.resumed).to_string(),
            EventKind::Retraction => t_string!(i18n, event.retraction).to_string(),
        }
    };
    let class = format!(
        "timeline__item timeline__item--{}{}",
        kind.as_str(),
        if e.retracted { " is-retracted" } else { "" }
    );
    let status_class = exit.map(|x| ProgramStatus::from(x).as_str());
    let source = e.source_url.clone();
    view! {
        <li class=class data-status=status_class>
            <time datetime=date.to_string()>
                {move || format::date_with_precision(i18n.get_locale(), date, precision)}
            </time>
            " "
            <span class="timeline__label">{label}</span>
            {e.retracted.then(|| view! { " " <span class="tag tag--retracted">{t!(i18n, event_retracted)}</span> })}
            {(!e.note.is_empty()).then(|| view! { <span class="timeline__note">{e.note.clone()}</span> })}
            {e.reason.clone().map(|r| view! { <span class="timeline__note">{t!(i18n, event_reason)} ": " {r}</span> })}
            {(!source.is_empty()).then(|| view! { " " <a class="timeline__source" href=source.clone() rel="noopener noreferrer">{t!(i18n, event_source)}</a> })}
        </li>
    }
}
