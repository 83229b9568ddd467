//! Personal API tokens: created by their user (shown once), listed, revoked; and the lookup of
//! the `Authorization: Bearer` token of an API request. Only the token's SHA-256 is stored. A
//! token acts as its user, with the user's role as it is now: a disabled user's tokens stop
//! working with the account, a changed role applies at once.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use entity::{api_tokens, users};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::api::tokens::TokenDto;
use crate::domain::api_token::{
    looks_like_token, NewToken, DISPLAY_CHARS, MAX_LIVE_TOKENS, TOKEN_PREFIX,
};
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::ssr::audit::{self, Action, Changes, Entry};
use crate::ssr::auth::CurrentUser;
use crate::ssr::{db::Db, state::internal};

/// `last_used_at` is refreshed at most this often (a write per request would serialise every
/// API read behind SQLite's single writer).
const USE_RESOLUTION_MINUTES: i64 = 5;

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        tracing::error!(%e, "no randomness for an API token");
        AppError::Internal
    })?;
    Ok(format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

fn to_dto(t: api_tokens::Model, now: DateTime<Utc>) -> TokenDto {
    TokenDto {
        live: t.revoked_at.is_none() && t.expires_at.is_none_or(|e| e > now),
        id: t.id,
        name: t.name,
        prefix: t.token_prefix,
        created_at: t.created_at,
        last_used_at: t.last_used_at,
        expires_at: t.expires_at,
        revoked_at: t.revoked_at,
    }
}

/// The user's tokens, newest first (revoked and expired ones too, marked as such).
pub async fn list(db: &Db, user: Uuid, now: DateTime<Utc>) -> Result<Vec<TokenDto>, AppError> {
    Ok(api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user))
        .order_by_desc(api_tokens::Column::CreatedAt)
        .order_by_desc(api_tokens::Column::Id)
        .all(db.read())
        .await
        .map_err(internal("listing API tokens"))?
        .into_iter()
        .map(|t| to_dto(t, now))
        .collect())
}

/// Create a token for `user`; returns it with the secret, which is never available again.
pub async fn create(
    db: &Db,
    user: Uuid,
    new: NewToken,
    now: DateTime<Utc>,
) -> Result<(TokenDto, String), AppError> {
    let secret = new_secret()?;
    let id = Uuid::now_v7();
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let live = api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .filter(
            api_tokens::Column::ExpiresAt
                .is_null()
                .or(api_tokens::Column::ExpiresAt.gt(now)),
        )
        .count(&txn)
        .await
        .map_err(internal("counting API tokens"))?;
    if live as usize >= MAX_LIVE_TOKENS {
        return Err(FieldError::new("token_name", "token.too_many")
            .with_param("max", MAX_LIVE_TOKENS)
            .into());
    }
    let model = api_tokens::Model {
        id,
        user_id: user,
        name: new.name.clone(),
        token_prefix: secret.chars().take(DISPLAY_CHARS).collect(),
        token_hash: token_hash(&secret),
        created_at: now,
        last_used_at: None,
        expires_at: Some(now + Duration::days(new.lifetime.days())),
        revoked_at: None,
    };
    api_tokens::Entity::insert(api_tokens::ActiveModel {
        id: Set(model.id),
        user_id: Set(model.user_id),
        name: Set(model.name.clone()),
        token_prefix: Set(model.token_prefix.clone()),
        token_hash: Set(model.token_hash.clone()),
        created_at: Set(model.created_at),
        last_used_at: Set(None),
        expires_at: Set(model.expires_at),
        revoked_at: Set(None),
    })
    .exec(&txn)
    .await
    .map_err(internal("creating an API token"))?;
    audit::record(
        &txn,
        Entry {
            actor: Some(user),
            at: now,
            entity: "api_token",
            entity_id: id.to_string(),
            action: Action::Create,
            changes: Changes::new()
                .field("name", serde_json::Value::Null, new.name.as_str())
                .field(
                    "prefix",
                    serde_json::Value::Null,
                    model.token_prefix.as_str(),
                )
                .field(
                    "expires_at",
                    serde_json::Value::Null,
                    model.expires_at.map(|e| e.to_rfc3339()),
                ),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok((to_dto(model, now), secret))
}

/// Revoke one of `user`'s tokens (at once; revoking twice changes nothing more).
pub async fn revoke(
    db: &Db,
    user: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<TokenDto, AppError> {
    let txn = db.write().begin().await.map_err(internal("begin"))?;
    let token = api_tokens::Entity::find_by_id(id)
        .filter(api_tokens::Column::UserId.eq(user))
        .one(&txn)
        .await
        .map_err(internal("loading an API token"))?
        .ok_or(AppError::NotFound)?;
    if token.revoked_at.is_some() {
        return Ok(to_dto(token, now));
    }
    api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, Expr::value(now))
        .filter(api_tokens::Column::Id.eq(id))
        .exec(&txn)
        .await
        .map_err(internal("revoking an API token"))?;
    audit::record(
        &txn,
        Entry {
            actor: Some(user),
            at: now,
            entity: "api_token",
            entity_id: id.to_string(),
            action: Action::Archive,
            changes: Changes::new().field("revoked_at", serde_json::Value::Null, now.to_rfc3339()),
            note: String::new(),
        },
    )
    .await?;
    txn.commit().await.map_err(internal("commit"))?;
    Ok(to_dto(
        api_tokens::Model {
            revoked_at: Some(now),
            ..token
        },
        now,
    ))
}

/// The user a bearer token acts for: `None` for anything but a live token of an account that
/// may sign in.
pub async fn authenticate(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>, AppError> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let Some(t) = api_tokens::Entity::find()
        .filter(api_tokens::Column::TokenHash.eq(token_hash(token)))
        .one(db.read())
        .await
        .map_err(internal("looking up an API token"))?
    else {
        return Ok(None);
    };
    if t.revoked_at.is_some() || t.expires_at.is_some_and(|e| e <= now) {
        return Ok(None);
    }
    let Some(user) = users::Entity::find_by_id(t.user_id)
        .one(db.read())
        .await
        .map_err(internal("loading a token's user"))?
        .filter(|u| u.disabled_at.is_none() && u.archived_at.is_none())
    else {
        return Ok(None);
    };
    let Ok(role) = user.role.parse() else {
        return Ok(None);
    };
    if t.last_used_at
        .is_none_or(|at| now - at >= Duration::minutes(USE_RESOLUTION_MINUTES))
    {
        // Bookkeeping, not data: not audited, and a failure does not refuse the request.
        if let Err(e) = api_tokens::Entity::update_many()
            .col_expr(api_tokens::Column::LastUsedAt, Expr::value(now))
            .filter(api_tokens::Column::Id.eq(t.id))
            .exec(db.write())
            .await
        {
            tracing::warn!(%e, "noting an API token's use");
        }
    }
    Ok(Some(CurrentUser {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        role,
    }))
}
