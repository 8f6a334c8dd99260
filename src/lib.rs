//! planb: vendor outage risk from public status-page histories.
//!
//! Flow: inventory -> resolved sources -> fetch (providers over HTTP) -> store (Parquet)
//! -> metrics (polars) -> report tables -> TUI views / CSV export. Each module takes
//! plain data in and gives plain data out.

pub mod cli;
pub mod dashboard;
pub mod demo;
pub mod fetch;
pub mod ingest;
pub mod inventory;
pub mod metrics;
pub mod model;
pub mod register;
pub mod report;
pub mod store;
pub mod synth;
pub mod tui;
pub mod watch;
