//! `/rink`: RINK's working groups and sub-committees with their members, this fiscal year's
//! support and overdue follow-ups; administrators add a group and close one.

use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;
use uuid::Uuid;

use crate::api::support::{list_groups, AddGroup, CloseGroup, GroupList, GroupRow};
use crate::components::error_view::ErrorView;
use crate::components::layout::IfMay;
use crate::components::support_log::{
    fy_label, group_name, provide_support_context, support_ctx, watch, Outcome, OutcomeLine, Slot,
};
use crate::domain::account::Area;
use crate::domain::support::{typed_date, validate_close, validate_group, GroupKind};
use crate::format;
use crate::i18n::*;

/// The key of this page's own forms (there is one list).
const PAGE: Uuid = Uuid::nil();

pub fn kind_label(l: Locale, kind: &str) -> &'static str {
    match kind {
        "sub_committee" => td_string!(l, rink.kind_sub_committee),
        _ => td_string!(l, rink.kind_working_group),
    }
}

#[component]
pub fn RinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let refresh = RwSignal::new(0u32);
    provide_support_context(refresh);
    let data = Resource::new(move || refresh.get(), |_| list_groups());
    view! {
        <Title text=tu_string!(i18n, rink.list_title) />
        <section class="rink" data-testid="rink">
            <h1>{t!(i18n, rink.list_title)}</h1>
            <p class="lead">{t!(i18n, rink.list_lead)}</p>
            <p class="exports">
                <a href="/rink/export/summary.csv" rel="external" download data-testid="export-summary">{t!(i18n, rink.export_summary)}</a>
                " · "
                <a href="/rink/export/support_logs.csv" rel="external" download data-testid="export-support">{t!(i18n, rink.export_support)}</a>
            </p>
            <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! { <GroupTable list /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn GroupTable(list: GroupList) -> impl IntoView {
    let i18n = use_i18n();
    let fy = list.fiscal_year;
    let today = list.today;
    let groups = list.groups.clone();
    let parents = list.groups.clone();
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="group-table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, rink.col_name)}</th>
                        <th scope="col">{t!(i18n, rink.col_kind)}</th>
                        <th scope="col" class="num">{t!(i18n, rink.col_members)}</th>
                        <th scope="col" class="num">{move || td_string!(i18n.get_locale(), rink.col_support_year, year = fy_label(i18n.get_locale(), fy)).to_string()}</th>
                        <th scope="col" class="num">{t!(i18n, rink.col_overdue)}</th>
                        <th scope="col">{t!(i18n, rink.col_status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {groups.into_iter().map(|g| view! { <GroupLine g today /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <IfMay area=Area::Administration>
            <AddGroupForm parents=parents.clone() />
        </IfMay>
    }
    .into_any()
}

#[component]
fn GroupLine(g: GroupRow, today: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/rink/{}", g.code);
    let (ja, en) = (g.name_ja.clone(), g.name_en.clone());
    let kind = g.kind.clone();
    let closed = g.closed_on;
    let row = g.clone();
    let class = if g.overdue > 0 {
        "num has-overdue"
    } else {
        "num"
    };
    view! {
        <tr data-group=g.code.clone()>
            <th scope="row">
                <a href=href>{move || group_name(i18n.get_locale(), &ja, &en)}</a>
            </th>
            <td>{move || kind_label(i18n.get_locale(), &kind)}</td>
            <td class="num">{g.members}</td>
            <td class="num">{g.support_this_year}</td>
            <td class=class>{g.overdue}</td>
            <td>
                {match closed {
                    Some(on) => view! { <span class="tag">{move || td_string!(i18n.get_locale(), rink.closed_on, date = format::date(i18n.get_locale(), on)).to_string()}</span> }.into_any(),
                    None => view! {
                        <span>{t!(i18n, rink.open)}</span>
                        <IfMay area=Area::Administration>
                            <CloseGroupForm g=row.clone() today />
                        </IfMay>
                    }
                    .into_any(),
                }}
                <OutcomeLine anchor=group_key(&g.code) which=Slot::Close />
            </td>
        </tr>
    }
}

/// A stable key for a group's forms, from its code (FNV-1a; only compared within the page).
pub fn group_key(code: &str) -> Uuid {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in code.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    Uuid::from_u128(h)
}

#[component]
fn CloseGroupForm(g: GroupRow, today: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let c = support_ctx();
    let key = (group_key(&g.code), Slot::Close);
    let close = ServerAction::<CloseGroup>::new();
    watch(key, Outcome::Saved(Slot::Close), move || {
        close.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = CloseGroup::from_event(&ev) {
            match validate_close(&input.closed_on, today) {
                Ok(_) => {
                    close.dispatch(input);
                }
                Err(errors) => c.set(key, Outcome::Failed(errors.into())),
            }
        }
    };
    let id = format!("close-{}", g.code);
    view! {
        <details class="record-event" data-testid="close-group">
            <summary>{t!(i18n, rink.close_group)}</summary>
            <p class="hint">{t!(i18n, rink.close_explain)}</p>
            <form action=CloseGroup::url() method="post" on:submit=on_submit novalidate>
                <input type="hidden" name="code" value=g.code.clone() />
                <input type="hidden" name="version" value=g.version.to_string() />
                <div class="field">
                    <label for=id.clone()>{t!(i18n, rink.f_closed_on)}</label>
                    <input id=id name="closed_on" type="text" inputmode="numeric" autocomplete="off" required class="input--date" value=typed_date(today) />
                </div>
                <div class="actions">
                    <button type="submit" class="button button--danger" disabled=move || close.pending().get()>{t!(i18n, rink.close_button)}</button>
                </div>
            </form>
        </details>
    }
}

#[component]
fn AddGroupForm(parents: Vec<GroupRow>) -> impl IntoView {
    let i18n = use_i18n();
    let c = support_ctx();
    let key = (PAGE, Slot::AddGroup);
    let add = ServerAction::<AddGroup>::new();
    watch(key, Outcome::Saved(Slot::AddGroup), move || {
        add.value().get().map(|r| r.map(|_| ()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = AddGroup::from_event(&ev) {
            match validate_group(&input.form) {
                Ok(_) => {
                    add.dispatch(input);
                }
                Err(errors) => c.set(key, Outcome::Failed(errors.into())),
            }
        }
    };
    let open_parents: Vec<GroupRow> = parents
        .into_iter()
        .filter(|g| g.closed_on.is_none() && g.kind == "working_group")
        .collect();
    view! {
        <OutcomeLine anchor=PAGE which=Slot::AddGroup />
        <details class="record-event" data-testid="add-group">
            <summary>{t!(i18n, rink.add_group)}</summary>
            <form action=AddGroup::url() method="post" on:submit=on_submit novalidate>
                <div class="field">
                    <label for="g-code">{t!(i18n, rink.f_code)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                    <input id="g-code" name="form[code]" type="text" required maxlength="40" autocomplete="off" aria-describedby="g-code-hint" />
                    <p class="hint" id="g-code-hint">{t!(i18n, rink.code_hint)}</p>
                </div>
                <div class="field">
                    <label for="g-kind">{t!(i18n, rink.col_kind)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                    <select id="g-kind" name="form[kind]" required>
                        {GroupKind::ALL
                            .iter()
                            .map(|k| {
                                let code = k.as_str();
                                view! { <option value=code>{move || kind_label(i18n.get_locale(), code)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="g-parent">{t!(i18n, rink.f_parent)}</label>
                    <select id="g-parent" name="form[parent]">
                        <option value="">{t!(i18n, rink.no_parent)}</option>
                        {open_parents
                            .into_iter()
                            .map(|g| {
                                let (ja, en) = (g.name_ja.clone(), g.name_en.clone());
                                view! { <option value=g.code.clone()>{move || group_name(i18n.get_locale(), &ja, &en)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="g-name-ja">{t!(i18n, field.name_ja)} " " <span class="req">{t!(i18n, required_mark)}</span></label>
                    <input id="g-name-ja" name="form[name_ja]" type="text" required maxlength="100" lang="ja" />
                </div>
                <div class="field">
                    <label for="g-name-en">{t!(i18n, field.name_en)}</label>
                    <input id="g-name-en" name="form[name_en]" type="text" maxlength="100" lang="en" />
                </div>
                <div class="field">
                    <label for="g-description">{t!(i18n, rink.f_description)}</label>
                    <textarea id="g-description" name="form[description]" rows="3" maxlength="4000"></textarea>
                </div>
                <div class="actions">
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t!(i18n, rink.add_group_button)}</button>
                </div>
            </form>
        </details>
    }
}
