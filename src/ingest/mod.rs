//! Ingest: from a fetched or imported payload to a committed source. Text extraction
//! (stated starts, promised updates), the per-source commit and its manifest entry, the
//! state a pull starts from, which sources an inventory selects, and the per-source
//! results that pull, import, the dashboard and watch report.

pub mod extract;
