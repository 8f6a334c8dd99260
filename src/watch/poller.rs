//! The polling loop. Sources are fetched when the schedule says, without the store lock;
//! a poll that brought new data is committed within `BATCH_DELAY` (batched with whatever
//! else arrived), while 304s and failures only need their bookkeeping (attempt and success
//! times, errors) written, once per interval. One commit runs at a time, on a blocking
//! thread, and the loop keeps polling meanwhile. A source with data waiting to be
//! committed is not polled again until it is (its validators are not stored yet).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::{JoinError, JoinHandle, JoinSet};

use super::commit::{self, Deferred, Item, Outcome};
use super::emit::Emitter;
use super::events::{Event, Health};
use super::live::{Counters, Live};
use super::schedule::{Hosts, Schedule};
use crate::fetch::http::HttpClient;
use crate::fetch::pull::{KnownState, PullOptions, SourceFetch, pull_all};
use crate::ingest::result::SourceResult;
use crate::model::SourceSpec;
use crate::store::{Store, StoreError};

/// New data waits this long for more to commit with it.
const BATCH_DELAY: Duration = Duration::from_millis(100);
/// Polls started or holding new data for a commit, at most: beyond this, due sources wait
/// in the schedule until the commit catches up. A first sweep fetches everything new
/// faster than it can be written, and each waiting poll holds its payload and incidents.
const MAX_PENDING: usize = 64;
/// How long one commit waits for another writer (a pull) to let go of the lock.
const LOCK_PATIENCE: Duration = Duration::from_secs(2);
/// After a commit could not take the lock, or failed, it is tried again this much later.
const RETRY_LOCKED: Duration = Duration::from_secs(1);
const RETRY_FAILED: Duration = Duration::from_secs(5);

type CommitResult = Result<(Vec<Outcome>, Option<StoreError>), Deferred>;

/// A finished poll, from its task back to the loop.
struct Polled {
    source: usize,
    started: Instant,
    fetched: SourceFetch,
}

/// What the loop reacts to.
enum Step {
    Stop,
    Polled(Option<Box<Polled>>),
    Committed(Result<CommitResult, JoinError>),
    Tick,
}

/// What the poller is given.
pub struct Parts {
    pub store: Store,
    pub specs: Vec<SourceSpec>,
    pub known: Vec<KnownState>,
    pub interval: Duration,
    pub concurrency: usize,
    pub client: Arc<HttpClient>,
    pub health: Health,
    pub live: Arc<Mutex<Live>>,
    pub counters: Arc<Counters>,
    pub emitter: Emitter,
}

pub struct Poller {
    parts: Parts,
    schedule: Schedule,
    hosts: Hosts,
    slots: Arc<Semaphore>,
    polled_tx: mpsc::UnboundedSender<Polled>,
    polled_rx: mpsc::UnboundedReceiver<Polled>,
    in_flight: JoinSet<()>,
    /// Polls with new data, waiting for the next commit (at most one per source).
    with_data: Vec<Item>,
    first_data_at: Option<Instant>,
    /// 304s and failures: only their manifest entries to update.
    bookkeeping: Vec<Item>,
    last_bookkeeping: Instant,
    /// When each source with data waiting is due again, once committed.
    due_after_commit: HashMap<usize, Instant>,
    commit: Option<JoinHandle<CommitResult>>,
    /// Sources with data in the commit in flight (to reschedule if it dies).
    committing: Vec<usize>,
    retry_at: Option<Instant>,
    lock_reported: bool,
}

impl Poller {
    pub fn new(parts: Parts) -> Self {
        let now = Instant::now();
        let schedule = Schedule::new(parts.specs.len(), now, parts.interval, fastrand::Rng::new());
        let hosts = Hosts::new(parts.specs.iter().map(|s| s.base_url.as_str()));
        let slots = Arc::new(Semaphore::new(parts.concurrency.max(1)));
        let (polled_tx, polled_rx) = mpsc::unbounded_channel();
        Self {
            parts,
            schedule,
            hosts,
            slots,
            polled_tx,
            polled_rx,
            in_flight: JoinSet::new(),
            with_data: Vec::new(),
            first_data_at: None,
            bookkeeping: Vec::new(),
            last_bookkeeping: now,
            due_after_commit: HashMap::new(),
            commit: None,
            committing: Vec::new(),
            retry_at: None,
            lock_reported: false,
        }
    }

    /// Poll until `stop` turns true; then finish the commit in flight and hand back the
    /// emitter (its webhooks still have posts to drain).
    pub async fn run(mut self, mut stop: watch::Receiver<bool>) -> Emitter {
        loop {
            let now = Instant::now();
            // Backpressure: polls in flight plus new data waiting stay under MAX_PENDING;
            // the other due sources wait in the schedule (none is lost or skipped).
            while self.in_flight.try_join_next().is_some() {}
            let room = MAX_PENDING.saturating_sub(self.in_flight.len() + self.with_data.len());
            for source in self.schedule.take_due_at_most(now, room) {
                self.dispatch(source);
            }
            let backlog = room == 0;
            if self.flush_at().is_some_and(|at| at <= now) {
                self.start_commit();
            }
            let polls_due = if backlog {
                None
            } else {
                self.schedule.next_wake()
            };
            let wake = [polls_due, self.flush_at()].into_iter().flatten().min();
            let step = tokio::select! {
                changed = stop.changed() => match changed {
                    Ok(()) if !*stop.borrow() => Step::Tick,
                    _ => Step::Stop,
                },
                polled = self.polled_rx.recv() => Step::Polled(polled.map(Box::new)),
                joined = wait_for(&mut self.commit) => Step::Committed(joined),
                () = sleep_until(wake) => Step::Tick,
            };
            match step {
                Step::Stop => break,
                Step::Polled(Some(polled)) => self.on_polled(*polled),
                Step::Polled(None) | Step::Tick => {}
                Step::Committed(joined) => {
                    self.commit = None;
                    self.on_committed(joined);
                }
            }
        }
        // Stopping: no new polls; the commit in flight finishes and reports its events.
        self.in_flight.abort_all();
        if self.commit.is_some() {
            let joined = wait_for(&mut self.commit).await;
            self.commit = None;
            self.on_committed(joined);
        }
        self.parts.emitter
    }

    fn dispatch(&mut self, source: usize) {
        let spec = self.parts.specs[source].clone();
        let known = self.parts.known[source].clone();
        let host = self.hosts.permits(source);
        let slots = Arc::clone(&self.slots);
        let client = Arc::clone(&self.parts.client);
        let polled = self.polled_tx.clone();
        self.in_flight.spawn(async move {
            // The host's permit first: a source waiting for its host holds no global slot.
            let (Ok(_host), Ok(_slot)) = (host.acquire_owned().await, slots.acquire_owned().await)
            else {
                return;
            };
            let started = Instant::now();
            let (one_tx, mut one_rx) = mpsc::unbounded_channel();
            let options = PullOptions {
                concurrency: 1,
                backfill: false,
            };
            pull_all(client, vec![(spec.clone(), known)], options, one_tx).await;
            let fetched = one_rx
                .recv()
                .await
                .unwrap_or_else(|| failed(spec, "the poll ended without a result"));
            let _ = polled.send(Polled {
                source,
                started,
                fetched,
            });
        });
    }

    fn on_polled(&mut self, polled: Polled) {
        let Polled {
            source,
            started,
            fetched,
        } = polled;
        let at = Utc::now();
        let id = fetched.spec.source_id.clone();
        let counters = &self.parts.counters;
        Counters::add(match (&fetched.error, &fetched.snapshot) {
            (Some(_), _) => &counters.polls_failed,
            (None, Some(_)) => &counters.polls_fetched,
            (None, None) => &counters.polls_not_modified,
        });
        if let Some(change) = self.parts.health.observe(&id, fetched.error.as_deref(), at) {
            self.parts.emitter.emit(&Event {
                at,
                source_id: id.clone(),
                change,
            });
        }
        if let Ok(mut live) = self.parts.live.lock()
            && let Some(state) = live.get_mut(&id)
        {
            state.up = Some(fetched.error.is_none());
            if fetched.error.is_none() {
                state.last_success = Some(at);
            }
        }
        let next = self.schedule.next_after(started);
        let item = Item {
            source,
            fetched,
            at,
        };
        if item.has_data() {
            self.first_data_at.get_or_insert_with(Instant::now);
            self.due_after_commit.insert(source, next);
            self.with_data.push(item);
        } else {
            self.schedule.again(source, next);
            self.bookkeeping.push(item);
        }
    }

    /// When the next commit should start, if one is wanted.
    fn flush_at(&self) -> Option<Instant> {
        if self.commit.is_some() {
            return None;
        }
        if let Some(at) = self.retry_at {
            return Some(at);
        }
        if let Some(first) = self.first_data_at {
            return Some(first + BATCH_DELAY);
        }
        (!self.bookkeeping.is_empty()).then(|| self.last_bookkeeping + self.parts.interval)
    }

    fn start_commit(&mut self) {
        let mut items = std::mem::take(&mut self.with_data);
        items.append(&mut self.bookkeeping);
        // Oldest first, so a source's manifest entry ends at its latest poll.
        items.sort_by_key(|i| i.at);
        self.committing = items
            .iter()
            .filter(|i| i.has_data())
            .map(|i| i.source)
            .collect();
        self.first_data_at = None;
        self.retry_at = None;
        self.last_bookkeeping = Instant::now();
        let store = self.parts.store.clone();
        self.commit = Some(tokio::task::spawn_blocking(move || {
            commit::commit(&store, items, LOCK_PATIENCE)
        }));
    }

    fn on_committed(&mut self, joined: Result<CommitResult, JoinError>) {
        let committing = std::mem::take(&mut self.committing);
        match joined {
            Err(e) => {
                tracing::error!(error = %e, "a commit failed outright; its sources are polled again");
                for source in committing {
                    self.due_after_commit.remove(&source);
                    self.schedule.again(source, Instant::now());
                }
            }
            Ok(Err(Deferred { items, error })) => {
                let locked = matches!(error, StoreError::Locked(_));
                if !locked || !self.lock_reported {
                    tracing::warn!(%error, "commit deferred; retrying");
                }
                self.lock_reported |= locked;
                for item in items {
                    if item.has_data() {
                        self.first_data_at.get_or_insert_with(Instant::now);
                        self.with_data.push(item);
                    } else {
                        self.bookkeeping.push(item);
                    }
                }
                let wait = if locked { RETRY_LOCKED } else { RETRY_FAILED };
                self.retry_at = Some(Instant::now() + wait);
            }
            Ok(Ok((outcomes, saved))) => {
                self.lock_reported = false;
                if let Some(e) = saved {
                    tracing::warn!(error = %e, "saving the manifest failed; retried with the next commit");
                }
                Counters::add(&self.parts.counters.commits);
                for outcome in outcomes {
                    self.apply(outcome);
                }
            }
        }
    }

    fn apply(&mut self, outcome: Outcome) {
        let at = Utc::now();
        let id = outcome.line.source_id.clone();
        if let Some(validators) = outcome.validators {
            self.parts.known[outcome.source].validators = validators;
        }
        if outcome.had_data
            && let SourceResult::Failed(reason) = &outcome.line.result
        {
            tracing::warn!(source = %id, %reason, "polled data could not be stored");
            Counters::add(&self.parts.counters.commit_errors);
        }
        if let Some(open) = outcome.open
            && let Ok(mut live) = self.parts.live.lock()
            && let Some(state) = live.get_mut(&id)
        {
            state.open = open;
        }
        for change in outcome.changes {
            self.parts.emitter.emit(&Event {
                at,
                source_id: id.clone(),
                change,
            });
        }
        if outcome.had_data {
            let next = self
                .due_after_commit
                .remove(&outcome.source)
                .unwrap_or_else(Instant::now);
            self.schedule.again(outcome.source, next);
        }
    }
}

/// The commit task's result; never resolves when there is none.
async fn wait_for(task: &mut Option<JoinHandle<CommitResult>>) -> Result<CommitResult, JoinError> {
    match task {
        Some(task) => task.await,
        None => std::future::pending().await,
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await,
        None => std::future::pending().await,
    }
}

/// A poll that produced nothing (its task ended without a result).
fn failed(spec: SourceSpec, reason: &str) -> SourceFetch {
    SourceFetch {
        spec,
        snapshot: None,
        raw: Vec::new(),
        validators: Default::default(),
        error: Some(reason.to_string()),
        warnings: Vec::new(),
        history_complete: false,
    }
}
