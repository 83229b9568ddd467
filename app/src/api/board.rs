//! The pipeline board: programs by their current stage, one column per stage of a track.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::ventures::HubDto;
use crate::domain::stage::{DatePrecision, ProgramStatus, Stage, Track};
use crate::domain::venture::Modality;
use crate::error::AppError;

/// The board's state; it lives in the URL query string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardQuery {
    /// Hub code of the venture (tonomachi, shonan, ksp, elsewhere), or empty for all.
    pub hub: String,
    /// The program's modality, or all.
    pub modality: Option<Modality>,
    /// Which law's journey the columns follow.
    pub track: Track,
    /// Also show programs that left the journey by a side exit (suspended, discontinued, …).
    pub exits: bool,
    /// Show this column alone, paged (it must belong to `track`).
    pub column: Option<Stage>,
    /// 1-based page of the single column.
    pub page: u64,
}

impl Default for BoardQuery {
    fn default() -> Self {
        BoardQuery {
            hub: String::new(),
            modality: None,
            track: Track::PmdAct,
            exits: false,
            column: None,
            page: 1,
        }
    }
}

/// One program on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardCard {
    pub program_id: Uuid,
    pub program_name: String,
    pub venture_id: Uuid,
    pub venture_name_ja: String,
    pub venture_name_en: String,
    pub hub_code: String,
    /// The program's modality code.
    pub modality: String,
    pub stage: Stage,
    /// When the current stage was reached, as precisely as it is known.
    pub stage_reached_on: Option<NaiveDate>,
    pub precision: DatePrecision,
    pub status: ProgramStatus,
    /// Derived: a clinical program with no event for two years.
    pub no_development_reported: bool,
    /// The version a move saves over.
    pub version: i32,
    /// The stages the journey rules allow it to reach next ([`crate::domain::board::move_targets`]).
    pub targets: Vec<Stage>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub stage: Stage,
    /// Every program in the column under the filters (more than `cards` when capped).
    pub total: u64,
    pub cards: Vec<BoardCard>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub columns: Vec<BoardColumn>,
    pub hubs: Vec<HubDto>,
    /// Today in Japan (the move form's default date, and its latest).
    pub today: NaiveDate,
    /// Whether the signed-in user's role may record stage events (the server checks again).
    pub may_move: bool,
    /// For a single column: its page and number of pages (1 and 1 for the whole board).
    pub page: u64,
    pub pages: u64,
}

/// The board for `query` (any signed-in user). A fixed number of SQL statements whatever the
/// amount of data: the hubs, one grouped count, one capped query per column, the events of the
/// cards shown.
#[server(endpoint = "board/get")]
pub async fn get_board(query: BoardQuery) -> Result<Board, AppError> {
    use crate::domain::account::Area;
    use crate::ssr::{auth, board, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::current_user(&st.db).await.map_err(respond)?;
    let mut b = board::load(&st.db, &query, st.clock.today())
        .await
        .map_err(respond)?;
    b.may_move = user.role.may(Area::Journey);
    Ok(b)
}
