//! Moving a venture to another hub (staff and admins): a dated record, so the hub history and
//! the per-hub counts stay true for every past date.

use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;

/// Record that the venture moved to `hub` on `moved_on`; returns the venture's new version.
#[server(endpoint = "ventures/move_hub")]
pub async fn move_venture_hub(
    venture_id: Uuid,
    version: i32,
    hub: String,
    moved_on: String,
    note: String,
) -> Result<i32, AppError> {
    use crate::domain::{account::Area, hub_move::validate_hub_move};
    use crate::ssr::{auth, hub_moves, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = auth::require(&st.db, Area::Ventures)
        .await
        .map_err(respond)?;
    let mv = validate_hub_move(&hub, &moved_on, &note).map_err(|e| respond(e.into()))?;
    hub_moves::move_hub(
        &st.db,
        user.id,
        venture_id,
        version,
        mv,
        st.clock.now(),
        st.clock.today(),
    )
    .await
    .map_err(respond)
}
