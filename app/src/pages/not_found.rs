//! The 404 page (answered with HTTP status 404).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::*;

/// Set the HTTP status of the page being rendered on the server (no-op in the browser).
pub fn set_page_status(_status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(_status);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_page_status(http::StatusCode::NOT_FOUND);
    let i18n = use_i18n();
    view! {
        <Title text=tu_string!(i18n, not_found_title) />
        <section class="not-found" data-testid="not-found">
            <h1>{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, not_found_body)}</p>
            <p>
                <a href="/ventures">{t!(i18n, back_to_list)}</a>
            </p>
        </section>
    }
}
