//! The server's integration tests, in one test binary: every file links the whole server, so one
//! binary instead of one per file saves minutes of linking and gigabytes of disk.

#[macro_use]
mod common;

mod api;
mod auth;
mod backup;
mod board;
mod concurrency;
mod crash;
mod dashboard;
mod dashboard_funnel;
mod dashboard_support;
mod exchange;
mod funds;
mod http;
mod hub_moves;
mod journey;
mod memo;
mod page_cache;
mod recording;
mod records;
mod roles;
mod security;
mod sessions;
mod support;
mod targets;
mod two_servers;
mod users;
mod venture_write;
mod ventures;
