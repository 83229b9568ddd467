//! Personal API tokens (any signed-in user, for themselves): list, create (the token is in the
//! answer once and never again), revoke.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenDto {
    pub id: Uuid,
    pub name: String,
    /// The token's first characters (`kgt_AbCd`), to tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Neither revoked nor expired.
    pub live: bool,
}

/// A new token: its record, and the token itself (shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub token: TokenDto,
    pub secret: String,
}

/// The signed-in user's tokens, newest first.
#[server(endpoint = "tokens/list")]
pub async fn list_tokens() -> Result<Vec<TokenDto>, AppError> {
    use crate::ssr::{api_tokens, auth, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::current_user(&st.db).await.map_err(respond)?;
    api_tokens::list(&st.db, user.id, st.clock.now())
        .await
        .map_err(respond)
}

/// Create a token for the signed-in user. It acts with the user's role, whatever it is when used.
#[server(endpoint = "tokens/create")]
pub async fn create_token(token_name: String, lifetime: String) -> Result<CreatedToken, AppError> {
    use crate::domain::api_token::validate_new_token;
    use crate::ssr::{api_tokens, auth, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::current_user(&st.db).await.map_err(respond)?;
    let new = validate_new_token(&token_name, &lifetime).map_err(|e| respond(e.into()))?;
    let (token, secret) = api_tokens::create(&st.db, user.id, new, st.clock.now())
        .await
        .map_err(respond)?;
    Ok(CreatedToken { token, secret })
}

/// Revoke one of the signed-in user's tokens: it stops working at once.
#[server(endpoint = "tokens/revoke")]
pub async fn revoke_token(id: Uuid) -> Result<TokenDto, AppError> {
    use crate::ssr::{api_tokens, auth, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::current_user(&st.db).await.map_err(respond)?;
    api_tokens::revoke(&st.db, user.id, id, st.clock.now())
        .await
        .map_err(respond)
}
