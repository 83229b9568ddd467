//! One module per route.

pub mod not_found;
pub mod sign_in;
pub mod venture;
pub mod ventures;
