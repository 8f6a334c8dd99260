//! The pull pipeline: fetch on a tokio runtime, commit on a pool of worker threads
//! (parsing-heavy enrichment, Parquet writes and fsyncs overlap across sources), then
//! update the manifest once on the calling thread.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::Utc;

use super::IngestError;
use super::known::known_state;
use super::prepare::{Text, prepare};
use super::result::{SourceLine, SourceResult};
use crate::fetch::http::{HttpClient, HttpPolicy};
use crate::fetch::pull::{PullOptions, SourceFetch, pull_all};
use crate::model::SourceSpec;
use crate::store::{Committed, SourceEntry, Store, StoreError, StoreWriter};

/// Sources committed at once: fsync latency, not CPU, is what they overlap.
const COMMIT_WORKERS: usize = 12;

/// A fetched source after the commit stage, waiting for its manifest entry.
struct Finished {
    fetched: SourceFetch,
    committed: Option<Result<Committed, StoreError>>,
}

/// Pull `specs` into the store without printing (`planb pull`, and the dashboard's `r` on
/// a thread of its own); `progress(done, total, source_id)` hears about every stored source.
pub fn pull_into(
    store: &Store,
    specs: Vec<SourceSpec>,
    policy: HttpPolicy,
    options: PullOptions,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<Vec<SourceLine>, IngestError> {
    let mut writer = store.writer()?;
    let sources = specs
        .into_iter()
        .map(|spec| known_state(&writer, &spec, options.backfill).map(|k| (spec, k)));
    let sources = sources.collect::<Result<Vec<_>, _>>()?;
    let total = sources.len();
    let order: HashMap<String, usize> = (sources.iter().enumerate())
        .map(|(n, (s, _))| (s.source_id.clone(), n))
        .collect();
    let client = HttpClient::new(policy)?;
    let runtime = tokio::runtime::Runtime::new().map_err(IngestError::Runtime)?;
    let (fetched_tx, fetched_rx) = tokio::sync::mpsc::unbounded_channel();
    let fetched_rx = Mutex::new(fetched_rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Finished>();

    let mut finished = Vec::with_capacity(total);
    let shared: &StoreWriter = &writer;
    std::thread::scope(|scope| {
        scope.spawn(|| runtime.block_on(pull_all(client, sources, options, fetched_tx)));
        for _ in 0..COMMIT_WORKERS {
            let (done_tx, fetched_rx) = (done_tx.clone(), &fetched_rx);
            scope.spawn(move || {
                loop {
                    // The lock is held only while waiting for the next source.
                    let next = match fetched_rx.lock() {
                        Ok(mut rx) => rx.blocking_recv(),
                        Err(_) => None,
                    };
                    let Some(fetched) = next else { break };
                    let item = commit_one(shared, fetched);
                    if done_tx.send(item).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        for item in done_rx {
            progress(finished.len() + 1, total, &item.fetched.spec.source_id);
            finished.push(item);
        }
    });

    let now = Utc::now();
    let mut lines: Vec<SourceLine> = finished
        .into_iter()
        .map(|item| record(&mut writer, item, now))
        .collect();
    writer
        .save_manifest()
        .map_err(|e| IngestError::manifest(e, &lines))?;
    lines.sort_by_key(|l| order.get(&l.source_id).copied());
    Ok(lines)
}

/// Clean, enrich and merge one source's snapshot (nothing for a failure or a 304).
fn commit_one(writer: &StoreWriter, mut fetched: SourceFetch) -> Finished {
    let committed = fetched.snapshot.take().map(|mut snapshot| {
        prepare(&mut snapshot, Some(Utc::now()), Text::Keep);
        writer.commit_tables(&fetched.spec.source_id, vec![snapshot], &fetched.raw)
    });
    Finished { fetched, committed }
}

fn record(writer: &mut StoreWriter, item: Finished, now: chrono::DateTime<Utc>) -> SourceLine {
    let Finished { fetched, committed } = item;
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
    entry.last_attempt = Some(now);
    match &result {
        SourceResult::Failed(reason) => entry.last_error = Some(reason.clone()),
        _ => {
            entry.last_success = Some(now);
            entry.last_error = None;
            entry.validators.extend(fetched.validators);
            if fetched.history_complete {
                entry.history_complete_at = Some(now);
            }
        }
    }
    SourceLine {
        source_id: spec.source_id,
        name: spec.name,
        result,
    }
}
