//! Reusable views.

pub mod error_view;
pub mod layout;
pub mod stage_badge;
pub mod support_log;
pub mod venture_timeline;
