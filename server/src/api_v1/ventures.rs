//! Ventures and programs.

use std::collections::HashMap;

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Select};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use app::api::ventures::{VentureQuery, VentureSort};
use app::domain::stage::{ProgramStatus, Stage, Track};
use app::domain::venture::{Modality, VentureStatus};
use app::ssr::state::{internal, AppState};
use entity::{programs, ventures};

use super::error::{ApiId, ApiQuery, ErrorBody};
use super::{ApiError, ApiUser, Paging};

/// A page of results.
macro_rules! page_of {
    ($name:ident, $item:ty) => {
        #[derive(Debug, Serialize, Deserialize, ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            /// This page (from 1).
            pub page: u64,
            pub per_page: u64,
            /// How many records match, over every page.
            pub total: u64,
        }
    };
}
pub(crate) use page_of;

/// Parse an optional code filter, naming the parameter when it is not a known code.
pub fn code_filter<T: std::str::FromStr>(
    field: &str,
    value: &Option<String>,
) -> Result<Option<T>, ApiError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            ApiError::invalid(
                field,
                &format!("{field}.unknown"),
                format!("unknown {field}: {v}"),
            )
        }),
    }
}

/// One page of `select`, and the count over every page.
pub async fn paged<E>(
    st: &AppState,
    select: Select<E>,
    paging: Paging,
) -> Result<(Vec<E::Model>, u64), ApiError>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let paginator = select.paginate(st.db.read(), paging.per_page);
    let total = paginator
        .num_items()
        .await
        .map_err(internal("counting an API page"))?;
    let rows = paginator
        .fetch_page(paging.page - 1)
        .await
        .map_err(internal("reading an API page"))?;
    Ok((rows, total))
}

async fn hub_codes(st: &AppState) -> Result<HashMap<Uuid, String>, ApiError> {
    Ok(app::ssr::ventures::hubs(&st.db)
        .await?
        .into_iter()
        .map(|h| (h.id, h.code))
        .collect())
}

/// A venture.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Venture {
    pub id: Uuid,
    pub name_ja: String,
    pub name_en: String,
    /// The reading, in katakana.
    pub name_kana: String,
    /// 法人番号 (13 digits), when known.
    pub corporate_number: Option<String>,
    /// The hub it is at now.
    #[schema(value_type = super::HubCode)]
    pub hub: String,
    pub founded_on: Option<NaiveDate>,
    /// The date it located in the prefecture.
    pub located_on: Option<NaiveDate>,
    pub origin_institution: String,
    #[schema(value_type = super::ModalityCode)]
    pub modality: String,
    #[schema(value_type = super::VentureStatusCode)]
    pub status: String,
    pub website: String,
    pub summary: String,
    /// Its most advanced program's stage (none without programs).
    #[schema(value_type = Option<super::StageCode>)]
    pub current_stage: Option<String>,
    /// Generated for benchmarks, not a real venture.
    pub is_generated: bool,
    /// Increases with every change.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

page_of!(VenturePage, Venture);

fn venture_out(v: ventures::Model, hubs: &HashMap<Uuid, String>) -> Venture {
    Venture {
        hub: hubs.get(&v.current_hub_id).cloned().unwrap_or_default(),
        id: v.id,
        name_ja: v.name_ja,
        name_en: v.name_en,
        name_kana: v.name_kana,
        corporate_number: v.corporate_number,
        founded_on: v.founded_on,
        located_on: v.located_on,
        origin_institution: v.origin_institution,
        modality: v.modality,
        status: v.status,
        website: v.website,
        summary: v.summary,
        current_stage: v.current_stage,
        is_generated: v.is_generated,
        version: v.version,
        created_at: v.created_at,
        updated_at: v.updated_at,
    }
}

/// Filters of the ventures list (archived ventures are never listed).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct VentureFilter {
    /// Free text: Japanese or English name, or the kana reading.
    #[param(max_length = 200)]
    pub q: Option<String>,
    #[param(value_type = Option<super::HubCode>)]
    pub hub: Option<String>,
    /// The venture's current stage (its most advanced program's).
    #[param(value_type = Option<super::StageCode>)]
    pub stage: Option<String>,
    #[param(value_type = Option<super::ModalityCode>)]
    pub modality: Option<String>,
    #[param(value_type = Option<super::VentureStatusCode>)]
    pub status: Option<String>,
    /// Only ventures changed at or after this time (RFC 3339), for incremental copies.
    pub updated_since: Option<DateTime<Utc>>,
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// The ventures, by kana reading.
#[utoipa::path(
    get,
    path = "/api/v1/ventures",
    tag = "ventures",
    params(VentureFilter),
    responses(
        (status = 200, description = "A page of ventures", body = VenturePage),
        (status = 400, description = "A parameter does not parse", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 422, description = "A parameter is out of range or unknown", body = ErrorBody)
    )
)]
pub async fn list_ventures(
    State(st): State<AppState>,
    _user: ApiUser,
    ApiQuery(f): ApiQuery<VentureFilter>,
) -> Result<Json<VenturePage>, ApiError> {
    let paging = Paging::of(f.page, f.per_page)?;
    let q = app::domain::text::TextRules::single_line(200)
        .validate(f.q.as_deref().unwrap_or_default())
        .map_err(|e| {
            use app::domain::validation::ToFieldError;
            ApiError::from(app::error::AppError::from(e.field_error("q")))
        })?;
    let query = VentureQuery {
        q,
        hub: f.hub.clone().unwrap_or_default().trim().to_string(),
        stage: code_filter::<Stage>("stage", &f.stage)?,
        modality: code_filter::<Modality>("modality", &f.modality)?,
        sort: VentureSort::Name,
        page: 1,
        ..VentureQuery::default()
    };
    let status = code_filter::<VentureStatus>("status", &f.status)?;
    let hubs = app::ssr::ventures::hubs(&st.db).await?;
    let mut select = app::ssr::ventures::filtered(&hubs, &query)?;
    if let Some(s) = status {
        select = select.filter(ventures::Column::Status.eq(s.as_str()));
    }
    if let Some(t) = f.updated_since {
        select = select.filter(ventures::Column::UpdatedAt.gte(t));
    }
    let (rows, total) = paged(&st, select, paging).await?;
    let codes: HashMap<Uuid, String> = hubs.into_iter().map(|h| (h.id, h.code)).collect();
    Ok(Json(VenturePage {
        items: rows.into_iter().map(|v| venture_out(v, &codes)).collect(),
        page: paging.page,
        per_page: paging.per_page,
        total,
    }))
}

/// One venture (archived ones too, as they were).
#[utoipa::path(
    get,
    path = "/api/v1/ventures/{id}",
    tag = "ventures",
    params(("id" = Uuid, Path, description = "The venture's id")),
    responses(
        (status = 200, description = "The venture", body = Venture),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 404, description = "No such venture", body = ErrorBody)
    )
)]
pub async fn get_venture(
    State(st): State<AppState>,
    _user: ApiUser,
    ApiId(id): ApiId,
) -> Result<Json<Venture>, ApiError> {
    let v = ventures::Entity::find_by_id(id)
        .one(st.db.read())
        .await
        .map_err(internal("loading a venture"))?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(venture_out(v, &hub_codes(&st).await?)))
}

/// A development program of a venture.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Program {
    pub id: Uuid,
    pub venture_id: Uuid,
    pub name: String,
    #[schema(value_type = super::ModalityCode)]
    pub modality: String,
    pub indication: String,
    #[schema(value_type = super::TrackCode)]
    pub track: String,
    /// The risk class under the Safety Act (class1–class3), when on that track.
    pub risk_class: Option<String>,
    #[schema(value_type = super::StageCode)]
    pub current_stage: String,
    /// When the current stage was reached.
    pub stage_reached_on: Option<NaiveDate>,
    #[schema(value_type = super::ProgramStatusCode)]
    pub status: String,
    pub last_event_on: Option<NaiveDate>,
    /// Send it with a new stage event: a save over an older version is refused (409).
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

page_of!(ProgramPage, Program);

fn program_out(p: programs::Model) -> Program {
    Program {
        id: p.id,
        venture_id: p.venture_id,
        name: p.name,
        modality: p.modality,
        indication: p.indication,
        track: p.track,
        risk_class: p.risk_class,
        current_stage: p.current_stage,
        stage_reached_on: p.stage_reached_on,
        status: p.status,
        last_event_on: p.last_event_on,
        version: p.version,
        created_at: p.created_at,
        updated_at: p.updated_at,
    }
}

/// Filters of the programs list (archived programs are never listed).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProgramFilter {
    pub venture_id: Option<Uuid>,
    #[param(value_type = Option<super::TrackCode>)]
    pub track: Option<String>,
    /// The current stage.
    #[param(value_type = Option<super::StageCode>)]
    pub stage: Option<String>,
    #[param(value_type = Option<super::ProgramStatusCode>)]
    pub status: Option<String>,
    #[param(value_type = Option<super::ModalityCode>)]
    pub modality: Option<String>,
    /// Only programs changed at or after this time (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// The programs, in the order they were registered.
#[utoipa::path(
    get,
    path = "/api/v1/programs",
    tag = "ventures",
    params(ProgramFilter),
    responses(
        (status = 200, description = "A page of programs", body = ProgramPage),
        (status = 400, description = "A parameter does not parse", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 422, description = "A parameter is out of range or unknown", body = ErrorBody)
    )
)]
pub async fn list_programs(
    State(st): State<AppState>,
    _user: ApiUser,
    ApiQuery(f): ApiQuery<ProgramFilter>,
) -> Result<Json<ProgramPage>, ApiError> {
    let paging = Paging::of(f.page, f.per_page)?;
    let mut select = programs::Entity::find().filter(programs::Column::ArchivedAt.is_null());
    if let Some(v) = f.venture_id {
        select = select.filter(programs::Column::VentureId.eq(v));
    }
    if let Some(t) = code_filter::<Track>("track", &f.track)? {
        select = select.filter(programs::Column::Track.eq(t.as_str()));
    }
    if let Some(s) = code_filter::<Stage>("stage", &f.stage)? {
        select = select.filter(programs::Column::CurrentStage.eq(s.as_str()));
    }
    if let Some(s) = code_filter::<ProgramStatus>("status", &f.status)? {
        select = select.filter(programs::Column::Status.eq(s.as_str()));
    }
    if let Some(m) = code_filter::<Modality>("modality", &f.modality)? {
        select = select.filter(programs::Column::Modality.eq(m.as_str()));
    }
    if let Some(t) = f.updated_since {
        select = select.filter(programs::Column::UpdatedAt.gte(t));
    }
    let select = select.order_by_asc(programs::Column::Id);
    let (rows, total) = paged(&st, select, paging).await?;
    Ok(Json(ProgramPage {
        items: rows.into_iter().map(program_out).collect(),
        page: paging.page,
        per_page: paging.per_page,
        total,
    }))
}

/// One program.
#[utoipa::path(
    get,
    path = "/api/v1/programs/{id}",
    tag = "ventures",
    params(("id" = Uuid, Path, description = "The program's id")),
    responses(
        (status = 200, description = "The program", body = Program),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No live token", body = ErrorBody),
        (status = 404, description = "No such program", body = ErrorBody)
    )
)]
pub async fn get_program(
    State(st): State<AppState>,
    _user: ApiUser,
    ApiId(id): ApiId,
) -> Result<Json<Program>, ApiError> {
    let p = programs::Entity::find_by_id(id)
        .filter(programs::Column::ArchivedAt.is_null())
        .one(st.db.read())
        .await
        .map_err(internal("loading a program"))?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(program_out(p)))
}
