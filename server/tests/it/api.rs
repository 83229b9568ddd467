//! The open JSON API (`/api/v1`): personal tokens (shown once, stored hashed, revocable), the
//! UI's role checks, paging and filters, the OpenAPI document, and bad input of every kind
//! refused with a 4xx naming the field and nothing written.

use axum::body::Body;
use http::{header, Request, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use uuid::Uuid;

use app::domain::account::Role;
use app::ssr::db::Db;

use crate::common::fixtures::*;
use crate::common::{call, form_value, page, sign_in_as, test_router, through, Answer};

/// A JSON request to the API, with a bearer token when given.
fn api(method: &str, path: &str, token: Option<&str>, body: Option<Vec<u8>>) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    }
}

async fn send(router: &axum::Router, req: Request<Body>) -> (StatusCode, Value) {
    let Answer { status, body, .. } = through(router, req).await;
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    (status, value)
}

/// A signed-in user of `role` and a new token of theirs (made on the tokens page's server
/// function): (session cookie, token).
async fn token_for(router: &axum::Router, db: &Db, role: Role) -> (String, String) {
    let (_, sid) = sign_in_as(db, role).await;
    let a = through(
        router,
        call(
            "/api/tokens/create",
            &format!(
                "token_name={}&lifetime=90d",
                form_value("BI ダッシュボード")
            ),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let created: Value = serde_json::from_str(&a.body).unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    (sid, secret)
}

/// A venture with a program at trial_notified (2026-04-01).
async fn a_program(db: &Db, name: &str) -> (Uuid, Uuid) {
    let v = venture(
        db,
        NewVenture {
            name_ja: name,
            name_en: "API Test",
            kana: "エーピーアイ",
            hub: "tonomachi",
            located_on: Some(d(2024, 4, 1)),
        },
    )
    .await;
    let p = program(db, v, &format!("{name}-P1"), "pmd_act").await;
    events(db, p, vec![stage("trial_notified", d(2026, 4, 1))]).await;
    (v, p)
}

async fn tokens_are_shown_once_stored_hashed_and_revocable(db: &Db) {
    let router = test_router(db);
    let (sid, secret) = token_for(&router, db, Role::Viewer).await;
    assert!(
        app::domain::api_token::looks_like_token(&secret),
        "{secret}"
    );

    // Stored as its SHA-256 and a display prefix, never as itself.
    let stored = entity::api_tokens::Entity::find()
        .filter(entity::api_tokens::Column::TokenPrefix.eq(&secret[..8]))
        .one(db.read())
        .await
        .unwrap()
        .expect("the token's row");
    assert_ne!(stored.token_hash, secret);
    assert_eq!(stored.token_hash, app::ssr::api_tokens::token_hash(&secret));
    assert_eq!(stored.token_hash.len(), 64);
    assert!(stored.expires_at.is_some());
    // The list shows it without the secret.
    let a = through(&router, call("/api/tokens/list", "", Some(&sid))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(!a.body.contains(&secret), "the list never shows the token");
    assert!(a.body.contains(&secret[..8]));

    let (status, page) = send(&router, api("GET", "/api/v1/ventures", Some(&secret), None)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let used = entity::api_tokens::Entity::find_by_id(stored.id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert!(used.last_used_at.is_some(), "its use is noted");

    // Someone else cannot revoke it.
    let (_, other) = sign_in_as(db, Role::Staff).await;
    let a = through(
        &router,
        call(
            "/api/tokens/revoke",
            &format!("id={}", stored.id),
            Some(&other),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
    let (status, _) = send(&router, api("GET", "/api/v1/ventures", Some(&secret), None)).await;
    assert_eq!(status, StatusCode::OK);

    // Its owner can: it stops working at once.
    let a = through(
        &router,
        call(
            "/api/tokens/revoke",
            &format!("id={}", stored.id),
            Some(&sid),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let (status, body) = send(&router, api("GET", "/api/v1/ventures", Some(&secret), None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "unauthenticated");

    let audited = entity::audit_events::Entity::find()
        .filter(entity::audit_events::Column::Entity.eq("api_token"))
        .filter(entity::audit_events::Column::EntityId.eq(stored.id.to_string()))
        .all(db.read())
        .await
        .unwrap();
    let actions: Vec<_> = audited.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["create", "archive"]);
    assert!(
        audited
            .iter()
            .all(|a| !a.changes.to_string().contains(&secret[12..])),
        "the audit trail never holds the token"
    );
}

async fn the_api_checks_roles_as_the_ui(db: &Db) {
    let router = test_router(db);
    let (v, p) = a_program(db, "株式会社ロール").await;
    let (_, viewer) = token_for(&router, db, Role::Viewer).await;
    let (_, staff) = token_for(&router, db, Role::Staff).await;
    let (_, coordinator) = token_for(&router, db, Role::Coordinator).await;

    // No token, a malformed one, an unknown one: 401 with a challenge.
    for token in [
        None,
        Some("nonsense"),
        Some(&*format!("kgt_{}", "A".repeat(43))),
    ] {
        let a = through(&router, api("GET", "/api/v1/programs", token, None)).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert!(a.headers.contains_key(header::WWW_AUTHENTICATE));
    }

    let event = |version: i32| {
        serde_json::to_vec(&json!({
            "version": version, "action": "stage:phase1", "occurred_on": "2026-11-20"
        }))
        .unwrap()
    };
    let path = format!("/api/v1/programs/{p}/stage-events");
    let (status, body) = send(&router, api("POST", &path, Some(&viewer), Some(event(1)))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = send(
        &router,
        api("POST", &path, Some(&coordinator), Some(event(1))),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let version = program_version(db, p).await;
    let (status, body) = send(
        &router,
        api("POST", &path, Some(&staff), Some(event(version))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["program_version"], version + 1);
    // The same version again is stale: refused, nothing written.
    let (status, body) = send(
        &router,
        api("POST", &path, Some(&staff), Some(event(version))),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"], "stale");
    let (_, events) = send(
        &router,
        api(
            "GET",
            &format!("/api/v1/stage-events?program_id={p}"),
            Some(&viewer),
            None,
        ),
    )
    .await;
    assert_eq!(events["total"], 2, "{events}");
    assert_eq!(events["items"][1]["stage"], "phase1");

    let support = serde_json::to_vec(&json!({
        "venture_id": v, "supported_on": "2026-11-05", "kind": "consultation",
        "summary": "API からの相談記録"
    }))
    .unwrap();
    let (status, body) = send(
        &router,
        api(
            "POST",
            "/api/v1/support-logs",
            Some(&staff),
            Some(support.clone()),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = send(
        &router,
        api(
            "POST",
            "/api/v1/support-logs",
            Some(&coordinator),
            Some(support),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, logs) = send(
        &router,
        api(
            "GET",
            &format!("/api/v1/support-logs?venture_id={v}"),
            Some(&viewer),
            None,
        ),
    )
    .await;
    assert_eq!(logs["total"], 1, "{logs}");
    assert_eq!(logs["items"][0]["summary"], "API からの相談記録");

    // A disabled account's tokens stop working with it.
    let owner = entity::api_tokens::Entity::find()
        .filter(entity::api_tokens::Column::TokenHash.eq(app::ssr::api_tokens::token_hash(&staff)))
        .one(db.read())
        .await
        .unwrap()
        .unwrap()
        .user_id;
    let email = entity::users::Entity::find_by_id(owner)
        .one(db.read())
        .await
        .unwrap()
        .unwrap()
        .email;
    app::ssr::users::disable(db, None, &email, chrono::Utc::now())
        .await
        .unwrap();
    let (status, _) = send(&router, api("GET", "/api/v1/programs", Some(&staff), None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn lists_page_filter_and_match_the_document(db: &Db) {
    let router = test_router(db);
    for (name, hub) in [
        ("株式会社あ", "ksp"),
        ("株式会社い", "ksp"),
        ("株式会社う", "shonan"),
    ] {
        venture(
            db,
            NewVenture {
                name_ja: name,
                name_en: "",
                kana: name,
                hub,
                located_on: None,
            },
        )
        .await;
    }
    let (v, _) = a_program(db, "株式会社え").await;
    let (_, token) = token_for(&router, db, Role::Viewer).await;
    let get = |path: String| api("GET", &path, Some(&token), None);

    let (status, first) = send(&router, get("/api/v1/ventures?per_page=3".into())).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        (
            first["total"].clone(),
            first["items"].as_array().unwrap().len()
        ),
        (json!(4), 3)
    );
    let (_, second) = send(&router, get("/api/v1/ventures?per_page=3&page=2".into())).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_ne!(second["items"][0]["id"], first["items"][0]["id"]);
    let (_, ksp) = send(&router, get("/api/v1/ventures?hub=ksp".into())).await;
    assert_eq!(ksp["total"], 2, "{ksp}");
    assert!(ksp["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["hub"] == "ksp"));
    let (_, found) = send(
        &router,
        get(format!("/api/v1/ventures?q={}", form_value("え"))),
    )
    .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["current_stage"], "trial_notified");
    let (status, one) = send(&router, get(format!("/api/v1/ventures/{v}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["name_ja"], "株式会社え");
    let (status, _) = send(&router, get(format!("/api/v1/ventures/{}", Uuid::now_v7()))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = send(&router, get("/api/v1/venturez".into())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body["message"].as_str().unwrap().contains("no such path"),
        "{body}"
    );
    let (_, programs) = send(&router, get(format!("/api/v1/programs?venture_id={v}"))).await;
    assert_eq!(programs["total"], 1);
    assert_eq!(programs["items"][0]["track"], "pmd_act");
    let (_, trial) = send(
        &router,
        get("/api/v1/stage-events?from=2026-04-01&to=2026-04-01".into()),
    )
    .await;
    assert_eq!(trial["total"], 1);
    let (status, funnel) = send(&router, get("/api/v1/funnel?unit=programs".into())).await;
    assert_eq!(status, StatusCode::OK, "{funnel}");
    let notified = funnel["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "trial_notified")
        .unwrap()["count"]
        .clone();
    assert_eq!(notified, 1);
    let (status, targets) = send(&router, get("/api/v1/targets".into())).await;
    assert_eq!(status, StatusCode::OK, "{targets}");
    assert_eq!(targets["today"], "2026-11-25");

    // The document is served without a token, and every path it names is routed.
    let (status, doc) = send(&router, api("GET", "/api/v1/openapi.json", None, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 11, "{:?}", paths.keys());
    for (path, ops) in paths {
        let concrete = path.replace("{id}", &Uuid::now_v7().to_string());
        for method in ops.as_object().unwrap().keys() {
            let body = (method == "post").then(|| b"{}".to_vec());
            let a = through(
                &router,
                api(&method.to_uppercase(), &concrete, Some(&token), body),
            )
            .await;
            assert!(
                a.status != StatusCode::METHOD_NOT_ALLOWED && !a.body.contains("no such path"),
                "{method} {path} is documented but not routed: {} {}",
                a.status,
                a.body
            );
        }
    }
    for schema in ["ErrorBody", "VenturePage", "NewStageEvent", "NewSupportLog"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

/// How many rows the bad requests could have touched.
async fn written(db: &Db) -> (u64, u64, u64, u64) {
    let c = db.read();
    (
        entity::stage_events::Entity::find().count(c).await.unwrap(),
        entity::support_logs::Entity::find().count(c).await.unwrap(),
        entity::ventures::Entity::find().count(c).await.unwrap(),
        entity::fund_supports::Entity::find()
            .count(c)
            .await
            .unwrap(),
    )
}

async fn bad_input_is_refused_naming_the_field_and_nothing_is_written(db: &Db) {
    let router = test_router(db);
    let (v, p) = a_program(db, "株式会社バッド").await;
    let (staff_sid, staff) = token_for(&router, db, Role::Staff).await;
    let (_, coordinator) = token_for(&router, db, Role::Coordinator).await;
    let version = program_version(db, p).await;
    let event_path = format!("/api/v1/programs/{p}/stage-events");
    let event = |fields: Value| {
        let mut body =
            json!({"version": version, "action": "stage:phase1", "occurred_on": "2026-11-20"});
        for (k, val) in fields.as_object().unwrap() {
            body[k] = val.clone();
        }
        serde_json::to_vec(&body).unwrap()
    };
    let support = |fields: Value| {
        let mut body = json!({
            "venture_id": v, "supported_on": "2026-11-05", "kind": "consultation", "summary": "相談"
        });
        for (k, val) in fields.as_object().unwrap() {
            body[k] = val.clone();
        }
        serde_json::to_vec(&body).unwrap()
    };
    let fund: Uuid = entity::funds::Entity::find()
        .filter(entity::funds::Column::Code.eq("healthcare_fund"))
        .one(db.read())
        .await
        .unwrap()
        .expect("the migration's fund")
        .id;
    let fund_form = |amount: &str| {
        format!(
            "form[fund_id]={fund}&form[venture_id]={v}&form[supported_on]=2026-10-01\
             &form[amount]={}&form[instrument]=equity&form[round]=&form[note]=",
            form_value(amount)
        )
    };
    let venture_form = |founded_on: &str| {
        format!(
            "form[name_ja]={}&form[name_kana]={}&form[hub]=ksp&form[modality]=cell_therapy\
             &form[founded_on]={founded_on}",
            form_value("株式会社未来"),
            form_value("みらい")
        )
    };

    enum Via {
        Api(&'static str, String, &'static str, Option<Vec<u8>>),
        ServerFn(&'static str, String),
    }
    let mut invalid_utf8 = event(json!({})).to_vec();
    let at = invalid_utf8.windows(4).position(|w| w == b"2026").unwrap();
    invalid_utf8.splice(at..at, [0xff, 0xfe]);
    let cases: Vec<(&str, Via, StatusCode, &str)> = vec![
        (
            "an over-long note",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(event(json!({"note": "あ".repeat(2001)}))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "note",
        ),
        (
            "a control character",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(event(json!({"note": "ベル\u{7}"}))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "note",
        ),
        (
            "a NUL byte",
            Via::Api(
                "POST",
                "/api/v1/support-logs".into(),
                "coordinator",
                Some(support(json!({"summary": "a\u{0}b"}))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "support_summary",
        ),
        (
            "invalid UTF-8",
            Via::Api("POST", event_path.clone(), "staff", Some(invalid_utf8)),
            StatusCode::BAD_REQUEST,
            "occurred_on",
        ),
        (
            "31 February",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(event(json!({"occurred_on": "2026-02-31"}))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "occurred_on",
        ),
        (
            "an event in the future",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(event(json!({"occurred_on": "2026-12-24"}))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "occurred_on",
        ),
        (
            "an event before the previous one",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(event(json!({"occurred_on": "2026-03-01"}))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "occurred_on",
        ),
        (
            "an unknown action",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(event(json!({"action": "stage:moon"}))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "action",
        ),
        (
            "a wrong type",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(event(json!({"version": "one"}))),
            ),
            StatusCode::BAD_REQUEST,
            "version",
        ),
        (
            "an unknown field",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(event(json!({"approved": true}))),
            ),
            StatusCode::BAD_REQUEST,
            "approved",
        ),
        (
            "malformed JSON",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(b"{\"version\": 1,".to_vec()),
            ),
            StatusCode::BAD_REQUEST,
            "_body",
        ),
        (
            "a body that is not JSON",
            Via::Api("POST", event_path.clone(), "staff", None),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "_body",
        ),
        (
            "a body over the limit",
            Via::Api(
                "POST",
                event_path.clone(),
                "staff",
                Some(event(json!({"note": "x".repeat(70 * 1024)}))),
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "_body",
        ),
        (
            "a malformed UUID in the path",
            Via::Api(
                "POST",
                "/api/v1/programs/not-a-uuid/stage-events".into(),
                "staff",
                Some(event(json!({}))),
            ),
            StatusCode::BAD_REQUEST,
            "id",
        ),
        (
            "a malformed UUID in the body",
            Via::Api(
                "POST",
                "/api/v1/support-logs".into(),
                "coordinator",
                Some(support(json!({"venture_id": "1234"}))),
            ),
            StatusCode::BAD_REQUEST,
            "venture_id",
        ),
        (
            "a support date in the future",
            Via::Api(
                "POST",
                "/api/v1/support-logs".into(),
                "coordinator",
                Some(support(json!({"supported_on": "2027-01-01"}))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "supported_on",
        ),
        (
            "an unknown working group",
            Via::Api(
                "POST",
                "/api/v1/support-logs".into(),
                "coordinator",
                Some(support(json!({"working_group": "nowhere"}))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "working_group",
        ),
        (
            "a malformed UUID in a filter",
            Via::Api(
                "GET",
                "/api/v1/programs?venture_id=xyz".into(),
                "staff",
                None,
            ),
            StatusCode::BAD_REQUEST,
            "venture_id",
        ),
        (
            "a page of 0",
            Via::Api("GET", "/api/v1/ventures?page=0".into(), "staff", None),
            StatusCode::UNPROCESSABLE_ENTITY,
            "page",
        ),
        (
            "an enormous page size",
            Via::Api(
                "GET",
                "/api/v1/ventures?per_page=99999999999999999999999".into(),
                "staff",
                None,
            ),
            StatusCode::BAD_REQUEST,
            "per_page",
        ),
        (
            "an unknown hub",
            Via::Api("GET", "/api/v1/ventures?hub=mars".into(), "staff", None),
            StatusCode::UNPROCESSABLE_ENTITY,
            "hub",
        ),
        (
            "a reversed range",
            Via::Api(
                "GET",
                "/api/v1/stage-events?from=2026-05-01&to=2026-04-01".into(),
                "staff",
                None,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "to",
        ),
        (
            "a date filter of 31 February",
            Via::Api(
                "GET",
                "/api/v1/notifications?from=2026-02-31".into(),
                "staff",
                None,
            ),
            StatusCode::BAD_REQUEST,
            "from",
        ),
        (
            "a control character in a search",
            Via::Api("GET", "/api/v1/ventures?q=%00".into(), "staff", None),
            StatusCode::UNPROCESSABLE_ENTITY,
            "q",
        ),
        (
            "a negative amount",
            Via::ServerFn("/api/funds/add_support", fund_form("-5000000")),
            StatusCode::BAD_REQUEST,
            "amount",
        ),
        (
            "an enormous amount",
            Via::ServerFn("/api/funds/add_support", fund_form("99999999999999999999")),
            StatusCode::BAD_REQUEST,
            "amount",
        ),
        (
            "a founding date in the future",
            Via::ServerFn("/api/ventures/create", venture_form("2030-04-01")),
            StatusCode::BAD_REQUEST,
            "founded_on",
        ),
        (
            "a founding date of 31 February",
            Via::ServerFn("/api/ventures/create", venture_form("2020-02-31")),
            StatusCode::BAD_REQUEST,
            "founded_on",
        ),
    ];
    let before = written(db).await;
    let audits = entity::audit_events::Entity::find()
        .count(db.read())
        .await
        .unwrap();
    for (what, via, status, field) in cases {
        let (got, body) = match via {
            Via::Api(method, path, who, body) => {
                let token = if who == "staff" { &staff } else { &coordinator };
                let mut req = api(method, &path, Some(token), body.clone());
                if body.is_none() && method == "POST" {
                    *req.body_mut() = Body::from("version=1");
                    req.headers_mut().insert(
                        header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded".parse().unwrap(),
                    );
                }
                send(&router, req).await
            }
            Via::ServerFn(path, form) => {
                let a = through(&router, call(path, &form, Some(&staff_sid))).await;
                (
                    a.status,
                    serde_json::from_str(&a.body).unwrap_or(Value::String(a.body)),
                )
            }
        };
        assert_eq!(got, status, "{what}: {body}");
        let text = body.to_string();
        assert!(
            text.contains(&format!("\"field\":\"{field}\"")),
            "{what}: the answer names {field}: {text}"
        );
        assert!(!text.to_lowercase().contains("sql"), "{what}: {text}");
    }
    assert_eq!(written(db).await, before, "nothing was written");
    assert_eq!(
        entity::audit_events::Entity::find()
            .count(db.read())
            .await
            .unwrap(),
        audits,
        "nothing was audited"
    );
}

/// HTML and script typed into text fields are kept as text and shown as text.
async fn markup_is_stored_as_text_and_rendered_inert(db: &Db) {
    let router = test_router(db);
    let (v, p) = a_program(db, "株式会社スクリプト").await;
    let (sid, staff) = token_for(&router, db, Role::Staff).await;
    let (_, coordinator) = token_for(&router, db, Role::Coordinator).await;
    let script = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let version = program_version(db, p).await;
    let body = serde_json::to_vec(&json!({
        "version": version, "action": "stage:phase1", "occurred_on": "2026-11-20", "note": script
    }))
    .unwrap();
    let (status, answer) = send(
        &router,
        api(
            "POST",
            &format!("/api/v1/programs/{p}/stage-events"),
            Some(&staff),
            Some(body),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let log = serde_json::to_vec(&json!({
        "venture_id": v, "supported_on": "2026-11-05", "kind": "consultation", "summary": script
    }))
    .unwrap();
    let (status, answer) = send(
        &router,
        api(
            "POST",
            "/api/v1/support-logs",
            Some(&coordinator),
            Some(log),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");

    // Stored as typed, returned as JSON text.
    let (_, events) = send(
        &router,
        api(
            "GET",
            &format!("/api/v1/stage-events?program_id={p}&kind=stage"),
            Some(&staff),
            None,
        ),
    )
    .await;
    assert_eq!(events["items"][1]["note"], script);
    // Shown escaped on the venture's page and its support page.
    for path in [format!("/ventures/{v}"), "/rink/support".to_string()] {
        let a = through(&router, page(&path, &sid)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert!(!a.body.contains("<script>alert"), "{path}: a live script");
        assert!(!a.body.contains("<img src=x"), "{path}: a live element");
    }
    let a = through(&router, page(&format!("/ventures/{v}"), &sid)).await;
    assert!(
        a.body.contains("&lt;script&gt;alert"),
        "the note is shown as text"
    );
}

db_tests!(
    tokens_are_shown_once_stored_hashed_and_revocable,
    the_api_checks_roles_as_the_ui,
    lists_page_filter_and_match_the_document,
    bad_input_is_refused_naming_the_field_and_nothing_is_written,
    markup_is_stored_as_text_and_rendered_inert,
);
