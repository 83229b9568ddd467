//! Trial notifications and approvals on a program (staff and admins): add, edit over the version
//! shown, archive; a conditional approval's extensions, reapplication and outcome. The domain's
//! checks (`domain::records`) run in the browser first and again here; what needs the database
//! (a registry id already on the program, the approval's recorded life) is checked in
//! `ssr::records`, in the writing transaction.

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::ventures::ApprovalDto;
use crate::domain::approval::Extension;
use crate::domain::records::{ApprovalFacts, ApprovalForm, NotificationForm};
use crate::error::AppError;

impl ApprovalDto {
    /// The approval's recorded life, for the checks the forms run before sending; `None` if a
    /// stored code is unknown (the server then has the only say).
    pub fn facts(&self) -> Option<ApprovalFacts> {
        Some(ApprovalFacts {
            approval_type: self.approval_type.parse().ok()?,
            approved_on: self.approved_on,
            term_expires_on: self.term_expires_on,
            extensions: self
                .extensions
                .iter()
                .map(|x| Extension {
                    extended_on: x.extended_on,
                    new_expires_on: x.new_expires_on,
                })
                .collect(),
            reapplied_on: self.reapplied_on,
            outcome: self.outcome.parse().ok()?,
            outcome_on: self.outcome_on,
        })
    }
}

/// Record a trial notification on a program; returns its id.
#[server(endpoint = "records/add_notification")]
pub async fn add_notification(program_id: Uuid, form: NotificationForm) -> Result<Uuid, AppError> {
    use crate::domain::{account::Area, records::validate_notification};
    use crate::ssr::{auth, records, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let by = records::By::new(user.id, &st.clock);
    let valid = validate_notification(&form, by.today).map_err(|e| respond(e.into()))?;
    records::add_notification(&st.db, by, program_id, valid)
        .await
        .map_err(respond)
}

/// Save an edited notification over the version the form showed; returns the new version.
#[server(endpoint = "records/update_notification")]
pub async fn update_notification(
    id: Uuid,
    version: i32,
    form: NotificationForm,
) -> Result<i32, AppError> {
    use crate::domain::{account::Area, records::validate_notification};
    use crate::ssr::{auth, records, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let by = records::By::new(user.id, &st.clock);
    let valid = validate_notification(&form, by.today).map_err(|e| respond(e.into()))?;
    records::update_notification(&st.db, by, id, version, valid)
        .await
        .map_err(respond)
}

/// Archive a notification recorded by mistake (never deleted: the History keeps it).
#[server(endpoint = "records/archive_notification")]
pub async fn archive_notification(id: Uuid, version: i32) -> Result<i32, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, records, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let by = records::By::new(user.id, &st.clock);
    records::archive_notification(&st.db, by, id, version)
        .await
        .map_err(respond)
}

/// Record an approval (full, or conditional and time-limited) on a program; returns its id.
#[server(endpoint = "records/add_approval")]
pub async fn add_approval(program_id: Uuid, form: ApprovalForm) -> Result<Uuid, AppError> {
    use crate::domain::{account::Area, records::validate_approval};
    use crate::ssr::{auth, records, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let by = records::By::new(user.id, &st.clock);
    let valid = validate_approval(&form, by.today).map_err(|e| respond(e.into()))?;
    records::add_approval(&st.db, by, program_id, valid)
        .await
        .map_err(respond)
}

/// Save an edited approval over the version the form showed; returns the new version.
#[server(endpoint = "records/update_approval")]
pub async fn update_approval(id: Uuid, version: i32, form: ApprovalForm) -> Result<i32, AppError> {
    use crate::domain::{account::Area, records::validate_approval};
    use crate::ssr::{auth, records, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let by = records::By::new(user.id, &st.clock);
    let valid = validate_approval(&form, by.today).map_err(|e| respond(e.into()))?;
    records::update_approval(&st.db, by, id, version, valid)
        .await
        .map_err(respond)
}

/// Extend a conditional approval's term; returns the approval's new version.
#[server(endpoint = "records/extend_approval")]
pub async fn extend_approval(
    id: Uuid,
    version: i32,
    extended_on: String,
    new_expires_on: String,
    note: String,
) -> Result<i32, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, records, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let by = records::By::new(user.id, &st.clock);
    let input = records::ExtensionInput {
        extended_on: &extended_on,
        new_expires_on: &new_expires_on,
        note: &note,
    };
    records::extend_approval(&st.db, by, id, version, input)
        .await
        .map_err(respond)
}

/// Record a conditional approval's reapplication for full approval and its outcome (in force,
/// full approval, not granted, withdrawn, expired); returns the approval's new version.
#[server(endpoint = "records/approval_life")]
pub async fn record_approval_life(
    id: Uuid,
    version: i32,
    reapplied_on: String,
    outcome: String,
    outcome_on: String,
) -> Result<i32, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, records, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let by = records::By::new(user.id, &st.clock);
    let input = records::LifeInput {
        reapplied_on: &reapplied_on,
        outcome: &outcome,
        outcome_on: &outcome_on,
    };
    records::record_life(&st.db, by, id, version, input)
        .await
        .map_err(respond)
}

/// Archive an approval recorded by mistake (never deleted: the History keeps it).
#[server(endpoint = "records/archive_approval")]
pub async fn archive_approval(id: Uuid, version: i32) -> Result<i32, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, records, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Journey)
        .await
        .map_err(respond)?;
    let by = records::By::new(user.id, &st.clock);
    records::archive_approval(&st.db, by, id, version)
        .await
        .map_err(respond)
}
