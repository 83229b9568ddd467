//! The API's errors and the request extractors that produce them.
//!
//! Every refusal is JSON (`ErrorBody`) with a real status and, for bad input, the field at
//! fault: malformed requests (JSON that does not parse, a wrong type, an unknown field, a
//! malformed id, a query parameter that does not parse) are 400; well-formed input the domain
//! rules refuse (31 February, a date in the future, an event before the program's previous one)
//! is 422, with the same codes the UI translates. Nothing the database says is ever sent.

use std::collections::BTreeMap;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use http::{header, request::Parts, StatusCode};
use serde::{de::DeserializeOwned, Serialize};
use utoipa::ToSchema;

use app::error::AppError;

/// The largest request body accepted (a stage event or a support log is well under 10 KB).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Why a request was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorBody {
    /// A stable code: `malformed`, `validation`, `unauthenticated`, `forbidden`, `not_found`,
    /// `conflict`, `stale`, `too_large`, `unsupported_media_type`, `rate_limited` or `internal`.
    pub error: String,
    /// What went wrong, in English.
    pub message: String,
    /// The fields at fault (bad input), or the fields someone else changed (`stale`).
    pub fields: Vec<FieldProblem>,
}

/// One field's problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct FieldProblem {
    /// The field: a body property (`occurred_on`), a query parameter (`per_page`), a path
    /// parameter (`id`), or `_body` for the body as a whole.
    pub field: String,
    /// A stable code (`date.invalid`, `text.too_long`, `request.malformed`, …).
    pub code: String,
    /// The code's parameters (`max`, `length`, …).
    pub params: BTreeMap<String, String>,
}

/// An API error: a status and its body.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

impl ApiError {
    fn new(status: StatusCode, error: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: ErrorBody {
                error: error.into(),
                message: message.into(),
                fields: Vec::new(),
            },
        }
    }

    fn with_field(mut self, field: &str, code: &str) -> Self {
        self.body.fields.push(FieldProblem {
            field: field.into(),
            code: code.into(),
            params: BTreeMap::new(),
        });
        self
    }

    /// A request that does not parse, naming the field.
    pub fn malformed(field: &str, detail: impl std::fmt::Display) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed",
            format!("{field}: {detail}"),
        )
        .with_field(field, "request.malformed")
    }

    /// A well-formed value the rules refuse.
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", message)
            .with_field(field, code)
    }

    pub fn unauthenticated(message: &str) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }

    pub fn not_found() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such record")
    }

    /// A path the API does not have.
    pub fn no_route() -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such path in the API: see /api/v1/openapi.json",
        )
    }

    fn too_large() -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the request body is larger than {BODY_LIMIT} bytes"),
        )
        .with_field("_body", "request.too_large")
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let status = match &e {
            AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            other => other.status(),
        };
        let (error, message, fields): (&str, String, Vec<FieldProblem>) = match e {
            AppError::NotFound => ("not_found", "no such record".into(), vec![]),
            AppError::Validation { errors } => {
                let fields: Vec<FieldProblem> = errors
                    .into_iter()
                    .map(|f| FieldProblem {
                        field: f.field,
                        code: f.code,
                        params: f.params.into_iter().collect(),
                    })
                    .collect();
                let message = fields
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.code))
                    .collect::<Vec<_>>()
                    .join("; ");
                ("validation", message, fields)
            }
            AppError::Conflict { code, .. } => ("conflict", code, vec![]),
            AppError::Stale { changes } => (
                "stale",
                "the record was changed since the version given: read it again".into(),
                changes
                    .into_iter()
                    .map(|c| FieldProblem {
                        field: c.field,
                        code: "record.changed".into(),
                        params: BTreeMap::new(),
                    })
                    .collect(),
            ),
            AppError::Forbidden { allowed } => (
                "forbidden",
                format!("the role {allowed} may not do this"),
                vec![],
            ),
            AppError::Unauthenticated => ("unauthenticated", "a token is required".into(), vec![]),
            AppError::RateLimited { retry_after_secs } => (
                "rate_limited",
                format!("too many attempts: retry after {retry_after_secs} s"),
                vec![],
            ),
            AppError::Internal => (
                "internal",
                "the server failed; the cause is in its log".into(),
                vec![],
            ),
        };
        ApiError {
            status,
            body: ErrorBody {
                error: error.into(),
                message,
                fields,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(self.body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                http::HeaderValue::from_static("Bearer realm=\"tracker\""),
            );
        }
        res
    }
}

/// The field of a serde error's path (`.` is the value as a whole; `?` an unknown position,
/// e.g. where the JSON ended too early: the field around it is named).
fn field_of(path: &serde_path_to_error::Path, whole: &str) -> String {
    let p = path.to_string();
    let p = p.trim_end_matches(".?").trim_end_matches('?');
    if p.is_empty() || p == "." {
        whole.to_string()
    } else {
        p.to_string()
    }
}

/// A JSON body (`application/json`, at most [`BODY_LIMIT`] bytes) whose errors name the field.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
            )
            .with_field("_body", "request.content_type"));
        }
        let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| ApiError::too_large())?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            // An unknown property is named itself (serde reports it on the object around it).
            let message = e.inner().to_string();
            let field = message
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next())
                .map(str::to_string)
                .unwrap_or_else(|| field_of(e.path(), "_body"));
            ApiError::malformed(&field, message)
        })?;
        de.end()
            .map_err(|e| ApiError::malformed("_body", format!("after the JSON value: {e}")))?;
        Ok(ApiJson(value))
    }
}

/// Query parameters whose errors name the parameter.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| ApiError::malformed(&field_of(e.path(), "_query"), e.inner()))
    }
}

/// The `{id}` of a path, a UUID.
pub struct ApiId(pub uuid::Uuid);

impl<S: Send + Sync> FromRequestParts<S> for ApiId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::malformed("id", e.body_text()))?;
        uuid::Uuid::parse_str(raw.trim())
            .map(ApiId)
            .map_err(|_| ApiError::malformed("id", "not a UUID"))
    }
}
