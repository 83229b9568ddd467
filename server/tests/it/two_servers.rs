//! More than one server process on one PostgreSQL database: a session made on one is valid on
//! the other, concurrent writes through both are all kept, a versioned save still refuses the
//! stale one, and what one writes the other shows at once (the memo follows the shared data
//! version).

use std::sync::Arc;

use app::domain::account::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::common::process::{post, Spawned};
use crate::common::{account, form_value, TestDb, TEST_PASSWORD};

const KANA: &str = "%E3%81%B5%E3%81%9F%E3%81%A4";

fn create_form(name: &str) -> String {
    format!(
        "form[name_ja]={}&form[name_kana]={KANA}&form[hub]=shonan&form[modality]=cell_therapy",
        form_value(name)
    )
}

fn list_form(q: &str) -> String {
    format!(
        "query[q]={}&query[hub]=&query[sort]=name&query[page]=1",
        form_value(q)
    )
}

async fn total(port: u16, q: &str, sid: &str) -> u64 {
    let r = post(port, "/api/ventures/list", &list_form(q), Some(sid))
        .await
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let page: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    page["total"].as_u64().expect("a total")
}

async fn two_servers_share_sessions_and_lose_nothing(t: Arc<TestDb>) {
    let email = "two-servers@test.example.jp";
    account(&t.db, email, "二台 検証", Role::Staff).await;
    let a = Spawned::start(&t.server_url()).await;
    let b = Spawned::start(&t.server_url()).await;

    // Signed in on A, recognised on B.
    let sign_in = format!(
        "email={}&password={}&next=%2F",
        form_value(email),
        form_value(TEST_PASSWORD)
    );
    let r = post(a.port, "/api/auth/sign_in", &sign_in, None)
        .await
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let sid = r
        .headers
        .iter()
        .filter(|(n, _)| n == "set-cookie")
        .find_map(|(_, v)| v.strip_prefix("sid=").map(|_| v.split(';').next().unwrap()))
        .expect("a session cookie")
        .to_string();
    assert_eq!(total(b.port, "二台", &sid).await, 0);

    // Concurrent writes through both servers: every one acknowledged, every one kept.
    let mut writes = Vec::new();
    for i in 0..40 {
        let port = if i % 2 == 0 { a.port } else { b.port };
        let sid = sid.clone();
        writes.push(tokio::spawn(async move {
            let r = post(
                port,
                "/api/ventures/create",
                &create_form(&format!("二台株式会社{i:02}")),
                Some(&sid),
            )
            .await
            .unwrap();
            assert_eq!(r.status, 200, "{}", r.body);
        }));
    }
    for w in writes {
        w.await.unwrap();
    }
    let kept = entity::ventures::Entity::find()
        .filter(entity::ventures::Column::NameJa.starts_with("二台株式会社"))
        .count(t.db.read())
        .await
        .unwrap();
    assert_eq!(kept, 40);
    // Each server shows the other's writes at once (its memo follows the data version).
    assert_eq!(total(a.port, "二台", &sid).await, 40);
    assert_eq!(total(b.port, "二台", &sid).await, 40);

    // The same version saved through both at once: one is kept, the other refused as stale.
    let r = post(
        a.port,
        "/api/ventures/create",
        &create_form("二台競合株式会社"),
        Some(&sid),
    )
    .await
    .unwrap();
    let id: uuid::Uuid = serde_json::from_str(&r.body).unwrap();
    let update = |name: &str| {
        format!(
            "id={id}&version=1&form[name_ja]={}&form[name_kana]={KANA}&form[modality]=cell_therapy",
            form_value(name)
        )
    };
    let (on_a, on_b) = (update("二台競合株式会社A"), update("二台競合株式会社B"));
    let (ra, rb) = tokio::join!(
        post(a.port, "/api/ventures/update", &on_a, Some(&sid)),
        post(b.port, "/api/ventures/update", &on_b, Some(&sid)),
    );
    let mut statuses = [ra.unwrap().status, rb.unwrap().status];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "one save kept, the stale one refused");
    let saved = entity::ventures::Entity::find_by_id(id)
        .one(t.db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.version, 2);
    assert!(saved.name_ja.ends_with('A') || saved.name_ja.ends_with('B'));
}

mod postgres {
    #[test]
    fn two_servers_share_sessions_and_lose_nothing() {
        crate::common::run_on(
            crate::common::TestDb::postgres(),
            super::two_servers_share_sessions_and_lose_nothing,
        )
    }
}
