//! The RINK support log as the pages show it: the quick entry form, the list of entries with
//! their edit / archive / follow-up-done forms (coordinators and admins), the summary by fiscal
//! year and kind, and the messages of these forms. Used by the group page, "my follow-ups" and
//! the venture page.
//!
//! Forms follow the venture page's pattern: the domain's checks run before sending, a save
//! bumps the page's `refresh` (its resource reloads inside a `<Transition>`), and the outcome
//! (kept in [`SupportCtx`], made at the top of the page, outside the reloaded content) is shown
//! by the form's place.

use chrono::NaiveDate;
use leptos::form::FromFormData;
use leptos::prelude::*;
use server_fn::ServerFn;
use uuid::Uuid;

use crate::api::support::{
    ArchiveSupport, Choice, FollowUpDone, GroupChoice, LogSupport, SupportDto, UpdateSupport,
};
use crate::components::error_view::FormErrors;
use crate::components::layout::IfMay;
use crate::components::venture_timeline::support_kind;
use crate::domain::account::Area;
use crate::domain::fiscal::FiscalYear;
use crate::domain::support::{
    typed_date, validate_follow_up_done, validate_support, SupportForm, SupportKind, SupportSummary,
};
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;

/// Which form an outcome belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Log,
    Edit,
    Done,
    Member,
    Meeting,
    AddGroup,
    Close,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Saved(Slot),
    Archived,
    Failed(AppError),
}

/// The page's `refresh` and the last outcome of its forms, keyed by a record (or the page's
/// own id for its add forms) and the form.
#[derive(Clone, Copy)]
pub struct SupportCtx {
    pub refresh: RwSignal<u32>,
    pub outcome: RwSignal<Option<((Uuid, Slot), Outcome)>>,
}

/// Called once at the top of a page, with the signal its resources reload on.
pub fn provide_support_context(refresh: RwSignal<u32>) -> SupportCtx {
    let c = SupportCtx {
        refresh,
        outcome: RwSignal::new(None),
    };
    provide_context(c);
    c
}

pub fn support_ctx() -> SupportCtx {
    use_context::<SupportCtx>().expect("provide_support_context on the page")
}

impl SupportCtx {
    pub fn set(self, key: (Uuid, Slot), outcome: Outcome) {
        self.outcome.set(Some((key, outcome)));
    }

    /// A server answer: reload on success, and also when the record moved on meanwhile (so the
    /// next try is over the new version; the message of what changed stays).
    pub fn answer(self, key: (Uuid, Slot), result: Result<(), AppError>, done: Outcome) {
        let outcome = match result {
            Ok(()) => {
                self.refresh.update(|n| *n += 1);
                done
            }
            Err(e) => {
                if matches!(e, AppError::Stale { .. } | AppError::Conflict { .. }) {
                    self.refresh.update(|n| *n += 1);
                }
                Outcome::Failed(e)
            }
        };
        self.set(key, outcome);
    }
}

/// Watch a server action's answer (as `Ok(())` / `Err`) and report it under `key`.
pub fn watch(
    key: (Uuid, Slot),
    done: Outcome,
    value: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static,
) {
    let c = support_ctx();
    Effect::new(move |_| {
        if let Some(r) = value() {
            c.answer(key, r, done.clone());
        }
    });
}

/// The notice or the problems of the last save of the form `(key, slot)`.
#[component]
pub fn OutcomeLine(anchor: Uuid, which: Slot) -> impl IntoView {
    let i18n = use_i18n();
    let c = support_ctx();
    view! {
        <div aria-live="polite">
            {move || match c.outcome.get() {
                Some((k, outcome)) if k == (anchor, which) => match outcome {
                    Outcome::Saved(s) => {
                        let text = move || {
                            let l = i18n.get_locale();
                            match s {
                                Slot::Log => td_string!(l, rink.logged_notice),
                                Slot::Edit => td_string!(l, saved_notice),
                                Slot::Done => td_string!(l, rink.done_notice),
                                Slot::Member => td_string!(l, rink.member_added_notice),
                                Slot::Meeting => td_string!(l, rink.meeting_added_notice),
                                Slot::AddGroup => td_string!(l, rink.group_added_notice),
                                Slot::Close => td_string!(l, rink.group_closed_notice),
                            }
                        };
                        view! { <p class="notice" data-testid="support-outcome">{text}</p> }.into_any()
                    }
                    Outcome::Archived => view! { <p class="notice" data-testid="support-outcome">{t!(i18n, rink.archived_notice)}</p> }.into_any(),
                    Outcome::Failed(e) => view! { <FormErrors error=e /> }.into_any(),
                },
                _ => ().into_any(),
            }}
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Labels

/// `2025年度（令和7年度）` / `FY2025`.
pub fn fy_label(l: Locale, fy: FiscalYear) -> String {
    match l {
        Locale::ja => format!("{}（{}）", fy.label_ja(), fy.wareki_label()),
        Locale::en => fy.label_en(),
    }
}

/// A group's name in the reader's language (the Japanese one when there is no English one).
pub fn group_name(l: Locale, ja: &str, en: &str) -> String {
    match l {
        Locale::en if !en.is_empty() => en.to_string(),
        _ => ja.to_string(),
    }
}

fn id_for(name: &str, key: Uuid) -> String {
    format!("sl-{name}-{key}")
}

// ---------------------------------------------------------------------------------------------
// The support form

/// Where the venture and the group of the form come from: chosen in the form, or fixed by the
/// page (a hidden field).
#[derive(Clone, Debug)]
pub enum Pick<T> {
    Fixed(String),
    Choose(Vec<T>),
}

/// The support form's fields (`form[...]`), filled with `f`; ids unique by `key`.
fn support_fields(
    key: Uuid,
    f: SupportForm,
    ventures: Pick<Choice>,
    groups: Pick<GroupChoice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ids = |n: &str| id_for(n, key);
    let (i_venture, i_group, i_date, i_kind, i_summary, i_outcome, i_follow, i_hint) = (
        ids("venture"),
        ids("group"),
        ids("date"),
        ids("kind"),
        ids("summary"),
        ids("outcome"),
        ids("follow"),
        ids("date-hint"),
    );
    let (i_hint2, i_hint3) = (i_hint.clone(), i_hint.clone());
    let venture_field = match ventures {
        Pick::Fixed(v) => {
            view! { <input type="hidden" name="form[venture_id]" value=v /> }.into_any()
        }
        Pick::Choose(list) => {
            let chosen = f.venture_id.clone();
            view! {
                <div class="field">
                    <label for=i_venture.clone()>{t!(i18n, rink.f_venture)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                    <select id=i_venture name="form[venture_id]" required>
                        <option value="">{t!(i18n, choose)}</option>
                        {list
                            .into_iter()
                            .map(|v| {
                                let id = v.id.to_string();
                                let selected = id == chosen;
                                view! { <option value=id selected=selected>{v.name}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
            .into_any()
        }
    };
    let group_field = match groups {
        Pick::Fixed(g) => {
            view! { <input type="hidden" name="form[working_group]" value=g /> }.into_any()
        }
        Pick::Choose(list) => {
            let chosen = f.working_group.clone();
            view! {
                <div class="field">
                    <label for=i_group.clone()>{t!(i18n, rink.f_working_group)}</label>
                    <select id=i_group name="form[working_group]">
                        <option value="">{t!(i18n, rink.no_group)}</option>
                        {list
                            .into_iter()
                            .map(|g| {
                                let selected = g.code == chosen;
                                let (ja, en) = (g.name_ja.clone(), g.name_en.clone());
                                view! { <option value=g.code.clone() selected=selected>{move || group_name(i18n.get_locale(), &ja, &en)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
            .into_any()
        }
    };
    let kind = f.kind.clone();
    view! {
        {venture_field}
        {group_field}
        <div class="field">
            <label for=i_date.clone()>{t!(i18n, rink.f_supported_on)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <input id=i_date name="form[supported_on]" type="text" inputmode="numeric" autocomplete="off" required
                class="input--date" value=f.supported_on.clone() aria-describedby=i_hint.clone() />
        </div>
        <div class="field">
            <label for=i_kind.clone()>{t!(i18n, rink.f_kind)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <select id=i_kind name="form[kind]" required>
                <option value="">{t!(i18n, choose)}</option>
                {SupportKind::ALL
                    .iter()
                    .map(|k| {
                        let code = k.as_str();
                        view! { <option value=code selected=kind == code>{move || support_kind(i18n.get_locale(), code)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=i_summary.clone()>{t!(i18n, rink.f_summary)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <textarea id=i_summary name="form[summary]" rows="2" required maxlength="2000">{f.summary.clone()}</textarea>
        </div>
        <div class="field">
            <label for=i_outcome.clone()>{t!(i18n, rink.f_outcome)}</label>
            <textarea id=i_outcome name="form[outcome]" rows="2" maxlength="2000">{f.outcome.clone()}</textarea>
        </div>
        <div class="field">
            <label for=i_follow.clone()>{t!(i18n, rink.f_follow_up_on)}</label>
            <input id=i_follow name="form[follow_up_on]" type="text" inputmode="numeric" autocomplete="off"
                class="input--date" value=f.follow_up_on.clone() aria-describedby=i_hint2 />
        </div>
        <p class="hint" id=i_hint3>{t!(i18n, rink.date_hint)}</p>
    }
}

/// The quick entry form: log support in a few keystrokes (the date is today's unless changed).
/// `key` identifies the page's form (the venture's or the group's id).
#[component]
pub fn QuickEntry(
    anchor: Uuid,
    today: NaiveDate,
    ventures: Pick<Choice>,
    groups: Pick<GroupChoice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = support_ctx();
    let key = anchor;
    let slot = (key, Slot::Log);
    let log = ServerAction::<LogSupport>::new();
    watch(slot, Outcome::Saved(Slot::Log), move || {
        log.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = LogSupport::from_event(&ev) {
            match validate_support(&input.form, today) {
                Ok(_) => {
                    log.dispatch(input);
                }
                Err(errors) => c.set(slot, Outcome::Failed(errors.into())),
            }
        }
    };
    let form = SupportForm {
        supported_on: typed_date(today),
        ..SupportForm::default()
    };
    view! {
        <section class="quick-entry" aria-labelledby=id_for("h-quick", key) data-testid="quick-entry">
            <h3 id=id_for("h-quick", key)>{t!(i18n, rink.quick_entry)}</h3>
            <OutcomeLine anchor=key which=Slot::Log />
            <form action=LogSupport::url() method="post" on:submit=on_submit novalidate>
                {support_fields(key, form, ventures, groups)}
                <div class="actions">
                    <button type="submit" class="button" disabled=move || log.pending().get()>{t!(i18n, rink.log_button)}</button>
                </div>
            </form>
        </section>
    }
}

fn form_of(s: &SupportDto) -> SupportForm {
    SupportForm {
        venture_id: s.venture_id.to_string(),
        working_group: s.group_code.clone(),
        supported_on: typed_date(s.supported_on),
        kind: s.kind.clone(),
        summary: s.summary.clone(),
        outcome: s.outcome.clone(),
        follow_up_on: s.follow_up_on.map(typed_date).unwrap_or_default(),
    }
}

#[component]
fn EditSupport(s: SupportDto, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let c = support_ctx();
    let key = (s.id, Slot::Edit);
    let update = ServerAction::<UpdateSupport>::new();
    let archive = ServerAction::<ArchiveSupport>::new();
    watch(key, Outcome::Saved(Slot::Edit), move || {
        update.value().get().map(|r| r.map(|_| ()))
    });
    watch(key, Outcome::Archived, move || {
        archive.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = UpdateSupport::from_event(&ev) {
            match validate_support(&input.form, today) {
                Ok(_) => {
                    update.dispatch(input);
                }
                Err(errors) => c.set(key, Outcome::Failed(errors.into())),
            }
        }
    };
    let pending = move || update.pending().get() || archive.pending().get();
    let (id, version) = (s.id.to_string(), s.version.to_string());
    let (id2, version2) = (id.clone(), version.clone());
    let f = form_of(&s);
    let (venture, group) = (f.venture_id.clone(), f.working_group.clone());
    view! {
        <details class="record-event" data-testid="edit-support">
            <summary>{t!(i18n, rink.edit_support)}</summary>
            <form action=UpdateSupport::url() method="post" on:submit=on_submit novalidate>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                {support_fields(s.id, f, Pick::Fixed(venture), Pick::Fixed(group))}
                <div class="actions">
                    <button type="submit" class="button" disabled=pending>{t!(i18n, save_button)}</button>
                </div>
            </form>
        </details>
        <details class="record-event" data-testid="archive-support">
            <summary>{t!(i18n, rink.archive_support)}</summary>
            <p>{t!(i18n, rink.archive_explain)}</p>
            <ActionForm action=archive>
                <input type="hidden" name="id" value=id2 />
                <input type="hidden" name="version" value=version2 />
                <button type="submit" class="button button--danger" disabled=pending>{t!(i18n, archive_confirm)}</button>
            </ActionForm>
        </details>
    }
}

/// Mark a follow-up done, with what came of it.
#[component]
pub fn FollowUpDoneForm(s: SupportDto) -> impl IntoView {
    let i18n = use_i18n();
    let c = support_ctx();
    let key = (s.id, Slot::Done);
    let done = ServerAction::<FollowUpDone>::new();
    watch(key, Outcome::Saved(Slot::Done), move || {
        done.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = FollowUpDone::from_event(&ev) {
            match validate_follow_up_done(&input.outcome) {
                Ok(_) => {
                    done.dispatch(input);
                }
                Err(errors) => c.set(key, Outcome::Failed(errors.into())),
            }
        }
    };
    let i_outcome = id_for("done-outcome", s.id);
    view! {
        <form class="follow-up-done" action=FollowUpDone::url() method="post" on:submit=on_submit novalidate data-testid="follow-up-done">
            <input type="hidden" name="id" value=s.id.to_string() />
            <input type="hidden" name="version" value=s.version.to_string() />
            <div class="field">
                <label for=i_outcome.clone()>{t!(i18n, rink.f_follow_up_outcome)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                <textarea id=i_outcome name="outcome" rows="2" required maxlength="1000"></textarea>
            </div>
            <div class="actions">
                <button type="submit" class="button button--secondary" disabled=move || done.pending().get()>{t!(i18n, rink.done_button)}</button>
            </div>
        </form>
    }
}

/// What the list shows of each entry besides its own facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Show {
    pub venture: bool,
    pub group: bool,
}

/// One support entry with its follow-up, and the forms for coordinators and admins.
#[component]
pub fn SupportItem(s: SupportDto, today: NaiveDate, show: Show) -> impl IntoView {
    let i18n = use_i18n();
    let kind = s.kind.clone();
    let (ja, en) = (s.group_name_ja.clone(), s.group_name_en.clone());
    let group_href = format!("/rink/{}", s.group_code);
    let venture_href = format!("/ventures/{}", s.venture_id);
    let has_group = !s.group_code.is_empty();
    let open = s.follow_up_on.is_some() && s.follow_up_done_at.is_none();
    let (item, item2) = (s.clone(), s.clone());
    let class = if s.overdue {
        "support-item is-overdue"
    } else {
        "support-item"
    };
    let follow_up = s.follow_up_on.map(|on| {
        let done_at = s.follow_up_done_at;
        let outcome = s.follow_up_outcome.clone();
        let overdue = s.overdue;
        view! {
            <p class="support-item__follow-up">
                {t!(i18n, rink.follow_up)} ": "
                <time datetime=on.to_string()>{move || format::date(i18n.get_locale(), on)}</time>
                {overdue.then(|| view! { " " <span class="tag tag--overdue" data-testid="overdue">{t!(i18n, rink.overdue)}</span> })}
                {done_at.map(|t| view! {
                    " " <span class="tag tag--done">{t!(i18n, rink.done)}</span>
                    " " {move || format::date_time(i18n.get_locale(), t)}
                })}
            </p>
            {(!outcome.is_empty()).then(|| view! { <p class="support-item__sub prose">{t!(i18n, rink.f_follow_up_outcome)} ": " {outcome.clone()}</p> })}
        }
    });
    view! {
        <li class=class data-testid="support-item" data-support=s.id.to_string()>
            <p class="support-item__title">
                <time datetime=s.supported_on.to_string()>{move || format::date(i18n.get_locale(), s.supported_on)}</time>
                " · " <span class="support-item__kind">{move || support_kind(i18n.get_locale(), &kind)}</span>
                {show.venture.then(|| view! { " · " <a href=venture_href.clone()>{s.venture_name.clone()}</a> })}
                {(show.group && has_group).then(|| view! { " · " <a href=group_href.clone()>{move || group_name(i18n.get_locale(), &ja, &en)}</a> })}
                " · " <span class="support-item__by">{s.coordinator_name.clone()}</span>
            </p>
            <p class="support-item__sub prose">{s.summary.clone()}</p>
            {(!s.outcome.is_empty()).then(|| view! { <p class="support-item__sub prose">{t!(i18n, rink.f_outcome)} ": " {s.outcome.clone()}</p> })}
            {follow_up}
            <OutcomeLine anchor=s.id which=Slot::Done />
            <OutcomeLine anchor=s.id which=Slot::Edit />
            <IfMay area=Area::SupportLogs>
                {open.then(|| view! { <FollowUpDoneForm s=item.clone() /> })}
                <EditSupport s=item2.clone() today />
            </IfMay>
        </li>
    }
    .into_any()
}

/// A list of support entries (or a line saying there are none).
#[component]
pub fn SupportList(rows: Vec<SupportDto>, today: NaiveDate, show: Show) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p>{t!(i18n, rink.none_support)}</p> }.into_any();
    }
    view! {
        <ol class="support-list">
            {rows.into_iter().map(|s| view! { <SupportItem s today show /> }).collect_view()}
        </ol>
    }
    .into_any()
}

/// The counts by fiscal year (rows) and kind (columns), with the year's total.
#[component]
pub fn SummaryTable(summary: SupportSummary) -> impl IntoView {
    let i18n = use_i18n();
    if summary.total.is_empty() {
        return view! { <p>{t!(i18n, rink.none_support)}</p> }.into_any();
    }
    let kinds: Vec<SupportKind> = summary.by_kind.iter().map(|(k, _)| *k).collect();
    let head = kinds.clone();
    let rows = summary.total.years.clone();
    let s = summary.clone();
    view! {
        <div class="table-scroll">
            <table class="summary-table" data-testid="support-summary">
                <caption>{t!(i18n, rink.summary_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, rink.fiscal_year)}</th>
                        {head.into_iter().map(|k| view! { <th scope="col">{move || support_kind(i18n.get_locale(), k.as_str())}</th> }).collect_view()}
                        <th scope="col">{t!(i18n, rink.total)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|y| {
                            let fy = y.fiscal_year;
                            let cells: Vec<u32> = kinds.iter().map(|k| s.count(*k, fy)).collect();
                            view! {
                                <tr data-fy=fy.0.to_string()>
                                    <th scope="row">{move || fy_label(i18n.get_locale(), fy)}</th>
                                    {cells.into_iter().map(|n| view! { <td class="num">{n}</td> }).collect_view()}
                                    <td class="num total">{y.count}</td>
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
// Messages (hooked into `components::error_view`)

fn date_text(l: Locale, iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| format::date(l, d))
        .unwrap_or_else(|_| iso.to_string())
}

/// The label of a field of these forms, for messages and the History.
pub fn field_label(l: Locale, field: &str) -> Option<String> {
    let label = match field {
        "venture_id" => td_string!(l, rink.f_venture),
        "working_group" => td_string!(l, rink.f_working_group),
        "supported_on" => td_string!(l, rink.f_supported_on),
        "support_summary" => td_string!(l, rink.f_summary),
        "support_outcome" => td_string!(l, rink.f_outcome),
        "member_role" => td_string!(l, rink.f_member_role),
        "meeting_title" => td_string!(l, rink.f_meeting_title),
        "follow_up_on" => td_string!(l, rink.f_follow_up_on),
        "follow_up_outcome" => td_string!(l, rink.f_follow_up_outcome),
        "follow_up_done_at" => td_string!(l, rink.f_follow_up_done_at),
        "coordinator_id" => td_string!(l, rink.f_coordinator),
        "code" => td_string!(l, rink.f_code),
        "parent" => td_string!(l, rink.f_parent),
        "description" => td_string!(l, rink.f_description),
        "closed_on" => td_string!(l, rink.f_closed_on),
        "member_kind" => td_string!(l, rink.f_member_kind),
        "user_id" => td_string!(l, rink.f_user),
        "organisation_name" => td_string!(l, rink.f_organisation),
        "joined_on" => td_string!(l, rink.f_joined_on),
        "left_on" => td_string!(l, rink.f_left_on),
        "held_on" => td_string!(l, rink.f_held_on),
        "agenda" => td_string!(l, rink.f_agenda),
        "attendees" => td_string!(l, rink.f_attendees),
        "minutes_summary" => td_string!(l, rink.f_minutes),
        _ => return None,
    };
    Some(label.to_string())
}

/// One problem of these forms as a sentence; `None` for codes of other forms.
pub fn field_error_message(l: Locale, e: &FieldError) -> Option<String> {
    let field = || {
        field_label(l, &e.field)
            .unwrap_or_else(|| crate::components::error_view::field_label(l, &e.field))
    };
    let pd = |n: &str| date_text(l, e.param(n).unwrap_or_default());
    let text = match e.code.as_str() {
        "venture_id.required"
        | "venture_id.unknown"
        | "user_id.required"
        | "user_id.unknown"
        | "member_kind.unknown"
        | "group_kind.unknown"
        | "parent.unknown"
        | "working_group.unknown" => td_string!(l, fe_choose, field = field()).to_string(),
        "kind.unknown" if e.field == "kind" => {
            td_string!(l, fe_choose, field = field()).to_string()
        }
        "support.date_in_future" => td_string!(
            l,
            rink.fe_date_in_future,
            field = field(),
            today = pd("today")
        )
        .to_string(),
        "support.follow_up_before_support" => td_string!(
            l,
            rink.fe_follow_up_before,
            supported_on = pd("supported_on")
        )
        .to_string(),
        "support.no_follow_up" => td_string!(l, rink.fe_no_follow_up).to_string(),
        "support.follow_up_already_done" => td_string!(l, rink.fe_already_done).to_string(),
        "working_group.closed" => {
            td_string!(l, rink.fe_group_closed, closed_on = pd("closed_on")).to_string()
        }
        "working_group.already_closed" => td_string!(l, rink.fe_already_closed).to_string(),
        "group.code_format" => td_string!(l, rink.fe_code_format, field = field()).to_string(),
        "group.code_taken" => td_string!(l, rink.fe_code_taken).to_string(),
        "group.parent_self" => td_string!(l, rink.fe_parent_self).to_string(),
        "member.left_before_joined" => {
            td_string!(l, rink.fe_left_before_joined, joined_on = pd("joined_on")).to_string()
        }
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::support::{
        validate_close, validate_group, validate_meeting, validate_member, GroupForm, MeetingForm,
        MemberForm,
    };

    /// Every refusal of these forms reads as its own sentence in both languages, with its
    /// dates written out.
    #[test]
    fn every_refusal_has_its_own_message() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut errors: Vec<FieldError> = Vec::new();
        errors.extend(
            validate_support(
                &SupportForm {
                    venture_id: "x".into(),
                    working_group: "自由".into(),
                    supported_on: "2026-11-26".into(),
                    kind: "x".into(),
                    follow_up_on: "2026-11-01".into(),
                    ..Default::default()
                },
                today,
            )
            .unwrap_err(),
        );
        errors.extend(validate_support(&SupportForm::default(), today).unwrap_err());
        errors.extend(
            validate_group(&GroupForm {
                code: "A".into(),
                kind: "x".into(),
                ..Default::default()
            })
            .unwrap_err(),
        );
        errors.extend(validate_close("2027-01-01", today).unwrap_err());
        errors.extend(
            validate_member(&MemberForm {
                member_kind: "venture".into(),
                joined_on: "2024-04-01".into(),
                left_on: "2024-03-01".into(),
                ..Default::default()
            })
            .unwrap_err(),
        );
        errors.extend(validate_member(&MemberForm::default()).unwrap_err());
        errors.extend(validate_meeting(&MeetingForm::default()).unwrap_err());
        for code in [
            "support.no_follow_up",
            "support.follow_up_already_done",
            "working_group.already_closed",
            "group.code_taken",
            "group.parent_self",
        ] {
            errors.push(FieldError::new("_record", code));
        }
        errors.push(
            FieldError::new("working_group", "working_group.closed")
                .with_param("closed_on", "2026-03-31"),
        );
        for l in [Locale::ja, Locale::en] {
            for e in &errors {
                let text = crate::components::error_view::field_error_message(l, e);
                assert!(!text.contains("{{"), "{text}");
                let unknown = td_string!(
                    l,
                    fe_unknown,
                    field = crate::components::error_view::field_label(l, &e.field)
                )
                .to_string();
                assert_ne!(text, unknown, "{e}");
                // Dates are written out (2026年3月31日), never shown as ISO codes.
                for (_, v) in e
                    .params
                    .iter()
                    .filter(|(_, v)| v.parse::<NaiveDate>().is_ok())
                {
                    assert!(!text.contains(v.as_str()), "dates are written out: {text}");
                }
            }
        }
        let e = FieldError::new("follow_up_on", "support.follow_up_before_support")
            .with_param("supported_on", "2026-11-05");
        assert_eq!(
            crate::components::error_view::field_error_message(Locale::ja, &e),
            "フォローアップ日は支援日（2026年11月5日）より前にできません。"
        );
    }

    #[test]
    fn fiscal_years_are_labelled_in_both_languages() {
        assert_eq!(
            fy_label(Locale::ja, FiscalYear(2025)),
            "2025年度（令和7年度）"
        );
        assert_eq!(fy_label(Locale::en, FiscalYear(2025)), "FY2025");
        assert_eq!(group_name(Locale::en, "評価WG", ""), "評価WG");
        assert_eq!(
            group_name(Locale::en, "評価WG", "Evaluation WG"),
            "Evaluation WG"
        );
    }
}
