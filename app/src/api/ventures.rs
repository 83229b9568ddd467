//! Ventures: the list (search, filters, sort, paging) and one venture with its programs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::funnel::FunnelStage;
use crate::domain::stage::{DatePrecision, EventKind, ExitKind, ProgramStatus, Stage, Track};
use crate::domain::venture::{Modality, VentureForm};
use crate::error::AppError;
use leptos::prelude::*;

/// Rows per page of the ventures list.
pub const PAGE_SIZE: u64 = 50;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VentureSort {
    /// By kana reading (五十音順), then by the Japanese name.
    #[default]
    Name,
    /// Most advanced stage first.
    Stage,
    /// Most recently located in the prefecture first.
    Located,
    /// Most recently founded first.
    Founded,
}

impl VentureSort {
    pub const ALL: [VentureSort; 4] = [Self::Name, Self::Stage, Self::Located, Self::Founded];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Stage => "stage",
            Self::Located => "located",
            Self::Founded => "founded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The list's state; it lives in the URL query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureQuery {
    /// Free text: Japanese or English name, or the kana reading (hiragana or katakana).
    pub q: String,
    /// Hub code (tonomachi, shonan, ksp, elsewhere), or empty for all.
    pub hub: String,
    /// The venture's current stage (its most advanced program's), or empty for all.
    pub stage: Option<Stage>,
    /// The venture's modality.
    pub modality: Option<Modality>,
    /// Only ventures with a (non-archived) program; with `program_modality`, of that modality;
    /// with `reached`, that program must have reached the stage (the dashboard's programs
    /// funnel links here: the ventures owning the counted programs).
    #[serde(default)]
    pub has_program: bool,
    /// Only ventures with a (non-archived) program of this modality (implies `has_program`).
    pub program_modality: Option<Modality>,
    /// Reached this funnel stage or went past it (`founded`: no condition), by the venture's
    /// most advanced program (`domain::funnel`).
    pub reached: Option<FunnelStage>,
    /// Founding date on or after / on or before (inclusive).
    pub founded_from: Option<NaiveDate>,
    pub founded_to: Option<NaiveDate>,
    /// Date located in the prefecture on or after / on or before (inclusive).
    pub located_from: Option<NaiveDate>,
    pub located_to: Option<NaiveDate>,
    pub sort: VentureSort,
    /// 1-based page number.
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubDto {
    pub id: Uuid,
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    pub city_ja: String,
    pub city_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureRow {
    pub id: Uuid,
    pub name_ja: String,
    pub name_en: String,
    pub name_kana: String,
    pub hub_code: String,
    pub stage: Option<Stage>,
    pub modality: String,
    pub founded_on: Option<NaiveDate>,
    pub located_on: Option<NaiveDate>,
    pub programs: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenturePage {
    pub rows: Vec<VentureRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub hubs: Vec<HubDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenancyDto {
    pub hub_code: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEventDto {
    pub id: Uuid,
    pub kind: EventKind,
    pub stage: Option<Stage>,
    pub exit_kind: Option<ExitKind>,
    pub occurred_on: NaiveDate,
    pub precision: DatePrecision,
    pub source_url: String,
    pub note: String,
    /// For a retraction: the event it retracts, and why.
    pub retracts: Option<Uuid>,
    pub reason: Option<String>,
    /// Set on an event that a later retraction withdrew.
    pub retracted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationDto {
    pub id: Uuid,
    pub notified_on: NaiveDate,
    pub sponsor: String,
    pub registry_id: String,
    pub phase: String,
    pub title: String,
    pub note: String,
    /// The trial's public page (jRCT, ClinicalTrials.gov) when the id makes one.
    pub registry_url: Option<String>,
    /// The version edit forms save over.
    pub version: i32,
}

/// One extension of a conditional approval's term.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionDto {
    pub extended_on: NaiveDate,
    pub new_expires_on: NaiveDate,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalDto {
    pub id: Uuid,
    pub approval_type: String,
    pub brand_name: String,
    pub approved_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    pub outcome: String,
    pub shipment_restricted: bool,
    pub sakigake: bool,
    pub orphan: bool,
    pub applied_on: Option<NaiveDate>,
    /// The first term's expiry (conditional approvals); `expires_on` is after extensions.
    pub term_expires_on: Option<NaiveDate>,
    pub reapplied_on: Option<NaiveDate>,
    pub outcome_on: Option<NaiveDate>,
    pub shipment_restriction_note: String,
    pub note: String,
    /// Oldest first.
    pub extensions: Vec<ExtensionDto>,
    /// Set when a conditional approval in force nears or passed its expiry (today in Japan).
    pub alert: Option<crate::domain::records::ExpiryAlert>,
    /// The version edit forms save over.
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramDto {
    pub id: Uuid,
    pub name: String,
    pub modality: String,
    pub indication: String,
    pub track: Track,
    pub stage: Stage,
    pub stage_reached_on: Option<NaiveDate>,
    pub status: ProgramStatus,
    /// The version the journey forms save over.
    pub version: i32,
    /// What may be recorded next (stages, exits, resumption, retractions), by the journey rules.
    pub allowed: Vec<crate::domain::stage::Action>,
    /// Derived: a clinical program with no event for two years.
    pub no_development_reported: bool,
    pub events: Vec<StageEventDto>,
    pub notifications: Vec<NotificationDto>,
    pub approvals: Vec<ApprovalDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureDetail {
    pub id: Uuid,
    pub name_ja: String,
    pub name_en: String,
    pub name_kana: String,
    pub corporate_number: Option<String>,
    pub hub_code: String,
    pub stage: Option<Stage>,
    pub modality: String,
    pub status: String,
    pub founded_on: Option<NaiveDate>,
    pub located_on: Option<NaiveDate>,
    pub origin_institution: String,
    pub website: String,
    pub summary: String,
    pub tenancies: Vec<TenancyDto>,
    pub programs: Vec<ProgramDto>,
    pub hubs: Vec<HubDto>,
    /// The version edit forms save over.
    pub version: i32,
    pub archived: bool,
    /// Today in Japan by the server's clock (the forms' "not after today" checks).
    pub today: NaiveDate,
}

/// One page of the ventures list.
#[server(endpoint = "ventures/list")]
pub async fn list_ventures(query: VentureQuery) -> Result<VenturePage, AppError> {
    use crate::ssr::{auth, state::respond, state::state, ventures};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    // The page (its count over every matching venture included) holds until the next write.
    st.memo
        .get(&st.db, "ventures.list", format!("{query:?}"), || {
            ventures::list(&st.db, &query)
        })
        .await
        .map_err(respond)
}

/// One venture with its programs, their journeys, notifications and approvals.
#[server(endpoint = "ventures/get")]
pub async fn get_venture(id: String) -> Result<VentureDetail, AppError> {
    use crate::ssr::{auth, state::respond, state::state, ventures};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| respond(AppError::NotFound))?;
    let today = st.clock.today();
    st.memo
        .get(&st.db, "ventures.detail", format!("{id} {today}"), || {
            ventures::detail(&st.db, id, today)
        })
        .await
        .map_err(respond)
}

/// Register a new venture (staff and admins); returns its id.
#[server(endpoint = "ventures/create")]
pub async fn create_venture(form: VentureForm) -> Result<Uuid, AppError> {
    use crate::domain::{account::Area, venture::validate_venture};
    use crate::ssr::{auth, state::respond, state::state, venture_write};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Ventures)
        .await
        .map_err(respond)?;
    let valid = validate_venture(&form, true, st.clock.today()).map_err(|e| respond(e.into()))?;
    venture_write::create(&st.db, user.id, valid, st.clock.now(), st.clock.today())
        .await
        .map_err(respond)
}

/// Save an edited profile over the version the form showed; returns the new version.
#[server(endpoint = "ventures/update")]
pub async fn update_venture(id: Uuid, version: i32, form: VentureForm) -> Result<i32, AppError> {
    use crate::domain::{account::Area, venture::validate_venture};
    use crate::ssr::{auth, state::respond, state::state, venture_write};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Ventures)
        .await
        .map_err(respond)?;
    let valid = validate_venture(&form, false, st.clock.today()).map_err(|e| respond(e.into()))?;
    venture_write::update(&st.db, user.id, id, version, valid, st.clock.now())
        .await
        .map_err(respond)
}

/// Archive a venture (never deleted: its page and history stay).
#[server(endpoint = "ventures/archive")]
pub async fn archive_venture(id: Uuid, version: i32) -> Result<i32, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, state::respond, state::state, venture_write};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Ventures)
        .await
        .map_err(respond)?;
    venture_write::archive(&st.db, user.id, id, version, st.clock.now())
        .await
        .map_err(respond)
}

/// The hubs, in display order (for forms and filters).
#[server(endpoint = "ventures/hubs")]
pub async fn list_hubs() -> Result<Vec<HubDto>, AppError> {
    use crate::ssr::{auth, state::respond, state::state, ventures};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    ventures::hubs(&st.db).await.map_err(respond)
}

/// Add a program to a venture (staff and admins); returns its id.
#[server(endpoint = "ventures/add_program")]
pub async fn add_program(
    venture_id: Uuid,
    name: String,
    modality: String,
    indication: String,
    track: String,
) -> Result<Uuid, AppError> {
    use crate::domain::{account::Area, venture::validate_program};
    use crate::ssr::{auth, state::respond, state::state, venture_write};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Ventures)
        .await
        .map_err(respond)?;
    let valid =
        validate_program(&name, &modality, &indication, &track).map_err(|e| respond(e.into()))?;
    venture_write::add_program(&st.db, user.id, venture_id, valid, st.clock.now())
        .await
        .map_err(respond)
}
