//! A data version: one row whose number goes up with every audited write, so that a server can
//! keep aggregates (the dashboard's funnel, targets and support overview) and know, with one
//! primary-key read, whether they still hold — also when several servers share the database.
//!
//! Every write is audited in its own transaction, so a trigger on `audit_events` is the one
//! place that sees them all: the bump commits (or rolls back) with the write. Signing in and out
//! is audited but changes no data, and does not count.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The actions that change no data.
const NOT_COUNTED: &str = "('sign_in', 'sign_out')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("data_version"))
                    .col(
                        ColumnDef::new(Alias::new("id"))
                            .integer()
                            .not_null()
                            .primary_key()
                            .check(Expr::col(Alias::new("id")).eq(1)),
                    )
                    .col(
                        ColumnDef::new(Alias::new("version"))
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("INSERT INTO data_version (id, version) VALUES (1, 0)")
            .await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger AS $$ \
                     BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; \
                     RETURN NULL; END; $$ LANGUAGE plpgsql",
                )
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER audit_events_bump_data_version AFTER INSERT ON audit_events \
                     FOR EACH ROW WHEN (NEW.action NOT IN {NOT_COUNTED}) \
                     EXECUTE FUNCTION bump_data_version()"
                ))
                .await?;
            }
            _ => {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER audit_events_bump_data_version AFTER INSERT ON audit_events \
                     FOR EACH ROW WHEN NEW.action NOT IN {NOT_COUNTED} \
                     BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "DROP TRIGGER IF EXISTS audit_events_bump_data_version ON audit_events",
                )
                .await?;
                db.execute_unprepared("DROP FUNCTION IF EXISTS bump_data_version()")
                    .await?;
            }
            _ => {
                db.execute_unprepared("DROP TRIGGER IF EXISTS audit_events_bump_data_version")
                    .await?;
            }
        }
        manager
            .drop_table(Table::drop().table(Alias::new("data_version")).to_owned())
            .await
    }
}
