//! The commit half of a pull: clean, enrich and merge each fetched source into its tables
//! (on worker threads, so fsyncs overlap), then bring its manifest entry up to date.
//! `pull` streams fetched sources into it while fetching; `watch` fetches without the
//! lock and commits a batch at a time while holding it.

use std::sync::Mutex;

use super::prepare::{Text, prepare};
use super::result::{SourceLine, SourceResult};
use crate::fetch::pull::SourceFetch;
use crate::model::Timestamp;
use crate::store::{Committed, SourceEntry, StoreError, StoreWriter};

/// Sources committed at once: fsync latency, not CPU, is what they overlap.
pub const COMMIT_WORKERS: usize = 12;

/// A fetched source after the commit stage, waiting for its manifest entry.
pub struct Finished {
    fetched: SourceFetch,
    /// When the fetch finished: the manifest's attempt and success times.
    at: Timestamp,
    committed: Option<Result<Committed, StoreError>>,
}

impl Finished {
    pub fn source_id(&self) -> &str {
        &self.fetched.spec.source_id
    }
}

/// Clean, enrich and merge one source's snapshot (nothing for a failure or a 304). A live
/// listing of every open incident holds at `at`, the fetch time.
pub fn commit_one(writer: &StoreWriter, mut fetched: SourceFetch, at: Timestamp) -> Finished {
    let committed = fetched.snapshot.take().map(|mut snapshot| {
        prepare(&mut snapshot, Some(at), Text::Keep);
        writer.commit_tables(&fetched.spec.source_id, vec![snapshot], &fetched.raw)
    });
    Finished {
        fetched,
        at,
        committed,
    }
}

/// Commit a batch of fetched sources (each paired with its fetch time) on up to `workers`
/// threads and record them all in the manifest, in the order given. The caller saves the
/// manifest. A source id must appear at most once among the items that carry a snapshot.
pub fn commit_batch(
    writer: &mut StoreWriter,
    batch: Vec<(SourceFetch, Timestamp)>,
    workers: usize,
) -> Vec<SourceLine> {
    let heavy = batch.iter().filter(|(f, _)| f.snapshot.is_some()).count();
    let finished: Vec<Finished> = if heavy <= 1 {
        let shared: &StoreWriter = writer;
        batch
            .into_iter()
            .map(|(fetched, at)| commit_one(shared, fetched, at))
            .collect()
    } else {
        commit_parallel(writer, batch, heavy.min(workers.max(1)))
    };
    finished
        .into_iter()
        .map(|item| record(writer, item))
        .collect()
}

/// `commit_one` over the batch on `workers` threads, results back in batch order.
fn commit_parallel(
    writer: &StoreWriter,
    batch: Vec<(SourceFetch, Timestamp)>,
    workers: usize,
) -> Vec<Finished> {
    let total = batch.len();
    let queue = Mutex::new(batch.into_iter().enumerate());
    let mut slots: Vec<Option<Finished>> = (0..total).map(|_| None).collect();
    let results = Mutex::new(&mut slots);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().map(|mut q| q.next()).unwrap_or(None);
                    let Some((n, (fetched, at))) = next else {
                        break;
                    };
                    let item = commit_one(writer, fetched, at);
                    if let Ok(mut slots) = results.lock() {
                        slots[n] = Some(item);
                    }
                }
            });
        }
    });
    slots.into_iter().flatten().collect()
}

/// Bring a source's manifest entry up to date with what its fetch and commit came to.
pub fn record(writer: &mut StoreWriter, item: Finished) -> SourceLine {
    let Finished {
        fetched,
        at,
        committed,
    } = item;
    let spec = fetched.spec;
    let result = match (&fetched.error, committed) {
        (Some(reason), _) => {
            tracing::info!(source = %spec.source_id, %reason, "source failed");
            SourceResult::Failed(reason.clone())
        }
        (None, None) => SourceResult::NotModified,
        (None, Some(Ok(committed))) => {
            writer.record(&spec.source_id, &committed);
            SourceResult::Stored {
                incidents: committed.outcome.incidents,
                maintenances: committed.outcome.maintenances,
                closed_unseen: committed.outcome.closed_unseen,
                warnings: (fetched.warnings.iter())
                    .chain(&committed.warnings)
                    .cloned()
                    .collect(),
            }
        }
        // A source whose data cannot be stored fails alone; the store keeps its previous state.
        (None, Some(Err(e))) => SourceResult::Failed(format!("store: {e}")),
    };
    let entry = writer
        .manifest_mut()
        .sources
        .entry(spec.source_id.clone())
        .or_insert_with(|| SourceEntry::new(spec.platform));
    entry.platform = spec.platform;
    entry.base_url = Some(spec.base_url.clone());
    entry.name = Some(spec.name.clone());
    entry.last_attempt = Some(at);
    match &result {
        SourceResult::Failed(reason) => entry.last_error = Some(reason.clone()),
        _ => {
            entry.last_success = Some(at);
            entry.last_error = None;
            entry.validators.extend(fetched.validators);
            if fetched.history_complete {
                entry.history_complete_at = Some(at);
            }
        }
    }
    SourceLine {
        source_id: spec.source_id,
        name: spec.name,
        result,
    }
}
