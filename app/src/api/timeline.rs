//! One venture's timeline: every dated thing that happened to it, in one list — hub stays,
//! founding and location, its programs' stages, trial notifications and approvals, RINK support
//! and fund support.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::stage::{DatePrecision, ExitKind, Stage};
use crate::error::AppError;

/// What happened (codes; the page turns them into words in the reader's language).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineWhat {
    Founded,
    Located,
    /// A stay at a hub began (the first one, or a move).
    HubStay {
        hub: String,
        moved: bool,
    },
    Stage {
        stage: Stage,
    },
    Exit {
        exit_kind: ExitKind,
    },
    Resumed,
    Retraction {
        reason: String,
    },
    Notification {
        phase: String,
        sponsor: String,
        registry_id: String,
    },
    Applied {
        approval_type: String,
    },
    Approved {
        approval_type: String,
        brand_name: String,
        expires_on: Option<NaiveDate>,
    },
    Extended {
        new_expires_on: NaiveDate,
    },
    Reapplied,
    ApprovalOutcome {
        outcome: String,
    },
    Support {
        kind: String,
        working_group_ja: String,
        working_group_en: String,
        summary: String,
    },
    Funding {
        fund_ja: String,
        fund_en: String,
        amount_yen: i64,
        instrument: String,
        round: String,
    },
}

impl TimelineWhat {
    /// The class suffix (and filter group) of the entry.
    pub fn group(&self) -> &'static str {
        match self {
            Self::Founded | Self::Located | Self::HubStay { .. } => "venture",
            Self::Stage { .. } | Self::Exit { .. } | Self::Resumed | Self::Retraction { .. } => {
                "journey"
            }
            Self::Notification { .. } => "notification",
            Self::Applied { .. }
            | Self::Approved { .. }
            | Self::Extended { .. }
            | Self::Reapplied
            | Self::ApprovalOutcome { .. } => "approval",
            Self::Support { .. } => "support",
            Self::Funding { .. } => "funding",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub on: NaiveDate,
    pub precision: DatePrecision,
    /// The program it belongs to, if any.
    pub program: Option<String>,
    pub what: TimelineWhat,
    pub note: String,
    /// A stage event that a later retraction withdrew (shown struck through, never hidden).
    pub retracted: bool,
}

/// The venture's timeline, oldest first.
#[server(endpoint = "ventures/timeline")]
pub async fn venture_timeline(id: String) -> Result<Vec<TimelineEntry>, AppError> {
    use crate::ssr::{auth, state::respond, state::state, timeline};
    let st = state().map_err(respond)?;
    auth::current_user(&st.db).await.map_err(respond)?;
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| respond(AppError::NotFound))?;
    st.memo
        .get(&st.db, "ventures.timeline", id.to_string(), || {
            timeline::venture(&st.db, id)
        })
        .await
        .map_err(respond)
}
