//! Sign-in: e-mail and password, one thing on the page; errors summarised at the top.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::{safe_next, SignIn};
use crate::components::error_view::error_message;
use crate::components::layout::AuthVersion;
use crate::error::AppError;
use crate::i18n::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = move || safe_next(&query.with(|q| q.get("next").unwrap_or_default()));
    let action = ServerAction::<SignIn>::new();
    let auth_version = use_context::<AuthVersion>();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(v)) = (action.value().get(), auth_version) {
            v.0.update(|n| *n += 1);
        }
    });
    let error = move || match action.value().get() {
        Some(Err(e)) => Some(e),
        _ => None,
    };
    view! {
        <Title text=tu_string!(i18n, sign_in_title) />
        <section class="narrow">
            <h1>{t!(i18n, sign_in_title)}</h1>
            {move || {
                error()
                    .map(|e| {
                        let message = match &e {
                            AppError::Validation { errors }
                                if errors.iter().any(|f| f.code == "auth.invalid_credentials") => {
                                t_string!(i18n, auth_invalid_credentials).to_string()
                            }
                            other => error_message(i18n.get_locale(), other).to_string(),
                        };
                        view! {
                            <div class="error-summary" role="alert" tabindex="-1" data-testid="error-summary">
                                <h2 class="error-summary__title">{t!(i18n, error_summary_title)}</h2>
                                <p><a href="#f-email">{message}</a></p>
                            </div>
                        }
                    })
            }}
            <p class="lead">{t!(i18n, sign_in_lead)}</p>
            <ActionForm action>
                <input type="hidden" name="next" value=next />
                <div class="field">
                    <label for="f-email">{t!(i18n, email_label)}</label>
                    <input id="f-email" name="email" type="email" autocomplete="username" required maxlength="254" />
                </div>
                <div class="field">
                    <label for="f-password">{t!(i18n, password_label)}</label>
                    <input id="f-password" name="password" type="password" autocomplete="current-password" required maxlength="128" />
                </div>
                <div class="actions">
                    <button type="submit" class="button" disabled=move || action.pending().get()>
                        {move || if action.pending().get() {
                            t_string!(i18n, signing_in)
                        } else {
                            t_string!(i18n, sign_in_button)
                        }}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
