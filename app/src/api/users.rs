//! User management for administrators: list, add, change role, reset password, disable/enable.
//! Each change names the version the admin's screen showed; a save over a newer one is refused.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::account::Role;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDto {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// Parse a role code from a form (`role.unknown` otherwise).
pub fn parse_role(code: &str) -> Result<Role, AppError> {
    code.trim()
        .parse::<Role>()
        .map_err(|_| AppError::validation("role", "role.unknown"))
}

#[cfg(feature = "ssr")]
fn to_dto(u: entity::users::Model) -> UserDto {
    UserDto {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        role: u.role.parse().unwrap_or(Role::Viewer),
        disabled: u.disabled_at.is_some(),
        last_sign_in_at: u.last_sign_in_at,
        version: u.version,
    }
}

/// Every account (administrators only).
#[server(endpoint = "admin/users/list")]
pub async fn list_users() -> Result<Vec<UserDto>, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, state::respond, state::state, users};
    let st = state().map_err(respond)?;
    auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    Ok(users::list(&st.db)
        .await
        .map_err(respond)?
        .into_iter()
        .map(to_dto)
        .collect())
}

/// Create an account with a first password the admin passes on to its owner.
#[server(endpoint = "admin/users/add")]
pub async fn add_user(
    email: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<UserDto, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, state::respond, state::state, users};
    let st = state().map_err(respond)?;
    let admin = auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    let role = parse_role(&role).map_err(respond)?;
    let new = users::NewUser {
        email: &email,
        display_name: &display_name,
        role,
        password: &password,
    };
    users::create(&st.db, Some(admin.id), new, st.clock.now())
        .await
        .map(to_dto)
        .map_err(respond)
}

#[server(endpoint = "admin/users/set_role")]
pub async fn set_user_role(id: Uuid, version: i32, role: String) -> Result<UserDto, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, state::respond, state::state, users};
    let st = state().map_err(respond)?;
    let admin = auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    let role = parse_role(&role).map_err(respond)?;
    users::set_role(
        &st.db,
        Some(admin.id),
        users::Who::Version(id, version),
        role,
        st.clock.now(),
    )
    .await
    .map(to_dto)
    .map_err(respond)
}

/// Set a new password; the user's sessions end.
#[server(endpoint = "admin/users/reset_password")]
pub async fn reset_user_password(
    id: Uuid,
    version: i32,
    password: String,
) -> Result<UserDto, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, state::respond, state::state, users};
    let st = state().map_err(respond)?;
    let admin = auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    users::reset_password(
        &st.db,
        Some(admin.id),
        users::Who::Version(id, version),
        &password,
        st.clock.now(),
    )
    .await
    .map(to_dto)
    .map_err(respond)
}

/// Disable (sessions end, sign-in refused) or enable again. Nothing is deleted.
#[server(endpoint = "admin/users/set_disabled")]
pub async fn set_user_disabled(
    id: Uuid,
    version: i32,
    disabled: bool,
) -> Result<UserDto, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, state::respond, state::state, users};
    let st = state().map_err(respond)?;
    let admin = auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    let who = users::Who::Version(id, version);
    let now = st.clock.now();
    let result = if disabled {
        users::disable(&st.db, Some(admin.id), who, now).await
    } else {
        users::enable(&st.db, Some(admin.id), who, now).await
    };
    result.map(to_dto).map_err(respond)
}
