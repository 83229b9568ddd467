//! Crash safety: the built server binary is killed with SIGKILL in the middle of a burst of
//! writes. Afterwards the database passes its integrity check, every write the server
//! acknowledged is there with its audit row, nothing is half-written, and the restarted server
//! serves it all.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::domain::account::Role;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement};
use uuid::Uuid;

use crate::common::process::{post, Spawned};
use crate::common::{form_value, sign_in_as, TestDb};

const WRITERS: usize = 6;
/// Kill once this many writes are acknowledged (with more in flight).
const KILL_AFTER: usize = 60;

async fn acknowledged_writes_survive_a_kill(t: Arc<TestDb>) {
    let (_, staff) = sign_in_as(&t.db, Role::Staff).await;
    let mut server = Spawned::start(&t.server_url()).await;
    let port = server.port;

    let acked: Arc<Mutex<Vec<(Uuid, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (acked, stop, sent, staff) = (acked.clone(), stop.clone(), sent.clone(), staff.clone());
        writers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let name = format!("株式会社クラッシュ{w}-{n}");
                let form = format!(
                    "form[name_ja]={}&form[name_kana]=%E3%81%8F%E3%82%89%E3%81%A3%E3%81%97%E3%82%85\
                     &form[hub]=tonomachi&form[modality]=cell_therapy",
                    form_value(&name)
                );
                sent.fetch_add(1, Ordering::Relaxed);
                match post(port, "/api/ventures/create", &form, Some(&staff)).await {
                    Ok(r) if r.status == 200 => {
                        let id: Uuid = serde_json::from_str(&r.body).expect("the new id");
                        acked.lock().unwrap().push((id, name));
                    }
                    Ok(r) => panic!("a write refused before the kill: {} {}", r.status, r.body),
                    // The server is gone: this write was never acknowledged.
                    Err(_) => break,
                }
            }
        }));
    }
    // Kill while writes are in flight.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < KILL_AFTER {
        assert!(
            std::time::Instant::now() < deadline,
            "too few writes acknowledged"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.expect("a writer");
    }
    let acked = acked.lock().unwrap().clone();
    let sent = sent.load(Ordering::Relaxed);
    assert!(sent > acked.len(), "writes were in flight at the kill");

    // The database is whole.
    let db = t.reconnect().await;
    if db.backend() == sea_orm::DatabaseBackend::Sqlite {
        let row = db
            .read()
            .query_one(Statement::from_string(
                db.backend(),
                "PRAGMA integrity_check",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "ok");
        let fk = db
            .read()
            .query_all(Statement::from_string(
                db.backend(),
                "PRAGMA foreign_key_check",
            ))
            .await
            .unwrap();
        assert!(fk.is_empty(), "{} rows break a foreign key", fk.len());
    }
    // Every acknowledged write is there, with its audit row.
    for (id, name) in &acked {
        let v = entity::ventures::Entity::find_by_id(*id)
            .one(db.read())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged venture {name} is missing"));
        assert_eq!(&v.name_ja, name);
    }
    // Nothing half-written: every venture of the burst has exactly one creation audit row.
    let burst = entity::ventures::Entity::find()
        .filter(entity::ventures::Column::NameJa.starts_with("株式会社クラッシュ"))
        .all(db.read())
        .await
        .unwrap();
    assert!(burst.len() >= acked.len());
    for v in &burst {
        let audits = entity::audit_events::Entity::find()
            .filter(entity::audit_events::Column::Entity.eq("venture"))
            .filter(entity::audit_events::Column::EntityId.eq(v.id.to_string()))
            .filter(entity::audit_events::Column::Action.eq("create"))
            .count(db.read())
            .await
            .unwrap();
        assert_eq!(audits, 1, "{} has {audits} creation audit rows", v.name_ja);
    }

    // The restarted server serves it all, the session included.
    let server = Spawned::start(&t.server_url()).await;
    let r = post(
        server.port,
        "/api/ventures/list",
        "query[q]=%E3%82%AF%E3%83%A9%E3%83%83%E3%82%B7%E3%83%A5&query[hub]=&query[sort]=name&query[page]=1",
        Some(&staff),
    )
    .await
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let page: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(page["total"], burst.len() as u64, "{}", r.body);
    db.close().await;
}

test_db_tests!(acknowledged_writes_survive_a_kill);
