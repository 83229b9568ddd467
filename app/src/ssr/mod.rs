//! Server-only code: database access and request state. Compiled with the `ssr` feature only,
//! so sea-orm and sqlx never reach the wasm build.

pub mod api_tokens;
pub mod audit;
pub mod audit_read;
pub mod auth;
pub mod board;
pub mod dashboard_funnel;
pub mod dashboard_support;
pub mod dashboard_view;
pub mod db;
pub mod exchange;
pub mod funds;
pub mod hub_moves;
pub mod journey;
pub mod memo;
pub mod records;
pub mod session_store;
pub mod stage_events;
pub mod state;
pub mod support;
pub mod targets;
pub mod timeline;
pub mod users;
pub mod venture_write;
pub mod ventures;
