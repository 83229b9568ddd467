//! What every server function and page reaches through the Leptos context.

use axum::extract::FromRef;
use leptos::prelude::*;

use crate::domain::clock::Clock;
use crate::error::AppError;
use crate::ssr::db::Db;
use crate::ssr::memo::Memo;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub clock: Clock,
    /// Aggregates memoised per data version (shared by the clones of the state).
    pub memo: Memo,
}

impl AppState {
    pub fn new(db: Db, leptos_options: LeptosOptions, clock: Clock) -> Self {
        AppState {
            db,
            leptos_options,
            clock,
            memo: Memo::new(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The application state provided by the server for this request.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// Record the error's HTTP status on the response, then hand the error back.
///
/// Server functions answer 500 for every error by default; this gives the real status (400,
/// 404, 409…). A plain HTML form post without JavaScript is answered with a redirect carrying
/// the error instead, so its status is left alone.
pub fn respond(err: AppError) -> AppError {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let html_form_post = use_context::<http::request::Parts>().is_some_and(|p| {
            p.method == http::Method::POST
                && p.headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.contains("text/html"))
        });
        if !html_form_post {
            res.set_status(err.status());
        }
    }
    err
}

/// Log a database (or other internal) error and turn it into `AppError::Internal`, so that
/// its text never reaches the browser.
pub fn internal<E: std::fmt::Display>(context: &'static str) -> impl FnOnce(E) -> AppError {
    move |e| {
        tracing::error!(%e, "{context}");
        AppError::Internal
    }
}
