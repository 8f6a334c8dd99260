//! What every payload goes through before it is stored, whether pulled or imported:
//! vendor text cleaned, the time it was seen recorded, facts extracted from the text,
//! and (for a facts-only import) the text dropped after extraction.

use super::extract;
use crate::model::{Snapshot, Timestamp};

/// Whether vendor-written prose is kept in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Keep,
    /// Ids, times, statuses, impacts, component names and extracted facts only.
    FactsOnly,
}

/// Clean, date and enrich a snapshot. `seen_at` is the fetch time of a live pull; a saved
/// file has none, and the payload's own newest timestamp stands in for it. A live listing
/// of every open incident holds at the fetch time (a saved one at the time it states).
pub fn prepare(snapshot: &mut Snapshot, seen_at: Option<Timestamp>, text: Text) {
    snapshot.sanitize();
    snapshot.observe(seen_at);
    if let (Some(listing), Some(at)) = (snapshot.open_listing.as_mut(), seen_at) {
        listing.as_of = Some(at);
    }
    extract::enrich(snapshot);
    if text == Text::FactsOnly {
        snapshot.strip_text();
    }
}
