//! Trial notifications and approvals on the venture page: each program's records with their
//! details, the notice of conditional approvals nearing (or past) their expiry, and the forms
//! of staff and admins (add / edit / archive a notification; add / edit / archive an approval,
//! extend its term, record its reapplication and outcome).
//!
//! Hooked into `pages/venture.rs` by three lines: [`provide_records_context`] in the page,
//! [`ExpiryNotice`] under the header, [`ProgramRecords`] in each program card. The forms follow
//! the page's pattern: the domain's checks run before sending, a save bumps the page's
//! `refresh`, and the outcome (kept here, outside the reloaded content) is shown by the form's
//! place.

use chrono::NaiveDate;
use leptos::form::FromFormData;
use leptos::prelude::*;
use server_fn::ServerFn;
use uuid::Uuid;

use crate::api::records::{
    AddApproval, AddNotification, ArchiveApproval, ArchiveNotification, ExtendApproval,
    RecordApprovalLife, UpdateApproval, UpdateNotification,
};
use crate::api::ventures::{ApprovalDto, NotificationDto, ProgramDto};
use crate::components::error_view::FormErrors;
use crate::components::layout::IfMay;
use crate::domain::account::Area;
use crate::domain::approval::{ApprovalOutcome, ApprovalType};
use crate::domain::records::{
    validate_approval, validate_extension_form, validate_life, validate_notification, ApprovalForm,
    ExpiryAlert, NotificationForm, Sponsor, TrialPhase,
};
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;

/// Which form an outcome belongs to: the add forms of a program, or the forms of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    AddNotification,
    AddApproval,
    Record,
}

#[derive(Clone, Debug, PartialEq)]
enum RecordsOutcome {
    Saved,
    Archived,
    Failed(AppError),
}

/// The page's `refresh` (bumped after a save) and the last outcome of these forms, keyed by
/// the program or record and the form; it lives outside the reloaded content.
#[derive(Clone, Copy)]
struct RecordsCtx {
    refresh: RwSignal<u32>,
    outcome: RwSignal<Option<((Uuid, Slot), RecordsOutcome)>>,
}

/// Called once by the venture page, with its `refresh` signal.
pub fn provide_records_context(refresh: RwSignal<u32>) {
    provide_context(RecordsCtx {
        refresh,
        outcome: RwSignal::new(None),
    });
}

fn ctx() -> RecordsCtx {
    use_context::<RecordsCtx>().expect("provide_records_context on the venture page")
}

impl RecordsCtx {
    fn set(self, key: (Uuid, Slot), outcome: RecordsOutcome) {
        self.outcome.set(Some((key, outcome)));
    }

    /// A server answer: reload on success, and also when the record moved on meanwhile (so the
    /// next try is over the new version; the message of what changed stays).
    fn answer(self, key: (Uuid, Slot), result: Result<(), AppError>, done: RecordsOutcome) {
        let outcome = match result {
            Ok(()) => {
                self.refresh.update(|n| *n += 1);
                done
            }
            Err(e) => {
                if matches!(e, AppError::Stale { .. } | AppError::Conflict { .. }) {
                    self.refresh.update(|n| *n += 1);
                }
                RecordsOutcome::Failed(e)
            }
        };
        self.set(key, outcome);
    }
}

/// Watch a server action's answer (given as `Ok(())` / `Err`) and report it under `key`.
fn watch(
    key: (Uuid, Slot),
    done: RecordsOutcome,
    value: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static,
) {
    let c = ctx();
    Effect::new(move |_| {
        if let Some(r) = value() {
            c.answer(key, r, done.clone());
        }
    });
}

#[component]
fn OutcomeLine(record: Uuid, which: Slot) -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    view! {
        <div aria-live="polite">
            {move || match c.outcome.get() {
                Some((key, outcome)) if key == (record, which) => match outcome {
                    RecordsOutcome::Saved => view! { <p class="notice" data-testid="records-outcome">{t!(i18n, saved_notice)}</p> }.into_any(),
                    RecordsOutcome::Archived => view! { <p class="notice" data-testid="records-outcome">{t!(i18n, records.archived_notice)}</p> }.into_any(),
                    RecordsOutcome::Failed(e) => view! { <FormErrors error=e /> }.into_any(),
                },
                _ => ().into_any(),
            }}
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// The notice at the top of the page

/// Conditional approvals of the venture nearing their expiry (within a year of today in Japan)
/// or past it with no outcome recorded, with the number of days.
#[component]
pub fn ExpiryNotice(programs: Vec<ProgramDto>) -> impl IntoView {
    let i18n = use_i18n();
    let items: Vec<(String, ApprovalDto, ExpiryAlert)> = programs
        .iter()
        .flat_map(|p| {
            p.approvals
                .iter()
                .filter_map(|a| a.alert.map(|alert| (p.name.clone(), a.clone(), alert)))
        })
        .collect();
    (!items.is_empty()).then(move || {
        view! {
            <section class="expiry-notice" role="status" aria-labelledby="h-expiry" data-testid="expiry-notice">
                <h2 id="h-expiry">{t!(i18n, records.notice_heading)}</h2>
                <ul>
                    {items
                        .into_iter()
                        .map(|(program, a, alert)| {
                            let reapplied = a.reapplied_on;
                            let line = move || {
                                let l = i18n.get_locale();
                                let brand = if a.brand_name.is_empty() { program.clone() } else { a.brand_name.clone() };
                                let date = a.expires_on.map(|d| format::date(l, d)).unwrap_or_default();
                                match alert {
                                    ExpiryAlert::Nearing { days } => td_string!(l, records.notice_nearing, program = program.clone(), brand, date, days).to_string(),
                                    ExpiryAlert::Past { days } => td_string!(l, records.notice_past, program = program.clone(), brand, date, days).to_string(),
                                }
                            };
                            let days = match alert {
                                ExpiryAlert::Nearing { days } => days,
                                ExpiryAlert::Past { days } => -days,
                            };
                            view! {
                                <li data-days=days.to_string()>
                                    {line}
                                    {reapplied.map(|r| view! { " " {move || { let l = i18n.get_locale(); td_string!(l, records.notice_reapplied, date = format::date(l, r)).to_string() }}})}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p class="hint">{t!(i18n, records.notice_lead)}</p>
            </section>
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Each program's records

/// A program's trial notifications and approvals, with the forms for roles that may write them
/// (`editable` is false on an archived venture).
#[component]
pub fn ProgramRecords(p: ProgramDto, editable: bool, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let program_id = p.id;
    let notifications = p.notifications.clone();
    let approvals = p.approvals.clone();
    let (no_notifications, no_approvals) = (notifications.is_empty(), approvals.is_empty());
    view! {
        <div class="records-block" data-testid="notifications">
            <h4>{t!(i18n, notifications_heading)}</h4>
            {no_notifications.then(|| view! { <p>{t!(i18n, records.none_notifications)}</p> })}
            <ul class="records">
                {notifications
                    .into_iter()
                    .map(|n| view! { <NotificationItem n editable today /> })
                    .collect_view()}
            </ul>
            {editable.then(|| view! {
                <IfMay area=Area::Journey>
                    <AddNotificationForm program_id today />
                </IfMay>
            })}
        </div>
        <div class="records-block" data-testid="approvals">
            <h4>{t!(i18n, approvals_heading)}</h4>
            {no_approvals.then(|| view! { <p>{t!(i18n, records.none_approvals)}</p> })}
            <ul class="records">
                {approvals
                    .into_iter()
                    .map(|a| view! { <ApprovalItem a editable today /> })
                    .collect_view()}
            </ul>
            {editable.then(|| view! {
                <IfMay area=Area::Journey>
                    <AddApprovalForm program_id today />
                </IfMay>
            })}
        </div>
    }
}

fn id_for(name: &str, key: Uuid) -> String {
    format!("rec-{name}-{key}")
}

#[component]
fn NotificationItem(n: NotificationDto, editable: bool, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let (sponsor, phase) = (n.sponsor.clone(), n.phase.clone());
    let registry = n.registry_id.clone();
    let url = n.registry_url.clone();
    let item = n.clone();
    view! {
        <li class="record-item" data-testid="notification" data-notification=n.id.to_string()>
            <p class="record-item__title">
                <time datetime=n.notified_on.to_string()>{move || format::date(i18n.get_locale(), n.notified_on)}</time>
                " · " {move || format::phase(i18n.get_locale(), &phase)}
                " · " {move || format::sponsor(i18n.get_locale(), &sponsor)}
                {(!registry.is_empty()).then(|| match url {
                    Some(href) => view! { " · " <a class="mono" href=href rel="noopener noreferrer">{registry.clone()}</a> }.into_any(),
                    None => view! { " · " <span class="mono">{registry.clone()}</span> }.into_any(),
                })}
            </p>
            {(!n.title.is_empty()).then(|| view! { <p class="record-item__sub">{n.title.clone()}</p> })}
            {(!n.note.is_empty()).then(|| view! { <p class="record-item__sub prose">{n.note.clone()}</p> })}
            <OutcomeLine record=n.id which=Slot::Record />
            {editable.then(move || view! {
                <IfMay area=Area::Journey>
                    <EditNotificationForm n=item.clone() today />
                </IfMay>
            })}
        </li>
    }
}

fn notification_form_of(n: &NotificationDto) -> NotificationForm {
    NotificationForm {
        notified_on: n.notified_on.to_string(),
        sponsor: n.sponsor.clone(),
        registry_id: n.registry_id.clone(),
        phase: n.phase.clone(),
        title: n.title.clone(),
        note: n.note.clone(),
    }
}

/// The notification form's fields (`form[...]`), filled with `f`; ids made unique by `key`.
fn notification_fields(key: Uuid, f: NotificationForm) -> impl IntoView {
    let i18n = use_i18n();
    let (i_date, i_sponsor, i_phase, i_registry, i_hint, i_title, i_note) = (
        id_for("n-date", key),
        id_for("n-sponsor", key),
        id_for("n-phase", key),
        id_for("n-registry", key),
        id_for("n-registry-hint", key),
        id_for("n-title", key),
        id_for("n-note", key),
    );
    let sponsor = f.sponsor.clone();
    let phase = f.phase.clone();
    view! {
        <div class="field">
            <label for=i_date.clone()>{t!(i18n, records.f_notified_on)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <input id=i_date name="form[notified_on]" type="date" required value=f.notified_on.clone() />
        </div>
        <div class="field">
            <label for=i_sponsor.clone()>{t!(i18n, records.f_sponsor)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <select id=i_sponsor name="form[sponsor]" required>
                <option value="">{t!(i18n, choose)}</option>
                {Sponsor::ALL
                    .iter()
                    .map(|s| {
                        let code = s.as_str();
                        view! { <option value=code selected=sponsor == code>{move || format::sponsor(i18n.get_locale(), code)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=i_phase.clone()>{t!(i18n, records.f_phase)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <select id=i_phase name="form[phase]" required>
                <option value="">{t!(i18n, choose)}</option>
                {TrialPhase::ALL
                    .iter()
                    .map(|s| {
                        let code = s.as_str();
                        view! { <option value=code selected=phase == code>{move || format::phase(i18n.get_locale(), code)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=i_registry.clone()>{t!(i18n, records.f_registry_id)}</label>
            <input id=i_registry name="form[registry_id]" type="text" maxlength="40" autocomplete="off" value=f.registry_id.clone() aria-describedby=i_hint.clone() />
            <p class="hint" id=i_hint>{t!(i18n, records.registry_hint)}</p>
        </div>
        <div class="field">
            <label for=i_title.clone()>{t!(i18n, records.f_title)}</label>
            <input id=i_title name="form[title]" type="text" maxlength="300" value=f.title.clone() />
        </div>
        <div class="field">
            <label for=i_note.clone()>{t!(i18n, records.f_note)}</label>
            <textarea id=i_note name="form[note]" rows="2" maxlength="2000">{f.note.clone()}</textarea>
        </div>
    }
}

#[component]
fn AddNotificationForm(program_id: Uuid, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let key = (program_id, Slot::AddNotification);
    let add = ServerAction::<AddNotification>::new();
    watch(key, RecordsOutcome::Saved, move || {
        add.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = AddNotification::from_event(&ev) {
            match validate_notification(&input.form, today) {
                Ok(_) => {
                    add.dispatch(input);
                }
                Err(errors) => c.set(key, RecordsOutcome::Failed(errors.into())),
            }
        }
    };
    view! {
        <OutcomeLine record=program_id which=Slot::AddNotification />
        <details class="record-event" data-testid="add-notification">
            <summary>{t!(i18n, records.add_notification)}</summary>
            <form action=AddNotification::url() method="post" on:submit=on_submit>
                <input type="hidden" name="program_id" value=program_id.to_string() />
                {notification_fields(program_id, NotificationForm::default())}
                <div class="actions">
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t!(i18n, records.add_button)}</button>
                </div>
            </form>
        </details>
    }
}

#[component]
fn EditNotificationForm(n: NotificationDto, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let key = (n.id, Slot::Record);
    let update = ServerAction::<UpdateNotification>::new();
    let archive = ServerAction::<ArchiveNotification>::new();
    watch(key, RecordsOutcome::Saved, move || {
        update.value().get().map(|r| r.map(|_| ()))
    });
    watch(key, RecordsOutcome::Archived, move || {
        archive.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = UpdateNotification::from_event(&ev) {
            match validate_notification(&input.form, today) {
                Ok(_) => {
                    update.dispatch(input);
                }
                Err(errors) => c.set(key, RecordsOutcome::Failed(errors.into())),
            }
        }
    };
    let pending = move || update.pending().get() || archive.pending().get();
    let (id, version) = (n.id.to_string(), n.version.to_string());
    let (id2, version2) = (id.clone(), version.clone());
    view! {
        <details class="record-event" data-testid="edit-notification">
            <summary>{t!(i18n, records.edit_notification)}</summary>
            <form action=UpdateNotification::url() method="post" on:submit=on_submit>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                {notification_fields(n.id, notification_form_of(&n))}
                <div class="actions">
                    <button type="submit" class="button" disabled=pending>{t!(i18n, save_button)}</button>
                </div>
            </form>
        </details>
        <details class="record-event" data-testid="archive-notification">
            <summary>{t!(i18n, records.archive_notification)}</summary>
            <p>{t!(i18n, records.archive_explain)}</p>
            <ActionForm action=archive>
                <input type="hidden" name="id" value=id2 />
                <input type="hidden" name="version" value=version2 />
                <button type="submit" class="button button--danger" disabled=pending>{t!(i18n, archive_confirm)}</button>
            </ActionForm>
        </details>
    }
}

// ---------------------------------------------------------------------------------------------
// Approvals

fn opt(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn approval_form_of(a: &ApprovalDto) -> ApprovalForm {
    ApprovalForm {
        approval_type: a.approval_type.clone(),
        brand_name: a.brand_name.clone(),
        applied_on: opt(a.applied_on),
        approved_on: a.approved_on.to_string(),
        term_expires_on: opt(a.term_expires_on),
        shipment_restricted: a.shipment_restricted,
        shipment_restriction_note: a.shipment_restriction_note.clone(),
        sakigake: a.sakigake,
        orphan: a.orphan,
        note: a.note.clone(),
    }
}

#[component]
fn ApprovalItem(a: ApprovalDto, editable: bool, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let kind = a.approval_type.clone();
    let outcome = a.outcome.clone();
    let conditional = a.approval_type == ApprovalType::Conditional.as_str();
    let in_force = a.outcome == ApprovalOutcome::InForce.as_str();
    let item = a.clone();
    let extensions = a.extensions.clone();
    let alert = a.alert;
    let outcome_class = format!("status status--{}", a.outcome);
    view! {
        <li class="record-item" data-testid="approval" data-approval=a.id.to_string()>
            <p class="record-item__title">
                <time datetime=a.approved_on.to_string()>{move || format::date(i18n.get_locale(), a.approved_on)}</time>
                " · " {move || format::approval_type(i18n.get_locale(), &kind)}
                {(!a.brand_name.is_empty()).then(|| view! { " 「" {a.brand_name.clone()} "」" })}
                " · " <span class=outcome_class>{move || format::outcome(i18n.get_locale(), &outcome)}</span>
                {a.sakigake.then(|| view! { " · " {t!(i18n, sakigake)} })}
                {a.orphan.then(|| view! { " · " {t!(i18n, orphan)} })}
            </p>
            <dl class="facts facts--inline">
                {a.applied_on.map(|d| view! {
                    <dt>{t!(i18n, records.f_applied_on)}</dt>
                    <dd>{move || format::date(i18n.get_locale(), d)}</dd>
                })}
                {a.term_expires_on.map(|d| view! {
                    <dt>{t!(i18n, records.first_term)}</dt>
                    <dd>{move || format::date(i18n.get_locale(), d)}</dd>
                })}
                {(!extensions.is_empty()).then(|| view! {
                    <dt>{t!(i18n, records.extensions)}</dt>
                    <dd>
                        <ul class="records">
                            {extensions
                                .into_iter()
                                .map(|x| view! {
                                    <li>
                                        {move || { let l = i18n.get_locale(); td_string!(l, records.extension_item, on = format::date(l, x.extended_on), until = format::date(l, x.new_expires_on)).to_string() }}
                                        {(!x.note.is_empty()).then(|| view! { " — " {x.note.clone()} })}
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    </dd>
                })}
                {a.expires_on.map(|d| view! {
                    <dt>{t!(i18n, approval_expires)}</dt>
                    <dd>
                        {move || format::date(i18n.get_locale(), d)}
                        {alert.map(|al| view! {
                            " "
                            <span class="status status--stale">
                                {move || {
                                    let l = i18n.get_locale();
                                    match al {
                                        ExpiryAlert::Nearing { days } => td_string!(l, records.days_left, days).to_string(),
                                        ExpiryAlert::Past { days } => td_string!(l, records.days_past, days).to_string(),
                                    }
                                }}
                            </span>
                        })}
                    </dd>
                })}
                {a.reapplied_on.map(|d| view! {
                    <dt>{t!(i18n, records.f_reapplied_on)}</dt>
                    <dd>{move || format::date(i18n.get_locale(), d)}</dd>
                })}
                {a.outcome_on.map(|d| view! {
                    <dt>{t!(i18n, records.f_outcome_on)}</dt>
                    <dd>{move || format::date(i18n.get_locale(), d)}</dd>
                })}
                {a.shipment_restricted.then(|| view! {
                    <dt>{t!(i18n, shipment_restricted)}</dt>
                    <dd class="prose">{a.shipment_restriction_note.clone()}</dd>
                })}
                {(!a.note.is_empty()).then(|| view! {
                    <dt>{t!(i18n, records.f_note)}</dt>
                    <dd class="prose">{a.note.clone()}</dd>
                })}
            </dl>
            <OutcomeLine record=a.id which=Slot::Record />
            {editable.then(move || view! {
                <IfMay area=Area::Journey>
                    <ApprovalForms a=item.clone() today conditional in_force />
                </IfMay>
            })}
        </li>
    }
}

/// The approval form's fields (`form[...]`), filled with `f`; ids made unique by `key`.
fn approval_fields(key: Uuid, f: ApprovalForm) -> impl IntoView {
    let i18n = use_i18n();
    let i = |n: &str| id_for(n, key);
    let (i_type, i_brand, i_applied, i_approved, i_term, i_term_hint) = (
        i("a-type"),
        i("a-brand"),
        i("a-applied"),
        i("a-approved"),
        i("a-term"),
        i("a-term-hint"),
    );
    let (i_ship, i_ship_note, i_sakigake, i_orphan, i_note) = (
        i("a-ship"),
        i("a-ship-note"),
        i("a-sakigake"),
        i("a-orphan"),
        i("a-note"),
    );
    let kind = f.approval_type.clone();
    view! {
        <div class="field">
            <label for=i_type.clone()>{t!(i18n, records.f_approval_type)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <select id=i_type name="form[approval_type]" required>
                <option value="">{t!(i18n, choose)}</option>
                {ApprovalType::ALL
                    .iter()
                    .map(|t| {
                        let code = t.as_str();
                        view! { <option value=code selected=kind == code>{move || format::approval_type(i18n.get_locale(), code)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=i_brand.clone()>{t!(i18n, records.f_brand_name)}</label>
            <input id=i_brand name="form[brand_name]" type="text" maxlength="200" value=f.brand_name.clone() />
        </div>
        <div class="field">
            <label for=i_applied.clone()>{t!(i18n, records.f_applied_on)}</label>
            <input id=i_applied name="form[applied_on]" type="date" value=f.applied_on.clone() />
        </div>
        <div class="field">
            <label for=i_approved.clone()>{t!(i18n, records.f_approved_on)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <input id=i_approved name="form[approved_on]" type="date" required value=f.approved_on.clone() />
        </div>
        <div class="field">
            <label for=i_term.clone()>{t!(i18n, records.f_term_expires_on)}</label>
            <input id=i_term name="form[term_expires_on]" type="date" value=f.term_expires_on.clone() aria-describedby=i_term_hint.clone() />
            <p class="hint" id=i_term_hint>{t!(i18n, records.term_hint)}</p>
        </div>
        <div class="field field--check">
            <input id=i_ship.clone() name="form[shipment_restricted]" type="checkbox" value="true" checked=f.shipment_restricted />
            <label for=i_ship>{t!(i18n, shipment_restricted)}</label>
        </div>
        <div class="field">
            <label for=i_ship_note.clone()>{t!(i18n, records.f_shipment_restriction_note)}</label>
            <textarea id=i_ship_note name="form[shipment_restriction_note]" rows="2" maxlength="1000">{f.shipment_restriction_note.clone()}</textarea>
        </div>
        <div class="field field--check">
            <input id=i_sakigake.clone() name="form[sakigake]" type="checkbox" value="true" checked=f.sakigake />
            <label for=i_sakigake>{t!(i18n, sakigake)}</label>
        </div>
        <div class="field field--check">
            <input id=i_orphan.clone() name="form[orphan]" type="checkbox" value="true" checked=f.orphan />
            <label for=i_orphan>{t!(i18n, orphan)}</label>
        </div>
        <div class="field">
            <label for=i_note.clone()>{t!(i18n, records.f_note)}</label>
            <textarea id=i_note name="form[note]" rows="2" maxlength="2000">{f.note.clone()}</textarea>
        </div>
    }
}

#[component]
fn AddApprovalForm(program_id: Uuid, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let key = (program_id, Slot::AddApproval);
    let add = ServerAction::<AddApproval>::new();
    watch(key, RecordsOutcome::Saved, move || {
        add.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = AddApproval::from_event(&ev) {
            match validate_approval(&input.form, today) {
                Ok(_) => {
                    add.dispatch(input);
                }
                Err(errors) => c.set(key, RecordsOutcome::Failed(errors.into())),
            }
        }
    };
    view! {
        <OutcomeLine record=program_id which=Slot::AddApproval />
        <details class="record-event" data-testid="add-approval">
            <summary>{t!(i18n, records.add_approval)}</summary>
            <form action=AddApproval::url() method="post" on:submit=on_submit>
                <input type="hidden" name="program_id" value=program_id.to_string() />
                {approval_fields(program_id, ApprovalForm::default())}
                <div class="actions">
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t!(i18n, records.add_button)}</button>
                </div>
            </form>
        </details>
    }
}

/// Edit, extend, reapplication / outcome and archive forms of one approval.
#[component]
fn ApprovalForms(
    a: ApprovalDto,
    today: NaiveDate,
    conditional: bool,
    in_force: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let key = (a.id, Slot::Record);
    let facts = a.facts();
    let facts2 = facts.clone();
    let update = ServerAction::<UpdateApproval>::new();
    let extend = ServerAction::<ExtendApproval>::new();
    let life = ServerAction::<RecordApprovalLife>::new();
    let archive = ServerAction::<ArchiveApproval>::new();
    watch(key, RecordsOutcome::Saved, move || {
        update.value().get().map(|r| r.map(|_| ()))
    });
    watch(key, RecordsOutcome::Saved, move || {
        extend.value().get().map(|r| r.map(|_| ()))
    });
    watch(key, RecordsOutcome::Saved, move || {
        life.value().get().map(|r| r.map(|_| ()))
    });
    watch(key, RecordsOutcome::Archived, move || {
        archive.value().get().map(|r| r.map(|_| ()))
    });
    let pending = move || {
        update.pending().get()
            || extend.pending().get()
            || life.pending().get()
            || archive.pending().get()
    };
    let on_update = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = UpdateApproval::from_event(&ev) {
            match validate_approval(&input.form, today) {
                Ok(_) => {
                    update.dispatch(input);
                }
                Err(errors) => c.set(key, RecordsOutcome::Failed(errors.into())),
            }
        }
    };
    let on_extend = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = ExtendApproval::from_event(&ev) {
            let checked = facts.as_ref().map(|f| {
                validate_extension_form(
                    f,
                    &input.extended_on,
                    &input.new_expires_on,
                    &input.note,
                    today,
                )
            });
            match checked {
                Some(Err(errors)) => c.set(key, RecordsOutcome::Failed(errors.into())),
                _ => {
                    extend.dispatch(input);
                }
            }
        }
    };
    let on_life = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = RecordApprovalLife::from_event(&ev) {
            let checked = facts2.as_ref().map(|f| {
                validate_life(
                    f,
                    &input.reapplied_on,
                    &input.outcome,
                    &input.outcome_on,
                    today,
                )
            });
            match checked {
                Some(Err(errors)) => c.set(key, RecordsOutcome::Failed(errors.into())),
                _ => {
                    life.dispatch(input);
                }
            }
        }
    };
    let (id, version) = (a.id.to_string(), a.version.to_string());
    let hidden = move || {
        view! {
            <input type="hidden" name="id" value=id.clone() />
            <input type="hidden" name="version" value=version.clone() />
        }
    };
    let hidden2 = hidden.clone();
    let hidden3 = hidden.clone();
    let hidden4 = hidden.clone();
    let i = |n: &str| id_for(n, a.id);
    let (i_ext_on, i_ext_new, i_ext_note) = (i("x-on"), i("x-new"), i("x-note"));
    let (i_reapplied, i_outcome, i_outcome_on, i_outcome_hint) = (
        i("l-reapplied"),
        i("l-outcome"),
        i("l-outcome-on"),
        i("l-outcome-hint"),
    );
    let current_outcome = a.outcome.clone();
    let (reapplied, outcome_on) = (opt(a.reapplied_on), opt(a.outcome_on));
    let form = approval_form_of(&a);
    let approval_id = a.id;
    view! {
        <details class="record-event" data-testid="edit-approval">
            <summary>{t!(i18n, records.edit_approval)}</summary>
            <form action=UpdateApproval::url() method="post" on:submit=on_update>
                {hidden()}
                {approval_fields(approval_id, form)}
                <div class="actions">
                    <button type="submit" class="button" disabled=pending>{t!(i18n, save_button)}</button>
                </div>
            </form>
        </details>
        {(conditional && in_force).then(move || view! {
            <details class="record-event" data-testid="extend-approval">
                <summary>{t!(i18n, records.extend_heading)}</summary>
                <form action=ExtendApproval::url() method="post" on:submit=on_extend>
                    {hidden2()}
                    <div class="field">
                        <label for=i_ext_on.clone()>{t!(i18n, records.f_extended_on)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                        <input id=i_ext_on name="extended_on" type="date" required />
                    </div>
                    <div class="field">
                        <label for=i_ext_new.clone()>{t!(i18n, records.f_new_expires_on)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                        <input id=i_ext_new name="new_expires_on" type="date" required />
                    </div>
                    <div class="field">
                        <label for=i_ext_note.clone()>{t!(i18n, records.f_extension_note)}</label>
                        <textarea id=i_ext_note name="note" rows="2" maxlength="2000"></textarea>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button" disabled=pending>{t!(i18n, records.extend_button)}</button>
                    </div>
                </form>
            </details>
        })}
        <details class="record-event" data-testid="approval-life">
            <summary>{t!(i18n, records.life_heading)}</summary>
            <form action=RecordApprovalLife::url() method="post" on:submit=on_life>
                {hidden3()}
                {conditional.then(|| view! {
                    <div class="field">
                        <label for=i_reapplied.clone()>{t!(i18n, records.f_reapplied_on)}</label>
                        <input id=i_reapplied.clone() name="reapplied_on" type="date" value=reapplied.clone() />
                    </div>
                })}
                {(!conditional).then(|| view! { <input type="hidden" name="reapplied_on" value="" /> })}
                <div class="field">
                    <label for=i_outcome.clone()>{t!(i18n, records.f_outcome)}</label>
                    <select id=i_outcome name="outcome" aria-describedby=i_outcome_hint.clone()>
                        {ApprovalOutcome::ALL
                            .iter()
                            .map(|o| {
                                let code = o.as_str();
                                view! { <option value=code selected=current_outcome == code>{move || format::outcome(i18n.get_locale(), code)}</option> }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint" id=i_outcome_hint>{t!(i18n, records.outcome_hint)}</p>
                </div>
                <div class="field">
                    <label for=i_outcome_on.clone()>{t!(i18n, records.f_outcome_on)}</label>
                    <input id=i_outcome_on name="outcome_on" type="date" value=outcome_on />
                </div>
                <div class="actions">
                    <button type="submit" class="button" disabled=pending>{t!(i18n, records.life_button)}</button>
                </div>
            </form>
        </details>
        <details class="record-event" data-testid="archive-approval">
            <summary>{t!(i18n, records.archive_approval)}</summary>
            <p>{t!(i18n, records.archive_explain)}</p>
            <ActionForm action=archive>
                {hidden4()}
                <button type="submit" class="button button--danger" disabled=pending>{t!(i18n, archive_confirm)}</button>
            </ActionForm>
        </details>
    }
}

// ---------------------------------------------------------------------------------------------
// Messages (hooked into `components::error_view`)

fn date_text(l: Locale, iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| format::date(l, d))
        .unwrap_or_else(|_| iso.to_string())
}

/// The label of a field of these records, for messages and the History.
pub fn field_label(l: Locale, field: &str) -> Option<String> {
    let label = match field {
        "notified_on" => td_string!(l, records.f_notified_on),
        "sponsor" => td_string!(l, records.f_sponsor),
        "registry_id" => td_string!(l, records.f_registry_id),
        "phase" => td_string!(l, records.f_phase),
        "title" => td_string!(l, records.f_title),
        "program_id" => td_string!(l, records.f_program),
        "approval_type" => td_string!(l, records.f_approval_type),
        "brand_name" => td_string!(l, records.f_brand_name),
        "applied_on" => td_string!(l, records.f_applied_on),
        "approved_on" => td_string!(l, records.f_approved_on),
        "term_expires_on" => td_string!(l, records.f_term_expires_on),
        "expires_on" => td_string!(l, approval_expires),
        "shipment_restricted" => td_string!(l, shipment_restricted),
        "shipment_restriction_note" => td_string!(l, records.f_shipment_restriction_note),
        "sakigake" => td_string!(l, sakigake),
        "orphan" => td_string!(l, orphan),
        "extended_on" => td_string!(l, records.f_extended_on),
        "new_expires_on" => td_string!(l, records.f_new_expires_on),
        "extension_note" => td_string!(l, records.f_extension_note),
        "reapplied_on" => td_string!(l, records.f_reapplied_on),
        "outcome" => td_string!(l, records.f_outcome),
        "outcome_on" => td_string!(l, records.f_outcome_on),
        _ => return None,
    };
    Some(label.to_string())
}

fn registry_name(code: &str) -> &'static str {
    match code {
        "jrct" => "jRCT",
        "nct" => "NCT",
        "umin" => "UMIN",
        "japic_cti" => "JapicCTI",
        "jmacct" => "JMA-IIA",
        _ => "",
    }
}

/// One problem of these records' forms as a sentence; `None` for codes of other forms.
pub fn field_error_message(l: Locale, e: &FieldError) -> Option<String> {
    let field = || {
        field_label(l, &e.field)
            .unwrap_or_else(|| crate::components::error_view::field_label(l, &e.field))
    };
    let p = |n: &str| e.param(n).unwrap_or_default().to_string();
    let pd = |n: &str| date_text(l, &p(n));
    let text = match e.code.as_str() {
        "sponsor.unknown" | "phase.unknown" | "approval_type.unknown" | "outcome.unknown" => {
            td_string!(l, fe_choose, field = field()).to_string()
        }
        "registry_id.empty" => td_string!(l, fe_required, field = field()).to_string(),
        "registry_id.bad_format" => td_string!(
            l,
            records.fe_registry_bad_format,
            registry = registry_name(&p("registry"))
        )
        .to_string(),
        "registry_id.unknown_format" => td_string!(l, records.fe_registry_unknown).to_string(),
        "records.archived" => td_string!(l, records.fe_archived).to_string(),
        "approval.date_in_future" => td_string!(
            l,
            records.fe_date_in_future,
            field = field(),
            today = pd("today")
        )
        .to_string(),
        "approval.applied_after_approval" => td_string!(
            l,
            records.fe_applied_after_approval,
            approved_on = pd("approved_on")
        )
        .to_string(),
        "approval.expiry_not_after_approval" => td_string!(
            l,
            records.fe_expiry_not_after_approval,
            approved_on = pd("approved_on")
        )
        .to_string(),
        "approval.term_too_long" => {
            td_string!(l, records.fe_term_too_long, latest = pd("latest")).to_string()
        }
        "approval.term_on_full_approval" => td_string!(l, records.fe_term_on_full).to_string(),
        "approval.term_missing" => td_string!(l, records.fe_term_missing).to_string(),
        "approval.extension_not_later" => {
            td_string!(l, records.fe_extension_not_later, current = pd("current")).to_string()
        }
        "approval.before_approval" => td_string!(
            l,
            records.fe_before_approval,
            field = field(),
            approved_on = pd("approved_on")
        )
        .to_string(),
        "approval.after_expiry" => td_string!(
            l,
            records.fe_after_expiry,
            field = field(),
            expires_on = pd("expires_on")
        )
        .to_string(),
        "approval.outcome_date" => td_string!(l, records.fe_outcome_date).to_string(),
        "approval.outcome_needs_conditional" => td_string!(
            l,
            records.fe_outcome_needs_conditional,
            outcome = format::outcome(l, &p("outcome"))
        )
        .to_string(),
        "approval.not_conditional" => td_string!(l, records.fe_not_conditional).to_string(),
        "approval.not_in_force" => td_string!(l, records.fe_not_in_force).to_string(),
        "approval.extension_before_previous" => td_string!(
            l,
            records.fe_extension_before_previous,
            previous = pd("previous")
        )
        .to_string(),
        "approval.outcome_needs_reapplication" => {
            td_string!(l, records.fe_outcome_needs_reapplication).to_string()
        }
        "approval.outcome_before_reapplication" => td_string!(
            l,
            records.fe_outcome_before_reapplication,
            reapplied_on = pd("reapplied_on")
        )
        .to_string(),
        "approval.expired_before_expiry" => td_string!(
            l,
            records.fe_expired_before_expiry,
            expires_on = pd("expires_on")
        )
        .to_string(),
        "approval.conflicts_with_history" => {
            let what = match p("what").as_str() {
                "extension" => td_string!(l, records.what_extension),
                "reapplication" => td_string!(l, records.what_reapplication),
                _ => td_string!(l, records.what_outcome),
            };
            td_string!(l, records.fe_conflicts_with_history, what).to_string()
        }
        _ => return None,
    };
    Some(text)
}

/// The sentence for a refusal of these forms that is not about one field (a registry id the
/// program already has); `None` for other errors.
pub fn conflict_message(l: Locale, e: &AppError) -> Option<String> {
    match e {
        AppError::Conflict { code, detail }
            if code == "trial_notification.duplicate_registry_id" =>
        {
            let on = detail
                .split_once('|')
                .map(|(_, on)| date_text(l, on))
                .unwrap_or_default();
            Some(td_string!(l, records.dup_registry, on).to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::approval::Extension;
    use crate::domain::records::{validate_approval, ApprovalFacts};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Every refusal the forms' checks produce reads as a sentence of its own in both
    /// languages (not the catch-all "the value is not right"), with its dates filled in.
    #[test]
    fn every_refusal_has_its_own_message() {
        let today = d(2026, 11, 25);
        let facts = ApprovalFacts {
            approval_type: ApprovalType::Conditional,
            approved_on: d(2015, 9, 18),
            term_expires_on: Some(d(2020, 9, 17)),
            extensions: vec![Extension {
                extended_on: d(2020, 6, 1),
                new_expires_on: d(2023, 9, 17),
            }],
            reapplied_on: None,
            outcome: ApprovalOutcome::InForce,
            outcome_on: None,
        };
        let full = ApprovalFacts {
            approval_type: ApprovalType::Full,
            term_expires_on: None,
            extensions: vec![],
            ..facts.clone()
        };
        let mut errors: Vec<FieldError> = Vec::new();
        let mut push = |r: Result<(), crate::domain::validation::FieldErrors>| {
            errors.extend(r.unwrap_err());
        };
        push(
            validate_notification(
                &NotificationForm {
                    notified_on: "2026-11-26".into(),
                    sponsor: "x".into(),
                    registry_id: "jRCT1".into(),
                    phase: "x".into(),
                    ..Default::default()
                },
                today,
            )
            .map(|_| ()),
        );
        push(
            validate_notification(
                &NotificationForm {
                    registry_id: "ISRCTN1".into(),
                    ..Default::default()
                },
                today,
            )
            .map(|_| ()),
        );
        for (kind, applied, approved, term) in [
            ("x", "", "2015-09-18", ""),
            ("conditional", "2015-09-19", "2015-09-18", "2030-01-01"),
            ("conditional", "", "2015-09-18", ""),
            ("conditional", "", "2015-09-18", "2015-09-18"),
            ("full", "", "2015-09-18", "2020-01-01"),
            ("full", "", "2027-01-01", ""),
        ] {
            let f = ApprovalForm {
                approval_type: kind.into(),
                applied_on: applied.into(),
                approved_on: approved.into(),
                term_expires_on: term.into(),
                ..Default::default()
            };
            push(validate_approval(&f, today).map(|_| ()));
        }
        for (f, on, new) in [
            (&facts, "2020-05-01", "2024-01-01"),
            (&facts, "2023-09-18", "2024-01-01"),
            (&facts, "2021-01-01", "2023-09-17"),
            (&facts, "2015-09-17", "2024-01-01"),
            (&full, "2016-01-01", "2024-01-01"),
        ] {
            push(validate_extension_form(f, on, new, "", today).map(|_| ()));
        }
        for (f, r, o, on) in [
            (&facts, "2023-09-18", "in_force", ""),
            (&facts, "", "not_granted", "2024-07-01"),
            (&facts, "2023-09-01", "not_granted", "2023-08-01"),
            (&facts, "", "expired", "2023-09-17"),
            (&facts, "", "withdrawn", ""),
            (&facts, "", "later", ""),
            (&full, "", "not_granted", "2024-07-01"),
        ] {
            push(validate_life(f, r, o, on, today).map(|_| ()));
        }
        let mut withdrawn = facts.clone();
        withdrawn.outcome = ApprovalOutcome::Withdrawn;
        withdrawn.outcome_on = Some(d(2022, 1, 1));
        push(
            validate_extension_form(&withdrawn, "2021-01-01", "2024-01-01", "", today).map(|_| ()),
        );
        let edited = validate_approval(
            &ApprovalForm {
                approval_type: "full".into(),
                approved_on: "2015-09-18".into(),
                ..Default::default()
            },
            today,
        )
        .unwrap();
        push(crate::domain::records::check_edit_against_history(
            &edited, &facts, today,
        ));

        let mut codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert!(codes.len() >= 24, "{codes:?}");
        for l in [Locale::ja, Locale::en] {
            for e in &errors {
                let text = crate::components::error_view::field_error_message(l, e);
                let ours = ["approval.", "registry_id.", "records."]
                    .iter()
                    .any(|p| e.code.starts_with(p))
                    || e.code.ends_with(".unknown");
                assert!(!ours || field_error_message(l, e).is_some(), "{e}");
                assert!(!text.contains("{{"), "{text}");
                let unknown = td_string!(
                    l,
                    fe_unknown,
                    field = field_label(l, &e.field).unwrap_or_default()
                )
                .to_string();
                assert_ne!(text, unknown, "{e}");
                for (k, v) in &e.params {
                    if !["registry", "what", "outcome"].contains(&k.as_str()) {
                        assert!(!text.contains(v.as_str()), "dates are written out: {text}");
                    }
                }
            }
        }
        let dup = AppError::Conflict {
            code: "trial_notification.duplicate_registry_id".into(),
            detail: format!("{}|2020-10-01", Uuid::nil()),
        };
        assert_eq!(
            crate::components::error_view::error_lines(Locale::ja, &dup),
            vec!["このプログラムには同じ試験登録番号の治験計画届が既にあります（2020年10月1日届出）。".to_string()]
        );
        assert_eq!(
            crate::components::error_view::field_label(Locale::en, "registry_id"),
            "Registry id (jRCT, NCT)"
        );
    }
}
