//! How an `AppError` is shown to the user.

use leptos::prelude::*;

use crate::error::AppError;
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
        AppError::Forbidden { .. } => td_string!(l, error_forbidden),
        AppError::Unauthenticated => td_string!(l, error_unauthenticated),
        AppError::RateLimited { .. } => td_string!(l, error_rate_limited),
        AppError::Internal => td_string!(l, error_internal),
    }
}

#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error-summary" role="alert" tabindex="-1">
            <h2 class="error-summary__title">{t!(i18n, error_title)}</h2>
            <p>{move || error_message(i18n.get_locale(), &error)}</p>
        </div>
    }
}
