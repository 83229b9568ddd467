//! RINK support: the support log (coordinators and admins log support, edit it over the version
//! shown, archive it, mark its follow-up done), working groups and sub-committees (admins add
//! and close them), their members and meetings (coordinators and admins), and the reads every
//! signed-in user has: the group list, a group's page, "my follow-ups", a venture's support.
//! The domain's checks (`domain::support`) run in the browser first and again here; what needs
//! the database is checked in `ssr::support`, in the writing transaction.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::fiscal::FiscalYear;
use crate::domain::support::{GroupForm, MeetingForm, MemberForm, SupportForm, SupportSummary};
use crate::error::AppError;

/// One support record as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportDto {
    pub id: Uuid,
    pub version: i32,
    pub venture_id: Uuid,
    pub venture_name: String,
    /// The group's code and names; empty for support outside any group.
    pub group_code: String,
    pub group_name_ja: String,
    pub group_name_en: String,
    pub coordinator_id: Uuid,
    pub coordinator_name: String,
    pub supported_on: NaiveDate,
    pub kind: String,
    pub summary: String,
    pub outcome: String,
    pub follow_up_on: Option<NaiveDate>,
    pub follow_up_done_at: Option<DateTime<Utc>>,
    pub follow_up_outcome: String,
    /// The follow-up is open and its date is before today in Japan.
    pub overdue: bool,
}

/// A working group or sub-committee with its counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub code: String,
    pub kind: String,
    pub parent_code: Option<String>,
    pub name_ja: String,
    pub name_en: String,
    pub description: String,
    pub closed_on: Option<NaiveDate>,
    pub version: i32,
    /// Members who have not left (as of today).
    pub members: u32,
    /// Support records dated in the current fiscal year.
    pub support_this_year: u32,
    /// Open follow-ups dated before today.
    pub overdue: u32,
}

/// The list of groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupList {
    pub today: NaiveDate,
    pub fiscal_year: FiscalYear,
    pub groups: Vec<GroupRow>,
}

/// A member of a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDto {
    pub id: Uuid,
    pub member_kind: String,
    /// The venture's or coordinator's name, or the organisation's.
    pub name: String,
    /// For a venture member, to link to it.
    pub venture_id: Option<Uuid>,
    pub role: String,
    pub joined_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDto {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub title: String,
    pub agenda: String,
    pub attendees: String,
    pub minutes_summary: String,
}

/// Something to choose in a form: an id and its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: Uuid,
    pub name: String,
}

/// A group to choose in the support form (open groups only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupChoice {
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
}

/// A group's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPage {
    pub today: NaiveDate,
    pub group: GroupRow,
    /// The parent group's names, for a sub-committee under a group.
    pub parent_name_ja: String,
    pub parent_name_en: String,
    pub members: Vec<MemberDto>,
    /// Newest first.
    pub meetings: Vec<MeetingDto>,
    /// Its support log, newest first.
    pub support: Vec<SupportDto>,
    /// Its open follow-ups dated before today, oldest first.
    pub overdue: Vec<SupportDto>,
    pub summary: SupportSummary,
    /// For the forms: ventures (members first), coordinators.
    pub ventures: Vec<Choice>,
    pub coordinators: Vec<Choice>,
}

/// "My follow-ups": open ones, overdue first then by date; recently done ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyFollowUps {
    pub today: NaiveDate,
    pub open: Vec<SupportDto>,
    pub done: Vec<SupportDto>,
}

/// A venture's support log (newest first), its summary and the groups its form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureSupport {
    pub today: NaiveDate,
    pub support: Vec<SupportDto>,
    pub summary: SupportSummary,
    pub groups: Vec<GroupChoice>,
}

/// How many recently done follow-ups "my follow-ups" shows.
pub const RECENTLY_DONE: usize = 10;

// ---------------------------------------------------------------------------------------------
// Reads (every signed-in user)

/// The working groups and sub-committees with their counts.
#[server(endpoint = "rink/groups")]
pub async fn list_groups() -> Result<GroupList, AppError> {
    use crate::ssr::{auth, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    support::groups(&st.db, st.clock.today())
        .await
        .map_err(respond)
}

/// One group's page.
#[server(endpoint = "rink/group")]
pub async fn get_group(code: String) -> Result<GroupPage, AppError> {
    use crate::ssr::{auth, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    support::group_page(&st.db, &code, st.clock.today())
        .await
        .map_err(respond)
}

/// The signed-in user's follow-ups.
#[server(endpoint = "support/my_follow_ups")]
pub async fn get_my_follow_ups() -> Result<MyFollowUps, AppError> {
    use crate::ssr::{auth, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    let user = auth::current_user(&st.db).await.map_err(respond)?;
    support::my_follow_ups(&st.db, user.id, st.clock.today())
        .await
        .map_err(respond)
}

/// A venture's support log and its counts by fiscal year.
#[server(endpoint = "support/venture")]
pub async fn get_venture_support(id: String) -> Result<VentureSupport, AppError> {
    use crate::ssr::{auth, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let id: Uuid = id.parse().map_err(|_| respond(AppError::NotFound))?;
    let today = st.clock.today();
    st.memo
        .get(&st.db, "support.venture", format!("{id} {today}"), || {
            support::venture_support(&st.db, id, today)
        })
        .await
        .map_err(respond)
}

// ---------------------------------------------------------------------------------------------
// The support log (coordinators, admins)

/// Log support given by the signed-in coordinator; returns its id.
#[server(endpoint = "support/log")]
pub async fn log_support(form: SupportForm) -> Result<Uuid, AppError> {
    use crate::domain::{account::Area, support::validate_support};
    use crate::ssr::{auth, records::By, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::SupportLogs)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let valid = validate_support(&form, by.today).map_err(|e| respond(e.into()))?;
    support::log_support(&st.db, by, valid)
        .await
        .map_err(respond)
}

/// Save an edited support record over the version the form showed; returns the new version.
#[server(endpoint = "support/update")]
pub async fn update_support(id: Uuid, version: i32, form: SupportForm) -> Result<i32, AppError> {
    use crate::domain::{account::Area, support::validate_support};
    use crate::ssr::{auth, records::By, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::SupportLogs)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let valid = validate_support(&form, by.today).map_err(|e| respond(e.into()))?;
    support::update_support(&st.db, by, id, version, valid)
        .await
        .map_err(respond)
}

/// Archive a support record logged by mistake (kept, with its History).
#[server(endpoint = "support/archive")]
pub async fn archive_support(id: Uuid, version: i32) -> Result<i32, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, records::By, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::SupportLogs)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    support::archive_support(&st.db, by, id, version)
        .await
        .map_err(respond)
}

/// Mark a support record's follow-up done, with what came of it.
#[server(endpoint = "support/follow_up_done")]
pub async fn follow_up_done(id: Uuid, version: i32, outcome: String) -> Result<i32, AppError> {
    use crate::domain::{account::Area, support::validate_follow_up_done};
    use crate::ssr::{auth, records::By, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::SupportLogs)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let outcome = validate_follow_up_done(&outcome).map_err(|e| respond(e.into()))?;
    support::follow_up_done(&st.db, by, id, version, outcome)
        .await
        .map_err(respond)
}

// ---------------------------------------------------------------------------------------------
// Groups (admins), members and meetings (coordinators, admins)

/// Add a working group or sub-committee (administrators); returns its code.
#[server(endpoint = "rink/add_group")]
pub async fn add_group(form: GroupForm) -> Result<String, AppError> {
    use crate::domain::{account::Area, support::validate_group};
    use crate::ssr::{auth, records::By, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let valid = validate_group(&form).map_err(|e| respond(e.into()))?;
    support::add_group(&st.db, by, valid).await.map_err(respond)
}

/// Close a group (administrators): it keeps its records and accepts no new support.
#[server(endpoint = "rink/close_group")]
pub async fn close_group(code: String, version: i32, closed_on: String) -> Result<i32, AppError> {
    use crate::domain::{account::Area, support::validate_close};
    use crate::ssr::{auth, records::By, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let on = validate_close(&closed_on, by.today).map_err(|e| respond(e.into()))?;
    support::close_group(&st.db, by, &code, version, on)
        .await
        .map_err(respond)
}

/// Add a member to a group; returns its id.
#[server(endpoint = "rink/add_member")]
pub async fn add_member(code: String, form: MemberForm) -> Result<Uuid, AppError> {
    use crate::domain::{account::Area, support::validate_member};
    use crate::ssr::{auth, records::By, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::WorkingGroups)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let valid = validate_member(&form).map_err(|e| respond(e.into()))?;
    support::add_member(&st.db, by, &code, valid)
        .await
        .map_err(respond)
}

/// Record a meeting of a group; returns its id.
#[server(endpoint = "rink/add_meeting")]
pub async fn add_meeting(code: String, form: MeetingForm) -> Result<Uuid, AppError> {
    use crate::domain::{account::Area, support::validate_meeting};
    use crate::ssr::{auth, records::By, state::respond, state::state, support};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::WorkingGroups)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let valid = validate_meeting(&form).map_err(|e| respond(e.into()))?;
    support::add_meeting(&st.db, by, &code, valid)
        .await
        .map_err(respond)
}
