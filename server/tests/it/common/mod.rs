//! Test databases: each SQLite test on its own temporary file, each PostgreSQL test in its own
//! schema (dropped afterwards). PostgreSQL tests live in modules named `postgres`; they need
//! `TEST_POSTGRES_URL` (make test skips them, saying so, when it is not set).
#![allow(dead_code)]

pub mod fixtures;
pub mod process;

use app::domain::clock::Clock;
use app::ssr::{db::Db, state::AppState};
use sea_orm::{ConnectionTrait, Database};

/// The whole application over `db`, with the clock fixed on 2026-11-25 (Japan).
pub fn test_router(db: &Db) -> axum::Router {
    test_router_on(db, "target/site")
}

/// [`test_router`] serving the static files under `site_root`.
pub fn test_router_on(db: &Db, site_root: &str) -> axum::Router {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
    router_with(db, site_root, Clock::fixed_on(today))
}

/// [`test_router`] on `clock` (keep a clone to move the server's time).
pub fn test_router_with_clock(db: &Db, clock: Clock) -> axum::Router {
    router_with(db, "target/site", clock)
}

fn router_with(db: &Db, site_root: &str, clock: Clock) -> axum::Router {
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("tracker")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .build();
    server::router(AppState::new(db.clone(), options, clock))
}

/// One multi-threaded runtime for every database test of a binary, as in the server (rendering
/// work is spawned on the current runtime; tests should exercise it the way production does).
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("test runtime")
    })
}

/// Server errors are logged, not returned: show them in the output of a failing test.
pub fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter("warn,sqlx=error")
        .with_test_writer()
        .try_init();
}

pub struct TestDb {
    pub db: Db,
    /// How to connect again (a "restarted server"): the URL and, for PostgreSQL, the schema.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// A migrated SQLite database in a fresh temporary file.
    pub async fn sqlite() -> Self {
        init_logging();
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("connect sqlite");
        server::migrate(&db).await.expect("migrate sqlite");
        TestDb {
            db,
            url,
            _dir: Some(dir),
            pg: None,
        }
    }

    /// A migrated PostgreSQL schema of its own. Panics when TEST_POSTGRES_URL is not set: the
    /// Makefile only runs these tests when it is.
    pub async fn postgres() -> Self {
        init_logging();
        let url = std::env::var("TEST_POSTGRES_URL")
            .expect("TEST_POSTGRES_URL must be set for the PostgreSQL tests");
        let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
        let admin = Database::connect(&url).await.expect("connect postgres");
        admin
            .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
            .await
            .expect("create schema");
        admin.close().await.ok();
        let db = Db::connect_with_schema(&url, Some(&schema))
            .await
            .expect("connect schema");
        server::migrate(&db).await.expect("migrate postgres");
        TestDb {
            db,
            url: url.clone(),
            _dir: None,
            pg: Some((url, schema)),
        }
    }

    /// The database URL for a server process of its own: on PostgreSQL with this test's schema
    /// as its `search_path`.
    pub fn server_url(&self) -> String {
        match &self.pg {
            None => self.url.clone(),
            Some((url, schema)) => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}options=-c%20search_path%3D{schema}")
            }
        }
    }

    /// The PostgreSQL schema of this test (`None` on SQLite).
    pub fn schema(&self) -> Option<&str> {
        self.pg.as_ref().map(|(_, s)| s.as_str())
    }

    /// A second, independent connection pool to the same database.
    pub async fn reconnect(&self) -> Db {
        let schema = self.pg.as_ref().map(|(_, s)| s.as_str());
        Db::connect_with_schema(&self.url, schema)
            .await
            .expect("reconnect")
    }

    /// Close the connections and drop the PostgreSQL schema.
    pub async fn finish(self) {
        let TestDb { db, _dir, pg, .. } = self;
        db.close().await;
        if let Some((url, schema)) = pg {
            if let Ok(admin) = Database::connect(&url).await {
                let _ = admin
                    .execute_unprepared(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                    .await;
                let _ = admin.close().await;
            }
        }
    }
}

/// Run `body` on the database `make` creates, in a task of its own, then clean the database up
/// (also when the body panics: the panic is passed on afterwards).
pub fn run_on<Fut>(
    make: impl std::future::Future<Output = TestDb>,
    body: impl FnOnce(std::sync::Arc<TestDb>) -> Fut,
) where
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    runtime().block_on(async {
        let t = std::sync::Arc::new(make.await);
        let outcome = tokio::spawn(body(t.clone())).await;
        if let Ok(t) = std::sync::Arc::try_unwrap(t) {
            t.finish().await;
        }
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    })
}

/// As [`db_tests!`], for tests that need the whole [`TestDb`] (its URL, to start a server
/// process or replace the database): `async fn name(t: Arc<TestDb>)`.
#[macro_export]
macro_rules! test_db_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    $crate::common::run_on($crate::common::TestDb::sqlite(), super::$name)
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    $crate::common::run_on($crate::common::TestDb::postgres(), super::$name)
                }
            )*
        }
    };
}

/// Declare database tests once and run each on SQLite and on PostgreSQL:
/// `db_tests!(name1, name2)` where `async fn name1(db: &Db)` exists in the calling module.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    $crate::common::runtime().block_on(async {
                    let t = $crate::common::TestDb::sqlite().await;
                    let db = t.db.clone();
                    // Run the body in its own task so the database is cleaned up even when it fails.
                    let outcome = tokio::spawn(async move { super::$name(&db).await }).await;
                    t.finish().await;
                    if let Err(e) = outcome {
                        std::panic::resume_unwind(e.into_panic());
                    }
                    })
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    $crate::common::runtime().block_on(async {
                    let t = $crate::common::TestDb::postgres().await;
                    let db = t.db.clone();
                    // Run the body in its own task so the database is cleaned up even when it fails.
                    let outcome = tokio::spawn(async move { super::$name(&db).await }).await;
                    t.finish().await;
                    if let Err(e) = outcome {
                        std::panic::resume_unwind(e.into_panic());
                    }
                    })
                }
            )*
        }
    };
}

/// The password of every account the tests create.
pub const TEST_PASSWORD: &str = "correct horse battery";

/// Percent-encode a form value.
pub fn form_value(s: &str) -> String {
    app::components::layout::encode_query_value(s)
}

/// An answer from the application: status, headers, body.
pub struct Answer {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

/// Send one request through the whole application (within 10 s).
pub async fn send(db: &Db, req: http::Request<axum::body::Body>) -> Answer {
    through(&test_router(db), req).await
}

/// Send one request through an already built router (within 10 s): its state, the memo
/// included, lives as long as the router.
pub async fn through(router: &axum::Router, req: http::Request<axum::body::Body>) -> Answer {
    use tower::ServiceExt;
    let uri = req.uri().clone();
    let res = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        router.clone().oneshot(req),
    )
    .await
    .unwrap_or_else(|_| panic!("no response within 10 s: {uri}"))
    .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 10 << 20)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// A server-function call as the browser makes it (form-encoded POST from the site itself),
/// with the session cookie if any.
pub fn call(path: &str, body: &str, cookie: Option<&str>) -> http::Request<axum::body::Body> {
    use http::header;
    let mut req = http::Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(axum::body::Body::from(body.to_string())).unwrap()
}

/// Create an account (password [`TEST_PASSWORD`]), made from the command line (no actor).
pub async fn account(
    db: &Db,
    email: &str,
    name: &str,
    role: app::domain::account::Role,
) -> entity::users::Model {
    app::ssr::users::create(
        db,
        None,
        app::ssr::users::NewUser {
            email,
            display_name: name,
            role,
            password: TEST_PASSWORD,
        },
        chrono::Utc::now(),
    )
    .await
    .expect("a test account")
}

/// Create an account with `role` and sign it in; returns its e-mail and the session cookie
/// (`sid=…`).
pub async fn sign_in_as(db: &Db, role: app::domain::account::Role) -> (String, String) {
    let email = format!(
        "{}-{}@test.example.jp",
        role.as_str(),
        uuid::Uuid::now_v7().simple()
    );
    account(db, &email, &format!("{} tester", role.as_str()), role).await;
    let body = format!(
        "email={}&password={}&next=%2F",
        form_value(&email),
        form_value(TEST_PASSWORD)
    );
    let a = send(db, call("/api/auth/sign_in", &body, None)).await;
    assert_eq!(a.status, http::StatusCode::OK, "signing in: {}", a.body);
    let cookie = a
        .headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sid="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();
    (email, cookie)
}

/// A signed-in page request (HTML), as a browser sends it.
pub fn page(path: &str, sid: &str) -> http::Request<axum::body::Body> {
    http::Request::builder()
        .uri(path)
        .header(http::header::ACCEPT, "text/html")
        .header(http::header::COOKIE, sid)
        .body(axum::body::Body::empty())
        .unwrap()
}

/// The SQL statements one request issues (it must answer 200), and the answer's body.
pub async fn statements(db: &Db, req: http::Request<axum::body::Body>) -> (Vec<String>, String) {
    let uri = req.uri().to_string();
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let logged = db.with_statement_log(log.clone());
    let a = send(&logged, req).await;
    assert_eq!(a.status, http::StatusCode::OK, "{uri}: {}", a.body);
    let sql = log.lock().unwrap().clone();
    (sql, a.body)
}
