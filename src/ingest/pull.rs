//! The pull pipeline: fetch on a tokio runtime, commit on a pool of worker threads
//! (parsing-heavy enrichment, Parquet writes and fsyncs overlap across sources), then
//! update the manifest once on the calling thread. A one-shot pull holds the writer lock
//! throughout (fetch and commit overlap); `watch` uses the same commit stage
//! (`ingest::commit`) but takes the lock only while committing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;

use super::IngestError;
use super::commit::{COMMIT_WORKERS, Finished, commit_one, record};
use super::known::known_state;
use super::lock::writer_within;
use super::result::SourceLine;
use crate::fetch::http::{HttpClient, HttpPolicy};
use crate::fetch::pull::{PullOptions, pull_all};
use crate::model::SourceSpec;
use crate::store::{Store, StoreWriter};

/// How long a pull waits for a `planb watch` to finish the commit it is in.
const LOCK_PATIENCE: Duration = Duration::from_secs(10);

/// Pull `specs` into the store without printing (`planb pull`, and the dashboard's `r` on
/// a thread of its own); `progress(done, total, source_id)` hears about every stored source.
pub fn pull_into(
    store: &Store,
    specs: Vec<SourceSpec>,
    policy: HttpPolicy,
    options: PullOptions,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<Vec<SourceLine>, IngestError> {
    let mut writer = writer_within(store, LOCK_PATIENCE)?;
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
                    let item = commit_one(shared, fetched, Utc::now());
                    if done_tx.send(item).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        for item in done_rx {
            progress(finished.len() + 1, total, item.source_id());
            finished.push(item);
        }
    });

    let mut lines: Vec<SourceLine> = finished
        .into_iter()
        .map(|item| record(&mut writer, item))
        .collect();
    writer
        .save_manifest()
        .map_err(|e| IngestError::manifest(e, &lines))?;
    lines.sort_by_key(|l| order.get(&l.source_id).copied());
    Ok(lines)
}
