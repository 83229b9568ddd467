//! The open JSON API under `/api/v1`, for BI tools, the national survey and other systems.
//!
//! - Its OpenAPI 3 document (`/api/v1/openapi.json`) is generated from the handlers and types
//!   below (utoipa): it cannot drift from what the server does.
//! - Reads: ventures, programs, stage events, trial notifications, support logs, fund support,
//!   the funnel and the targets, with paging (`page`, `per_page` ≤ 200) and filters. Writes:
//!   stage events and support logs, through the same validation, authorisation, audit and
//!   transaction as the UI (`app::ssr`).
//! - Every request carries a personal API token (`Authorization: Bearer kgt_…`, created on the
//!   user's "API tokens" page); it acts as its user with the user's role now, so the role checks
//!   are the UI's.

use std::borrow::Cow;

use axum::extract::FromRequestParts;
use http::request::Parts;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::RefOr;
use utoipa::{Modify, OpenApi};
use utoipa_axum::{router::OpenApiRouter, routes};

use app::domain::account::Area;
use app::ssr::auth::CurrentUser;
use app::ssr::state::AppState;

pub mod error;
mod figures;
mod records;
mod ventures;
mod writes;

pub use error::{ApiError, ErrorBody};

/// The signed-in user of an API request: the owner of a live bearer token.
pub struct ApiUser(pub CurrentUser);

impl ApiUser {
    /// The user, if their role may write records of `area` (403 otherwise).
    pub fn may(self, area: Area) -> Result<CurrentUser, ApiError> {
        if self.0.role.may(area) {
            Ok(self.0)
        } else {
            Err(app::error::AppError::Forbidden {
                allowed: self.0.role.as_str().to_string(),
            }
            .into())
        }
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(http::header::AUTHORIZATION) else {
            return Err(ApiError::unauthenticated(
                "send a personal API token: Authorization: Bearer <token>",
            ));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default();
        match app::ssr::api_tokens::authenticate(&st.db, token, st.clock.now()).await? {
            Some(user) => Ok(ApiUser(user)),
            None => Err(ApiError::unauthenticated(
                "the token is unknown, revoked or expired",
            )),
        }
    }
}

/// Results per page when `per_page` is not given, and at most.
pub const PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = 200;

/// A checked page request: 1-based page, page size.
#[derive(Clone, Copy, Debug)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
}

impl Paging {
    pub fn of(page: Option<u64>, per_page: Option<u64>) -> Result<Self, ApiError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(PER_PAGE);
        if page == 0 || page > 1_000_000 {
            return Err(ApiError::invalid(
                "page",
                "page.out_of_range",
                "page counts from 1 (at most 1,000,000)",
            ));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::invalid(
                "per_page",
                "per_page.out_of_range",
                format!("per_page is 1 to {MAX_PER_PAGE}"),
            ));
        }
        Ok(Paging { page, per_page })
    }
}

/// Declares a string schema listing a domain code enum's values (the codes stay defined once,
/// in `app::domain`).
macro_rules! code_schema {
    ($name:ident, $title:literal, $values:expr, $doc:literal) => {
        #[doc = $doc]
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let values: Vec<String> = $values;
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(values))
                    .description(Some($doc))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($title)
            }
        }
    };
}

fn codes<T: Copy + std::fmt::Display>(all: &[T]) -> Vec<String> {
    all.iter().map(|c| c.to_string()).collect()
}

code_schema!(
    StageCode,
    "Stage",
    codes(app::domain::stage::Stage::ALL),
    "A milestone of a program's journey."
);
code_schema!(
    ModalityCode,
    "Modality",
    codes(app::domain::venture::Modality::ALL),
    "What kind of medicine a venture or program works on."
);
code_schema!(
    TrackCode,
    "Track",
    codes(app::domain::stage::Track::ALL),
    "The regulatory track: pmd_act (医薬品医療機器等法) or safety_act (再生医療等安全性確保法)."
);
code_schema!(
    ProgramStatusCode,
    "ProgramStatus",
    codes(app::domain::stage::ProgramStatus::ALL),
    "Where a program stands."
);
code_schema!(
    VentureStatusCode,
    "VentureStatus",
    codes(app::domain::venture::VentureStatus::ALL),
    "Whether a venture is still here and working."
);
code_schema!(
    SupportKindCode,
    "SupportKind",
    codes(app::domain::support::SupportKind::ALL),
    "What kind of support a RINK coordinator gave."
);
code_schema!(
    PrecisionCode,
    "DatePrecision",
    codes(app::domain::stage::DatePrecision::ALL),
    "How precisely a date is known."
);
code_schema!(
    FunnelUnitCode,
    "FunnelUnit",
    codes(app::domain::dashboard::FunnelUnit::ALL),
    "What the funnel counts: ventures (by their most advanced program) or programs."
);
code_schema!(
    HubCode,
    "Hub",
    vec![
        "tonomachi".into(),
        "shonan".into(),
        "ksp".into(),
        "elsewhere".into()
    ],
    "A hub: tonomachi (殿町), shonan (湘南), ksp (かながわサイエンスパーク) or elsewhere."
);
code_schema!(
    ActionCode,
    "JourneyAction",
    {
        use app::domain::stage::{ExitKind, Stage};
        let mut v: Vec<String> = Stage::ALL.iter().map(|s| format!("stage:{s}")).collect();
        v.extend(ExitKind::ALL.iter().map(|x| format!("exit:{x}")));
        v.push("resumed".into());
        v
    },
    "The event: a stage reached (stage:phase1), a side exit (exit:suspended) or a resumption \
     (resumed). The journey rules decide which the program's history allows."
);

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("kgt_…")
                    .description(Some(
                        "A personal API token, created on the tracker's API tokens page.",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kanagawa regenerative-medicine pipeline tracker",
        version = "1",
        description = "Ventures, their programs' journeys (trial notifications, phases, approvals), \
            RINK support and fund support of Kanagawa Prefecture's regenerative-medicine ventures. \
            Dates are ISO 8601 (`2026-04-01`); times are UTC; money is integer yen; ids are UUIDs. \
            Lists are paged with `page` (from 1) and `per_page` (at most 200)."
    ),
    modifiers(&BearerToken),
    security(("token" = [])),
    tags(
        (name = "ventures", description = "Ventures and their programs"),
        (name = "journey", description = "Stage events and trial notifications"),
        (name = "support", description = "RINK support logs and fund support"),
        (name = "figures", description = "The funnel and the targets")
    )
)]
struct ApiDoc;

/// The API's routes and its OpenAPI document (also served at `/api/v1/openapi.json`).
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .routes(routes!(ventures::list_ventures))
        .routes(routes!(ventures::get_venture))
        .routes(routes!(ventures::list_programs))
        .routes(routes!(ventures::get_program))
        .routes(routes!(records::list_stage_events))
        .routes(routes!(writes::record_stage_event))
        .routes(routes!(records::list_notifications))
        .routes(routes!(records::list_support_logs, writes::log_support))
        .routes(routes!(records::list_fund_supports))
        .routes(routes!(figures::funnel))
        .routes(routes!(figures::targets))
        .split_for_parts();
    let document = doc.clone();
    let router = router
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let doc = document.clone();
                async move { axum::Json(doc) }
            }),
        )
        // Anything else under /api/v1 is a JSON 404 (not the app's HTML page).
        .route(
            "/api/v1/{*rest}",
            axum::routing::any(|| async { ApiError::no_route() }),
        );
    (router, doc)
}

/// The OpenAPI document as JSON (`server openapi` prints it).
pub fn document() -> utoipa::openapi::OpenApi {
    router().1
}
