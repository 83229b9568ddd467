//! Server wiring shared by the binary and the integration tests: migrations, the axum router.

use std::net::SocketAddr;

use anyhow::Context;
use axum::{response::Redirect, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sea_orm_migration::MigratorTrait;
use tower_http::services::ServeDir;

use app::ssr::{db::Db, state::AppState};
use app::{shell, App};
use migration::Migrator;

pub use app::domain::clock::Clock;

pub mod api_v1;
pub mod backup;
pub mod bench_queries;
pub mod page_cache;
pub mod precompress;

/// Apply every pending migration.
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    Migrator::up(db.write(), None)
        .await
        .context("applying migrations")?;
    Ok(())
}

/// Roll back the last `n` migrations.
pub async fn migrate_down(db: &Db, n: u32) -> anyhow::Result<()> {
    Migrator::down(db.write(), Some(n))
        .await
        .context("rolling back migrations")?;
    Ok(())
}

/// The whole application as an axum router (pages, server functions, static files, 404).
pub fn router(state: AppState) -> Router {
    // Generated once per process: while a route list is being generated Leptos suppresses
    // resource loading process-wide, so generating it again beside a live render would stall
    // that render (leptos-rs/leptos#4773).
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(App)).clone();
    let ctx_state = state.clone();
    let context = move || provide_context(ctx_state.clone());
    let opts = state.leptos_options.clone();
    let pkg_dir = opts.site_pkg_dir.trim_matches('/').to_string();
    let pkg_path = std::path::Path::new(opts.site_root.as_ref()).join(&pkg_dir);
    // Sessions live in the app's own database: they survive a restart and every server process
    // sharing the database sees them. HttpOnly, SameSite=Lax, Secure when the public address is
    // https, and they end after 8 hours without activity.
    let secure = std::env::var("TRACKER_PUBLIC_URL").is_ok_and(|u| u.starts_with("https://"));
    let sessions = tower_sessions::SessionManagerLayer::new(
        app::ssr::session_store::DbSessionStore::new(state.db.clone()),
    )
    .with_name("sid")
    .with_http_only(true)
    .with_same_site(tower_sessions::cookie::SameSite::Lax)
    .with_secure(secure)
    .with_expiry(tower_sessions::Expiry::OnInactivity(
        tower_sessions::cookie::time::Duration::hours(8),
    ));
    Router::new()
        .route("/", get(|| async { Redirect::to("/ventures") }))
        .route("/healthz", get(|| async { "ok" }))
        .route("/lang/{code}", get(switch_language))
        .route(
            "/ventures/export/{file}",
            get(app::ssr::exchange::export_handler),
        )
        .route(
            "/rink/export/{file}",
            get(app::ssr::support::export_handler),
        )
        .route("/funds/export/{file}", get(app::ssr::funds::export_handler))
        .route(
            "/dashboard/export/funnel.csv",
            get(app::ssr::dashboard_funnel::export_handler),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(opts.clone()))
        // Read pages kept per data version, for the signed-in user (inside the sign-in check).
        .route_layer(axum::middleware::from_fn_with_state(
            page_cache::PageCache::new(state.clone()),
            page_cache::serve,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_sign_in,
        ))
        // The open JSON API: bearer tokens, not sessions (its own authorisation per route).
        .merge(api_v1::router().0)
        // The bundle, gzipped once at start where `precompress` has written it.
        .nest_service(
            &format!("/{pkg_dir}"),
            ServeDir::new(pkg_path).precompressed_gzip(),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(sessions)
        .layer(axum::middleware::from_fn(same_origin_only))
        .layer(axum::middleware::map_response(security_headers))
        .layer(axum::middleware::map_response(server_fn_status))
        // The fastest level: at the default level, compressing pages was about 30 % of the
        // server's CPU under load (make bench's profile); level 1 costs a few percent in size.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Fastest),
        )
        .with_state(state)
}

/// Pages are for signed-in users: anyone else asking for one is sent to sign in, and comes back
/// to the same page (path and query) afterwards. Server functions check for themselves (401/403).
async fn require_sign_in(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::Method;
    let path = req.uri().path();
    let open = !matches!(*req.method(), Method::GET | Method::HEAD)
        || matches!(path, "/" | "/sign-in" | "/healthz")
        || path.starts_with("/api/")
        || path.starts_with("/lang/");
    if open {
        return next.run(req).await;
    }
    let Some(session) = req.extensions().get::<tower_sessions::Session>().cloned() else {
        tracing::error!("the session layer is missing");
        return http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match app::ssr::auth::session_user(&state.db, &session).await {
        Ok(Some(_)) => next.run(req).await,
        Ok(None) => {
            let here = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/ventures");
            let to = format!(
                "/sign-in?next={}",
                app::components::layout::encode_query_value(here)
            );
            Redirect::to(&to).into_response()
        }
        Err(_) => http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Server functions answer every error with 500 in Leptos 0.8, including errors raised before
/// the function body runs (arguments that do not decode). Give each `AppError` its real status.
async fn server_fn_status(res: axum::response::Response) -> axum::response::Response {
    use axum::body::Body;
    if res.status() != http::StatusCode::INTERNAL_SERVER_ERROR
        || !res
            .headers()
            .contains_key(server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = err.status();
    }
    axum::response::Response::from_parts(parts, Body::from(bytes))
}

/// State-changing requests (anything but GET, HEAD, OPTIONS) must come from the site itself:
/// their `Origin` (or, without one, their `Referer`) must name this host — the request's own
/// `Host`, or `TRACKER_PUBLIC_URL` behind a proxy. Browsers always send `Origin` on POST, so a
/// page on another site cannot make a signed-in user's browser change anything here.
async fn same_origin_only(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::{header, Method};
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let h = req.headers();
    let mut allowed: Vec<String> = Vec::new();
    if let Some(host) = h.get(header::HOST).and_then(|v| v.to_str().ok()) {
        allowed.push(format!("http://{host}"));
        allowed.push(format!("https://{host}"));
    }
    if let Ok(public) = std::env::var("TRACKER_PUBLIC_URL") {
        allowed.push(public.trim_end_matches('/').to_string());
    }
    let ok = match h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => allowed.iter().any(|a| a == origin),
        None => match h.get(header::REFERER).and_then(|v| v.to_str().ok()) {
            Some(referer) => allowed.iter().any(|a| {
                referer == a
                    || referer
                        .strip_prefix(a.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            }),
            // No Origin and no Referer: not a browser form or fetch (a script, a test client).
            None => h
                .get("sec-fetch-site")
                .and_then(|v| v.to_str().ok())
                .is_none_or(|v| v == "same-origin" || v == "none"),
        },
    };
    if ok {
        next.run(req).await
    } else {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-origin request refused");
        (http::StatusCode::FORBIDDEN, "cross-origin request refused").into_response()
    }
}

/// Headers for every response. Pages carry their own Content-Security-Policy with the
/// per-request nonce of the hydration script (see `app::shell`); everything else gets a strict
/// default.
async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    use http::{header, HeaderValue};
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        );
    }
    res
}

#[derive(serde::Deserialize)]
struct Back {
    back: Option<String>,
}

/// Choose the UI language: sets the cookie for a year and returns to the page the user was on.
/// A plain link, so it works without JavaScript; only local paths are accepted as `back`.
async fn switch_language(
    axum::extract::Path(code): axum::extract::Path<String>,
    axum::extract::Query(q): axum::extract::Query<Back>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let lang = match code.as_str() {
        "ja" | "en" => code,
        _ => return (http::StatusCode::NOT_FOUND, "unknown language").into_response(),
    };
    let back = app::api::auth::safe_next(q.back.as_deref().unwrap_or_default());
    let cookie = format!(
        "{}={lang}; Path=/; Max-Age=31536000; SameSite=Lax",
        app::app::LANG_COOKIE
    );
    ([(http::header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// Serve until Ctrl-C / SIGTERM.
pub async fn serve(db: Db, addr: Option<SocketAddr>) -> anyhow::Result<()> {
    let conf = get_configuration(None).context("reading the Leptos configuration")?;
    let mut leptos_options = conf.leptos_options;
    if let Some(addr) = addr {
        leptos_options.site_addr = addr;
    }
    let addr = leptos_options.site_addr;
    // Expired sessions are removed hourly (they are already refused when loaded).
    let store = app::ssr::session_store::DbSessionStore::new(db.clone());
    tokio::spawn(async move {
        use tower_sessions::ExpiredDeletion;
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(%e, "removing expired sessions");
            }
        }
    });
    // Gzip the static files in the background: the server answers at once, compressing on the
    // fly until a file's `.gz` is written.
    let site = std::path::PathBuf::from(leptos_options.site_root.as_ref());
    tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        match precompress::precompress(&site) {
            Ok(n) => {
                tracing::info!(files = n, elapsed = ?started.elapsed(), "static files gzipped")
            }
            Err(e) => tracing::warn!(%e, site = %site.display(), "gzipping the static files"),
        }
    });
    let state = AppState::new(db, leptos_options, Clock::system());
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!("listening on http://{addr}");
    // No Nagle delay: a response written in two parts (head, then a file's body) would otherwise
    // wait for the client's delayed ACK, about 40 ms on Linux loopback.
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(%e, "setting TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving")?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
