//! Ingest: from a fetched or imported payload to a committed source. Text extraction
//! (stated starts, promised updates), the per-source commit and its manifest entry, the
//! state a pull starts from, which sources an inventory selects, and the per-source
//! results that pull, import, the dashboard and watch report.

pub mod commit;
pub mod discover;
pub mod extract;
pub mod import;
pub mod known;
pub mod lock;
pub mod prepare;
pub mod pull;
pub mod repair;
pub mod result;
pub mod select;

use crate::fetch::http::FetchError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("starting the HTTP client: {0}")]
    Http(#[from] FetchError),
    #[error("starting the pull's runtime: {0}")]
    Runtime(std::io::Error),
    /// The tables were written but the bookkeeping was not: say exactly what was kept.
    #[error(
        "{stored} source(s) stored their new data, but the manifest could not be saved ({source}): \
         their tables are current; counts, last-success times and conditional-GET validators \
         are as before and will be refreshed by the next successful pull"
    )]
    Manifest { stored: usize, source: StoreError },
}

impl IngestError {
    fn manifest(source: StoreError, lines: &[result::SourceLine]) -> Self {
        let stored = (lines.iter())
            .filter(|l| matches!(l.result, result::SourceResult::Stored { .. }))
            .count();
        Self::Manifest { stored, source }
    }
}
