//! One module per route.

pub mod admin_audit;
pub mod admin_users;
pub mod board;
pub mod not_found;
pub mod sign_in;
pub mod venture;
pub mod venture_form;
pub mod ventures;
