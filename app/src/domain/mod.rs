//! The pure domain core: codes, rules and validation shared by the server and the browser.
//!
//! No I/O, no database, no Leptos, no async: everything here compiles for wasm too.
//! Every error converts into a translatable [`FieldError`] through [`ToFieldError`].

#[macro_use]
mod macros;

pub mod account;
pub mod api_token;
pub mod approval;
pub mod board;
pub mod clock;
pub mod corporate_number;
pub mod csv_rows;
pub mod dashboard;
pub mod fiscal;
pub mod fund_support;
pub mod funnel;
pub mod fy_summary;
pub mod hub_move;
pub mod journey_form;
pub mod money;
pub mod records;
pub mod registry;
pub mod stage;
pub mod support;
pub mod targets;
pub mod text;
pub mod validation;
pub mod venture;

pub use approval::{ApprovalError, ApprovalOutcome, ApprovalType, ConditionalTerm, Extension};
pub use clock::{today_in_japan, Clock};
pub use corporate_number::{CorporateNumber, CorporateNumberError};
pub use fiscal::{wareki_date, Era, FiscalYear, YearBasis};
pub use fy_summary::{FySummary, YearTotal};
pub use money::{parse_yen, MoneyError, Yen};
pub use registry::{validate_url, Registry, RegistryId, RegistryIdError, UrlError};
pub use stage::{
    allowed_actions, check_event, derive_state, no_development_reported, Action, CheckContext,
    DatePrecision, EventBody, EventKind, ExitKind, Milestone, ProgramState, ProgramStatus,
    ReplayError, Stage, StageEvent, Track, TransitionError, Warning,
};
pub use text::{duplicate_key, search_key, to_katakana, validate_text, TextError, TextRules};
pub use validation::{FieldError, FieldErrors, ToFieldError, UnknownCode};
