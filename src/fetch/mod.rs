//! Fetching: the HTTP policy (one place), pull orchestration, and one provider per platform.

pub mod discover;
pub mod http;
pub mod providers;
pub mod pull;
