//! User accounts: create, change role, reset password, disable. Each change is validated with the
//! domain rules, audited, and done in one transaction.

use chrono::{DateTime, Utc};
use entity::users;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, SqlErr,
    TransactionTrait,
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

async fn find_by_email<C: sea_orm::ConnectionTrait>(
    c: &C,
    email: &str,
) -> Result<users::Model, AppError> {
    let email = normalize_email(email)?;
    users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(c)
        .await
        .map_err(internal("finding a user"))?
        .ok_or(AppError::NotFound)
}

/// Apply one change to the user with `email`, bump its version, and audit it.
async fn update(
    db: &Db,
    actor: Actor,
    email: &str,
    now: DateTime<Utc>,
    change: impl FnOnce(&users::Model, &mut users::ActiveModel) -> Changes,
) -> Result<users::Model, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let user = find_by_email(&txn, email).await?;
    let mut active: users::ActiveModel = user.clone().into();
    let changes = change(&user, &mut active);
    active.version = Set(user.version + 1);
    active.updated_at = Set(now);
    active.updated_by = Set(actor);
    let saved = active
        .update(&txn)
        .await
        .map_err(internal("updating a user"))?;
    audit::record(
        &txn,
        Entry {
            actor,
            at: now,
            entity: "user",
            entity_id: user.id.to_string(),
            action: Action::Update,
            changes,
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(saved)
}

pub async fn set_role(
    db: &Db,
    actor: Actor,
    email: &str,
    role: Role,
    now: DateTime<Utc>,
) -> Result<users::Model, AppError> {
    update(db, actor, email, now, |u, a| {
        a.role = Set(role.as_str().to_string());
        Changes::new().field("role", u.role.clone(), role.as_str())
    })
    .await
}

/// Set a new password. Existing sessions of the user are ended (the password may have leaked).
pub async fn reset_password(
    db: &Db,
    actor: Actor,
    email: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<users::Model, AppError> {
    validate_password(password)?;
    let hash = hash_password(password.to_string()).await?;
    let user = update(db, actor, email, now, |_, a| {
        a.password_hash = Set(Some(hash));
        // The hash itself never goes into the audit trail.
        Changes::new().field("password", "(set)", "(reset)")
    })
    .await?;
    end_sessions(db, user.id).await?;
    Ok(user)
}

/// Disable an account: it can no longer sign in and its sessions end. Nothing is deleted.
pub async fn disable(
    db: &Db,
    actor: Actor,
    email: &str,
    now: DateTime<Utc>,
) -> Result<users::Model, AppError> {
    let user = update(db, actor, email, now, |u, a| {
        a.disabled_at = Set(Some(u.disabled_at.unwrap_or(now)));
        Changes::new().field(
            "disabled_at",
            u.disabled_at.map(|d| d.to_rfc3339()),
            Some(u.disabled_at.unwrap_or(now).to_rfc3339()),
        )
    })
    .await?;
    end_sessions(db, user.id).await?;
    Ok(user)
}

async fn end_sessions(db: &Db, user_id: Uuid) -> Result<(), AppError> {
    entity::sessions::Entity::delete_many()
        .filter(entity::sessions::Column::UserId.eq(user_id))
        .exec(db.write())
        .await
        .map_err(internal("ending sessions"))?;
    Ok(())
}
