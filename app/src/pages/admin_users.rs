//! User management (administrators): add accounts, change roles, reset passwords, disable and
//! enable. Every form names the version it was drawn from, so a change made meanwhile by another
//! administrator is reported instead of overwritten.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::users::{
    list_users, AddUser, ResetUserPassword, SetUserDisabled, SetUserRole, UserDto,
};
use crate::components::error_view::{ErrorView, FormErrors};
use crate::components::layout::role_label;
use crate::domain::account::{Role, PASSWORD_MAX, PASSWORD_MIN};
use crate::error::AppError;
use crate::format;
use crate::i18n::*;

/// What the last action said: a notice or the error to show above the forms.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Saved,
    Added(String),
    Failed(AppError),
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddUser>::new();
    let set_role = ServerAction::<SetUserRole>::new();
    let reset = ServerAction::<ResetUserPassword>::new();
    let set_disabled = ServerAction::<SetUserDisabled>::new();
    let users = Resource::new(
        move || {
            (
                add.version().get(),
                set_role.version().get(),
                reset.version().get(),
                set_disabled.version().get(),
            )
        },
        |_| list_users(),
    );
    let outcome = RwSignal::new(None::<Outcome>);
    let saved = move |r: Option<Result<UserDto, AppError>>| {
        if let Some(r) = r {
            outcome.set(Some(match r {
                Ok(_) => Outcome::Saved,
                Err(e) => Outcome::Failed(e),
            }));
        }
    };
    Effect::new(move |_| {
        if let Some(r) = add.value().get() {
            outcome.set(Some(match r {
                Ok(u) => Outcome::Added(u.display_name),
                Err(e) => Outcome::Failed(e),
            }));
        }
    });
    Effect::new(move |_| saved(set_role.value().get()));
    Effect::new(move |_| saved(reset.value().get()));
    Effect::new(move |_| saved(set_disabled.value().get()));
    let pending = move || {
        add.pending().get()
            || set_role.pending().get()
            || reset.pending().get()
            || set_disabled.pending().get()
    };

    view! {
        <Title text=tu_string!(i18n, users_title) />
        <h1>{t!(i18n, users_title)}</h1>
        <p class="lead">{t!(i18n, users_lead)}</p>
        <div aria-live="polite" data-testid="outcome">
            {move || match outcome.get() {
                Some(Outcome::Saved) => view! { <p class="notice">{t!(i18n, saved_notice)}</p> }.into_any(),
                Some(Outcome::Added(name)) => {
                    view! { <p class="notice">{move || t_string!(i18n, user_added_notice, name = name.clone()).to_string()}</p> }.into_any()
                }
                Some(Outcome::Failed(e)) => view! { <FormErrors error=e /> }.into_any(),
                None => ().into_any(),
            }}
            {move || pending().then(|| view! { <p class="loading">{t!(i18n, saving)}</p> })}
        </div>
        <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(list) => view! { <UserTable list set_role reset set_disabled /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
        <section aria-labelledby="h-add-user" class="form-section">
            <h2 id="h-add-user">{t!(i18n, users_add_heading)}</h2>
            <ActionForm action=add>
                <div class="field">
                    <label for="add-email">{t!(i18n, email_label)}</label>
                    <input id="add-email" name="email" type="email" autocomplete="off" required maxlength="254" />
                </div>
                <div class="field">
                    <label for="add-name">{t!(i18n, display_name_label)}</label>
                    <input id="add-name" name="display_name" type="text" required maxlength="100" />
                </div>
                <div class="field">
                    <label for="add-role">{t!(i18n, role_label)}</label>
                    <RoleSelect id="add-role".to_string() selected=Role::Viewer />
                </div>
                <div class="field">
                    <label for="add-password">{t!(i18n, initial_password_label)}</label>
                    <input
                        id="add-password"
                        name="password"
                        type="password"
                        autocomplete="new-password"
                        required
                        minlength=PASSWORD_MIN
                        maxlength=PASSWORD_MAX
                        aria-describedby="add-password-hint"
                    />
                    <p class="hint" id="add-password-hint">{t!(i18n, initial_password_hint)}</p>
                </div>
                <div class="actions">
                    <button type="submit" class="button" disabled=pending>{t!(i18n, add_user_button)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn RoleSelect(id: String, selected: Role) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id=id name="role">
            {Role::ALL
                .iter()
                .copied()
                .map(|r| {
                    view! {
                        <option value=r.as_str() selected=r == selected>
                            {move || role_label(i18n.get_locale(), r)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn UserTable(
    list: Vec<UserDto>,
    set_role: ServerAction<SetUserRole>,
    reset: ServerAction<ResetUserPassword>,
    set_disabled: ServerAction<SetUserDisabled>,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = list.len();
    view! {
        <table class="data-table users" data-testid="users">
            <caption>{move || t_string!(i18n, users_table_caption, count).to_string()}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, col_display_name)}</th>
                    <th scope="col">{t!(i18n, col_email)}</th>
                    <th scope="col">{t!(i18n, col_role)}</th>
                    <th scope="col">{t!(i18n, col_state)}</th>
                    <th scope="col">{t!(i18n, col_last_sign_in)}</th>
                    <th scope="col">{t!(i18n, new_password_label)}</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|u| {
                        let id = u.id.to_string();
                        let version = u.version.to_string();
                        // Each form's children own their copies.
                        let (id2, id3) = (id.clone(), id.clone());
                        let (version2, version3) = (version.clone(), version.clone());
                        let (name, name2, name3) =
                            (u.display_name.clone(), u.display_name.clone(), u.display_name.clone());
                        let role_id = format!("role-{id}");
                        let pw_id = format!("pw-{id}");
                        let last = u.last_sign_in_at;
                        let disabled = u.disabled;
                        view! {
                            <tr data-email=u.email.clone()>
                                <th scope="row">{name}</th>
                                <td class="mono">{u.email.clone()}</td>
                                <td>
                                    <ActionForm action=set_role attr:class="inline-form">
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="version" value=version />
                                        <label class="visually-hidden" for=role_id.clone()>
                                            {t!(i18n, role_label)} " " {name2}
                                        </label>
                                        <RoleSelect id=role_id.clone() selected=u.role />
                                        <button type="submit" class="button button--small">{t!(i18n, save_role)}</button>
                                    </ActionForm>
                                </td>
                                <td>
                                    <ActionForm action=set_disabled attr:class="inline-form">
                                        <input type="hidden" name="id" value=id2 />
                                        <input type="hidden" name="version" value=version2 />
                                        <input type="hidden" name="disabled" value=if disabled { "false" } else { "true" } />
                                        <span class=if disabled { "badge badge--warn" } else { "badge" }>
                                            {move || if disabled { t_string!(i18n, user_disabled) } else { t_string!(i18n, user_active) }}
                                        </span>
                                        " "
                                        <button type="submit" class="button button--small button--secondary">
                                            {move || if disabled { t_string!(i18n, enable_user) } else { t_string!(i18n, disable_user) }}
                                        </button>
                                    </ActionForm>
                                </td>
                                <td>
                                    {move || match last {
                                        Some(t) => format::date_time(i18n.get_locale(), t),
                                        None => t_string!(i18n, date_unknown).to_string(),
                                    }}
                                </td>
                                <td>
                                    <ActionForm action=reset attr:class="inline-form">
                                        <input type="hidden" name="id" value=id3 />
                                        <input type="hidden" name="version" value=version3 />
                                        <label class="visually-hidden" for=pw_id.clone()>
                                            {t!(i18n, new_password_label)} " " {name3}
                                        </label>
                                        <input
                                            id=pw_id.clone()
                                            name="password"
                                            type="password"
                                            autocomplete="new-password"
                                            required
                                            minlength=PASSWORD_MIN
                                            maxlength=PASSWORD_MAX
                                        />
                                        <button type="submit" class="button button--small button--secondary">
                                            {t!(i18n, reset_password_button)}
                                        </button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
