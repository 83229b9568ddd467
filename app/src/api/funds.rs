//! Funds and fund support (資金支援). Everyone signed in reads: the funds with their counts and
//! totals, a fund's page, a venture's fund supports. Staff and admins (`Area::FundSupport`)
//! record, edit (over the version shown) and archive fund supports; admins
//! (`Area::Administration`) add and edit funds. The domain's checks (`domain::fund_support`) run
//! in the browser first and again here; what needs the database is checked in `ssr::funds`, in
//! the writing transaction.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::fiscal::FiscalYear;
use crate::domain::fund_support::{FundForm, FundSupportForm};
use crate::domain::fy_summary::FySummary;
use crate::error::AppError;

/// A fund as shown and edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundDto {
    pub id: Uuid,
    pub code: String,
    /// prefectural, incubation, private.
    pub kind: String,
    pub name_ja: String,
    pub name_en: String,
    pub manager: String,
    pub version: i32,
}

/// One line of the funds list: the fund and its supports by fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundRow {
    pub fund: FundDto,
    pub summary: FySummary,
}

/// The funds page: every fund, the fiscal years any of them has supports in (oldest first),
/// and all funds together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundList {
    pub funds: Vec<FundRow>,
    pub years: Vec<FiscalYear>,
    pub all: FySummary,
}

/// A support log a fund support goes with (or may be linked to).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedLog {
    pub id: Uuid,
    pub supported_on: NaiveDate,
    /// The support kind's code (consultation, matching, …).
    pub kind: String,
    pub summary: String,
}

/// One fund support with the names around it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundSupportDto {
    pub id: Uuid,
    pub version: i32,
    pub fund_id: Uuid,
    pub fund_code: String,
    pub fund_name_ja: String,
    pub fund_name_en: String,
    pub venture_id: Uuid,
    pub venture_name_ja: String,
    pub venture_name_en: String,
    pub supported_on: NaiveDate,
    pub amount_yen: i64,
    /// equity, convertible, loan, grant, hands_on.
    pub instrument: String,
    pub round: String,
    pub note: String,
    /// The linked support logs, oldest first.
    pub links: Vec<LinkedLog>,
}

/// A venture to choose in the fund page's record form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureChoice {
    pub id: Uuid,
    pub name_ja: String,
}

/// A fund's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundPage {
    pub fund: FundDto,
    pub summary: FySummary,
    /// Newest first.
    pub supports: Vec<FundSupportDto>,
    /// The ventures support may be recorded for (not archived), by reading.
    pub ventures: Vec<VentureChoice>,
    /// Today in Japan (the forms' "not after today").
    pub today: NaiveDate,
}

/// The fund-support section of a venture's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureFunds {
    pub venture_id: Uuid,
    /// An archived venture is kept as it was: no forms.
    pub archived: bool,
    pub summary: FySummary,
    /// Newest first.
    pub supports: Vec<FundSupportDto>,
    /// The funds to choose from.
    pub funds: Vec<FundDto>,
    /// The venture's support logs that may be linked (not archived), newest first.
    pub logs: Vec<LinkedLog>,
    pub today: NaiveDate,
}

/// Every fund with its count and total, by fiscal year.
#[server(endpoint = "funds/list")]
pub async fn list_funds() -> Result<FundList, AppError> {
    use crate::ssr::{auth, funds, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    funds::list(&st.db).await.map_err(respond)
}

/// One fund by its code: its summary by fiscal year and its supports.
#[server(endpoint = "funds/get")]
pub async fn get_fund(code: String) -> Result<FundPage, AppError> {
    use crate::ssr::{auth, funds, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    funds::page(&st.db, code.trim(), st.clock.today())
        .await
        .map_err(respond)
}

/// A venture's fund supports, summary, and what its record form offers.
#[server(endpoint = "funds/venture")]
pub async fn get_venture_funds(id: String) -> Result<VentureFunds, AppError> {
    use crate::ssr::{auth, funds, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| respond(AppError::NotFound))?;
    let today = st.clock.today();
    st.memo
        .get(&st.db, "funds.venture", format!("{id} {today}"), || {
            funds::venture(&st.db, id, today)
        })
        .await
        .map_err(respond)
}

/// Record a fund support; returns its id.
#[server(endpoint = "funds/add_support")]
pub async fn add_fund_support(form: FundSupportForm) -> Result<Uuid, AppError> {
    use crate::domain::{account::Area, fund_support::validate_fund_support};
    use crate::ssr::{auth, funds, records::By, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::FundSupport)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let valid = validate_fund_support(&form, by.today).map_err(|e| respond(e.into()))?;
    funds::add_support(&st.db, by, valid).await.map_err(respond)
}

/// Save an edited fund support over the version the form showed; returns the new version.
#[server(endpoint = "funds/update_support")]
pub async fn update_fund_support(
    id: Uuid,
    version: i32,
    form: FundSupportForm,
) -> Result<i32, AppError> {
    use crate::domain::{account::Area, fund_support::validate_fund_support};
    use crate::ssr::{auth, funds, records::By, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::FundSupport)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let valid = validate_fund_support(&form, by.today).map_err(|e| respond(e.into()))?;
    funds::update_support(&st.db, by, id, version, valid)
        .await
        .map_err(respond)
}

/// Archive a fund support recorded by mistake (never deleted: the History keeps it).
#[server(endpoint = "funds/archive_support")]
pub async fn archive_fund_support(id: Uuid, version: i32) -> Result<i32, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, funds, records::By, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::FundSupport)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    funds::archive_support(&st.db, by, id, version)
        .await
        .map_err(respond)
}

/// Add a fund (administrators); returns its id.
#[server(endpoint = "funds/add_fund")]
pub async fn add_fund(form: FundForm) -> Result<Uuid, AppError> {
    use crate::domain::{account::Area, fund_support::validate_fund};
    use crate::ssr::{auth, funds, records::By, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let valid = validate_fund(&form).map_err(|e| respond(e.into()))?;
    funds::add_fund(&st.db, by, valid).await.map_err(respond)
}

/// Save an edited fund over the version the form showed (administrators); returns the new
/// version.
#[server(endpoint = "funds/update_fund")]
pub async fn update_fund(id: Uuid, version: i32, form: FundForm) -> Result<i32, AppError> {
    use crate::domain::{account::Area, fund_support::validate_fund};
    use crate::ssr::{auth, funds, records::By, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    let by = By::new(user.id, &st.clock);
    let valid = validate_fund(&form).map_err(|e| respond(e.into()))?;
    funds::update_fund(&st.db, by, id, version, valid)
        .await
        .map_err(respond)
}
