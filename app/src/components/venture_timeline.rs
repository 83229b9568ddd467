//! The venture timeline: every dated record about a venture, oldest first, under a heading per
//! Japanese fiscal year (年度).

use leptos::prelude::*;

use crate::api::timeline::{TimelineEntry, TimelineWhat};
use crate::components::error_view::ErrorView;
use crate::domain::fiscal::FiscalYear;
use crate::domain::money::Yen;
use crate::format;
use crate::i18n::*;

/// The venture timeline from its resource (made by the page, so it is not fetched again at every
/// render of the block).
#[component]
pub fn VentureTimeline(
    data: Resource<Result<Vec<TimelineEntry>, crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="h-venture-timeline" class="venture-timeline" data-testid="venture-timeline">
            <h2 id="h-venture-timeline">{t!(i18n, tl_heading)}</h2>
            <p class="hint">{t!(i18n, tl_lead)}</p>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(rows) if rows.is_empty() => view! { <p>{t!(i18n, tl_none)}</p> }.into_any(),
                        Ok(rows) => view! { <TimelineYears rows /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn TimelineYears(rows: Vec<TimelineEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let mut years: Vec<(FiscalYear, Vec<TimelineEntry>)> = Vec::new();
    for r in rows {
        let fy = FiscalYear::of(r.on);
        match years.last_mut() {
            Some((y, list)) if *y == fy => list.push(r),
            _ => years.push((fy, vec![r])),
        }
    }
    years
        .into_iter()
        .map(|(fy, list)| {
            let heading = move || match i18n.get_locale() {
                Locale::ja => format!("{}（{}）", fy.label_ja(), fy.wareki_label()),
                Locale::en => fy.label_en(),
            };
            view! {
                <h3 class="venture-timeline__year">{heading}</h3>
                <ol class="venture-timeline__list">
                    {list.into_iter().map(|e| view! { <Entry e /> }).collect_view()}
                </ol>
            }
        })
        .collect_view()
}

/// The sentence for one entry in the reader's language.
pub fn describe(l: Locale, w: &TimelineWhat) -> String {
    match w {
        TimelineWhat::Founded => td_string!(l, tl.founded).to_string(),
        TimelineWhat::Located => td_string!(l, tl.located).to_string(),
        TimelineWhat::HubStay { hub, moved } => {
            let hub = format::hub(l, hub);
            if *moved {
                td_string!(l, tl.hub_moved, hub).to_string()
            } else {
                td_string!(l, tl.hub_first, hub).to_string()
            }
        }
        TimelineWhat::Stage { stage } => {
            td_string!(l, tl.stage, stage = format::stage(l, *stage)).to_string()
        }
        TimelineWhat::Exit { exit_kind } => {
            td_string!(l, tl.exit, exit = format::exit(l, *exit_kind)).to_string()
        }
        TimelineWhat::Resumed => td_string!(l, event.resumed).to_string(),
        TimelineWhat::Retraction { reason } => {
            td_string!(l, tl.retraction, reason = reason.clone()).to_string()
        }
        TimelineWhat::Notification {
            phase,
            sponsor,
            registry_id,
        } => {
            let base = td_string!(
                l,
                tl.notification,
                phase = format::phase(l, phase),
                sponsor = format::sponsor(l, sponsor)
            )
            .to_string();
            if registry_id.is_empty() {
                base
            } else {
                format!("{base} {registry_id}")
            }
        }
        TimelineWhat::Applied { approval_type } => td_string!(
            l,
            tl.applied,
            kind = format::approval_type(l, approval_type)
        )
        .to_string(),
        TimelineWhat::Approved {
            approval_type,
            brand_name,
            expires_on,
        } => {
            let mut s = format::approval_type(l, approval_type);
            if !brand_name.is_empty() {
                s = match l {
                    Locale::ja => format!("{s}「{brand_name}」"),
                    Locale::en => format!("{s}: {brand_name}"),
                };
            }
            if let Some(d) = expires_on {
                s = format!(
                    "{s} {}",
                    td_string!(l, tl.term_until, date = format::date(l, *d))
                );
            }
            s
        }
        TimelineWhat::Extended { new_expires_on } => {
            td_string!(l, tl.extended, date = format::date(l, *new_expires_on)).to_string()
        }
        TimelineWhat::Reapplied => td_string!(l, tl.reapplied).to_string(),
        TimelineWhat::ApprovalOutcome { outcome } => {
            td_string!(l, tl.outcome, outcome = format::outcome(l, outcome)).to_string()
        }
        TimelineWhat::Support {
            kind,
            working_group_ja,
            working_group_en,
            summary,
        } => {
            let group = match l {
                Locale::ja => working_group_ja,
                Locale::en if working_group_en.is_empty() => working_group_ja,
                Locale::en => working_group_en,
            };
            let kind = support_kind(l, kind);
            let head = if group.is_empty() {
                kind
            } else {
                format!("{kind}（{group}）")
            };
            if summary.is_empty() {
                head
            } else {
                format!("{head}: {summary}")
            }
        }
        TimelineWhat::Funding {
            fund_ja,
            fund_en,
            amount_yen,
            instrument,
            round,
        } => {
            let (fund, amount) = match l {
                Locale::ja => (fund_ja, Yen(*amount_yen).format_ja_man()),
                Locale::en if fund_en.is_empty() => (fund_ja, Yen(*amount_yen).format_en()),
                Locale::en => (fund_en, Yen(*amount_yen).format_en()),
            };
            let mut s = format!("{fund} {amount} · {}", instrument_label(l, instrument));
            if !round.is_empty() {
                s = format!("{s} · {round}");
            }
            s
        }
    }
}

pub fn support_kind(l: Locale, code: &str) -> String {
    match code {
        "consultation" => td_string!(l, support_kind.consultation).to_string(),
        "matching" => td_string!(l, support_kind.matching).to_string(),
        "regulatory" => td_string!(l, support_kind.regulatory).to_string(),
        "evaluation" => td_string!(l, support_kind.evaluation).to_string(),
        "facility_use" => td_string!(l, support_kind.facility_use).to_string(),
        "technology_ip" => td_string!(l, support_kind.technology_ip).to_string(),
        "international" => td_string!(l, support_kind.international).to_string(),
        "training" => td_string!(l, support_kind.training).to_string(),
        other => other.to_string(),
    }
}

pub fn instrument_label(l: Locale, code: &str) -> String {
    match code {
        "equity" => td_string!(l, instrument.equity).to_string(),
        "convertible" => td_string!(l, instrument.convertible).to_string(),
        "loan" => td_string!(l, instrument.loan).to_string(),
        "grant" => td_string!(l, instrument.grant).to_string(),
        "hands_on" => td_string!(l, instrument.hands_on).to_string(),
        other => other.to_string(),
    }
}

fn group_label(l: Locale, group: &str) -> &'static str {
    match group {
        "venture" => td_string!(l, tl_group.venture),
        "journey" => td_string!(l, tl_group.journey),
        "notification" => td_string!(l, tl_group.notification),
        "approval" => td_string!(l, tl_group.approval),
        "support" => td_string!(l, tl_group.support),
        _ => td_string!(l, tl_group.funding),
    }
}

#[component]
fn Entry(e: TimelineEntry) -> impl IntoView {
    let i18n = use_i18n();
    let group = e.what.group();
    let class = format!(
        "venture-timeline__item venture-timeline__item--{group}{}",
        if e.retracted { " is-retracted" } else { "" }
    );
    let (on, precision) = (e.on, e.precision);
    let what = e.what.clone();
    view! {
        <li class=class data-group=group>
            <time datetime=on.to_string()>
                {move || format::date_with_precision(i18n.get_locale(), on, precision)}
            </time>
            " "
            <span class="venture-timeline__group">{move || group_label(i18n.get_locale(), group)}</span>
            " "
            {e.program.clone().map(|p| view! { <span class="venture-timeline__program">{p}</span> " " })}
            <span class="venture-timeline__what">{move || describe(i18n.get_locale(), &what)}</span>
            {e.retracted.then(|| view! { " " <span class="tag tag--retracted">{t!(i18n, event_retracted)}</span> })}
            {(!e.note.is_empty()).then(|| view! { <span class="venture-timeline__note">{e.note.clone()}</span> })}
        </li>
    }
}
