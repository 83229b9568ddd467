//! `server backup --to FILE` and `server restore --from FILE`.
//!
//! SQLite: the backup is `VACUUM INTO`, a consistent copy taken inside one read transaction
//! while the server keeps serving (WAL mode: writers are not blocked). It is written to a
//! temporary file beside the target, checked (`PRAGMA integrity_check`, the migrations table),
//! then renamed into place, so a backup file is always whole. A restore checks the file the same
//! way, removes the database's `-wal` and `-shm` files (a stale log must never be replayed onto
//! the restored file) and renames a checked copy over the database. Stop the server first.
//!
//! PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --single-transaction` (the
//! client programs must be installed); the README also shows them run by hand.
//!
//! Either way the restored database is migrated to this binary's schema and the restore is
//! recorded in the audit trail (entity `dataset`, id `backup`, action `restore`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, ensure, Context};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use app::ssr::db::{redact, sqlite_file, Db};

/// Where a database lives: a SQLite file, or a PostgreSQL database (and schema).
#[derive(Clone, Debug)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres { url: String, schema: Option<String> },
}

impl Location {
    /// The location of `url` (`schema` only for PostgreSQL: the tests' per-test schemas).
    pub fn of(url: &str, schema: Option<&str>) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            match sqlite_file(url) {
                Some(path) => Ok(Location::Sqlite(path)),
                None => bail!("an in-memory SQLite database has nothing to back up or restore"),
            }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Location::Postgres {
                url: url.to_string(),
                schema: schema.map(str::to_string),
            })
        } else {
            bail!("unsupported database URL: {}", redact(url))
        }
    }
}

/// What a backup or restore found: the file's size and the ventures in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub bytes: u64,
    pub ventures: i64,
}

/// Write a consistent copy of the database at `db` (served from `location`) to `to`. An existing
/// `to` is replaced only with `overwrite`.
pub async fn backup(
    db: &Db,
    location: &Location,
    to: &Path,
    overwrite: bool,
) -> anyhow::Result<Report> {
    if to.exists() && !overwrite {
        bail!(
            "{} exists: choose another file, or pass --force to replace it",
            to.display()
        );
    }
    let tmp = temporary_beside(to);
    let _ = std::fs::remove_file(&tmp);
    let outcome = async {
        match location {
            Location::Sqlite(_) => {
                let into = tmp.to_str().context("the backup path is not UTF-8")?;
                db.read()
                    .execute(Statement::from_sql_and_values(
                        DatabaseBackend::Sqlite,
                        "VACUUM INTO ?",
                        [into.into()],
                    ))
                    .await
                    .context("copying the database (VACUUM INTO)")?;
                check_sqlite_file(&tmp).await?;
            }
            Location::Postgres { url, schema } => {
                let mut cmd = Command::new("pg_dump");
                cmd.args(["--format=custom", "--no-owner", "--file"])
                    .arg(&tmp)
                    .arg(format!("--dbname={url}"));
                if let Some(s) = schema {
                    cmd.arg(format!("--schema={s}"));
                }
                run(cmd, "pg_dump")?;
            }
        }
        std::fs::rename(&tmp, to).with_context(|| format!("moving the backup to {}", to.display()))
    }
    .await;
    if outcome.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    outcome?;
    Ok(Report {
        bytes: std::fs::metadata(to)?.len(),
        ventures: ventures(db).await?,
    })
}

/// Replace the database at `location` with the backup `from`, migrate it and record the restore.
/// Nothing is changed when `from` is not a whole backup. The server must be stopped.
pub async fn restore(location: &Location, from: &Path) -> anyhow::Result<Report> {
    ensure!(from.is_file(), "{} is not a file", from.display());
    let (url, schema) = match location {
        Location::Sqlite(target) => {
            ensure!(
                from.canonicalize()? != target.canonicalize().unwrap_or_else(|_| target.clone()),
                "{} is the database itself",
                from.display()
            );
            let tmp = temporary_beside(target);
            std::fs::copy(from, &tmp)
                .with_context(|| format!("copying {} beside the database", from.display()))?;
            if let Err(e) = check_sqlite_file(&tmp).await {
                let _ = std::fs::remove_file(&tmp);
                return Err(e.context(format!("{} is not a tracker backup", from.display())));
            }
            for suffix in ["-wal", "-shm"] {
                let mut side = target.clone().into_os_string();
                side.push(suffix);
                match std::fs::remove_file(PathBuf::from(side)) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e).context("removing the database's old log"),
                }
            }
            std::fs::rename(&tmp, target)
                .with_context(|| format!("moving the backup to {}", target.display()))?;
            (format!("sqlite://{}", target.display()), None)
        }
        Location::Postgres { url, schema } => {
            let mut cmd = Command::new("pg_restore");
            cmd.args([
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
            ])
            .arg(format!("--dbname={url}"));
            if let Some(s) = schema {
                cmd.arg(format!("--schema={s}"));
            }
            cmd.arg(from);
            run(cmd, "pg_restore")?;
            (url.clone(), schema.clone())
        }
    };
    let db = Db::connect_with_schema(&url, schema.as_deref())
        .await
        .with_context(|| format!("connecting to {}", redact(&url)))?;
    crate::migrate(&db).await?;
    let name = from
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    app::ssr::audit::record(
        db.write(),
        app::ssr::audit::Entry {
            actor: None,
            at: chrono::Utc::now(),
            entity: "dataset",
            entity_id: "backup".into(),
            action: app::ssr::audit::Action::Restore,
            changes: app::ssr::audit::Changes::new(),
            note: format!("restored from {name}"),
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("recording the restore: {e}"))?;
    let report = Report {
        bytes: std::fs::metadata(from)?.len(),
        ventures: ventures(&db).await?,
    };
    db.close().await;
    Ok(report)
}

/// `NAME.partial` beside `path`: written whole, then renamed.
fn temporary_beside(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// A whole SQLite database of this application: it passes `integrity_check` and has the
/// migrations table.
async fn check_sqlite_file(path: &Path) -> anyhow::Result<()> {
    // Read-write (never created): a WAL-mode copy cannot be opened read-only without its -shm.
    let url = format!("sqlite://{}?mode=rw", path.display());
    let conn = sea_orm::Database::connect(&url)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let outcome = async {
        let row = conn
            .query_one(Statement::from_string(
                DatabaseBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await
            .context("checking its integrity")?
            .context("no answer to integrity_check")?;
        let verdict: String = row.try_get_by_index(0)?;
        ensure!(verdict == "ok", "its integrity check failed: {verdict}");
        let migrations = conn
            .query_one(Statement::from_string(
                DatabaseBackend::Sqlite,
                "SELECT COUNT(*) FROM seaql_migrations",
            ))
            .await
            .context("it has no migrations table")?
            .context("no answer from the migrations table")?;
        let n: i64 = migrations.try_get_by_index(0)?;
        ensure!(n > 0, "it has no migration applied");
        Ok(())
    }
    .await;
    conn.close().await.ok();
    outcome
}

async fn ventures(db: &Db) -> anyhow::Result<i64> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    Ok(entity::ventures::Entity::find()
        .count(db.read())
        .await
        .context("counting ventures")? as i64)
}

fn run(mut cmd: Command, what: &str) -> anyhow::Result<()> {
    let out = cmd.output().with_context(|| {
        format!(
            "running {what}: is the PostgreSQL client installed (apt install postgresql-client)?"
        )
    })?;
    if !out.status.success() {
        bail!(
            "{what} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
