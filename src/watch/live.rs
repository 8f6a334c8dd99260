//! What the watch knows right now, shared with the metrics endpoint: per source whether
//! its last poll worked, when one last did, and its open incidents; and the watch's own
//! counters (atomics, so the webhook senders count without a lock).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::events::{Change, is_open};
use crate::model::{Incident, Timestamp};

/// An open incident, as far as the metrics need it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenIncident {
    pub id: String,
    pub impact: String,
}

impl OpenIncident {
    /// The open incidents (not maintenance) of a source's incident table.
    pub fn of(incidents: &[Incident]) -> Vec<Self> {
        incidents
            .iter()
            .filter(|i| is_open(i))
            .map(|i| Self {
                id: i.id.clone(),
                impact: i.impact.as_str().to_string(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceLive {
    pub source_id: String,
    /// `None` until the first poll this process (or the store) knows of.
    pub up: Option<bool>,
    pub last_success: Option<Timestamp>,
    pub open: Vec<OpenIncident>,
}

impl SourceLive {
    /// Down by the vendor's own word: an open incident of major or critical impact.
    pub fn down(&self) -> bool {
        self.open
            .iter()
            .any(|i| matches!(i.impact.as_str(), "major" | "critical"))
    }
}

/// Every watched source, in inventory order.
#[derive(Debug, Default)]
pub struct Live {
    pub sources: Vec<SourceLive>,
    index: HashMap<String, usize>,
}

impl Live {
    pub fn new(sources: Vec<SourceLive>) -> Self {
        let index = sources
            .iter()
            .enumerate()
            .map(|(n, s)| (s.source_id.clone(), n))
            .collect();
        Self { sources, index }
    }

    pub fn get_mut(&mut self, source_id: &str) -> Option<&mut SourceLive> {
        self.index
            .get(source_id)
            .and_then(|&n| self.sources.get_mut(n))
    }

    pub fn is_down(&self, source_id: &str) -> bool {
        self.index
            .get(source_id)
            .and_then(|&n| self.sources.get(n))
            .is_some_and(SourceLive::down)
    }
}

/// The watch's own counters, exported at `/metrics`.
#[derive(Debug, Default)]
pub struct Counters {
    pub polls_fetched: AtomicU64,
    pub polls_not_modified: AtomicU64,
    pub polls_failed: AtomicU64,
    /// Per `Change::KINDS`, same order.
    pub events: [AtomicU64; 6],
    pub commits: AtomicU64,
    pub commit_errors: AtomicU64,
    pub webhook_sent: AtomicU64,
    pub webhook_failures: AtomicU64,
    pub webhook_dropped: AtomicU64,
}

impl Counters {
    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub fn event(&self, change: &Change) {
        if let Some(n) = Change::KINDS.iter().position(|k| *k == change.kind()) {
            Self::add(&self.events[n]);
        }
    }
}
