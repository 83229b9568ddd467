//! Signing in and out, and who is signed in.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::account::Role;
use crate::error::AppError;

/// The signed-in user as the browser sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

/// A local path to return to after signing in (never another site).
pub fn safe_next(next: &str) -> String {
    // Browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil"), and a newline
    // cannot go into a Location header: refuse every control and space character.
    let plain = !next
        .chars()
        .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    if next.starts_with('/') && !next.starts_with("//") && plain {
        next.to_string()
    } else {
        "/ventures".to_string()
    }
}

/// Sign in with e-mail and password; on success the session is renewed and the browser goes to
/// `next`.
#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: String,
) -> Result<SessionUser, AppError> {
    use crate::ssr::{
        auth,
        session_store::USER_ID_KEY,
        state::{respond, state},
    };
    let st = state().map_err(respond)?;
    let session = session().await.map_err(respond)?;
    let ip = client_ip();
    let user = auth::sign_in(&st.db, &email, &password, ip, st.clock.now())
        .await
        .map_err(respond)?;
    // A new session id on every sign-in (no session fixation).
    session
        .cycle_id()
        .await
        .map_err(|e| respond(session_error(e)))?;
    session
        .insert(USER_ID_KEY, user.id.to_string())
        .await
        .map_err(|e| respond(session_error(e)))?;
    leptos_axum::redirect(&safe_next(&next));
    Ok(SessionUser {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        role: user.role,
    })
}

/// End the session on the server.
#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{
        auth,
        state::{respond, state},
    };
    let st = state().map_err(respond)?;
    let session = session().await.map_err(respond)?;
    if let Some(user) = auth::session_user(&st.db, &session)
        .await
        .map_err(respond)?
    {
        auth::record_sign_out(&st.db, user.id, st.clock.now())
            .await
            .map_err(respond)?;
    }
    session
        .flush()
        .await
        .map_err(|e| respond(session_error(e)))?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}

/// Who is signed in, if anyone.
#[server(endpoint = "auth/me")]
pub async fn me() -> Result<Option<SessionUser>, AppError> {
    use crate::ssr::{
        auth,
        state::{respond, state},
    };
    let st = state().map_err(respond)?;
    let session = session().await.map_err(respond)?;
    Ok(auth::session_user(&st.db, &session)
        .await
        .map_err(respond)?
        .map(|u| SessionUser {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
        }))
}

#[cfg(feature = "ssr")]
use crate::ssr::auth::request_session as session;

#[cfg(feature = "ssr")]
fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(%e, "session store");
    AppError::Internal
}

/// The client's address as the TCP connection gives it (no forwarded headers are trusted).
#[cfg(feature = "ssr")]
fn client_ip() -> Option<String> {
    use axum::extract::ConnectInfo;
    use_context::<http::request::Parts>().and_then(|p| {
        p.extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next("/ventures?hub=ksp"), "/ventures?hub=ksp");
        assert_eq!(safe_next("//evil.example/"), "/ventures");
        assert_eq!(safe_next("https://evil.example/"), "/ventures");
        assert_eq!(safe_next("/\\evil.example"), "/ventures");
        assert_eq!(safe_next("/\t/evil.example"), "/ventures");
        assert_eq!(safe_next("/ventures\nSet-Cookie: x=1"), "/ventures");
        assert_eq!(safe_next("/ventures\u{3000}x"), "/ventures");
    }
}
