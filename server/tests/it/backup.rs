//! `server backup` and `server restore` on SQLite (VACUUM INTO) and PostgreSQL (pg_dump and
//! pg_restore): a backup taken while the database is in use holds exactly what was there; a
//! restore brings it back, later changes gone, and is audited; a file that is not a backup
//! changes nothing.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::backup::{backup, restore, Location};

use crate::common::fixtures::*;
use std::sync::Arc;

use crate::common::TestDb;
use app::ssr::db::Db;

fn new_venture<'a>(name_ja: &'a str, kana: &'a str) -> NewVenture<'a> {
    NewVenture {
        name_ja,
        name_en: "",
        kana,
        hub: "tonomachi",
        located_on: None,
    }
}

async fn names(db: &Db) -> Vec<String> {
    entity::ventures::Entity::find()
        .order_by_asc(entity::ventures::Column::NameKana)
        .all(db.read())
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.name_ja)
        .collect()
}

async fn backup_then_restore(t: Arc<TestDb>) {
    let location = Location::of(&t.url, t.schema()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tracker-2026-12-01.backup");

    venture(&t.db, new_venture("株式会社バックアップ前", "アトマエ")).await;
    let report = backup(&t.db, &location, &file, false).await.unwrap();
    assert_eq!(report.ventures, 1);
    assert!(report.bytes > 0 && file.is_file());
    assert!(
        !dir.path()
            .join("tracker-2026-12-01.backup.partial")
            .exists(),
        "no temporary file is left"
    );

    // An existing file is not replaced unless asked.
    let err = backup(&t.db, &location, &file, false).await.unwrap_err();
    assert!(err.to_string().contains("exists"), "{err:#}");
    let first = std::fs::read(&file).unwrap();

    // Changes after the backup...
    venture(&t.db, new_venture("株式会社バックアップ後", "イゴ")).await;
    assert_eq!(names(&t.db).await.len(), 2);

    // ...and a file that is not a backup: refused, nothing changed.
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "これはバックアップではありません").unwrap();
    assert!(restore(&location, &junk).await.is_err());
    assert_eq!(
        names(&t.db).await.len(),
        2,
        "a refused restore changes nothing"
    );
    assert_eq!(std::fs::read(&file).unwrap(), first);

    // The server is stopped for a restore.
    t.db.clone().close().await;
    let report = restore(&location, &file).await.unwrap();
    assert_eq!(report.ventures, 1);

    let again = t.reconnect().await;
    assert_eq!(
        names(&again).await,
        vec!["株式会社バックアップ前".to_string()]
    );
    let audited = entity::audit_events::Entity::find()
        .filter(entity::audit_events::Column::Entity.eq("dataset"))
        .filter(entity::audit_events::Column::EntityId.eq("backup"))
        .filter(entity::audit_events::Column::Action.eq("restore"))
        .all(again.read())
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert!(audited[0].note.contains("tracker-2026-12-01.backup"));
    // Still writable after the restore.
    venture(&again, new_venture("株式会社復元後", "フクゲンゴ")).await;
    assert_eq!(names(&again).await.len(), 2);
    again.close().await;
}

test_db_tests!(backup_then_restore);
