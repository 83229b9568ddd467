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

db_tests!(
    creating_a_user_hashes_the_password_and_audits,
    bad_input_names_every_field_and_writes_nothing,
    role_password_and_disable_are_audited_and_end_sessions,
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
    let (ok, out) = run(
        &[
            "user",
            "set-role",
            "--email",
            "admin@pref.kanagawa.jp",
            "--role",
            "staff",
        ],
        "",
    );
    assert!(ok && out.contains("(staff)"), "{out}");
    let (ok, out) = run(
        &["user", "disable", "--email", "admin@pref.kanagawa.jp"],
        "",
    );
    assert!(ok && out.contains("disabled"), "{out}");
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
