//! The page frame: skip link, header with the main menu and the language switch, footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::auth::{me, SessionUser, SignOut};
use crate::domain::account::{Area, Role};
use crate::error::AppError;
use crate::i18n::*;

/// Bumped after signing in or out, so the header asks again who is signed in.
#[derive(Clone, Copy)]
pub struct AuthVersion(pub RwSignal<u32>);

/// Who is signed in, for pages that offer actions only to some roles. The server checks every
/// action again; this only decides what is shown.
#[derive(Clone, Copy)]
pub struct Viewer(pub Resource<Result<Option<SessionUser>, AppError>>);

/// Show `children` only to a signed-in user whose role may write records of `area`.
#[component]
pub fn IfMay(area: Area, children: ChildrenFn) -> impl IntoView {
    let viewer = use_context::<Viewer>();
    view! {
        <Transition fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    let may = match viewer {
                        Some(v) => matches!(v.0.await, Ok(Some(u)) if u.role.may(area)),
                        None => false,
                    };
                    may.then(|| children())
                })
            }}
        </Transition>
    }
}

pub fn role_label(l: Locale, r: Role) -> &'static str {
    match r {
        Role::Admin => td_string!(l, role.admin),
        Role::Staff => td_string!(l, role.staff),
        Role::Coordinator => td_string!(l, role.coordinator),
        Role::Viewer => td_string!(l, role.viewer),
    }
}

/// Percent-encode a query-string value (keeps unreserved characters and `/`).
pub fn encode_query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The current path with its query string (Leptos gives the search without its `?`).
pub fn current_path(pathname: String, search: String) -> String {
    match search.as_str() {
        "" | "?" => pathname,
        s if s.starts_with('?') => format!("{pathname}{s}"),
        s => format!("{pathname}?{s}"),
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // The switch is a plain link to a server route that sets the cookie and comes back here,
    // so it works without JavaScript too.
    let switch_href = move || {
        let target = match i18n.get_locale() {
            Locale::ja => "en",
            Locale::en => "ja",
        };
        let back = current_path(location.pathname.get(), location.search.get());
        format!("/lang/{target}?back={}", encode_query_value(&back))
    };
    let auth_version = AuthVersion(RwSignal::new(0));
    provide_context(auth_version);
    let sign_out = ServerAction::<SignOut>::new();
    let user = Resource::new(
        move || (auth_version.0.get(), sign_out.version().get()),
        |_| me(),
    );
    provide_context(Viewer(user));
    let sign_in_href = move || {
        let here = current_path(location.pathname.get(), location.search.get());
        if location.pathname.get() == "/sign-in" {
            "/sign-in".to_string()
        } else {
            format!("/sign-in?next={}", encode_query_value(&here))
        }
    };
    let switch_lang = move || match i18n.get_locale() {
        Locale::ja => "en",
        Locale::en => "ja",
    };
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-header__brand" href="/ventures">
                    <span class="site-header__org">{t!(i18n, app_org)}</span>
                    <span class="site-header__name">{t!(i18n, app_title)}</span>
                </a>
                <nav class="site-nav" aria-label=move || t_string!(i18n, nav_main)>
                    <ul>
                        <li>
                            <a href="/ventures">{t!(i18n, nav_ventures)}</a>
                        </li>
                        <li>
                            <a href="/dashboard" data-testid="nav-dashboard">{t!(i18n, nav_dashboard)}</a>
                        </li>
                        <li>
                            <a href="/board" data-testid="nav-board">{t!(i18n, nav_board)}</a>
                        </li>
                        <li>
                            <a href="/rink" data-testid="nav-rink">{t!(i18n, nav_rink)}</a>
                        </li>
                        <li>
                            <a href="/funds" data-testid="nav-funds">{t!(i18n, nav_funds)}</a>
                        </li>
                        <IfMay area=Area::SupportLogs>
                            <li>
                                <a href="/follow-ups" data-testid="nav-follow-ups">{t!(i18n, nav_follow_ups)}</a>
                            </li>
                        </IfMay>
                        <IfMay area=Area::Administration>
                            <li>
                                <a href="/admin/users" data-testid="nav-users">{t!(i18n, nav_admin_users)}</a>
                            </li>
                            <li>
                                <a href="/admin/audit" data-testid="nav-audit">{t!(i18n, nav_admin_audit)}</a>
                            </li>
                        </IfMay>
                    </ul>
                </nav>
                <div class="account" data-testid="account">
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            match user.await {
                                Ok(Some(u)) => {
                                    let name = u.display_name.clone();
                                    view! {
                                        <span class="account__name">
                                            {move || t_string!(i18n, signed_in_as, name = name.clone(), role = role_label(i18n.get_locale(), u.role))}
                                        </span>
                                        <a href="/account/tokens" class="account__tokens" data-testid="nav-tokens">{t!(i18n, tokens.nav)}</a>
                                        <ActionForm action=sign_out attr:class="account__sign-out">
                                            <button type="submit" class="link-button">{t!(i18n, nav_sign_out)}</button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                }
                                _ => view! { <a href=sign_in_href>{t!(i18n, nav_sign_in)}</a> }.into_any(),
                            }
                        })}
                    </Transition>
                </div>
                <a
                    class="lang-switch"
                    rel="external"
                    href=switch_href
                    hreflang=switch_lang
                    lang=switch_lang
                    aria-label=move || t_string!(i18n, lang_switch_label)
                    data-testid="lang-switch"
                >
                    {t!(i18n, lang_switch)}
                </a>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{t!(i18n, app_org)} " · " {t!(i18n, footer_note)}</p>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::{current_path, encode_query_value};

    #[test]
    fn current_path_keeps_the_query() {
        assert_eq!(
            current_path("/ventures".into(), "hub=ksp".into()),
            "/ventures?hub=ksp"
        );
        assert_eq!(
            current_path("/ventures".into(), "?hub=ksp".into()),
            "/ventures?hub=ksp"
        );
        assert_eq!(current_path("/ventures".into(), "".into()), "/ventures");
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            encode_query_value("/ventures?q=セル&hub=ksp"),
            "/ventures%3Fq%3D%E3%82%BB%E3%83%AB%26hub%3Dksp"
        );
    }
}
