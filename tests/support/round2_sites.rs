//! Round-2 fixture sites (tests/fixtures/PROVENANCE.md, "Round 2 platforms"): the
//! captures served byte for byte at the vendors' real paths under a prefix. AWS is
//! served as the UTF-16BE bytes it was captured in.
use super::{Route, Routes};
use std::path::Path;

pub const AWS_EVENTS: &str = "aws/aws-currentevents-20260702-cyanheads.utf16be.json";
pub const SALESFORCE_INCIDENTS: &str =
    "salesforce/trust-incidents-EU48-es-20221106-josepadial.json";
pub const SALESFORCE_MAINTENANCES: &str =
    "salesforce/trust-maintenances-EU48-20221106-josepadial.json";
pub const AZURE_FEED: &str = "azure/azure-status-feed-20220907T1947Z-wayback.xml";

fn read(fixtures: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(fixtures.join(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// AWS Health: `{prefix}/public/currentevents`, UTF-16BE with its BOM, as AWS sends it.
pub fn aws(fixtures: &Path, prefix: &str) -> Routes {
    let p = prefix.trim_end_matches('/');
    Routes::new().route(
        format!("{p}/public/currentevents"),
        Route::new(read(fixtures, AWS_EVENTS), "application/json"),
    )
}

/// Salesforce Trust: `{prefix}/v1/incidents` and `{prefix}/v1/maintenances` (EU48).
pub fn salesforce(fixtures: &Path, prefix: &str) -> Routes {
    let p = prefix.trim_end_matches('/');
    Routes::new()
        .route(
            format!("{p}/v1/incidents"),
            Route::json(read(fixtures, SALESFORCE_INCIDENTS)),
        )
        .route(
            format!("{p}/v1/maintenances"),
            Route::json(read(fixtures, SALESFORCE_MAINTENANCES)),
        )
}

/// Azure status RSS: `{prefix}/en-us/status/feed/` (the 2022-09-07 capture, one item).
pub fn azure(fixtures: &Path, prefix: &str) -> Routes {
    let p = prefix.trim_end_matches('/');
    Routes::new().route(
        format!("{p}/en-us/status/feed/"),
        Route::new(
            read(fixtures, AZURE_FEED),
            "application/rss+xml; charset=utf-8",
        ),
    )
}
