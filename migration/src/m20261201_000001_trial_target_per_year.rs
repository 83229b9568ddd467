//! The seeded trial-notification target counts per year, not cumulatively.
//!
//! The policy's "最先端医療の治験計画届出件数：22件" against 18件 in 2021 is an annual count
//! (notifications in the year), but the initial migration seeded it as `cumulative`. Landed
//! migrations never change, so this one corrects the row — only where it is still exactly as
//! seeded (version 1, the seeded metric, years and values), so a target an administrator has
//! edited since is left alone. The version goes to 2, so a form over version 1 is told.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::{DateTimeUtc, Uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The seeded trial-notification target (m20261125_000001_initial).
const TRIAL_TARGET: u128 = 0x0193a000_0000_7000_8000_000000000302;
const CORRECTED_AT: &str = "2026-12-01T00:00:00Z";

fn seeded(stmt: &mut UpdateStatement, counting: &str, version: i32) {
    let col = |c: &str| Expr::col(Alias::new(c));
    stmt.and_where(col("id").eq(Uuid::from_u128(TRIAL_TARGET)))
        .and_where(col("metric").eq("trial_notifications"))
        .and_where(col("counting").eq(counting))
        .and_where(col("version").eq(version))
        .and_where(col("baseline_year").eq(2021))
        .and_where(col("baseline_value").eq(18))
        .and_where(col("target_year").eq(2025))
        .and_where(col("target_value").eq(22));
}

async fn set(manager: &SchemaManager<'_>, from: (&str, i32), to: (&str, i32)) -> Result<(), DbErr> {
    let at: DateTimeUtc = CORRECTED_AT
        .parse()
        .map_err(|e| DbErr::Custom(format!("bad CORRECTED_AT: {e}")))?;
    let mut stmt = Query::update();
    stmt.table(Alias::new("targets"))
        .value(Alias::new("counting"), to.0)
        .value(Alias::new("version"), to.1)
        .value(Alias::new("updated_at"), at);
    seeded(&mut stmt, from.0, from.1);
    manager.exec_stmt(stmt).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set(manager, ("cumulative", 1), ("per_year", 2)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set(manager, ("per_year", 2), ("cumulative", 1)).await
    }
}
