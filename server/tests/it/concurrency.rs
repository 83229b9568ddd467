//! Concurrent writers never see "database is locked" and every write lands.

use app::ssr::{audit, db::Db};
use chrono::Utc;
use entity::audit_events;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};

const WRITERS: usize = 16;
const WRITES_EACH: usize = 25;

async fn concurrent_writers_all_land(db: &Db) {
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..WRITES_EACH {
                // Read-then-write in one transaction: the pattern that gets SQLITE_BUSY at once
                // when two connections upgrade to writers.
                let txn = db.write().begin().await?;
                let before = audit_events::Entity::find()
                    .filter(audit_events::Column::Entity.eq("concurrency"))
                    .count(&txn)
                    .await?;
                audit::record(
                    &txn,
                    audit::Entry {
                        actor: None,
                        at: Utc::now(),
                        entity: "concurrency",
                        entity_id: format!("{w}-{i}"),
                        action: audit::Action::Create,
                        changes: audit::Changes::new().field("seen", before, before + 1),
                        note: String::new(),
                    },
                )
                .await
                .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
                txn.commit().await?;
                // Readers run at the same time on their own pool.
                audit_events::Entity::find().count(db.read()).await?;
            }
            Ok::<_, sea_orm::DbErr>(())
        }));
    }
    for t in tasks {
        t.await.expect("writer task").expect("no write may fail");
    }
    let n = audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("concurrency"))
        .count(db.read())
        .await
        .unwrap();
    assert_eq!(n as usize, WRITERS * WRITES_EACH);
}

db_tests!(concurrent_writers_all_land);
