//! User accounts: create, change role, reset password, disable. Each change is validated with the
//! domain rules, audited, and done in one transaction.

use chrono::{DateTime, Utc};
use entity::users;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    SqlErr, TransactionTrait,
};
use uuid::Uuid;

use crate::domain::account::{normalize_email, validate_display_name, validate_password, Role};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::{db::Db, state::internal};

/// Hash a password with Argon2id (password-auth's defaults), off the async threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(internal("hashing a password"))
}

/// Check a password against a stored hash, off the async threads.
pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .unwrap_or(false)
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password: &'a str,
}

/// Who did it: a signed-in user, or the server's command line (`None`).
pub type Actor = Option<Uuid>;

pub async fn create(
    db: &Db,
    actor: Actor,
    new: NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<users::Model, AppError> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", normalize_email(new.email));
    let name = errors.check("display_name", validate_display_name(new.display_name));
    errors.check("password", validate_password(new.password));
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        return Err(errors.into());
    };
    let hash = hash_password(new.password.to_string()).await?;
    let id = Uuid::now_v7();
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let model = users::ActiveModel {
        id: Set(id),
        email: Set(email.clone()),
        display_name: Set(name.clone()),
        role: Set(new.role.as_str().to_string()),
        password_hash: Set(Some(hash)),
        locale: Set("ja".to_string()),
        disabled_at: Set(None),
        last_sign_in_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        created_by: Set(actor),
        updated_by: Set(actor),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict {
            code: "email.taken".into(),
            detail: email.clone(),
        },
        _ => internal("creating a user")(e),
    })?;
    audit::record(
        &txn,
        Entry {
            actor,
            at: now,
            entity: "user",
            entity_id: id.to_string(),
            action: Action::Create,
            changes: Changes::new()
                .field("email", serde_json::Value::Null, email)
                .field("display_name", serde_json::Value::Null, name)
                .field("role", serde_json::Value::Null, new.role.as_str()),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(model)
}

/// Which user a change is for: by e-mail (the command line), or by id at the version the
/// admin's form showed (the admin page; a save over a newer version is refused as stale).
#[derive(Clone, Copy, Debug)]
pub enum Who<'a> {
    Email(&'a str),
    Version(Uuid, i32),
}

impl<'a> From<&'a str> for Who<'a> {
    fn from(email: &'a str) -> Self {
        Who::Email(email)
    }
}

impl<'a> From<&'a String> for Who<'a> {
    fn from(email: &'a String) -> Self {
        Who::Email(email)
    }
}

async fn find<C: sea_orm::ConnectionTrait>(c: &C, who: Who<'_>) -> Result<users::Model, AppError> {
    let query = match who {
        Who::Email(email) => {
            users::Entity::find().filter(users::Column::Email.eq(normalize_email(email)?))
        }
        Who::Version(id, _) => users::Entity::find().filter(users::Column::Id.eq(id)),
    };
    query
        .one(c)
        .await
        .map_err(internal("finding a user"))?
        .ok_or(AppError::NotFound)
}

/// Whether `user` is the last account that can administer the tracker.
async fn is_last_admin<C: sea_orm::ConnectionTrait>(
    c: &C,
    user: &users::Model,
) -> Result<bool, AppError> {
    if user.role != Role::Admin.as_str() || user.disabled_at.is_some() {
        return Ok(false);
    }
    let others = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Admin.as_str()))
        .filter(users::Column::DisabledAt.is_null())
        .filter(users::Column::ArchivedAt.is_null())
        .filter(users::Column::Id.ne(user.id))
        .count(c)
        .await
        .map_err(internal("counting admins"))?;
    Ok(others == 0)
}

/// Apply one change to a user, bump its version, and audit it, in one transaction. With
/// `end_sessions` the user's sessions end in the same transaction.
async fn update(
    db: &Db,
    actor: Actor,
    who: Who<'_>,
    now: DateTime<Utc>,
    end_sessions: bool,
    change: impl FnOnce(&users::Model, &mut users::ActiveModel) -> Changes,
) -> Result<users::Model, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let user = find(&txn, who).await?;
    if let Who::Version(_, expected) = who {
        if expected != user.version {
            return Err(audit::stale_error(&txn, "user", &user.id.to_string(), expected).await);
        }
    }
    let mut active: users::ActiveModel = user.clone().into();
    let changes = change(&user, &mut active);
    if changes.is_empty() {
        return Ok(user);
    }
    // Leaving the tracker without an administrator would lock everybody out of user management.
    let removes_admin = matches!(&active.role, sea_orm::ActiveValue::Set(r) if r != Role::Admin.as_str())
        || matches!(&active.disabled_at, sea_orm::ActiveValue::Set(Some(_)));
    // Two admins demoting each other at once must not both see "one other admin left":
    // on PostgreSQL such changes take one lock in turn (SQLite has a single writer anyway).
    if removes_admin {
        crate::ssr::db::serialize(&txn, crate::ssr::db::Lock::Admins).await?;
    }
    if removes_admin && is_last_admin(&txn, &user).await? {
        return Err(AppError::validation("role", "user.last_admin"));
    }
    active.version = Set(user.version + 1);
    active.updated_at = Set(now);
    active.updated_by = Set(actor);
    // Only over the version just read: a concurrent save in between makes this one stale.
    let saved = users::Entity::update(active)
        .filter(users::Column::Version.eq(user.version))
        .exec(&txn)
        .await
        .map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => AppError::Conflict {
                code: "version.concurrent".into(),
                detail: String::new(),
            },
            e => internal("updating a user")(e),
        })?;
    audit::record(
        &txn,
        Entry {
            actor,
            at: now,
            entity: "user",
            entity_id: user.id.to_string(),
            action: Action::Update,
            changes: changes.field("version", user.version, user.version + 1),
            note: String::new(),
        },
    )
    .await?;
    if end_sessions {
        entity::sessions::Entity::delete_many()
            .filter(entity::sessions::Column::UserId.eq(user.id))
            .exec(&txn)
            .await
            .map_err(internal("ending sessions"))?;
    }
    txn.commit().await.map_err(internal("commit"))?;
    Ok(saved)
}

pub async fn set_role<'a>(
    db: &Db,
    actor: Actor,
    who: impl Into<Who<'a>>,
    role: Role,
    now: DateTime<Utc>,
) -> Result<users::Model, AppError> {
    update(db, actor, who.into(), now, false, |u, a| {
        a.role = Set(role.as_str().to_string());
        Changes::new().field("role", u.role.clone(), role.as_str())
    })
    .await
}

/// Set a new password. Existing sessions of the user are ended (the password may have leaked).
pub async fn reset_password<'a>(
    db: &Db,
    actor: Actor,
    who: impl Into<Who<'a>>,
    password: &str,
    now: DateTime<Utc>,
) -> Result<users::Model, AppError> {
    validate_password(password)?;
    let hash = hash_password(password.to_string()).await?;
    update(db, actor, who.into(), now, true, |_, a| {
        a.password_hash = Set(Some(hash));
        // The hash itself never goes into the audit trail.
        Changes::new().field("password", "(set)", "(reset)")
    })
    .await
}

/// Disable an account: it can no longer sign in and its sessions end. Nothing is deleted.
pub async fn disable<'a>(
    db: &Db,
    actor: Actor,
    who: impl Into<Who<'a>>,
    now: DateTime<Utc>,
) -> Result<users::Model, AppError> {
    update(db, actor, who.into(), now, true, |u, a| {
        let at = u.disabled_at.unwrap_or(now);
        a.disabled_at = Set(Some(at));
        Changes::new().field(
            "disabled_at",
            u.disabled_at.map(|d| d.to_rfc3339()),
            Some(at.to_rfc3339()),
        )
    })
    .await
}

/// Let a disabled account sign in again.
pub async fn enable<'a>(
    db: &Db,
    actor: Actor,
    who: impl Into<Who<'a>>,
    now: DateTime<Utc>,
) -> Result<users::Model, AppError> {
    update(db, actor, who.into(), now, false, |u, a| {
        a.disabled_at = Set(None);
        Changes::new().field(
            "disabled_at",
            u.disabled_at.map(|d| d.to_rfc3339()),
            None::<String>,
        )
    })
    .await
}

/// Every account, administrators first, then by name.
pub async fn list(db: &Db) -> Result<Vec<users::Model>, AppError> {
    let mut all = users::Entity::find()
        .filter(users::Column::ArchivedAt.is_null())
        .all(db.read())
        .await
        .map_err(internal("listing users"))?;
    let rank = |r: &str| r.parse::<Role>().map(|r| r as u8).unwrap_or(u8::MAX);
    all.sort_by(|a, b| {
        (rank(&a.role), &a.display_name, &a.email).cmp(&(rank(&b.role), &b.display_name, &b.email))
    });
    Ok(all)
}
