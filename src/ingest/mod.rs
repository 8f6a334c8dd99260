//! Ingest: from a fetched or imported payload to a committed source. Text extraction
//! (stated starts, promised updates), the per-source commit and its manifest entry, the
//! state a pull starts from, which sources an inventory selects, and the per-source
//! results that pull, import, the dashboard and watch report.

pub mod commit;
pub mod extract;
pub mod import;
pub mod known;
pub mod lock;
pub mod prepare;
pub mod pull;
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
}
