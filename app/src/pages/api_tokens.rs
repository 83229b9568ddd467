//! `/account/tokens`: the signed-in user's personal API tokens. A new token is shown once, right
//! after it is created; the list shows each token's first characters, when it was last used and
//! when it expires, and revokes it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::tokens::{list_tokens, CreateToken, CreatedToken, RevokeToken, TokenDto};
use crate::components::error_view::{ErrorView, FormErrors};
use crate::domain::api_token::{validate_new_token, Lifetime};
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use leptos::form::FromFormData;
use server_fn::ServerFn;

/// The label of this page's fields, for the error messages; `None` for other forms' fields.
pub fn field_label(l: Locale, field: &str) -> Option<String> {
    match field {
        "token_name" => Some(td_string!(l, tokens.f_name).to_string()),
        "lifetime" => Some(td_string!(l, tokens.f_lifetime).to_string()),
        _ => None,
    }
}

/// This page's own problems as sentences; `None` for codes of other forms.
pub fn field_error_message(l: Locale, e: &FieldError) -> Option<String> {
    let text = match e.code.as_str() {
        "token.too_many" => td_string!(
            l,
            tokens.fe_too_many,
            max = e.param("max").unwrap_or_default().to_string()
        )
        .to_string(),
        "token_lifetime.unknown" => td_string!(l, tokens.fe_lifetime_unknown).to_string(),
        _ => return None,
    };
    Some(text)
}

fn lifetime_label(l: Locale, life: Lifetime) -> &'static str {
    match life {
        Lifetime::Days30 => td_string!(l, tokens.life_30d),
        Lifetime::Days90 => td_string!(l, tokens.life_90d),
        Lifetime::Days365 => td_string!(l, tokens.life_365d),
    }
}

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_tokens(),
    );
    let pending = move || create.pending().get() || revoke.pending().get();
    // The browser checks the form with the server's rules before sending it.
    let checked = RwSignal::new(None::<AppError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = CreateToken::from_event(&ev) {
            match validate_new_token(&input.token_name, &input.lifetime) {
                Ok(_) => {
                    checked.set(None);
                    create.dispatch(input);
                }
                Err(errors) => checked.set(Some(errors.into())),
            }
        }
    };
    // The last action's result: the new token (shown once), or an error.
    let created = move || create.value().get();
    let revoked = move || revoke.value().get();

    view! {
        <Title text=tu_string!(i18n, tokens.title) />
        <h1>{t!(i18n, tokens.title)}</h1>
        <p class="lead">{t!(i18n, tokens.lead)}</p>
        <p>
            <a href="/api/v1/openapi.json" rel="external" data-testid="openapi-link">
                {t!(i18n, tokens.doc_link)}
            </a>
        </p>
        <div aria-live="polite" data-testid="outcome">
            {move || match (checked.get(), created()) {
                (Some(e), _) | (None, Some(Err(e))) => view! { <FormErrors error=e /> }.into_any(),
                (None, Some(Ok(c))) => view! { <NewToken created=c /> }.into_any(),
                (None, None) => ().into_any(),
            }}
            {move || match revoked() {
                Some(Ok(_)) => view! { <p class="notice">{t!(i18n, tokens.revoked_notice)}</p> }.into_any(),
                Some(Err(e)) => view! { <FormErrors error=e /> }.into_any(),
                None => ().into_any(),
            }}
            {move || pending().then(|| view! { <p class="loading">{t!(i18n, saving)}</p> })}
        </div>
        <section aria-labelledby="h-new-token" class="form-section">
            <h2 id="h-new-token">{t!(i18n, tokens.create_heading)}</h2>
            <form action=CreateToken::url() method="post" on:submit=on_submit>
                <div class="field">
                    <label for="token-name">{t!(i18n, tokens.f_name)}</label>
                    <input
                        id="token-name"
                        name="token_name"
                        type="text"
                        required
                        maxlength="80"
                        autocomplete="off"
                        aria-describedby="token-name-hint"
                    />
                    <p class="hint" id="token-name-hint">{t!(i18n, tokens.f_name_hint)}</p>
                </div>
                <div class="field">
                    <label for="token-lifetime">{t!(i18n, tokens.f_lifetime)}</label>
                    <select id="token-lifetime" name="lifetime">
                        {Lifetime::ALL
                            .iter()
                            .copied()
                            .map(|life| {
                                view! {
                                    <option value=life.as_str() selected=life == Lifetime::Days90>
                                        {move || lifetime_label(i18n.get_locale(), life)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="submit" class="button" disabled=pending>
                        {t!(i18n, tokens.create_button)}
                    </button>
                </div>
            </form>
        </section>
        <section aria-labelledby="h-tokens">
            <h2 id="h-tokens">{t!(i18n, tokens.list_heading)}</h2>
            <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p data-testid="no-tokens">{t!(i18n, tokens.none)}</p> }.into_any()
                        }
                        Ok(list) => view! { <TokenTable list revoke /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The token just created, with how to use it: the only time it is shown.
#[component]
fn NewToken(created: CreatedToken) -> impl IntoView {
    let i18n = use_i18n();
    let header = format!("Authorization: Bearer {}", created.secret);
    view! {
        <section class="notice notice--token" aria-labelledby="h-created-token" data-testid="new-token">
            <h2 id="h-created-token">{t!(i18n, tokens.created_heading)} " — " {created.token.name.clone()}</h2>
            <p><strong>{t!(i18n, tokens.created_once)}</strong></p>
            <p>
                <label class="visually-hidden" for="new-token-secret">{t!(i18n, tokens.created_heading)}</label>
                <input
                    id="new-token-secret"
                    class="mono token-secret"
                    type="text"
                    readonly
                    value=created.secret.clone()
                    size="52"
                    data-testid="token-secret"
                />
            </p>
            <p>{t!(i18n, tokens.created_usage)}</p>
            <pre class="mono">{header}</pre>
        </section>
    }
}

#[component]
fn TokenTable(list: Vec<TokenDto>, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let i18n = use_i18n();
    let count = list.len();
    view! {
        <table class="data-table tokens" data-testid="tokens">
            <caption>{move || t_string!(i18n, tokens.list_caption, count).to_string()}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, tokens.col_name)}</th>
                    <th scope="col">{t!(i18n, tokens.col_prefix)}</th>
                    <th scope="col">{t!(i18n, tokens.col_created)}</th>
                    <th scope="col">{t!(i18n, tokens.col_last_used)}</th>
                    <th scope="col">{t!(i18n, tokens.col_expires)}</th>
                    <th scope="col">{t!(i18n, tokens.col_state)}</th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|t| view! { <TokenRow t revoke /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn TokenRow(t: TokenDto, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let i18n = use_i18n();
    let TokenDto {
        id,
        name,
        prefix,
        created_at,
        last_used_at,
        expires_at,
        revoked_at,
        live,
    } = t;
    let label_name = name.clone();
    let row_prefix = prefix.clone();
    let state = move || {
        if revoked_at.is_some() {
            t_string!(i18n, tokens.state_revoked)
        } else if live {
            t_string!(i18n, tokens.state_live)
        } else {
            t_string!(i18n, tokens.state_expired)
        }
    };
    view! {
        <tr data-token-prefix=row_prefix>
            <th scope="row">{name}</th>
            <td class="mono">{prefix} "…"</td>
            <td>{move || format::date_time(i18n.get_locale(), created_at)}</td>
            <td>
                {move || match last_used_at {
                    Some(at) => format::date_time(i18n.get_locale(), at),
                    None => t_string!(i18n, tokens.never_used).to_string(),
                }}
            </td>
            <td>
                {move || match expires_at {
                    Some(at) => format::date_time(i18n.get_locale(), at),
                    None => t_string!(i18n, date_unknown).to_string(),
                }}
            </td>
            <td>
                <span class=if live { "badge" } else { "badge badge--warn" }>{state}</span>
                {live
                    .then(|| {
                        view! {
                            " "
                            <ActionForm action=revoke attr:class="inline-form">
                                <input type="hidden" name="id" value=id.to_string() />
                                <button
                                    type="submit"
                                    class="button button--small button--secondary"
                                    aria-label=move || t_string!(i18n, tokens.revoke_label, name = label_name.clone()).to_string()
                                >
                                    {t!(i18n, tokens.revoke_button)}
                                </button>
                            </ActionForm>
                        }
                    })}
            </td>
        </tr>
    }
}
