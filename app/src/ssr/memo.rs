//! Aggregates memoised per data version.
//!
//! The dashboard's numbers (funnel, targets, support overview, fiscal-year activity) read tens
//! of thousands of rows at national scale but change only when someone writes. Every audited
//! write raises `data_version.version` in its own transaction (a trigger, migration
//! `m20261202_000001_data_version`), so an aggregate computed after reading version *v* holds
//! for as long as the version is still *v*: one primary-key read instead of the aggregate
//! queries. The version is read *before* the aggregate, so a write committed in between can
//! only make the memoised value newer than its label, never older. Several servers sharing one
//! database each keep their own memo and all see the same version.
//!
//! Concurrent misses of one key are coalesced (moka's `try_get_with`): the first request
//! computes, the others wait for its result. Errors are not memoised.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use entity::data_version;
use moka::future::Cache;
use sea_orm::EntityTrait;

use crate::error::AppError;
use crate::ssr::{db::Db, state::internal};

/// The memoised values of the versions seen recently (a write makes the old ones unreachable;
/// they age out).
const CAPACITY: u64 = 1_024;
/// A bound on how long an unused entry is kept.
const IDLE: Duration = Duration::from_secs(15 * 60);

type Key = (i64, &'static str, String);
type Value = Arc<dyn Any + Send + Sync>;

/// The memo of one server process (cheap to clone: shared).
#[derive(Clone)]
pub struct Memo {
    cache: Cache<Key, Value>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("entries", &self.cache.entry_count())
            .finish()
    }
}

impl Default for Memo {
    fn default() -> Self {
        Self::new()
    }
}

impl Memo {
    pub fn new() -> Self {
        Self {
            cache: Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_idle(IDLE)
                .build(),
        }
    }

    /// The value of `what` for `key` (everything the value depends on besides the data: the
    /// query, today's date), computed by `load` unless it is known for the current data version.
    pub async fn get<T, F, Fut>(
        &self,
        db: &Db,
        what: &'static str,
        key: String,
        load: F,
    ) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let version = version(db).await?;
        let value = self
            .cache
            .try_get_with((version, what, key), async move {
                load().await.map(|v| Arc::new(v) as Value)
            })
            .await
            .map_err(|e: Arc<AppError>| (*e).clone())?;
        value.downcast_ref::<T>().cloned().ok_or_else(|| {
            tracing::error!(what, "memoised value of another type");
            AppError::Internal
        })
    }
}

/// The current data version.
pub async fn version(db: &Db) -> Result<i64, AppError> {
    data_version::Entity::find_by_id(1)
        .one(db.read())
        .await
        .map_err(internal("reading the data version"))?
        .map(|row| row.version)
        .ok_or_else(|| {
            tracing::error!("the data_version row is missing: run the migrations");
            AppError::Internal
        })
}
