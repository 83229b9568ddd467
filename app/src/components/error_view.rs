//! How an `AppError` is shown to the user: a one-line message, the field-by-field problems of
//! bad input, and for a stale save what the other person changed.

use leptos::prelude::*;

use crate::domain::account::Role;
use crate::domain::validation::FieldError;
use crate::error::{AppError, StaleChange};
use crate::i18n::*;

pub fn error_message(l: Locale, e: &AppError) -> &'static str {
    match e {
        AppError::NotFound => td_string!(l, error_not_found),
        AppError::Validation { errors } => {
            if errors.iter().any(|e| e.code == "hub.unknown") {
                td_string!(l, error_bad_hub)
            } else {
                td_string!(l, error_validation)
            }
        }
        AppError::Conflict { .. } => td_string!(l, error_conflict),
        AppError::Stale { .. } => td_string!(l, error_stale),
        AppError::Forbidden { allowed } => match allowed.parse::<Role>() {
            Ok(Role::Staff) => td_string!(l, forbidden_staff),
            Ok(Role::Coordinator) => td_string!(l, forbidden_coordinator),
            Ok(Role::Viewer) => td_string!(l, forbidden_viewer),
            Ok(Role::Admin) | Err(_) => td_string!(l, error_forbidden),
        },
        AppError::Unauthenticated => td_string!(l, error_unauthenticated),
        AppError::RateLimited { .. } => td_string!(l, error_rate_limited),
        AppError::Internal => td_string!(l, error_internal),
    }
}

/// The label of a form field or recorded field, for messages.
pub fn field_label(l: Locale, field: &str) -> String {
    if let Some(label) = crate::pages::venture_records::field_label(l, field) {
        return label;
    }
    if let Some(label) = crate::components::support_log::field_label(l, field) {
        return label;
    }
    if let Some(label) = crate::pages::funds::field_label(l, field) {
        return label;
    }
    if let Some(label) = crate::pages::dashboard_targets::field_label(l, field) {
        return label;
    }
    if let Some(label) = crate::pages::api_tokens::field_label(l, field) {
        return label;
    }
    let label = match field {
        "email" => td_string!(l, field.email),
        "display_name" => td_string!(l, field.display_name),
        "password" => td_string!(l, field.password),
        "role" => td_string!(l, field.role),
        "disabled_at" => td_string!(l, field.disabled_at),
        "version" => td_string!(l, field.version),
        "action" => td_string!(l, field.action),
        "occurred_on" => td_string!(l, field.occurred_on),
        "precision" => td_string!(l, field.precision),
        "source_url" => td_string!(l, field.source_url),
        "note" => td_string!(l, field.note),
        "reason" => td_string!(l, field.reason),
        "current_stage" => td_string!(l, field.current_stage),
        "status" => td_string!(l, field.status),
        "kind" => td_string!(l, field.kind),
        "stage" => td_string!(l, field.stage),
        "exit_kind" => td_string!(l, field.exit_kind),
        "event_id" => td_string!(l, field.event_id),
        "retracts_event_id" => td_string!(l, field.retracts_event_id),
        "name_ja" => td_string!(l, field.name_ja),
        "name_en" => td_string!(l, field.name_en),
        "name_kana" => td_string!(l, field.name_kana),
        "corporate_number" => td_string!(l, field.corporate_number),
        "hub" => td_string!(l, field.hub),
        "founded_on" => td_string!(l, field.founded_on),
        "located_on" => td_string!(l, field.located_on),
        "origin_institution" => td_string!(l, field.origin_institution),
        "modality" => td_string!(l, field.modality),
        "website" => td_string!(l, field.website),
        "summary" => td_string!(l, field.summary),
        "archived_at" => td_string!(l, field.archived_at),
        "name" => td_string!(l, field.name),
        "indication" => td_string!(l, field.indication),
        "track" => td_string!(l, field.track),
        "moved_on" => td_string!(l, field.moved_on),
        other => return other.to_string(),
    };
    label.to_string()
}

/// A stage code as its label (several, comma-separated, joined by "・" / " or ").
fn stage_text(l: Locale, codes: &str) -> String {
    use crate::domain::stage::Stage;
    let labels: Vec<String> = codes
        .split(',')
        .map(|c| match c.parse::<Stage>() {
            Ok(s) => crate::format::stage(l, s).to_string(),
            Err(_) => c.to_string(),
        })
        .collect();
    labels.join(match l {
        Locale::ja => "・",
        Locale::en => " or ",
    })
}

fn date_text(l: Locale, iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| crate::format::date(l, d))
        .unwrap_or_else(|_| iso.to_string())
}

/// One field problem as a sentence.
pub fn field_error_message(l: Locale, e: &FieldError) -> String {
    use crate::domain::stage::{ExitKind, ProgramStatus, Track};
    if let Some(message) = crate::pages::venture_records::field_error_message(l, e) {
        return message;
    }
    if let Some(message) = crate::components::support_log::field_error_message(l, e) {
        return message;
    }
    if let Some(message) = crate::pages::funds::field_error_message(l, e) {
        return message;
    }
    if let Some(message) = crate::pages::dashboard_targets::field_error_message(l, e) {
        return message;
    }
    if let Some(message) = crate::pages::api_tokens::field_error_message(l, e) {
        return message;
    }
    let field = field_label(l, &e.field);
    let param = |n: &str| e.param(n).unwrap_or_default().to_string();
    let stage = || stage_text(l, &param("stage"));
    let status = || match param("status").parse::<ProgramStatus>() {
        Ok(s) => crate::format::status(l, s).to_string(),
        Err(_) => param("status"),
    };
    let exit = || match param("exit").parse::<ExitKind>() {
        Ok(x) => crate::format::exit(l, x).to_string(),
        Err(_) => param("exit"),
    };
    match e.code.as_str() {
        "date.required" => td_string!(l, fe_date_required, field).to_string(),
        "date.invalid" => td_string!(l, fe_date_invalid, field).to_string(),
        "date.in_future" => td_string!(
            l,
            fe_date_in_future,
            field,
            today = date_text(l, &param("today"))
        )
        .to_string(),
        "action.unknown" | "precision.unknown" | "hub.required" | "hub.unknown"
        | "modality.unknown" | "status.unknown" | "track.unknown" => {
            td_string!(l, fe_choose, field).to_string()
        }
        "kana.not_kana" => td_string!(l, fe_kana).to_string(),
        "venture.archived" => td_string!(l, fe_venture_archived).to_string(),
        "hub_move.same_hub" => td_string!(l, fe_hub_same).to_string(),
        "hub_move.in_future" => {
            td_string!(l, fe_hub_move_future, today = date_text(l, &param("today"))).to_string()
        }
        "hub_move.not_after_stay" => td_string!(
            l,
            fe_hub_move_not_after,
            since = date_text(l, &param("since"))
        )
        .to_string(),
        "venture.located_before_founded" => td_string!(l, fe_located_before_founded).to_string(),
        "corporate_number.wrong_length" => {
            td_string!(l, fe_corporate_wrong_length, length = param("length")).to_string()
        }
        "corporate_number.not_digits" => td_string!(l, fe_corporate_not_digits).to_string(),
        "corporate_number.check_digit" => td_string!(l, fe_corporate_check_digit).to_string(),
        "corporate_number.empty" => td_string!(l, fe_required, field).to_string(),
        c if c.starts_with("url.") => td_string!(l, fe_url).to_string(),
        "transition.wrong_track" => {
            let track = match param("track").parse::<Track>() {
                Ok(t) => crate::format::track(l, t).to_string(),
                Err(_) => param("track"),
            };
            td_string!(l, tr_wrong_track, stage = stage(), track).to_string()
        }
        "transition.not_active" => td_string!(l, tr_not_active, status = status()).to_string(),
        "transition.already_reached" => td_string!(
            l,
            tr_already_reached,
            stage = stage(),
            on = date_text(l, &param("on"))
        )
        .to_string(),
        "transition.behind_current" => td_string!(
            l,
            tr_behind_current,
            stage = stage(),
            current = stage_text(l, &param("current"))
        )
        .to_string(),
        "transition.requires_stage" => td_string!(
            l,
            tr_requires_stage,
            stage = stage(),
            requires = stage_text(l, &param("requires"))
        )
        .to_string(),
        "transition.conflicts_with" => td_string!(
            l,
            tr_conflicts_with,
            stage = stage(),
            reached = stage_text(l, &param("reached"))
        )
        .to_string(),
        "transition.exit_requires_stage" => td_string!(
            l,
            tr_exit_requires_stage,
            exit = exit(),
            requires = stage_text(l, &param("requires"))
        )
        .to_string(),
        "transition.exit_conflicts_with" => td_string!(
            l,
            tr_exit_conflicts_with,
            exit = exit(),
            reached = stage_text(l, &param("reached"))
        )
        .to_string(),
        "transition.cannot_resume" => {
            td_string!(l, tr_cannot_resume, status = status()).to_string()
        }
        "transition.date_before_previous" => td_string!(
            l,
            tr_date_before_previous,
            previous = date_text(l, &param("previous"))
        )
        .to_string(),
        "transition.date_in_future" => {
            td_string!(l, tr_date_in_future, today = date_text(l, &param("today"))).to_string()
        }
        "transition.empty_reason" => td_string!(l, tr_empty_reason).to_string(),
        "transition.unknown_event" => td_string!(l, tr_unknown_event).to_string(),
        "transition.not_retractable" => td_string!(l, tr_not_retractable).to_string(),
        "transition.already_retracted" => td_string!(l, tr_already_retracted).to_string(),
        "transition.retraction_breaks" => td_string!(l, tr_retraction_breaks).to_string(),
        "transition.duplicate_event" => td_string!(l, tr_duplicate_event).to_string(),
        "warning.before_founding" => td_string!(
            l,
            warn_before_founding,
            stage = stage(),
            founded_on = date_text(l, &param("founded_on"))
        )
        .to_string(),
        "text.required" | "email.required" => td_string!(l, fe_required, field).to_string(),
        "text.too_long" | "email.too_long" => {
            td_string!(l, fe_too_long, field, max = param("max")).to_string()
        }
        "text.control_character" | "password.control_character" => {
            td_string!(l, fe_control_character, field).to_string()
        }
        "email.invalid" => td_string!(l, fe_email_invalid).to_string(),
        "password.too_short" => {
            td_string!(l, fe_password_too_short, min = param("min")).to_string()
        }
        "password.too_long" => td_string!(l, fe_password_too_long, max = param("max")).to_string(),
        "role.unknown" => td_string!(l, fe_role_unknown).to_string(),
        "user.last_admin" => td_string!(l, fe_last_admin).to_string(),
        "date.range_reversed" => td_string!(l, fe_range_reversed).to_string(),
        "auth.invalid_credentials" => td_string!(l, auth_invalid_credentials).to_string(),
        _ => td_string!(l, fe_unknown, field).to_string(),
    }
}

/// All the sentences for an error: the field problems of bad input, what changed for a stale
/// save, the one-line message otherwise.
pub fn error_lines(l: Locale, e: &AppError) -> Vec<String> {
    if let Some(line) = crate::pages::venture_records::conflict_message(l, e) {
        return vec![line];
    }
    if let Some(line) = crate::pages::funds::conflict_message(l, e) {
        return vec![line];
    }
    if let Some(line) = crate::pages::dashboard_targets::conflict_message(l, e) {
        return vec![line];
    }
    match e {
        AppError::Validation { errors } if !errors.is_empty() => {
            errors.iter().map(|f| field_error_message(l, f)).collect()
        }
        AppError::Conflict { code, .. } if code == "email.taken" => {
            vec![td_string!(l, fe_email_taken).to_string()]
        }
        AppError::Conflict { code, .. } if code == "venture.duplicate_corporate_number" => {
            vec![td_string!(l, dup_corporate).to_string()]
        }
        AppError::Conflict { code, .. } if code == "venture.duplicate_name" => {
            vec![td_string!(l, dup_name).to_string()]
        }
        AppError::Conflict { code, .. } if code == "program.duplicate_name" => {
            vec![td_string!(l, fe_program_duplicate).to_string()]
        }
        AppError::Stale { changes } => std::iter::once(error_message(l, e).to_string())
            .chain(changes.iter().map(|c| stale_line(l, c)))
            .collect(),
        other => vec![error_message(l, other).to_string()],
    }
}

fn stale_line(l: Locale, c: &StaleChange) -> String {
    let at = chrono::DateTime::parse_from_rfc3339(&c.at)
        .map(|t| crate::format::date_time(l, t.with_timezone(&chrono::Utc)))
        .unwrap_or_else(|_| c.at.clone());
    let by = if c.by.is_empty() {
        td_string!(l, actor_system).to_string()
    } else {
        c.by.clone()
    };
    td_string!(
        l,
        stale_change,
        field = field_label(l, &c.field),
        before = crate::format::change_value(l, "", &c.field, &c.before),
        after = crate::format::change_value(l, "", &c.field, &c.after),
        by,
        at
    )
    .to_string()
}

#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    // A page showing a server fault answers with its status (so it is never kept as the page).
    if error.status().is_server_error() {
        crate::pages::not_found::set_page_status(error.status());
    }
    let unauthenticated = error == AppError::Unauthenticated;
    view! {
        <div class="error-summary" role="alert" tabindex="-1">
            <h2 class="error-summary__title">{t!(i18n, error_title)}</h2>
            <p>{move || error_message(i18n.get_locale(), &error)}</p>
            {unauthenticated
                .then(|| view! { <p><a href="/sign-in">{t!(i18n, sign_in_to_continue)}</a></p> })}
        </div>
    }
}

/// The summary above a form after a refused save: every problem, each on its own line; for a
/// duplicate, a link to the record that already exists.
#[component]
pub fn FormErrors(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    if let AppError::Conflict { code, detail } = &error {
        if let (Some((id, name)), true) = (
            detail.split_once('|'),
            code.starts_with("venture.duplicate_"),
        ) {
            let href = format!("/ventures/{id}");
            let name = name.to_string();
            let corporate = code == "venture.duplicate_corporate_number";
            return view! {
                <div class="error-summary" role="alert" tabindex="-1" data-testid="error-summary">
                    <h2 class="error-summary__title">{t!(i18n, error_summary_title)}</h2>
                    <p>
                        {move || if corporate { t_string!(i18n, dup_corporate) } else { t_string!(i18n, dup_name) }}
                        " "
                        <a href=href>{name}</a>
                    </p>
                </div>
            }
            .into_any();
        }
    }
    let stale = matches!(error, AppError::Stale { .. });
    // A full reload of this page shows the latest version to edit again.
    let here = leptos_router::hooks::use_location();
    let reload =
        move || crate::components::layout::current_path(here.pathname.get(), here.search.get());
    view! {
        <div class="error-summary" role="alert" tabindex="-1" data-testid="error-summary">
            <h2 class="error-summary__title">{t!(i18n, error_summary_title)}</h2>
            <ul>
                {move || {
                    error_lines(i18n.get_locale(), &error)
                        .into_iter()
                        .map(|line| view! { <li>{line}</li> })
                        .collect_view()
                }}
            </ul>
            {stale.then(|| view! { <p><a href=reload rel="external">{t!(i18n, reload)}</a></p> })}
        </div>
    }
    .into_any()
}
