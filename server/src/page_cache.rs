//! Rendered pages kept per data version.
//!
//! A read page (the ventures list, a venture, the dashboard, …) is a function of the data, the
//! URL, the signed-in user, the chosen language and today's date in Japan. Every audited write
//! raises the data version (`app::ssr::memo`), so a page rendered after reading version *v*
//! stays right for as long as the version is *v*: a second look costs the version read and a
//! copy of the bytes instead of a server-side render (about 1–2 ms of CPU for a page at
//! national scale, most of it Leptos's rendering and its hydration data).
//!
//! Only the pages in [`cacheable`] are kept: pages whose content follows from audited data alone.
//! The audit log (sign-ins are not a change of data), the API tokens page (its "last used" is
//! not audited), the forms and the sign-in page are rendered every time.
//!
//! Each response still gets its own Content-Security-Policy nonce: the stored page remembers
//! where its nonce stands, and every copy handed out has a fresh one written there (same length,
//! in place), in the body and in the policy header alike.
//!
//! A request with `Cache-Control: no-cache` (a browser's hard reload) is rendered afresh, and
//! its page replaces the stored one.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use moka::future::Cache;

use app::ssr::memo;
use app::ssr::state::AppState;

/// What the stored pages may weigh in all (their bodies' bytes).
const CAPACITY_BYTES: u64 = 32 * 1024 * 1024;
/// A page larger than this is served but not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// A bound on how long an unused page is kept (a write makes the old ones unreachable).
const IDLE: Duration = Duration::from_secs(10 * 60);

/// Whether the page at `path` is kept: the read pages whose content follows from audited data.
pub fn cacheable(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["ventures"] | ["board"] | ["dashboard"] | ["dashboard", "report"] => true,
        ["ventures", id] => !matches!(*id, "new" | "import"),
        ["funds"] | ["funds", _] => true,
        ["rink"] | ["rink", _] => true,
        ["notifications"] | ["follow-ups"] => true,
        _ => false,
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Key {
    version: i64,
    user: String,
    /// The first `Cookie` header as sent: the renderer reads the language from it (leptos-use
    /// reads that header only, and its last `lang`), so keying on the header itself cannot
    /// disagree with the language a page was rendered in.
    cookies: String,
    today: chrono::NaiveDate,
    path_and_query: String,
}

/// A rendered page (a 200): its headers, its body, and where its nonce stands.
#[derive(Debug)]
struct Page {
    headers: HeaderMap,
    body: Bytes,
    /// The nonce it was rendered with (empty when the page has none) and its places in the body.
    nonce: String,
    at: Vec<usize>,
}

impl Page {
    /// A copy of the page with a fresh nonce in the body and the policy.
    fn response(&self) -> Response {
        let mut headers = self.headers.clone();
        let body = if self.nonce.is_empty() {
            self.body.clone()
        } else {
            // Same length as the stored one: `render` keeps only such pages.
            let fresh = leptos::nonce::Nonce::new();
            let fresh: &str = &fresh;
            let mut body = self.body.to_vec();
            for &i in &self.at {
                body[i..i + fresh.len()].copy_from_slice(fresh.as_bytes());
            }
            if let Some(csp) = headers
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.replace(&self.nonce, fresh))
                .and_then(|v| HeaderValue::from_str(&v).ok())
            {
                headers.insert(header::CONTENT_SECURITY_POLICY, csp);
            }
            Bytes::from(body)
        };
        let mut res = Response::new(Body::from(body));
        *res.headers_mut() = headers;
        res
    }
}

/// The nonce named by a Content-Security-Policy (`'nonce-…'`).
fn policy_nonce(headers: &HeaderMap) -> Option<String> {
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    Some(csp[start..start + len].to_string())
}

/// The pages of one server process (cheap to clone: shared).
#[derive(Clone)]
pub struct PageCache {
    state: AppState,
    pages: Cache<Key, Arc<Page>>,
}

impl PageCache {
    pub fn new(state: AppState) -> Self {
        PageCache {
            state,
            pages: Cache::builder()
                .max_capacity(CAPACITY_BYTES)
                .weigher(|_, page: &Arc<Page>| u32::try_from(page.body.len()).unwrap_or(u32::MAX))
                .time_to_idle(IDLE)
                .build(),
        }
    }

    /// The key of a request for a kept page, or `None` when nobody is signed in.
    async fn key(&self, asked: Asked) -> Option<Key> {
        let user: String = asked
            .session
            .get(app::ssr::session_store::USER_ID_KEY)
            .await
            .ok()??;
        let version = memo::version(&self.state.db).await.ok()?;
        Some(Key {
            version,
            user,
            cookies: asked.cookies,
            today: self.state.clock.today(),
            path_and_query: asked.path_and_query,
        })
    }
}

/// What the key is made of, taken from a GET of a kept page (a request is not `Sync`, so it is
/// read before the first await).
struct Asked {
    session: tower_sessions::Session,
    path_and_query: String,
    cookies: String,
}

impl Asked {
    fn of(req: &Request) -> Option<Asked> {
        if req.method() != Method::GET || !cacheable(req.uri().path()) {
            return None;
        }
        Some(Asked {
            session: req.extensions().get::<tower_sessions::Session>()?.clone(),
            path_and_query: req.uri().path_and_query()?.as_str().to_string(),
            cookies: req
                .headers()
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string(),
        })
    }
}

fn no_cache(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',')
                .any(|d| d.trim().eq_ignore_ascii_case("no-cache"))
        })
}

/// The middleware: answer from the stored page, or render and keep what may be kept.
///
/// Concurrent looks at a page that is not kept yet wait for one render (the first look after a
/// write, when many people have the dashboard open): one render's work and memory instead of one
/// per request.
pub async fn serve(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    let Some(asked) = Asked::of(&req) else {
        return next.run(req).await;
    };
    let Some(key) = cache.key(asked).await else {
        return next.run(req).await;
    };
    if no_cache(req.headers()) {
        return match render(req, next).await {
            Ok(page) => {
                let page = Arc::new(page);
                cache.pages.insert(key, page.clone()).await;
                page.response()
            }
            Err(res) => res,
        };
    }
    // The request goes to whichever of the waiting looks renders; a render that may not be kept
    // is that look's own answer, and every other look then renders its own.
    let work = Arc::new(Mutex::new(Some((req, next))));
    let own: Arc<Mutex<Option<Response>>> = Arc::default();
    let kept = cache
        .pages
        .try_get_with(key, {
            let (work, own) = (work.clone(), own.clone());
            async move {
                let (req, next) = take(&work).ok_or(NotKept)?;
                match render(req, next).await {
                    Ok(page) => Ok(Arc::new(page)),
                    Err(res) => {
                        *lock(&own) = Some(res);
                        Err(NotKept)
                    }
                }
            }
        })
        .await;
    if let Ok(page) = kept {
        return page.response();
    }
    let rendered = lock(&own).take();
    let unsent = take(&work);
    match (rendered, unsent) {
        (Some(res), _) => res,
        (None, Some((req, next))) => next.run(req).await,
        (None, None) => {
            tracing::error!("a page look lost its request");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A render that may not be kept (answered as it is).
#[derive(Debug)]
struct NotKept;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn take(work: &Mutex<Option<(Request, Next)>>) -> Option<(Request, Next)> {
    lock(work).take()
}

/// Render the page: the page to keep, or the response when it may not be kept (not a 200 HTML
/// page, a cookie set, too large, a nonce of another length).
async fn render(req: Request, next: Next) -> Result<Page, Response> {
    let res = next.run(req).await;
    let keep = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !keep {
        return Err(res);
    }
    let (parts, body) = res.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(%e, "reading a rendered page");
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    let nonce = policy_nonce(&parts.headers).unwrap_or_default();
    // A copy's fresh nonce is written over the stored one in place, so it must be as long.
    let nonce_fits = nonce.is_empty() || nonce.len() == leptos::nonce::Nonce::new().len();
    if body.len() > MAX_PAGE_BYTES || !nonce_fits {
        return Err(Response::from_parts(parts, Body::from(body)));
    }
    let at = if nonce.is_empty() {
        Vec::new()
    } else {
        memchr::memmem::find_iter(&body, nonce.as_bytes()).collect()
    };
    Ok(Page {
        headers: parts.headers,
        body,
        nonce,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_read_pages_are_kept_and_the_others_not() {
        for kept in [
            "/ventures",
            "/ventures/01a2344c-caff-7742-970b-26bcc61a26ca",
            "/dashboard",
            "/dashboard/report",
            "/board",
            "/funds",
            "/funds/supports",
            "/rink",
            "/rink/free_treatment",
            "/notifications",
            "/follow-ups",
        ] {
            assert!(cacheable(kept), "{kept}");
        }
        for not in [
            "/",
            "/sign-in",
            "/ventures/new",
            "/ventures/import",
            "/ventures/01a2344c-caff-7742-970b-26bcc61a26ca/edit",
            "/ventures/export/ventures.csv",
            "/admin/audit",
            "/admin/users",
            "/account/tokens",
            "/dashboard/export/funnel.csv",
            "/api/ventures/list",
        ] {
            assert!(!cacheable(not), "{not}");
        }
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'nonce-AbC_12-x' 'wasm-unsafe-eval'",
            ),
        );
        assert_eq!(policy_nonce(&h).as_deref(), Some("AbC_12-x"));
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'"),
        );
        assert_eq!(policy_nonce(&h), None);
    }

    #[test]
    fn a_copy_carries_a_fresh_nonce_everywhere_the_old_one_stood() {
        let old = "AAAAAAAAAAAAAAAAAAAAAA";
        let body = format!("<script nonce=\"{old}\">a</script><script nonce=\"{old}\">b</script>");
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&format!("script-src 'nonce-{old}'")).unwrap(),
        );
        let at: Vec<usize> = memchr::memmem::find_iter(body.as_bytes(), old.as_bytes()).collect();
        assert_eq!(at.len(), 2);
        let page = Page {
            headers,
            body: Bytes::from(body.clone()),
            nonce: old.to_string(),
            at,
        };
        let a = page.response();
        let b = page.response();
        let nonce_a = policy_nonce(a.headers()).unwrap();
        let nonce_b = policy_nonce(b.headers()).unwrap();
        assert_ne!(nonce_a, old);
        assert_ne!(nonce_a, nonce_b, "each copy has its own");
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let text = rt.block_on(async {
            let bytes = axum::body::to_bytes(a.into_body(), usize::MAX)
                .await
                .unwrap();
            String::from_utf8(bytes.to_vec()).unwrap()
        });
        assert_eq!(text, body.replace(old, &nonce_a));
        assert!(!text.contains(old));
    }

    #[test]
    fn no_cache_is_one_directive_among_others() {
        let mut h = HeaderMap::new();
        assert!(!no_cache(&h));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=0"));
        assert!(!no_cache(&h));
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("max-age=0, No-Cache"),
        );
        assert!(no_cache(&h));
    }
}
