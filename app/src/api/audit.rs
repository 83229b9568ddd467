//! The audit trail as people read it: the admin audit page (filter by user, kind of record and
//! date) and the History of one venture and its programs.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// Rows per page of the audit page.
pub const AUDIT_PAGE_SIZE: u64 = 100;

/// One changed field: its value before and after (as text; empty for "none").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// The actor's display name; empty for the server's command line and data loads.
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub changes: Vec<FieldChange>,
    pub note: String,
}

/// The audit page's filters; they live in the URL query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// A user id, or empty for everyone.
    pub user: String,
    /// A kind of record (`venture`, `program`, `user`…), or empty for all.
    pub entity: String,
    /// Inclusive dates in Japan time.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// 1-based.
    pub page: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserOption {
    pub id: Uuid,
    pub display_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub users: Vec<UserOption>,
    pub entities: Vec<String>,
}

/// The whole audit trail, newest first, filtered (administrators only).
#[server(endpoint = "admin/audit")]
pub async fn list_audit(query: AuditQuery) -> Result<AuditPage, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{audit_read, auth, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::require(&st.db, Area::Administration)
        .await
        .map_err(respond)?;
    audit_read::page(&st.db, &query).await.map_err(respond)
}

/// The History of a venture: changes to it, its programs and everything recorded on them.
#[server(endpoint = "ventures/history")]
pub async fn venture_history(id: String) -> Result<Vec<AuditRow>, AppError> {
    use crate::ssr::{audit_read, auth, state::respond, state::state};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| respond(AppError::NotFound))?;
    st.memo
        .get(&st.db, "ventures.history", id.to_string(), || {
            audit_read::venture_history(&st.db, id)
        })
        .await
        .map_err(respond)
}
