//! Server functions (authorise → validate → service → DTO) and the DTOs they return.
//! The DTOs compile on both sides; the bodies run on the server only.

pub mod audit;
pub mod auth;
pub mod board;
pub mod dashboard;
pub mod dashboard_support;
pub mod dashboard_view;
pub mod exchange;
pub mod funds;
pub mod hub_moves;
pub mod journey;
pub mod records;
pub mod support;
pub mod targets;
pub mod timeline;
pub mod tokens;
pub mod users;
pub mod ventures;
