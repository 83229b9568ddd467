//! One error type for every server function and page.
//!
//! It travels to the browser as JSON and carries its real HTTP status (set through
//! `ResponseOptions` on the server, because server functions answer 500 by default in Leptos 0.8).
//! Database text never goes into it: `Internal` carries nothing, the cause is logged on the server.

use serde::{Deserialize, Serialize};
use server_fn::error::ServerFnErrorErr;
use server_fn::{codec::JsonEncoding, error::FromServerFnError, ServerFnError};

use crate::domain::validation::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The record or page does not exist (or is not visible to the user).
    #[error("not found")]
    NotFound,
    /// Bad input: the first failing field with a translatable code; `errors` lists them all.
    #[error("invalid input: {}", .errors.first().map(|e| e.field.as_str()).unwrap_or(""))]
    Validation { errors: Vec<FieldError> },
    /// Someone else saved a newer version, or a uniqueness rule was hit.
    #[error("conflict: {code}")]
    Conflict { code: String, detail: String },
    /// The record was saved by someone else since the form was loaded: nothing was written.
    /// `changes` says what they changed, field by field, so the user can redo their edit.
    #[error("stale version")]
    Stale { changes: Vec<StaleChange> },
    /// Signed in, but the role may not do this.
    #[error("forbidden")]
    Forbidden { allowed: String },
    /// Not signed in.
    #[error("unauthenticated")]
    Unauthenticated,
    /// Too many attempts (failed sign-ins): refused until the time has passed.
    #[error("too many attempts")]
    RateLimited { retry_after_secs: u64 },
    /// Anything else. The cause is in the server log, never in the response.
    #[error("internal error")]
    Internal,
}

/// One field someone else changed since the user's version (from the audit trail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleChange {
    pub field: String,
    /// The value in the user's version, and the value now (JSON text of the audit trail).
    pub before: String,
    pub after: String,
    /// Who changed it last, and when (RFC 3339).
    pub by: String,
    pub at: String,
}

impl AppError {
    pub fn validation(field: &str, code: &str) -> Self {
        AppError::Validation {
            errors: vec![FieldError::new(field, code)],
        }
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::NotFound => S::NOT_FOUND,
            AppError::Validation { .. } => S::BAD_REQUEST,
            AppError::Conflict { .. } | AppError::Stale { .. } => S::CONFLICT,
            AppError::Forbidden { .. } => S::FORBIDDEN,
            AppError::Unauthenticated => S::UNAUTHORIZED,
            AppError::RateLimited { .. } => S::TOO_MANY_REQUESTS,
            AppError::Internal => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// The catalogue key for a one-line message about this error.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error.not_found",
            AppError::Validation { .. } => "error.validation",
            AppError::Conflict { .. } => "error.conflict",
            AppError::Stale { .. } => "error.stale",
            AppError::Forbidden { .. } => "error.forbidden",
            AppError::Unauthenticated => "error.unauthenticated",
            AppError::RateLimited { .. } => "error.rate_limited",
            AppError::Internal => "error.internal",
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Validation { errors: vec![e] }
    }
}

impl From<crate::domain::validation::FieldErrors> for AppError {
    fn from(errors: crate::domain::validation::FieldErrors) -> Self {
        AppError::Validation {
            errors: errors.into_vec(),
        }
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(errors: Vec<FieldError>) -> Self {
        AppError::Validation { errors }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The arguments did not decode: malformed input from the client.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::validation("_request", "request.malformed")
            }
            ServerFnErrorErr::Deserialization(_) => AppError::Internal,
            _ => AppError::Internal,
        }
    }
}

impl From<ServerFnError> for AppError {
    fn from(_: ServerFnError) -> Self {
        AppError::Internal
    }
}
