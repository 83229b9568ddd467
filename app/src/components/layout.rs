//! The page frame: skip link, header with the main menu and the language switch, footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::*;

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
        let back = format!("{}{}", location.pathname.get(), location.search.get());
        format!("/lang/{target}?back={}", encode_query_value(&back))
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
                    </ul>
                </nav>
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
    use super::encode_query_value;

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            encode_query_value("/ventures?q=セル&hub=ksp"),
            "/ventures%3Fq%3D%E3%82%BB%E3%83%AB%26hub%3Dksp"
        );
    }
}
