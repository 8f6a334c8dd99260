//! One commit of the watch: take the writer lock, note each changed source's incidents,
//! merge what was polled (`ingest::commit`, the same path as `planb pull`), save the
//! manifest, let go of the lock; then read the changed sources back and diff them into
//! events. Runs on a blocking thread.

use std::collections::BTreeMap;
use std::time::Duration;

use super::events::{Change, diff};
use super::live::OpenIncident;
use crate::fetch::pull::SourceFetch;
use crate::ingest::commit::commit_batch;

/// Sources committed at once. Fewer than a pull's: each worker's buffers (Parquet encoding,
/// the merged tables) stay in its heap, and a long-running watch keeps its memory flat;
/// after the first sweep a commit holds a few changed sources at most.
const COMMIT_WORKERS: usize = 4;
use crate::ingest::lock::writer_within;
use crate::ingest::result::{SourceLine, SourceResult};
use crate::model::{Incident, Timestamp, Validators};
use crate::store::{Store, StoreError};

/// One polled source waiting to be committed.
pub struct Item {
    /// Position of the source in the watch's list.
    pub source: usize,
    pub fetched: SourceFetch,
    /// When the poll finished.
    pub at: Timestamp,
}

impl Item {
    pub fn has_data(&self) -> bool {
        self.fetched.snapshot.is_some()
    }
}

/// What committing one source came to.
pub struct Outcome {
    pub source: usize,
    pub line: SourceLine,
    /// Whether the item carried new data (it was out of the schedule until now).
    pub had_data: bool,
    pub changes: Vec<Change>,
    /// The source's open incidents after the commit, when its tables were read back.
    pub open: Option<Vec<OpenIncident>>,
    /// The validators to send with the source's next poll.
    pub validators: Option<BTreeMap<String, Validators>>,
}

/// A commit that did not happen: the items come back to be tried again.
pub struct Deferred {
    pub items: Vec<Item>,
    pub error: StoreError,
}

/// Commit `items`, waiting up to `patience` for the lock. `Ok` also carries an error
/// from saving the manifest (the tables were committed; the bookkeeping is retried with
/// the next commit).
pub fn commit(
    store: &Store,
    items: Vec<Item>,
    patience: Duration,
) -> Result<(Vec<Outcome>, Option<StoreError>), Deferred> {
    let mut writer = match writer_within(store, patience) {
        Ok(writer) => writer,
        Err(error) => return Err(Deferred { items, error }),
    };
    // Before: the incidents and the previous successful poll of every source with data.
    let before: Vec<Option<(Vec<Incident>, Option<Timestamp>)>> = items
        .iter()
        .map(|item| {
            if !item.has_data() {
                return None;
            }
            let id = &item.fetched.spec.source_id;
            let incidents = store.load_source(id).ok()?.incidents;
            let since = writer
                .manifest()
                .sources
                .get(id)
                .and_then(|e| e.last_success);
            Some((incidents, since))
        })
        .collect();
    let sources: Vec<(usize, bool)> = items.iter().map(|i| (i.source, i.has_data())).collect();
    let lines = commit_batch(
        &mut writer,
        items.into_iter().map(|i| (i.fetched, i.at)).collect(),
        COMMIT_WORKERS,
    );
    let saved = writer.save_manifest().err();
    let validators: Vec<Option<BTreeMap<String, Validators>>> = lines
        .iter()
        .map(|l| {
            writer
                .manifest()
                .sources
                .get(&l.source_id)
                .map(|e| e.validators.clone())
        })
        .collect();
    // Readers never need the lock: read the results back without holding it.
    drop(writer);
    let outcomes = lines
        .into_iter()
        .zip(sources)
        .zip(before)
        .zip(validators)
        .map(|(((line, (source, had_data)), before), validators)| {
            let (changes, open) = match (&line.result, before) {
                (SourceResult::Stored { .. }, Some((before, since))) => {
                    match store.load_source(&line.source_id) {
                        Ok(after) => (
                            diff(&before, &after.incidents, since),
                            Some(OpenIncident::of(&after.incidents)),
                        ),
                        Err(e) => {
                            tracing::warn!(source = %line.source_id, error = %e, "reading the source back failed");
                            (Vec::new(), None)
                        }
                    }
                }
                _ => (Vec::new(), None),
            };
            Outcome {
                source,
                line,
                had_data,
                changes,
                open,
                validators,
            }
        })
        .collect();
    Ok((outcomes, saved))
}
