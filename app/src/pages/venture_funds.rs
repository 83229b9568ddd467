//! The "資金支援 / Fund support" section of the venture page: the venture's summary by fiscal
//! year, its supports, the record form (staff and admins) with check boxes for the venture's
//! support logs to link, and the edit / archive forms of each support. The record form is
//! shared with the fund's page (`pages::funds`), where the venture is chosen instead.
//!
//! Hooked into `pages/venture.rs` by two lines: [`provide_venture_funds`] at the top of
//! `VenturePage` (the resource is made there, never inside the page's `Suspend`) and
//! [`VentureFundsSection`] in the page. The forms follow the page's pattern: the domain's checks
//! run before sending, a save bumps the page's `refresh` (so the History and the timeline reload
//! too), and the outcome is kept outside the reloaded content.

use chrono::NaiveDate;
use leptos::form::FromFormData;
use leptos::prelude::*;
use server_fn::ServerFn;
use uuid::Uuid;

use crate::api::funds::{
    get_venture_funds, AddFundSupport, ArchiveFundSupport, FundDto, FundSupportDto, LinkedLog,
    UpdateFundSupport, VentureChoice, VentureFunds,
};
use crate::components::error_view::{ErrorView, FormErrors};
use crate::components::layout::IfMay;
use crate::components::venture_timeline::instrument_label;
use crate::domain::account::Area;
use crate::domain::fund_support::{validate_fund_support, FundSupportForm, Instrument};
use crate::domain::money::Yen;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::funds::{
    count_label, fund_name, log_label, yen, FundExportLinks, FySummaryTable, SupportsTable,
};

/// Which form an outcome belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The record form of a venture or a fund.
    Add,
    /// The edit / archive forms of one support.
    Support,
    /// The edit form of a fund.
    Fund,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Saved,
    Archived,
    Failed(AppError),
}

/// The page's `refresh` (bumped after a save) and the last outcome of these forms, keyed by the
/// venture, fund or support and the form.
#[derive(Clone, Copy)]
pub struct FundsCtx {
    pub refresh: RwSignal<u32>,
    outcome: RwSignal<Option<((Uuid, Slot), Outcome)>>,
}

impl FundsCtx {
    /// Made once by the page, with its `refresh` signal.
    pub fn provide(refresh: RwSignal<u32>) -> Self {
        let c = FundsCtx {
            refresh,
            outcome: RwSignal::new(None),
        };
        provide_context(c);
        c
    }

    pub fn get() -> Self {
        use_context::<FundsCtx>().expect("FundsCtx::provide on the page")
    }

    pub fn set(self, key: (Uuid, Slot), outcome: Outcome) {
        self.outcome.set(Some((key, outcome)));
    }

    /// Watch a server action's answer (as `Ok(())` / `Err`) and report it under `key`: reload
    /// on success, and also when the record moved on meanwhile (so the next try is over the new
    /// version; the message of what changed stays).
    pub fn watch(
        self,
        key: (Uuid, Slot),
        done: Outcome,
        value: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static,
    ) {
        Effect::new(move |_| {
            if let Some(r) = value() {
                let outcome = match r {
                    Ok(()) => {
                        self.refresh.update(|n| *n += 1);
                        done.clone()
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
        });
    }
}

#[component]
pub fn OutcomeLine(key: (Uuid, Slot)) -> impl IntoView {
    let i18n = use_i18n();
    let c = FundsCtx::get();
    view! {
        <div aria-live="polite">
            {move || match c.outcome.get() {
                Some((k, outcome)) if k == key => match outcome {
                    Outcome::Saved => view! { <p class="notice" data-testid="funds-outcome">{t!(i18n, saved_notice)}</p> }.into_any(),
                    Outcome::Archived => view! { <p class="notice" data-testid="funds-outcome">{t!(i18n, records.archived_notice)}</p> }.into_any(),
                    Outcome::Failed(e) => view! { <FormErrors error=e /> }.into_any(),
                },
                _ => ().into_any(),
            }}
        </div>
    }
}

/// The venture page's fund-support data, made at the top of `VenturePage`.
#[derive(Clone, Copy)]
struct VentureFundsResource(Resource<Result<VentureFunds, AppError>>);

/// Called once at the top of `VenturePage` with its id and `refresh` signal.
pub fn provide_venture_funds(
    id: impl Fn() -> String + Copy + Send + Sync + 'static,
    refresh: RwSignal<u32>,
) {
    FundsCtx::provide(refresh);
    let data = Resource::new(
        move || (id(), refresh.get()),
        |(id, _)| get_venture_funds(id),
    );
    provide_context(VentureFundsResource(data));
}

/// The section on the venture page.
#[component]
pub fn VentureFundsSection() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<VentureFundsResource>().0;
    view! {
        <section aria-labelledby="h-venture-funds" class="venture-funds" data-testid="venture-funds">
            <h2 id="h-venture-funds">{t!(i18n, funds.venture_heading)}</h2>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <VentureFundsView v /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn VentureFundsView(v: VentureFunds) -> impl IntoView {
    let i18n = use_i18n();
    let (count, total) = (v.summary.count, v.summary.total_yen);
    let has = !v.supports.is_empty();
    let summary = v.summary.clone();
    let supports = v.supports.clone();
    let editing = v.supports.clone();
    let (funds, logs, today, venture_id) = (v.funds.clone(), v.logs.clone(), v.today, v.venture_id);
    let (funds2, logs2) = (funds.clone(), logs.clone());
    let editable = !v.archived;
    let query = format!("venture={venture_id}");
    view! {
        <p class="fund-total" data-testid="venture-fund-total">
            {move || { let l = i18n.get_locale(); td_string!(l, funds.total_line, count = count_label(l, count), total = yen(l, total)).to_string() }}
        </p>
        {if has {
            view! {
                <FySummaryTable summary testid="venture-fy-summary" />
                <SupportsTable supports show_venture=false />
            }
                .into_any()
        } else {
            view! { <p>{t!(i18n, funds.venture_none)}</p> }.into_any()
        }}
        {editable.then(move || view! {
            <IfMay area=Area::FundSupport>
                <RecordSupportForm
                    key=venture_id
                    funds=funds.clone()
                    ventures=vec![]
                    fixed_fund=None
                    fixed_venture=Some(venture_id)
                    logs=logs.clone()
                    today
                />
                <ul class="records fund-edits">
                    {editing
                        .clone()
                        .into_iter()
                        .map(|s| view! { <EditSupportForms s funds=funds2.clone() logs=logs2.clone() today /> })
                        .collect_view()}
                </ul>
            </IfMay>
        })}
        <FundExportLinks query />
    }
    .into_any()
}

/// The fund-support form's fields (`form[...]`), filled with `f`; ids made unique by `key`.
/// A fixed fund or venture is a hidden field; otherwise it is chosen from `funds` / `ventures`.
/// `logs` are offered as check boxes.
fn support_fields(
    key: String,
    f: FundSupportForm,
    funds: Vec<FundDto>,
    ventures: Vec<VentureChoice>,
    fixed_fund: Option<Uuid>,
    fixed_venture: Option<Uuid>,
    logs: Vec<LinkedLog>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = |n: &str| format!("fs-{n}-{key}");
    let (i_fund, i_venture, i_date, i_amount, i_amount_hint, i_instrument) = (
        id("fund"),
        id("venture"),
        id("date"),
        id("amount"),
        id("amount-hint"),
        id("instrument"),
    );
    let (i_round, i_round_hint, i_note) = (id("round"), id("round-hint"), id("note"));
    let selected_fund = f.fund_id.clone();
    let selected_venture = f.venture_id.clone();
    let instrument = f.instrument.clone();
    let linked = f.support_logs.clone();
    let has_logs = !logs.is_empty();
    let fund_field = match fixed_fund {
        Some(fund) => view! { <input type="hidden" name="form[fund_id]" value=fund.to_string() /> }.into_any(),
        None => view! {
            <div class="field">
                <label for=i_fund.clone()>{t!(i18n, funds.f_fund)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                <select id=i_fund name="form[fund_id]" required>
                    <option value="">{t!(i18n, choose)}</option>
                    {funds
                        .into_iter()
                        .map(|fd| {
                            let value = fd.id.to_string();
                            let selected = value == selected_fund;
                            let (ja, en) = (fd.name_ja.clone(), fd.name_en.clone());
                            view! { <option value=value selected=selected>{move || fund_name(i18n.get_locale(), &ja, &en)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        }
            .into_any(),
    };
    let venture_field = match fixed_venture {
        Some(v) => view! { <input type="hidden" name="form[venture_id]" value=v.to_string() /> }.into_any(),
        None => view! {
            <div class="field">
                <label for=i_venture.clone()>{t!(i18n, funds.f_venture)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                <select id=i_venture name="form[venture_id]" required>
                    <option value="">{t!(i18n, choose)}</option>
                    {ventures
                        .into_iter()
                        .map(|v| {
                            let value = v.id.to_string();
                            let selected = value == selected_venture;
                            view! { <option value=value selected=selected lang="ja">{v.name_ja.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        }
            .into_any(),
    };
    view! {
        {fund_field}
        {venture_field}
        <div class="field">
            <label for=i_date.clone()>{t!(i18n, funds.f_supported_on)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <input id=i_date name="form[supported_on]" type="date" required value=f.supported_on.clone() />
        </div>
        <div class="field">
            <label for=i_instrument.clone()>{t!(i18n, funds.f_instrument)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
            <select id=i_instrument name="form[instrument]" required>
                <option value="">{t!(i18n, choose)}</option>
                {Instrument::ALL
                    .iter()
                    .map(|i| {
                        let code = i.as_str();
                        view! { <option value=code selected=instrument == code>{move || instrument_label(i18n.get_locale(), code)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=i_amount.clone()>{t!(i18n, funds.f_amount)}</label>
            <input id=i_amount name="form[amount]" type="text" autocomplete="off" maxlength="40" value=f.amount.clone() aria-describedby=i_amount_hint.clone() />
            <p class="hint" id=i_amount_hint>{t!(i18n, funds.amount_hint)}</p>
        </div>
        <div class="field">
            <label for=i_round.clone()>{t!(i18n, funds.f_round)}</label>
            <input id=i_round name="form[round]" type="text" maxlength="50" value=f.round.clone() aria-describedby=i_round_hint.clone() />
            <p class="hint" id=i_round_hint>{t!(i18n, funds.round_hint)}</p>
        </div>
        <div class="field">
            <label for=i_note.clone()>{t!(i18n, funds.f_note)}</label>
            <textarea id=i_note name="form[note]" rows="2" maxlength="2000">{f.note.clone()}</textarea>
        </div>
        {has_logs.then(move || view! {
            <fieldset class="field fund-link-choices">
                <legend>{t!(i18n, funds.f_support_logs)}</legend>
                <p class="hint">{t!(i18n, funds.links_hint)}</p>
                {logs
                    .into_iter()
                    .enumerate()
                    .map(|(n, l)| {
                        let value = l.id.to_string();
                        let checked = linked.contains(&value);
                        let cid = format!("fs-log-{key}-{n}");
                        view! {
                            <div class="field field--check">
                                <input id=cid.clone() type="checkbox" name=format!("form[support_logs][{n}]") value=value checked=checked />
                                <label for=cid>{move || log_label(i18n.get_locale(), l.supported_on, &l.kind, &l.summary)}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
        })}
    }
}

/// Record a fund support (staff and admins): for a venture (the fund chosen) or for a fund (the
/// venture chosen).
#[component]
pub fn RecordSupportForm(
    /// The venture or fund the form is on (its outcome is kept under it).
    key: Uuid,
    funds: Vec<FundDto>,
    ventures: Vec<VentureChoice>,
    fixed_fund: Option<Uuid>,
    fixed_venture: Option<Uuid>,
    logs: Vec<LinkedLog>,
    today: NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = FundsCtx::get();
    let slot = (key, Slot::Add);
    let add = ServerAction::<AddFundSupport>::new();
    ctx.watch(slot, Outcome::Saved, move || {
        add.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = AddFundSupport::from_event(&ev) {
            match validate_fund_support(&input.form, today) {
                Ok(_) => {
                    add.dispatch(input);
                }
                Err(errors) => ctx.set(slot, Outcome::Failed(errors.into())),
            }
        }
    };
    let f = FundSupportForm {
        fund_id: fixed_fund.map(|f| f.to_string()).unwrap_or_default(),
        venture_id: fixed_venture.map(|v| v.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    view! {
        <OutcomeLine key=slot />
        <details class="record-event" data-testid="record-fund-support">
            <summary>{t!(i18n, funds.record_heading)}</summary>
            <p class="hint">{t!(i18n, funds.record_lead)}</p>
            <form action=AddFundSupport::url() method="post" on:submit=on_submit>
                {support_fields(format!("add-{key}"), f, funds, ventures, fixed_fund, fixed_venture, logs)}
                <div class="actions">
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t!(i18n, funds.record_button)}</button>
                </div>
            </form>
        </details>
    }
}

/// The amount as the edit form shows it: `5,000万円` / `50,000,000` (both read back).
fn amount_text(l: Locale, amount: i64, instrument: &str) -> String {
    if instrument == Instrument::HandsOn.as_str() && amount == 0 {
        return String::new();
    }
    match l {
        Locale::ja => Yen(amount).format_ja(),
        Locale::en => Yen(amount).format_en(),
    }
}

/// Edit or archive one support (staff and admins), over the version shown.
#[component]
fn EditSupportForms(
    s: FundSupportDto,
    funds: Vec<FundDto>,
    logs: Vec<LinkedLog>,
    today: NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = FundsCtx::get();
    let key = (s.id, Slot::Support);
    let update = ServerAction::<UpdateFundSupport>::new();
    let archive = ServerAction::<ArchiveFundSupport>::new();
    ctx.watch(key, Outcome::Saved, move || {
        update.value().get().map(|r| r.map(|_| ()))
    });
    ctx.watch(key, Outcome::Archived, move || {
        archive.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = UpdateFundSupport::from_event(&ev) {
            match validate_fund_support(&input.form, today) {
                Ok(_) => {
                    update.dispatch(input);
                }
                Err(errors) => ctx.set(key, Outcome::Failed(errors.into())),
            }
        }
    };
    let pending = move || update.pending().get() || archive.pending().get();
    let form = FundSupportForm {
        fund_id: s.fund_id.to_string(),
        venture_id: s.venture_id.to_string(),
        supported_on: s.supported_on.to_string(),
        amount: amount_text(i18n.get_locale_untracked(), s.amount_yen, &s.instrument),
        instrument: s.instrument.clone(),
        round: s.round.clone(),
        note: s.note.clone(),
        support_logs: s.links.iter().map(|l| l.id.to_string()).collect(),
    };
    let (id, version) = (s.id.to_string(), s.version.to_string());
    let (id2, version2) = (id.clone(), version.clone());
    let (on, amount) = (s.supported_on, s.amount_yen);
    let (ja, en) = (s.fund_name_ja.clone(), s.fund_name_en.clone());
    let title = move || {
        let l = i18n.get_locale();
        format!(
            "{} · {} · {}",
            format::date(l, on),
            fund_name(l, &ja, &en),
            yen(l, amount)
        )
    };
    let title2 = title.clone();
    view! {
        <li class="record-item" data-testid="fund-support-item" data-support=s.id.to_string()>
            <p class="record-item__title">{title}</p>
            <OutcomeLine key />
            <details class="record-event" data-testid="edit-fund-support">
                <summary>{t!(i18n, funds.edit_support)}</summary>
                <form action=UpdateFundSupport::url() method="post" on:submit=on_submit>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="version" value=version />
                    {support_fields(s.id.to_string(), form, funds, vec![], None, Some(s.venture_id), logs)}
                    <div class="actions">
                        <button type="submit" class="button" disabled=pending>{t!(i18n, save_button)}</button>
                    </div>
                </form>
            </details>
            <details class="record-event" data-testid="archive-fund-support">
                <summary>{t!(i18n, funds.archive_support)}</summary>
                <p>{title2} " — " {t!(i18n, funds.archive_explain)}</p>
                <ActionForm action=archive>
                    <input type="hidden" name="id" value=id2 />
                    <input type="hidden" name="version" value=version2 />
                    <button type="submit" class="button button--danger" disabled=pending>{t!(i18n, archive_confirm)}</button>
                </ActionForm>
            </details>
        </li>
    }
}
