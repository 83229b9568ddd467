//! The HTML shell, the router and the page frame.

use leptos::prelude::*;
use leptos_i18n::context::{CookieOptions, UseLocalesOptions};
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::layout::Layout;
use crate::i18n::*;
use crate::pages::{
    admin_audit::AuditPageView,
    admin_users::UsersPage,
    api_tokens::ApiTokensPage,
    board::BoardPage,
    dashboard::DashboardPage,
    dashboard_report::DashboardReportPage,
    follow_ups::FollowUpsPage,
    fund_records::FundRecordsPage,
    funds::{FundPageView, FundsPage},
    import::ImportPage,
    not_found::NotFound,
    notifications::NotificationsPage,
    rink::RinkPage,
    rink_group::RinkGroupPage,
    rink_support::RinkSupportPage,
    sign_in::SignInPage,
    venture::VenturePage,
    venture_form::{EditVenturePage, NewVenturePage},
    ventures::VenturesPage,
};

/// The name of the cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "lang";

pub fn shell(options: LeptosOptions) -> impl IntoView {
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from this site or with this response's
/// nonce (Leptos puts it on its hydration script), wasm allowed to compile, no inline styles, no
/// framing.
fn set_content_security_policy() {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        );
        if let Ok(value) = http::HeaderValue::from_str(&csp) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Japanese by default, whatever the browser's Accept-Language says: the language changes
    // only by the user's choice, kept in a cookie for a year. Only `/lang/{code}` sets it on the
    // server: a page never answers with a Set-Cookie of its own (so it can be kept, see the
    // server's page cache).
    let cookie_options = CookieOptions::<Locale>::default()
        .path("/")
        .max_age(365_i64 * 24 * 60 * 60 * 1000)
        .ssr_set_cookie(|_| {});
    let no_accept_language = UseLocalesOptions::default().ssr_lang_header_getter(|| None);

    view! {
        <I18nContextProvider
            cookie_name=LANG_COOKIE
            cookie_options=cookie_options
            ssr_lang_header_getter=no_accept_language
        >
            <Stylesheet id="leptos" href="/pkg/tracker.css" />
            <AppTitle />
            <Router>
                <Layout>
                    <Routes fallback=NotFound>
                        <Route path=path!("/ventures") view=VenturesPage ssr=SsrMode::Async />
                        <Route path=path!("/board") view=BoardPage ssr=SsrMode::Async />
                        <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async />
                        <Route path=path!("/dashboard/report") view=DashboardReportPage ssr=SsrMode::Async />
                        <Route path=path!("/funds") view=FundsPage ssr=SsrMode::Async />
                        <Route path=path!("/funds/supports") view=FundRecordsPage ssr=SsrMode::Async />
                        <Route path=path!("/funds/:code") view=FundPageView ssr=SsrMode::Async />
                        <Route path=path!("/ventures/new") view=NewVenturePage ssr=SsrMode::Async />
                        <Route path=path!("/ventures/import") view=ImportPage ssr=SsrMode::Async />
                        <Route path=path!("/ventures/:id") view=VenturePage ssr=SsrMode::Async />
                        <Route path=path!("/ventures/:id/edit") view=EditVenturePage ssr=SsrMode::Async />
                        <Route path=path!("/rink") view=RinkPage ssr=SsrMode::Async />
                        <Route path=path!("/rink/support") view=RinkSupportPage ssr=SsrMode::Async />
                        <Route path=path!("/rink/:code") view=RinkGroupPage ssr=SsrMode::Async />
                        <Route path=path!("/follow-ups") view=FollowUpsPage ssr=SsrMode::Async />
                        <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                        <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/audit") view=AuditPageView ssr=SsrMode::Async />
                        <Route path=path!("/account/tokens") view=ApiTokensPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    // Titles are plain strings, never reactive closures: leptos_meta renders the <title> after the
    // body, when the owners of the page's signals may already be gone (changing the language is a
    // full page load anyway).
    let app: &'static str = tu_string!(i18n, app_short);
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { app.to_string() } else { format!("{page} | {app}") }
        } />
    }
}
