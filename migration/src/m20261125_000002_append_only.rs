//! The audit trail and the stage-event history are append-only: the database itself refuses
//! UPDATE and DELETE on `audit_events` and `stage_events` (a mistaken stage event is corrected
//! by a retracting event, never by editing history).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &["audit_events", "stage_events"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION refuse_history_change() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; \
                     $$ LANGUAGE plpgsql",
                )
                .await?;
                for t in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} \
                         FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
                    ))
                    .await?;
                }
            }
            _ => {
                for t in TABLES {
                    for op in ["UPDATE", "DELETE"] {
                        let name = format!("{t}_no_{}", op.to_lowercase());
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {name} BEFORE {op} ON {t} \
                             BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for t in TABLES {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {t}_append_only ON {t}"
                    ))
                    .await?;
                }
                db.execute_unprepared("DROP FUNCTION IF EXISTS refuse_history_change()")
                    .await?;
            }
            _ => {
                for t in TABLES {
                    for op in ["update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}_no_{op}"))
                            .await?;
                    }
                }
            }
        }
        Ok(())
    }
}
