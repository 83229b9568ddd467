//! Signing in: password check, failed-attempt counting and lockout, audit.
//!
//! Failed sign-ins are counted in the database (so every server process sees them) per account
//! and per address; after five within a minute, further tries are refused for five minutes,
//! even with the right password. The answer never says whether the e-mail exists.

use chrono::{DateTime, TimeDelta, Utc};
use entity::{sign_in_attempts, users};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use std::sync::OnceLock;
use uuid::Uuid;

use crate::domain::account::{
    locked_until, normalize_email, Area, Role, LOCKOUT_SECS, LOCKOUT_WINDOW_SECS,
};
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::{db::Db, state::internal, users::verify_password};

/// The signed-in user, as the rest of the server sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

/// The answer to every failed sign-in, whatever the reason.
pub fn invalid_credentials() -> AppError {
    AppError::validation("password", "auth.invalid_credentials")
}

/// A hash to check against when the e-mail is unknown, so that the answer takes as long as for a
/// known account.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password_auth::generate_hash("not a real password, never matches"))
}

async fn recent_failures(
    db: &Db,
    filter: Condition,
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, AppError> {
    let since = now - TimeDelta::seconds(LOCKOUT_SECS + LOCKOUT_WINDOW_SECS);
    sign_in_attempts::Entity::find()
        .select_only()
        .column(sign_in_attempts::Column::AttemptedAt)
        .filter(filter)
        .filter(sign_in_attempts::Column::Succeeded.eq(false))
        .filter(sign_in_attempts::Column::AttemptedAt.gt(since))
        .order_by_desc(sign_in_attempts::Column::AttemptedAt)
        .limit(100)
        .into_tuple()
        .all(db.read())
        .await
        .map_err(internal("counting failed sign-ins"))
}

/// Check the credentials. `ip` is the client's address where known.
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<CurrentUser, AppError> {
    // An address that is not even valid is still counted, lower-cased as typed.
    let key = normalize_email(email).unwrap_or_else(|_| email.trim().to_lowercase());
    let key: String = key.chars().take(254).collect();

    let mut lock = locked_until(
        &recent_failures(
            db,
            Condition::all().add(sign_in_attempts::Column::Email.eq(key.clone())),
            now,
        )
        .await?,
        now,
    );
    if let Some(ip) = &ip {
        let by_ip = locked_until(
            &recent_failures(
                db,
                Condition::all().add(sign_in_attempts::Column::Ip.eq(ip.clone())),
                now,
            )
            .await?,
            now,
        );
        lock = lock.max(by_ip);
    }

    let user = users::Entity::find()
        .filter(users::Column::Email.eq(key.clone()))
        .one(db.read())
        .await
        .map_err(internal("finding the user"))?;
    let hash = user
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let password_ok = verify_password(password.to_string(), hash).await;
    let usable = user.as_ref().is_some_and(|u| {
        u.disabled_at.is_none() && u.archived_at.is_none() && u.password_hash.is_some()
    });
    let success = lock.is_none() && password_ok && usable;

    let txn = db.write().begin().await.map_err(internal("begin"))?;
    sign_in_attempts::Entity::insert(sign_in_attempts::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(key),
        user_id: Set(user.as_ref().map(|u| u.id)),
        ip: Set(ip),
        succeeded: Set(success),
        attempted_at: Set(now),
    })
    .exec(&txn)
    .await
    .map_err(internal("recording a sign-in attempt"))?;
    let result = match (lock, success, user) {
        (Some(until), _, _) => Err(AppError::RateLimited {
            retry_after_secs: (until - now).num_seconds().max(1) as u64,
        }),
        (None, true, Some(u)) => {
            users::Entity::update_many()
                .col_expr(
                    users::Column::LastSignInAt,
                    sea_orm::sea_query::Expr::value(Some(now)),
                )
                .filter(users::Column::Id.eq(u.id))
                .exec(&txn)
                .await
                .map_err(internal("recording the sign-in"))?;
            audit::record(
                &txn,
                Entry {
                    actor: Some(u.id),
                    at: now,
                    entity: "user",
                    entity_id: u.id.to_string(),
                    action: Action::SignIn,
                    changes: Changes::new(),
                    note: String::new(),
                },
            )
            .await?;
            let role = u
                .role
                .parse::<Role>()
                .map_err(internal("reading the role"))?;
            Ok(CurrentUser {
                id: u.id,
                email: u.email,
                display_name: u.display_name,
                role,
            })
        }
        _ => Err(invalid_credentials()),
    };
    txn.commit().await.map_err(internal("commit"))?;
    result
}

/// The user of a session, if it holds one that is still allowed in (not disabled, not archived).
pub async fn session_user(
    db: &Db,
    session: &tower_sessions::Session,
) -> Result<Option<CurrentUser>, AppError> {
    let id: Option<String> = session
        .get(crate::ssr::session_store::USER_ID_KEY)
        .await
        .map_err(internal("reading the session"))?;
    let Some(id) = id.and_then(|s| Uuid::parse_str(&s).ok()) else {
        return Ok(None);
    };
    let user = users::Entity::find_by_id(id)
        .one(db.read())
        .await
        .map_err(internal("loading the session's user"))?;
    Ok(user
        .filter(|u| u.disabled_at.is_none() && u.archived_at.is_none())
        .and_then(|u| {
            Some(CurrentUser {
                role: u.role.parse().ok()?,
                id: u.id,
                email: u.email,
                display_name: u.display_name,
            })
        }))
}

pub async fn record_sign_out(db: &Db, user_id: Uuid, now: DateTime<Utc>) -> Result<(), AppError> {
    audit::record(
        db.write(),
        Entry {
            actor: Some(user_id),
            at: now,
            entity: "user",
            entity_id: user_id.to_string(),
            action: Action::SignOut,
            changes: Changes::new(),
            note: String::new(),
        },
    )
    .await?;
    Ok(())
}

/// The session of the request being served (the session layer wraps every route).
pub async fn request_session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|e| {
            tracing::error!(?e, "no session layer");
            AppError::Internal
        })
}

/// The signed-in user of this request, or `Unauthenticated` (401). Every server function that
/// reads calls this first.
pub async fn current_user(db: &Db) -> Result<CurrentUser, AppError> {
    let session = request_session().await?;
    session_user(db, &session)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// The signed-in user if their role may write records of `area`; `Unauthenticated` (401) when
/// nobody is signed in, `Forbidden` (403, naming the role so the message can say what it may do)
/// otherwise. Every server function that writes calls this first.
pub async fn require(db: &Db, area: Area) -> Result<CurrentUser, AppError> {
    let user = current_user(db).await?;
    if user.role.may(area) {
        Ok(user)
    } else {
        Err(AppError::Forbidden {
            allowed: user.role.as_str().to_string(),
        })
    }
}
