//! Signing in: the same answer for every failure, and the lockout after five quick failures.

use app::domain::account::Role;
use app::error::AppError;
use app::ssr::{auth, db::Db, users};
use chrono::{TimeDelta, TimeZone, Utc};
use entity::{audit_events, sign_in_attempts};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const PW: &str = "correct horse battery";

async fn user(db: &Db, email: &str) {
    users::create(
        db,
        None,
        users::NewUser {
            email,
            display_name: "テスト",
            role: Role::Staff,
            password: PW,
        },
        Utc::now(),
    )
    .await
    .unwrap();
}

async fn failures_look_the_same_whatever_the_reason(db: &Db) {
    user(db, "staff@pref.kanagawa.jp").await;
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 1, 0, 0).unwrap();
    let wrong = auth::sign_in(db, "staff@pref.kanagawa.jp", "wrong password!!", None, now)
        .await
        .unwrap_err();
    let unknown = auth::sign_in(db, "nobody@pref.kanagawa.jp", PW, None, now)
        .await
        .unwrap_err();
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, auth::invalid_credentials());
    let ok = auth::sign_in(
        db,
        " STAFF@pref.kanagawa.jp",
        PW,
        Some("127.0.0.1".into()),
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        (ok.email.as_str(), ok.role),
        ("staff@pref.kanagawa.jp", Role::Staff)
    );
    // Every attempt is on record; the success is audited.
    assert_eq!(
        sign_in_attempts::Entity::find()
            .count(db.read())
            .await
            .unwrap(),
        3
    );
    let signed_in = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("sign_in"))
        .count(db.read())
        .await
        .unwrap();
    assert_eq!(signed_in, 1);

    users::disable(db, None, "staff@pref.kanagawa.jp", now)
        .await
        .unwrap();
    assert_eq!(
        auth::sign_in(db, "staff@pref.kanagawa.jp", PW, None, now)
            .await
            .unwrap_err(),
        auth::invalid_credentials(),
        "a disabled account cannot sign in, and the answer does not say why"
    );
}

async fn the_sixth_quick_try_is_refused_even_with_the_right_password(db: &Db) {
    user(db, "staff@pref.kanagawa.jp").await;
    let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 1, 0, 0).unwrap();
    for i in 0..5 {
        let at = t0 + TimeDelta::seconds(i * 5);
        let e = auth::sign_in(db, "staff@pref.kanagawa.jp", "wrong password!!", None, at)
            .await
            .unwrap_err();
        assert_eq!(e, auth::invalid_credentials());
    }
    let sixth = auth::sign_in(
        db,
        "staff@pref.kanagawa.jp",
        PW,
        None,
        t0 + TimeDelta::seconds(30),
    )
    .await;
    assert!(
        matches!(sixth, Err(AppError::RateLimited { retry_after_secs }) if retry_after_secs > 200),
        "{sixth:?}"
    );
    // The lock is per account: another account signs in.
    user(db, "other@pref.kanagawa.jp").await;
    auth::sign_in(
        db,
        "other@pref.kanagawa.jp",
        PW,
        None,
        t0 + TimeDelta::seconds(31),
    )
    .await
    .unwrap();
    // After a while the right password works again.
    auth::sign_in(
        db,
        "staff@pref.kanagawa.jp",
        PW,
        None,
        t0 + TimeDelta::minutes(6),
    )
    .await
    .unwrap();
}

async fn one_address_trying_many_accounts_is_locked_out(db: &Db) {
    user(db, "staff@pref.kanagawa.jp").await;
    let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 1, 0, 0).unwrap();
    let ip = Some("203.0.113.7".to_string());
    for i in 0..5 {
        let email = format!("guess{i}@pref.kanagawa.jp");
        auth::sign_in(
            db,
            &email,
            "wrong password!!",
            ip.clone(),
            t0 + TimeDelta::seconds(i),
        )
        .await
        .unwrap_err();
    }
    let r = auth::sign_in(
        db,
        "staff@pref.kanagawa.jp",
        PW,
        ip,
        t0 + TimeDelta::seconds(10),
    )
    .await;
    assert!(matches!(r, Err(AppError::RateLimited { .. })), "{r:?}");
    // Another address is not affected.
    auth::sign_in(
        db,
        "staff@pref.kanagawa.jp",
        PW,
        Some("198.51.100.1".into()),
        t0 + TimeDelta::seconds(11),
    )
    .await
    .unwrap();
}

db_tests!(
    failures_look_the_same_whatever_the_reason,
    the_sixth_quick_try_is_refused_even_with_the_right_password,
    one_address_trying_many_accounts_is_locked_out,
);
