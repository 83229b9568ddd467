//! Recording a venture's move to another hub, on the venture page (staff and admins).

use chrono::NaiveDate;
use leptos::form::FromFormData;
use leptos::prelude::*;
use server_fn::ServerFn;
use uuid::Uuid;

use crate::api::hub_moves::MoveVentureHub;
use crate::api::ventures::HubDto;
use crate::components::error_view::FormErrors;
use crate::domain::clock::today_in_japan;
use crate::domain::hub_move::{check_hub_move, validate_hub_move, CurrentStay, HubCode};
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::venture::{JourneyOutcome, VentureCtx};

/// The move form: the hub it goes to, the day it moved, a note. The browser runs the same checks
/// as the server before sending (and the server checks again).
#[component]
pub fn HubMoveForm(
    venture_id: Uuid,
    version: i32,
    /// The hub the venture is at now, and since when.
    current: String,
    since: Option<NaiveDate>,
    hubs: Vec<HubDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_context::<VentureCtx>().expect("inside the venture page");
    let save = ServerAction::<MoveVentureHub>::new();
    let stay = current
        .parse::<HubCode>()
        .ok()
        .zip(since)
        .map(|(hub, since)| CurrentStay { hub, since });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(input) = MoveVentureHub::from_event(&ev) else {
            return;
        };
        let checked =
            validate_hub_move(&input.hub, &input.moved_on, &input.note).and_then(|mv| match stay {
                Some(stay) => check_hub_move(stay, &mv, today_in_japan(chrono::Utc::now())),
                None => Ok(()),
            });
        match checked {
            Ok(()) => {
                save.dispatch(input);
            }
            Err(errors) => ctx.outcome.set(Some((
                venture_id,
                JourneyOutcome::HubMoveFailed(errors.into()),
            ))),
        }
    };
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            let outcome = match r {
                Ok(_) => {
                    ctx.refresh.update(|n| *n += 1);
                    JourneyOutcome::HubMoved
                }
                Err(e) => {
                    if matches!(e, AppError::Stale { .. } | AppError::Conflict { .. }) {
                        ctx.refresh.update(|n| *n += 1);
                    }
                    JourneyOutcome::HubMoveFailed(e)
                }
            };
            ctx.outcome.set(Some((venture_id, outcome)));
        }
    });
    let choices: Vec<HubDto> = hubs.into_iter().filter(|h| h.code != current).collect();
    view! {
        <div aria-live="polite">
            {move || match ctx.outcome.get() {
                Some((id, JourneyOutcome::HubMoved)) if id == venture_id => {
                    view! { <p class="notice" data-testid="hub-moved">{t!(i18n, hub_moved_notice)}</p> }.into_any()
                }
                _ => ().into_any(),
            }}
        </div>
        <details class="record-event" data-testid="move-hub">
            <summary>{t!(i18n, hub_move_heading)}</summary>
            <p class="hint">{t!(i18n, hub_move_lead)}</p>
            <form action=MoveVentureHub::url() method="post" on:submit=on_submit>
                <input type="hidden" name="venture_id" value=venture_id.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                <div class="field">
                    <label for="move-hub">{t!(i18n, hub_move_to)}</label>
                    <select id="move-hub" name="hub" required>
                        {choices
                            .into_iter()
                            .map(|h| {
                                let code = h.code.clone();
                                view! { <option value=h.code.clone()>{move || format::hub(i18n.get_locale(), &code)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="move-date">{t!(i18n, hub_move_date)}</label>
                    <input id="move-date" name="moved_on" type="date" required />
                </div>
                <div class="field">
                    <label for="move-note">{t!(i18n, hub_move_note)}</label>
                    <textarea id="move-note" name="note" rows="2" maxlength="500"></textarea>
                </div>
                <div class="actions">
                    <button type="submit" class="button" disabled=move || save.pending().get()>
                        {t!(i18n, hub_move_button)}
                    </button>
                </div>
            </form>
        </details>
        {move || match ctx.outcome.get() {
            Some((id, JourneyOutcome::HubMoveFailed(e))) if id == venture_id => view! { <FormErrors error=e /> }.into_any(),
            _ => ().into_any(),
        }}
    }
    .into_any()
}
