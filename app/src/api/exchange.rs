//! Spreadsheet exchange: checking and importing a CSV file (staff and admins). The file goes up
//! as `multipart/form-data` with the fields `kind` (`ventures`, `programs`, `stage_events`) and
//! `file`. The export files are plain GET routes (`/ventures/export/{kind}.csv`), see
//! `crate::ssr::exchange::export_handler`.

use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

pub use crate::domain::csv_rows::ImportReport;
use crate::error::AppError;

/// Check a file without writing anything: every problem with its line, and the good rows' count.
#[server(endpoint = "exchange/preview", input = MultipartFormData)]
pub async fn preview_import(data: MultipartData) -> Result<ImportReport, AppError> {
    use crate::ssr::{exchange, state::respond, state::state};
    let st = state().map_err(respond)?;
    authorise(&st.db).await.map_err(respond)?;
    let upload = exchange::read_upload(data).await.map_err(respond)?;
    exchange::preview(&st.db, &upload, st.clock.today())
        .await
        .map_err(respond)
}

/// Check the file again and import it in one transaction; a file with any bad row writes
/// nothing and is refused (400) with every problem, each carrying its `line`.
#[server(endpoint = "exchange/import", input = MultipartFormData)]
pub async fn run_import(data: MultipartData) -> Result<ImportReport, AppError> {
    use crate::ssr::{exchange, state::respond, state::state};
    let st = state().map_err(respond)?;
    let user = authorise(&st.db).await.map_err(respond)?;
    let upload = exchange::read_upload(data).await.map_err(respond)?;
    exchange::import(&st.db, user.id, &upload, st.clock.now(), st.clock.today())
        .await
        .map_err(respond)
}

/// Importing writes ventures, programs and the journey: roles that may write both.
#[cfg(feature = "ssr")]
async fn authorise(db: &crate::ssr::db::Db) -> Result<crate::ssr::auth::CurrentUser, AppError> {
    use crate::domain::account::Area;
    let user = crate::ssr::auth::require(db, Area::Ventures).await?;
    crate::ssr::auth::require(db, Area::Journey).await?;
    Ok(user)
}
