//! Database connections.
//!
//! SQLite is the embedded default (a file under `data/`), PostgreSQL the production database.
//! On SQLite every connection runs in WAL mode with a busy timeout and foreign keys on, and all
//! writes go through one dedicated writer connection: a read transaction that upgrades to a write
//! gets `SQLITE_BUSY` at once whatever the timeout, so writers must never compete.
//! On PostgreSQL reads and writes share one pool.

use std::{str::FromStr, time::Duration};

use sea_orm::{
    sqlx::{
        postgres::{PgConnectOptions, PgPoolOptions},
        sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    },
    ConnectionTrait, DatabaseBackend, DatabaseConnection, SqlxPostgresConnector,
    SqlxSqliteConnector,
};

/// The default database when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/tracker.db?mode=rwc";

#[derive(Clone, Debug)]
pub struct Db {
    read: DatabaseConnection,
    write: DatabaseConnection,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unsupported database URL (use sqlite:// or postgres://): {0}")]
    Unsupported(String),
    #[error(transparent)]
    Sqlx(#[from] sea_orm::sqlx::Error),
}

impl Db {
    /// Connect to `url` (`sqlite://…` or `postgres://…`). For PostgreSQL, `schema` sets the
    /// `search_path` of every connection (the tests give each test its own schema).
    pub async fn connect(url: &str) -> Result<Self, ConnectError> {
        Self::connect_with_schema(url, None).await
    }

    pub async fn connect_with_schema(
        url: &str,
        schema: Option<&str>,
    ) -> Result<Self, ConnectError> {
        if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .pragma("temp_store", "memory");
            if let Some(parent) = sqlite_file_parent(url) {
                let _ = std::fs::create_dir_all(parent);
            }
            let readers = SqlitePoolOptions::new()
                .max_connections(8)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts.clone().read_only(false))
                .await?;
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts)
                .await?;
            Ok(Db {
                read: SqlxSqliteConnector::from_sqlx_sqlite_pool(readers),
                write: SqlxSqliteConnector::from_sqlx_sqlite_pool(writer),
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let mut opts = PgConnectOptions::from_str(url)?;
            if let Some(schema) = schema {
                opts = opts.options([("search_path", schema)]);
            }
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts)
                .await?;
            let conn = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
            Ok(Db {
                read: conn.clone(),
                write: conn,
            })
        } else {
            Err(ConnectError::Unsupported(redact(url)))
        }
    }

    /// Connection for queries. On SQLite a pool of readers.
    pub fn read(&self) -> &DatabaseConnection {
        &self.read
    }

    /// Connection for writes: begin every write transaction here. On SQLite the single writer.
    pub fn write(&self) -> &DatabaseConnection {
        &self.write
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.read.get_database_backend()
    }

    /// Test support: a handle on the same pools that appends the SQL of every statement it runs
    /// to `log` (reads, writes, and those inside its transactions; not BEGIN/COMMIT). `self` is
    /// left unlogged. The tests use it to check that a page issues the same number of
    /// statements whatever the amount of data (no query per row).
    pub fn with_statement_log(&self, log: std::sync::Arc<std::sync::Mutex<Vec<String>>>) -> Db {
        self.observed(move |statement| {
            if let Ok(mut log) = log.lock() {
                log.push(statement.sql.clone());
            }
        })
    }

    /// As [`Db::with_statement_log`], keeping each statement with its values (`server
    /// bench-queries --explain` asks the database for the plan of each).
    pub fn with_statement_capture(
        &self,
        log: std::sync::Arc<std::sync::Mutex<Vec<sea_orm::Statement>>>,
    ) -> Db {
        self.observed(move |statement| {
            if let Ok(mut log) = log.lock() {
                log.push(statement.clone());
            }
        })
    }

    fn observed(&self, f: impl Fn(&sea_orm::Statement) + Clone + Send + Sync + 'static) -> Db {
        let mut observed = self.clone();
        for conn in [&mut observed.read, &mut observed.write] {
            let f = f.clone();
            conn.set_metric_callback(move |info| f(info.statement));
        }
        observed
    }

    pub async fn close(self) {
        let _ = self.read.close().await;
        let _ = self.write.close().await;
    }
}

/// The file of a `sqlite:` URL (`None` for an in-memory database).
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(std::path::PathBuf::from(path))
}

fn sqlite_file_parent(url: &str) -> Option<std::path::PathBuf> {
    sqlite_file(url).and_then(|p| p.parent().map(|p| p.to_path_buf()))
}

/// A URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    #[test]
    fn finds_the_sqlite_directory() {
        assert_eq!(
            sqlite_file_parent("sqlite://data/tracker.db?mode=rwc"),
            Some(std::path::PathBuf::from("data"))
        );
        assert_eq!(sqlite_file_parent("sqlite::memory:"), None);
    }
}

/// Writes whose checks read other rows (is this the last admin? is this name taken?) and that
/// must therefore not run side by side.
#[derive(Clone, Copy, Debug)]
pub enum Lock {
    Admins = 1,
    VentureNames = 2,
}

/// Take `lock` until the end of the transaction. On PostgreSQL a transaction-scoped advisory
/// lock; SQLite needs none, its writes already go one at a time through one connection.
pub async fn serialize<C: sea_orm::ConnectionTrait>(
    c: &C,
    lock: Lock,
) -> Result<(), crate::error::AppError> {
    if c.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        c.execute(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [(0x7472_6163_0000_i64 + lock as i64).into()],
        ))
        .await
        .map_err(crate::ssr::state::internal("taking a lock"))?;
    }
    Ok(())
}
