//! The pipeline board: one column per stage of a track, a card per program. Filters live in the
//! URL (a plain GET form, so the board works without JavaScript); staff and admins move a card
//! to its next stage through a dialog that records the stage event, by keyboard or pointer.

use chrono::NaiveDate;
use leptos::form::FromFormData;
use leptos::html::Dialog;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map, params::ParamsMap};
use server_fn::ServerFn;
use uuid::Uuid;

use crate::api::board::{get_board, Board, BoardCard, BoardColumn, BoardQuery};
use crate::api::journey::RecordStageEvent;
use crate::components::error_view::{field_error_message, ErrorView, FormErrors};
use crate::components::layout::encode_query_value;
use crate::domain::board::preselected;
use crate::domain::journey_form::{action_value, parse_action, validate_event};
use crate::domain::stage::{Action, EventBody, ProgramStatus, Stage, Track};
use crate::domain::validation::FieldError;
use crate::domain::venture::Modality;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;

/// Read the board's state from the URL. Unknown values fall back to the defaults; a column of
/// another track is dropped.
pub fn board_query_from_params(m: &ParamsMap) -> BoardQuery {
    board_query_from(|k| m.get(k))
}

/// [`board_query_from_params`] over any lookup of the query's values.
pub fn board_query_from(get: impl Fn(&str) -> Option<String>) -> BoardQuery {
    let track = get("track")
        .and_then(|t| t.parse::<Track>().ok())
        .unwrap_or(Track::PmdAct);
    BoardQuery {
        hub: get("hub").unwrap_or_default().chars().take(50).collect(),
        modality: get("modality").and_then(|s| s.parse::<Modality>().ok()),
        track,
        exits: get("exits").is_some_and(|v| v == "1" || v == "true"),
        column: get("column")
            .and_then(|s| s.parse::<Stage>().ok())
            .filter(|s| s.belongs_to(track)),
        page: get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
            .max(1),
    }
}

/// The URL of the board for `q` (defaults left out).
pub fn board_href(q: &BoardQuery) -> String {
    let mut parts = Vec::new();
    if !q.hub.is_empty() {
        parts.push(format!("hub={}", encode_query_value(&q.hub)));
    }
    if let Some(m) = q.modality {
        parts.push(format!("modality={}", m.as_str()));
    }
    if q.track != Track::PmdAct {
        parts.push(format!("track={}", q.track.as_str()));
    }
    if q.exits {
        parts.push("exits=1".to_string());
    }
    if let Some(c) = q.column {
        parts.push(format!("column={}", c.as_str()));
        if q.page > 1 {
            parts.push(format!("page={}", q.page));
        }
    }
    if parts.is_empty() {
        "/board".to_string()
    } else {
        format!("/board?{}", parts.join("&"))
    }
}

/// The program being moved, and today in Japan (the form's default date).
#[derive(Clone, Debug, PartialEq)]
struct Moving {
    card: BoardCard,
    today: NaiveDate,
}

/// What the last move said, shown above the board (it outlives the reload).
#[derive(Clone, Debug, PartialEq)]
struct Moved {
    program: String,
    stage: Stage,
    warnings: Vec<FieldError>,
}

/// Shared by the board, its cards and the move dialog.
#[derive(Clone, Copy)]
struct BoardCtx {
    refresh: RwSignal<u32>,
    moving: RwSignal<Option<Moving>>,
    /// The version the move saves over (updated when a stale refusal reloads the board).
    version: RwSignal<i32>,
    /// The stage chosen in the form that was sent.
    sent: RwSignal<Option<Stage>>,
    error: RwSignal<Option<AppError>>,
    moved: RwSignal<Option<Moved>>,
    /// Focus this program's card once the reloaded board is shown.
    focus_after: RwSignal<Option<Uuid>>,
    dialog: NodeRef<Dialog>,
    /// False until the page runs in the browser: the move buttons need JavaScript.
    hydrated: RwSignal<bool>,
    record: ServerAction<RecordStageEvent>,
}

impl BoardCtx {
    fn open(self, card: BoardCard, today: NaiveDate) {
        self.version.set(card.version);
        self.error.set(None);
        self.moving.set(Some(Moving { card, today }));
        let dialog = self.dialog;
        // Once the form for this card is rendered.
        request_animation_frame(move || {
            if let Some(d) = dialog.get_untracked() {
                if !d.open() {
                    let _ = d.show_modal();
                }
            }
            focus_by_id("move-target");
        });
    }

    fn close(self) {
        if let Some(d) = self.dialog.get_untracked() {
            d.close();
        }
    }
}

/// Move the keyboard focus to the element with this id; false when there is none.
#[cfg(feature = "hydrate")]
fn focus_by_id(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    match document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

#[cfg(not(feature = "hydrate"))]
fn focus_by_id(_id: &str) -> bool {
    false
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(board_query_from_params));
    let ctx = BoardCtx {
        refresh: RwSignal::new(0),
        moving: RwSignal::new(None),
        version: RwSignal::new(0),
        sent: RwSignal::new(None),
        error: RwSignal::new(None),
        moved: RwSignal::new(None),
        focus_after: RwSignal::new(None),
        dialog: NodeRef::new(),
        hydrated: RwSignal::new(false),
        record: ServerAction::<RecordStageEvent>::new(),
    };
    provide_context(ctx);
    Effect::new(move |_| ctx.hydrated.set(true));
    let data = Resource::new(
        move || (query.get(), ctx.refresh.get()),
        |(q, _)| get_board(q),
    );

    // The answer to a move: close and reload, or keep the dialog open with the reasons.
    Effect::new(move |_| {
        let Some(result) = ctx.record.value().get() else {
            return;
        };
        match result {
            Ok(dto) => {
                if let (Some(m), Some(stage)) =
                    (ctx.moving.get_untracked(), ctx.sent.get_untracked())
                {
                    ctx.moved.set(Some(Moved {
                        program: m.card.program_name.clone(),
                        stage,
                        warnings: dto.warnings,
                    }));
                    ctx.focus_after.set(Some(m.card.program_id));
                }
                ctx.close();
                ctx.refresh.update(|n| *n += 1);
            }
            Err(e) => {
                // The program moved on meanwhile: reload, so the next try is over its new version.
                if matches!(e, AppError::Stale { .. } | AppError::Conflict { .. }) {
                    ctx.refresh.update(|n| *n += 1);
                }
                ctx.error.set(Some(e));
            }
        }
    });
    // After a reload, the open form saves over the version now shown.
    Effect::new(move |_| {
        if let (Some(Ok(board)), Some(m)) = (data.get(), ctx.moving.get_untracked()) {
            if let Some(card) = board
                .columns
                .iter()
                .flat_map(|c| c.cards.iter())
                .find(|c| c.program_id == m.card.program_id)
            {
                ctx.version.set(card.version);
            }
        }
    });

    view! {
        <Title text=tu_string!(i18n, board_title) />
        <h1>{t!(i18n, board_title)}</h1>
        <p class="lead">{t!(i18n, board_lead)}</p>
        <div class="board-notice" aria-live="polite" data-testid="board-notice">
            {move || ctx.moved.get().map(|m| {
                let (program, stage) = (m.program.clone(), m.stage);
                view! {
                    <p class="notice">
                        {move || t_string!(i18n, board_moved, program = program.clone(), stage = format::stage(i18n.get_locale(), stage))}
                    </p>
                    {m.warnings
                        .into_iter()
                        .map(|w| view! { <p class="notice notice--warn">{move || field_error_message(i18n.get_locale(), &w)}</p> })
                        .collect_view()}
                }
            })}
        </div>
        <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(board) => view! { <BoardView board query=query.get_untracked() /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
        <dialog
            node_ref=ctx.dialog
            class="move-dialog"
            aria-labelledby="move-title"
            data-testid="move-dialog"
            on:close=move |_| {
                // Back to the card's button (Escape, Cancel or a move that is then reloaded).
                if let Some(m) = ctx.moving.get_untracked() {
                    focus_by_id(&format!("move-{}", m.card.program_id));
                }
                ctx.moving.set(None);
            }
        >
            {move || ctx.moving.get().map(|m| view! { <MoveForm m /> })}
        </dialog>
    }
}

#[component]
fn BoardView(board: Board, query: BoardQuery) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    // Once the reloaded board is in the page, the moved card's button (or the card) gets the
    // focus back.
    Effect::new(move |_| {
        if let Some(id) = ctx.focus_after.get_untracked() {
            ctx.focus_after.set(None);
            request_animation_frame(move || {
                if !focus_by_id(&format!("move-{id}")) {
                    focus_by_id(&format!("card-{id}"));
                }
            });
        }
    });

    let q = query.clone();
    let hub_options = board
        .hubs
        .iter()
        .map(|h| {
            let code = h.code.clone();
            let selected = q.hub == h.code;
            view! {
                <option value=h.code.clone() selected=selected>
                    {move || format::hub(i18n.get_locale(), &code)}
                </option>
            }
        })
        .collect_view();
    let modality_options = Modality::ALL
        .iter()
        .map(|m| {
            let (m, selected) = (*m, q.modality == Some(*m));
            view! {
                <option value=m.as_str() selected=selected>
                    {move || format::modality(i18n.get_locale(), m.as_str())}
                </option>
            }
        })
        .collect_view();
    let track_options = Track::ALL
        .iter()
        .map(|t| {
            let (t, selected) = (*t, q.track == *t);
            view! {
                <option value=t.as_str() selected=selected>
                    {move || format::track(i18n.get_locale(), t)}
                </option>
            }
        })
        .collect_view();

    let total: u64 = board.columns.iter().map(|c| c.total).sum();
    let single = query.column.is_some();
    let whole = board_href(&BoardQuery {
        column: None,
        page: 1,
        ..query.clone()
    });
    let (page, pages) = (board.page, board.pages);
    let page_href = |p: u64| {
        board_href(&BoardQuery {
            page: p,
            ..query.clone()
        })
    };
    let prev = (single && page > 1).then(|| page_href(page - 1));
    let next = (single && page < pages).then(|| page_href(page + 1));
    let today = board.today;
    let may_move = board.may_move;
    let board_class = if single {
        "board board--single"
    } else {
        "board"
    };
    let columns = board
        .columns
        .into_iter()
        .map(|column| {
            view! { <ColumnView column query=query.clone() single today may_move /> }
        })
        .collect_view();

    view! {
        <Form method="GET" action="/board" attr:class="filters" attr:role="search">
            <fieldset>
                <legend>{t!(i18n, filter_legend)}</legend>
                <div class="field">
                    <label for="b-hub">{t!(i18n, hub_label)}</label>
                    <select id="b-hub" name="hub">
                        <option value="">{t!(i18n, hub_all)}</option>
                        {hub_options}
                    </select>
                </div>
                <div class="field">
                    <label for="b-modality">{t!(i18n, field_modality)}</label>
                    <select id="b-modality" name="modality">
                        <option value="">{t!(i18n, board_modality_all)}</option>
                        {modality_options}
                    </select>
                </div>
                <div class="field">
                    <label for="b-track">{t!(i18n, program_track)}</label>
                    <select id="b-track" name="track">{track_options}</select>
                </div>
                <div class="field field--check">
                    <input id="b-exits" name="exits" type="checkbox" value="1" checked=query.exits />
                    <label for="b-exits">{t!(i18n, board_exits_label)}</label>
                </div>
                {query.column.map(|c| view! { <input type="hidden" name="column" value=c.as_str() /> })}
                <div class="actions">
                    <button type="submit" class="button">{t!(i18n, apply)}</button>
                    <a class="button button--secondary" href="/board">{t!(i18n, reset)}</a>
                </div>
            </fieldset>
        </Form>
        <p class="result-count" aria-live="polite" data-testid="board-count">
            {move || t_string!(i18n, board_count, count = format::number(total))}
        </p>
        {single.then(|| view! { <p class="breadcrumb"><a href=whole.clone() data-testid="board-whole">{t!(i18n, board_back)}</a></p> })}
        <div
            class=board_class
            role="region"
            tabindex="0"
            aria-label=move || t_string!(i18n, board_region)
            data-testid="board"
        >
            {columns}
        </div>
        {single.then(|| view! {
            <nav class="pager" aria-label=move || t_string!(i18n, pager_label)>
                {prev.clone().map(|href| view! { <a rel="prev" href=href>{t!(i18n, pager_prev)}</a> })}
                <span class="pager__status">
                    {move || t_string!(i18n, pager_status, page = page, pages = pages)}
                </span>
                {next.clone().map(|href| view! { <a rel="next" href=href>{t!(i18n, pager_next)}</a> })}
            </nav>
        })}
    }
}

#[component]
fn ColumnView(
    column: BoardColumn,
    query: BoardQuery,
    /// The column is shown alone (paged): no "show all" link.
    single: bool,
    today: NaiveDate,
    may_move: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let stage = column.stage;
    let heading = format!("col-{}", stage.as_str());
    let labelled_by = heading.clone();
    let total = column.total;
    let shown = column.cards.len() as u64;
    let more = (!single && total > shown).then(|| {
        board_href(&BoardQuery {
            column: Some(stage),
            page: 1,
            ..query
        })
    });
    let empty = column.cards.is_empty();
    view! {
        <section
            class=format!("board__column board__column--{}", stage.as_str())
            aria-labelledby=labelled_by
            data-testid=format!("column-{}", stage.as_str())
        >
            <h2 id=heading class="board__heading">
                <span class="board__stage">{move || format::stage(i18n.get_locale(), stage)}</span>
                " "
                <span class="board__total" data-testid="column-total">{total}</span>
            </h2>
            {if empty {
                view! { <p class="board__empty">{t!(i18n, board_column_empty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="board__cards">
                        {column
                            .cards
                            .into_iter()
                            .map(|card| view! { <li><CardView card today may_move /></li> })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
            {more.map(|href| view! {
                <p class="board__more">
                    <a href=href data-testid="column-more">
                        {move || t_string!(i18n, board_show_all, count = format::number(total))}
                    </a>
                </p>
            })}
        </section>
    }
}

#[component]
fn CardView(card: BoardCard, today: NaiveDate, may_move: bool) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let id = card.program_id;
    let venture_href = format!("/ventures/{}", card.venture_id);
    let hub = card.hub_code.clone();
    let modality = card.modality.clone();
    let (status, no_dev) = (card.status, card.no_development_reported);
    let (reached, precision) = (card.stage_reached_on, card.precision);
    let name = card.program_name.clone();
    let can_move = may_move && !card.targets.is_empty();
    let opening = card.clone();
    let en = card.venture_name_en.clone();
    view! {
        <article class="card" id=format!("card-{id}") tabindex="-1" data-testid="card" data-program=id.to_string()>
            <h3 class="card__title">{card.program_name.clone()}</h3>
            <p class="card__venture">
                <a href=venture_href lang="ja">{card.venture_name_ja.clone()}</a>
                {(!en.is_empty()).then(|| view! { <span class="sub" lang="en">{en.clone()}</span> })}
            </p>
            <p class="card__meta">
                <span class="badge badge--hub">{move || format::hub(i18n.get_locale(), &hub)}</span>
                " "
                <span class="card__modality">{move || format::modality(i18n.get_locale(), &modality)}</span>
            </p>
            <p class="card__date">
                {t!(i18n, board_reached)} " "
                {match reached {
                    Some(d) => view! {
                        <time datetime=d.to_string()>
                            {move || format::date_with_precision(i18n.get_locale(), d, precision)}
                        </time>
                    }
                        .into_any(),
                    None => view! { <span>{t!(i18n, date_unknown)}</span> }.into_any(),
                }}
            </p>
            {(status != ProgramStatus::Active || no_dev).then(|| view! {
                <p class="card__status">
                    {(status != ProgramStatus::Active).then(|| view! {
                        <span class=format!("status status--{}", status.as_str())>
                            {move || format::status(i18n.get_locale(), status)}
                        </span>
                    })}
                    {no_dev.then(|| view! { <span class="status status--stale">{t!(i18n, no_dev_reported)}</span> })}
                </p>
            })}
            {move || (can_move && ctx.hydrated.get()).then(|| {
                let opening = opening.clone();
                let name = name.clone();
                view! {
                    <button
                        type="button"
                        class="button button--small button--secondary card__move"
                        id=format!("move-{id}")
                        aria-haspopup="dialog"
                        on:click=move |_| ctx.open(opening.clone(), today)
                    >
                        {t!(i18n, board_move_button)}
                        <span class="visually-hidden">{format!("（{name}）")}</span>
                    </button>
                }
            })}
        </article>
    }
}

/// The move form in the dialog: the stage (only what the rules allow; the next column first),
/// the date (today by default), its precision, the source and a note.
#[component]
fn MoveForm(m: Moving) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let card = m.card;
    let pre = preselected(&card.targets, card.stage);
    let today = m.today.to_string();
    let name = card.program_name.clone();
    let current = card.stage;
    let pending = ctx.record.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = RecordStageEvent::from_event(&ev) {
            // The domain's checks run before anything is sent (and again on the server).
            match validate_event(
                &input.action,
                &input.occurred_on,
                &input.precision,
                &input.source_url,
                &input.note,
            ) {
                Ok(_) => {
                    ctx.sent.set(match parse_action(&input.action) {
                        Ok(EventBody::Stage { stage }) => Some(stage),
                        _ => None,
                    });
                    ctx.error.set(None);
                    ctx.record.dispatch(input);
                }
                Err(errors) => ctx.error.set(Some(errors.into())),
            }
        }
    };
    let options = card
        .targets
        .iter()
        .map(|s| {
            let s = *s;
            let value = action_value(&Action::Reach { stage: s }).unwrap_or_default();
            view! {
                <option value=value selected=pre == Some(s)>
                    {move || format::stage(i18n.get_locale(), s)}
                </option>
            }
        })
        .collect_view();
    view! {
        <h2 id="move-title" class="move-dialog__title">
            {move || t_string!(i18n, board_move_title, program = name.clone())}
        </h2>
        <p class="move-dialog__current">
            {move || t_string!(i18n, board_move_current, stage = format::stage(i18n.get_locale(), current))}
        </p>
        <div aria-live="assertive">
            {move || ctx.error.get().map(|e| view! { <FormErrors error=e /> })}
        </div>
        <form action=RecordStageEvent::url() method="post" on:submit=on_submit class="move-form">
            <input type="hidden" name="program_id" value=card.program_id.to_string() />
            <input type="hidden" name="version" prop:value=move || ctx.version.get().to_string() />
            <div class="field">
                <label for="move-target">{t!(i18n, board_move_target)}</label>
                <select id="move-target" name="action" required autofocus>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="move-date">{t!(i18n, record_date)}</label>
                <input id="move-date" name="occurred_on" type="date" required value=today.clone() max=today.clone() />
            </div>
            <div class="field">
                <label for="move-precision">{t!(i18n, record_precision)}</label>
                <select id="move-precision" name="precision">
                    <option value="day" selected>{t!(i18n, precision_day)}</option>
                    <option value="month">{t!(i18n, precision_month)}</option>
                    <option value="year">{t!(i18n, precision_year)}</option>
                </select>
            </div>
            <div class="field">
                <label for="move-source">{t!(i18n, record_source)}</label>
                <input id="move-source" name="source_url" type="url" maxlength="500" />
            </div>
            <div class="field">
                <label for="move-note">{t!(i18n, record_note)}</label>
                <textarea id="move-note" name="note" rows="2" maxlength="2000"></textarea>
            </div>
            <p class="hint">{t!(i18n, board_move_hint)}</p>
            <div class="actions">
                <button type="submit" class="button" disabled=move || pending.get()>
                    {t!(i18n, board_move_submit)}
                </button>
                <button type="button" class="button button--secondary" on:click=move |_| ctx.close()>
                    {t!(i18n, board_move_cancel)}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> BoardQuery {
        let m: HashMap<&str, &str> = pairs.iter().copied().collect();
        board_query_from(|k| m.get(k).map(|v| v.to_string()))
    }

    #[test]
    fn board_urls_round_trip_through_the_query() {
        let q = BoardQuery {
            hub: "ksp".into(),
            modality: Some(Modality::GeneTherapy),
            track: Track::PmdAct,
            exits: true,
            column: Some(Stage::Phase2),
            page: 2,
        };
        let href = board_href(&q);
        assert_eq!(
            href,
            "/board?hub=ksp&modality=gene_therapy&exits=1&column=phase2&page=2"
        );
        let parsed = parse(&[
            ("hub", "ksp"),
            ("modality", "gene_therapy"),
            ("exits", "1"),
            ("column", "phase2"),
            ("page", "2"),
        ]);
        assert_eq!(parsed, q);
        assert_eq!(board_href(&BoardQuery::default()), "/board");
        assert_eq!(parse(&[]), BoardQuery::default());
    }

    #[test]
    fn a_column_of_the_other_track_and_unknown_codes_are_dropped() {
        let q = parse(&[
            ("track", "safety_act"),
            ("column", "phase1"),
            ("modality", "magic"),
            ("page", "0"),
        ]);
        assert_eq!(q.track, Track::SafetyAct);
        assert_eq!(q.column, None);
        assert_eq!(q.modality, None);
        assert_eq!(q.page, 1);
        assert_eq!(board_href(&q), "/board?track=safety_act");
    }
}
