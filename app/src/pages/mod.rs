//! One module per route.

pub mod admin_audit;
pub mod admin_users;
pub mod api_tokens;
pub mod board;
pub mod dashboard;
pub mod dashboard_funnel;
pub mod dashboard_report;
pub mod dashboard_support;
pub mod dashboard_targets;
pub mod follow_ups;
pub mod fund_records;
pub mod funds;
pub mod import;
pub mod not_found;
pub mod notifications;
pub mod rink;
pub mod rink_group;
pub mod rink_support;
pub mod sign_in;
pub mod venture;
pub mod venture_form;
pub mod venture_funds;
pub mod venture_hub;
pub mod venture_records;
pub mod venture_support;
pub mod ventures;
