//! Accounts: creation, role changes, password resets and disabling — validated, audited, one
//! transaction each — and the `server user …` command line.

use app::domain::account::Role;
use app::error::AppError;
use app::ssr::{db::Db, users};
use chrono::Utc;
use entity::{audit_events, sessions, users as users_t};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const PW: &str = "correct horse battery";

async fn audit_for(db: &Db, id: uuid::Uuid) -> Vec<audit_events::Model> {
    audit_events::Entity::find()
        .filter(audit_events::Column::Entity.eq("user"))
        .filter(audit_events::Column::EntityId.eq(id.to_string()))
        .all(db.read())
        .await
        .unwrap()
}

async fn creating_a_user_hashes_the_password_and_audits(db: &Db) {
    let u = users::create(
        db,
        None,
        users::NewUser {
            email: " Tanaka@Pref.Kanagawa.JP ",
            display_name: "田中 花子",
            role: Role::Staff,
            password: PW,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(u.email, "tanaka@pref.kanagawa.jp");
    let hash = u.password_hash.clone().unwrap();
    assert!(hash.starts_with("$argon2id$"));
    assert!(users::verify_password(PW.into(), hash.clone()).await);
    assert!(!users::verify_password("wrong password!".into(), hash).await);
    let audit = audit_for(db, u.id).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "create");
    assert_eq!(audit[0].changes["role"], serde_json::json!([null, "staff"]));
    assert!(
        !audit[0].changes.to_string().contains("argon2"),
        "no hash in the audit trail"
    );

    // The same address again, in other case: a conflict, nothing written.
    let again = users::create(
        db,
        None,
        users::NewUser {
            email: "TANAKA@pref.kanagawa.jp",
            display_name: "別人",
            role: Role::Admin,
            password: PW,
        },
        Utc::now(),
    )
    .await;
    assert!(
        matches!(again, Err(AppError::Conflict { ref code, .. }) if code == "email.taken"),
        "{again:?}"
    );
    assert_eq!(users_t::Entity::find().count(db.read()).await.unwrap(), 1);
}

async fn bad_input_names_every_field_and_writes_nothing(db: &Db) {
    let r = users::create(
        db,
        None,
        users::NewUser {
            email: "not-an-address",
            display_name: "  ",
            role: Role::Viewer,
            password: "short",
        },
        Utc::now(),
    )
    .await;
    let Err(AppError::Validation { errors }) = r else {
        panic!("{r:?}")
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["email", "display_name", "password"]);
    assert_eq!(users_t::Entity::find().count(db.read()).await.unwrap(), 0);
    assert_eq!(
        audit_events::Entity::find().count(db.read()).await.unwrap(),
        0
    );
}

async fn role_password_and_disable_are_audited_and_end_sessions(db: &Db) {
    let u = users::create(
        db,
        None,
        users::NewUser {
            email: "sato@pref.kanagawa.jp",
            display_name: "佐藤",
            role: Role::Viewer,
            password: PW,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let changed = users::set_role(
        db,
        None,
        "sato@pref.kanagawa.jp",
        Role::Coordinator,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!((changed.role.as_str(), changed.version), ("coordinator", 2));

    let add_session = |id: &str| sessions::ActiveModel {
        id: Set(id.to_string()),
        user_id: Set(Some(u.id)),
        data: Set(b"{}".to_vec()),
        expires_at: Set(Utc::now() + chrono::TimeDelta::days(1)),
        created_at: Set(Utc::now()),
    };
    sessions::Entity::insert(add_session("s1"))
        .exec(db.write())
        .await
        .unwrap();
    let reset = users::reset_password(
        db,
        None,
        "sato@pref.kanagawa.jp",
        "a new long password",
        Utc::now(),
    )
    .await
    .unwrap();
    assert!(
        users::verify_password("a new long password".into(), reset.password_hash.unwrap()).await
    );
    assert_eq!(
        sessions::Entity::find().count(db.read()).await.unwrap(),
        0,
        "reset ends sessions"
    );

    sessions::Entity::insert(add_session("s2"))
        .exec(db.write())
        .await
        .unwrap();
    let disabled = users::disable(db, None, "SATO@pref.kanagawa.jp", Utc::now())
        .await
        .unwrap();
    assert!(disabled.disabled_at.is_some());
    assert_eq!(
        sessions::Entity::find().count(db.read()).await.unwrap(),
        0,
        "disabling ends sessions"
    );

    let actions: Vec<_> = audit_for(db, u.id)
        .await
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, vec!["create", "update", "update", "update"]);
    assert_eq!(
        users::set_role(db, None, "nobody@pref.kanagawa.jp", Role::Admin, Utc::now())
            .await
            .unwrap_err(),
        AppError::NotFound
    );
}

use crate::common::account as person;

/// Two administrators edit the same account from the same screen: the second save is refused,
/// says what the first changed, and the stored record keeps the first change.
async fn a_stale_save_is_refused_and_says_what_changed(db: &Db) {
    let a = person(db, "a@pref.kanagawa.jp", "青木", Role::Admin).await;
    let b = person(db, "b@pref.kanagawa.jp", "馬場", Role::Admin).await;
    let t = person(db, "t@pref.kanagawa.jp", "田中", Role::Viewer).await;
    let shown = t.version;
    let first = users::set_role(
        db,
        Some(a.id),
        users::Who::Version(t.id, shown),
        Role::Staff,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(first.version, shown + 1);
    let err = users::set_role(
        db,
        Some(b.id),
        users::Who::Version(t.id, shown),
        Role::Coordinator,
        Utc::now(),
    )
    .await
    .unwrap_err();
    let AppError::Stale { changes } = err else {
        panic!("expected a stale-version refusal, got {err:?}");
    };
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        (
            changes[0].field.as_str(),
            changes[0].before.as_str(),
            changes[0].after.as_str(),
            changes[0].by.as_str()
        ),
        ("role", "viewer", "staff", "青木")
    );
    let stored = users_t::Entity::find_by_id(t.id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((stored.role.as_str(), stored.version), ("staff", shown + 1));
    assert_eq!(
        audit_for(db, t.id).await.len(),
        2,
        "create and the first save only"
    );

    // Saved over the version now shown, it goes through.
    let again = users::set_role(
        db,
        Some(b.id),
        users::Who::Version(t.id, stored.version),
        Role::Coordinator,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(again.role, "coordinator");
}

/// Each change leaves exactly one audit event, with the changed fields before and after.
async fn every_write_leaves_one_audit_event_with_before_and_after(db: &Db) {
    use serde_json::json;
    let admin = person(db, "a@pref.kanagawa.jp", "青木", Role::Admin).await;
    let t = person(db, "t@pref.kanagawa.jp", "田中", Role::Viewer).await;
    let created = audit_for(db, t.id).await;
    assert_eq!(created.len(), 1);
    assert_eq!(
        created[0].changes,
        json!({"email": [null, "t@pref.kanagawa.jp"], "display_name": [null, "田中"], "role": [null, "viewer"]})
    );
    // Whole seconds: both databases keep them exactly.
    let now = chrono::SubsecRound::trunc_subsecs(Utc::now(), 0);
    let last = || async { audit_for(db, t.id).await.pop().unwrap() };

    users::set_role(
        db,
        Some(admin.id),
        users::Who::Version(t.id, 1),
        Role::Staff,
        now,
    )
    .await
    .unwrap();
    let e = last().await;
    assert_eq!((e.action.as_str(), e.actor_id), ("update", Some(admin.id)));
    assert_eq!(
        e.changes,
        json!({"role": ["viewer", "staff"], "version": [1, 2]})
    );

    users::disable(db, Some(admin.id), users::Who::Version(t.id, 2), now)
        .await
        .unwrap();
    let at = now.to_rfc3339();
    assert_eq!(
        last().await.changes,
        json!({"disabled_at": [null, at], "version": [2, 3]})
    );

    users::enable(db, Some(admin.id), users::Who::Version(t.id, 3), now)
        .await
        .unwrap();
    assert_eq!(
        last().await.changes,
        json!({"disabled_at": [at, null], "version": [3, 4]})
    );

    users::reset_password(
        db,
        Some(admin.id),
        users::Who::Version(t.id, 4),
        "another long password",
        now,
    )
    .await
    .unwrap();
    let e = last().await;
    assert_eq!(
        e.changes,
        json!({"password": ["(set)", "(reset)"], "version": [4, 5]})
    );
    assert!(
        !e.changes.to_string().contains("argon2"),
        "no hash in the trail"
    );
    assert_eq!(audit_for(db, t.id).await.len(), 5);

    // Saving what is already stored changes nothing and records nothing.
    users::set_role(
        db,
        Some(admin.id),
        users::Who::Version(t.id, 5),
        Role::Staff,
        now,
    )
    .await
    .unwrap();
    assert_eq!(audit_for(db, t.id).await.len(), 5);
}

/// The tracker always keeps an administrator who can manage users.
async fn the_last_admin_stays_an_admin(db: &Db) {
    let a = person(db, "a@pref.kanagawa.jp", "青木", Role::Admin).await;
    for result in [
        users::set_role(
            db,
            Some(a.id),
            "a@pref.kanagawa.jp",
            Role::Viewer,
            Utc::now(),
        )
        .await,
        users::disable(db, Some(a.id), "a@pref.kanagawa.jp", Utc::now()).await,
    ] {
        assert_eq!(
            result.unwrap_err(),
            AppError::validation("role", "user.last_admin")
        );
    }
    let stored = users_t::Entity::find_by_id(a.id)
        .one(db.read())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.role.as_str(), stored.version, stored.disabled_at),
        ("admin", 1, None)
    );
    // With a second administrator, the first may step down.
    person(db, "b@pref.kanagawa.jp", "馬場", Role::Admin).await;
    users::set_role(
        db,
        Some(a.id),
        "a@pref.kanagawa.jp",
        Role::Viewer,
        Utc::now(),
    )
    .await
    .unwrap();
}

/// Two administrators demoting each other at the same moment: one of them stays an admin.
async fn simultaneous_demotions_keep_an_admin(db: &Db) {
    let a = person(db, "a@pref.kanagawa.jp", "青木", Role::Admin).await;
    let b = person(db, "b@pref.kanagawa.jp", "馬場", Role::Admin).await;
    let (ra, rb) = tokio::join!(
        users::set_role(
            db,
            Some(b.id),
            users::Who::Version(a.id, 1),
            Role::Viewer,
            Utc::now()
        ),
        users::set_role(
            db,
            Some(a.id),
            users::Who::Version(b.id, 1),
            Role::Viewer,
            Utc::now()
        ),
    );
    assert_eq!(
        [ra.is_ok(), rb.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "exactly one demotion goes through: {ra:?} {rb:?}"
    );
    let admins = users_t::Entity::find()
        .filter(users_t::Column::Role.eq("admin"))
        .count(db.read())
        .await
        .unwrap();
    assert_eq!(admins, 1);
}

db_tests!(
    simultaneous_demotions_keep_an_admin,
    creating_a_user_hashes_the_password_and_audits,
    bad_input_names_every_field_and_writes_nothing,
    role_password_and_disable_are_audited_and_end_sessions,
    a_stale_save_is_refused_and_says_what_changed,
    every_write_leaves_one_audit_event_with_before_and_after,
    the_last_admin_stays_an_admin,
);

/// The command line: the password comes from standard input, never from an argument.
#[test]
fn the_user_command_creates_the_first_admin() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "error")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, out) = run(
        &[
            "user",
            "add",
            "--email",
            "admin@pref.kanagawa.jp",
            "--name",
            "管理者",
            "--role",
            "admin",
        ],
        &format!("{PW}\n"),
    );
    assert!(ok, "{out}");
    assert!(out.contains("ok: admin@pref.kanagawa.jp (admin)"), "{out}");
    let (ok, out) = run(
        &[
            "user",
            "add",
            "--email",
            "admin@pref.kanagawa.jp",
            "--name",
            "x",
            "--role",
            "admin",
        ],
        &format!("{PW}\n"),
    );
    assert!(!ok && out.contains("already exists"), "{out}");
    let (ok, out) = run(
        &[
            "user",
            "add",
            "--email",
            "b@pref.kanagawa.jp",
            "--name",
            "x",
            "--role",
            "root",
        ],
        &format!("{PW}\n"),
    );
    assert!(!ok && out.contains("unknown role"), "{out}");
    let (ok, out) = run(
        &[
            "user",
            "add",
            "--email",
            "c@pref.kanagawa.jp",
            "--name",
            "x",
            "--role",
            "viewer",
        ],
        "short\n",
    );
    assert!(!ok && out.contains("at least 12"), "{out}");
    let (ok, out) = run(
        &[
            "user",
            "add",
            "--email",
            "d@pref.kanagawa.jp",
            "--name",
            "x",
            "--role",
            "viewer",
            "--password",
            "x",
        ],
        "",
    );
    assert!(
        !ok && out.contains("--password"),
        "no password argument exists: {out}"
    );
    let set_staff = [
        "user",
        "set-role",
        "--email",
        "admin@pref.kanagawa.jp",
        "--role",
        "staff",
    ];
    let (ok, out) = run(&set_staff, "");
    assert!(!ok && out.contains("last active administrator"), "{out}");
    let (ok, out) = run(
        &[
            "user",
            "add",
            "--email",
            "e@pref.kanagawa.jp",
            "--name",
            "x",
            "--role",
            "admin",
        ],
        &format!("{PW}\n"),
    );
    assert!(ok, "{out}");
    let (ok, out) = run(&set_staff, "");
    assert!(ok && out.contains("(staff)"), "{out}");
    let (ok, out) = run(
        &["user", "disable", "--email", "admin@pref.kanagawa.jp"],
        "",
    );
    assert!(ok && out.contains("disabled"), "{out}");
    let (ok, out) = run(&["user", "enable", "--email", "admin@pref.kanagawa.jp"], "");
    assert!(ok && !out.contains("disabled"), "{out}");
    let (ok, out) = run(
        &[
            "user",
            "reset-password",
            "--email",
            "nobody@pref.kanagawa.jp",
        ],
        &format!("{PW}\n"),
    );
    assert!(!ok && out.contains("no user"), "{out}");
}
