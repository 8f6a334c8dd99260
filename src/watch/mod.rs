//! `planb watch`: poll every source of an inventory on an interval, merge what changes
//! into the store (the lock held only while committing), and tell people: one event per
//! change (stdout, JSON lines, webhooks) and Prometheus metrics at `/metrics`.
//!
//! Modules: `schedule` (when each source is polled, per-host politeness), `poller` (the
//! loop), `commit` (one commit and its diff), `events` (what counts as a change, each
//! once), `context` (what a source carries, from the inventory), `capabilities` (what is
//! down with every path), `text` (how an event reads), `emit` (where it goes), `webhook`,
//! `live` (state shared with the metrics), `exporter` (the exposition text), `listen`
//! (the HTTP responder).

pub mod capabilities;
pub mod commit;
pub mod context;
pub mod emit;
pub mod events;
pub mod exporter;
pub mod listen;
pub mod live;
pub mod poller;
pub mod schedule;
pub mod text;
pub mod webhook;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;

use crate::fetch::http::{FetchError, HttpClient, HttpPolicy};
use crate::fetch::pull::KnownState;
use crate::ingest::known::known_from;
use crate::inventory::Inventory;
use crate::model::SourceSpec;
use crate::store::{Manifest, Store, StoreError};
use context::Contexts;
use emit::Emitter;
use events::Health;
use live::{Counters, Live, OpenIncident, SourceLive};
use poller::{Parts, Poller};
use schedule::Schedule;
use webhook::{Retry, WebhookError, Webhooks};

/// Webhook posts still queued at exit get this long to go out.
const DRAIN_GRACE: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("starting the HTTP client: {0}")]
    Http(#[from] FetchError),
    #[error(transparent)]
    Webhook(#[from] WebhookError),
    #[error("starting the runtime: {0}")]
    Runtime(std::io::Error),
    #[error("serving metrics: {0}")]
    Listen(std::io::Error),
}

pub struct Options {
    pub interval: Duration,
    /// Sources polled at once.
    pub concurrency: usize,
    pub policy: HttpPolicy,
    /// JSON lines on stdout instead of sentences.
    pub json: bool,
    pub webhooks: Vec<reqwest::Url>,
    /// Already bound (a bad address is bad input, found before anything starts).
    pub listener: Option<std::net::TcpListener>,
}

/// Watch `specs` (the inventory's sources) until SIGINT or SIGTERM; events go to `out`.
pub fn run(
    store: Store,
    inventory: &Inventory,
    specs: Vec<SourceSpec>,
    options: Options,
    out: Box<dyn Write + Send>,
) -> Result<(), WatchError> {
    let contexts = Arc::new(Contexts::from_inventory(inventory));
    let manifest = store.manifest()?;
    let (live, health, known) = restore(&store, &manifest, &specs);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(WatchError::Runtime)?;
    let result = runtime.block_on(watch(
        store, contexts, specs, options, out, live, health, known,
    ));
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

#[allow(clippy::too_many_arguments)]
async fn watch(
    store: Store,
    contexts: Arc<Contexts>,
    specs: Vec<SourceSpec>,
    options: Options,
    out: Box<dyn Write + Send>,
    live: Live,
    health: Health,
    known: Vec<KnownState>,
) -> Result<(), WatchError> {
    let (stop_tx, stop) = watch::channel(false);
    signals(stop_tx).map_err(WatchError::Runtime)?;
    let counters = Arc::new(Counters::default());
    let live = Arc::new(Mutex::new(live));
    let mut server = None;
    let mut address = None;
    if let Some(listener) = options.listener {
        listener.set_nonblocking(true).map_err(WatchError::Listen)?;
        address = listener.local_addr().ok();
        let listener = tokio::net::TcpListener::from_std(listener).map_err(WatchError::Listen)?;
        let (live, contexts, counters) = (live.clone(), contexts.clone(), counters.clone());
        let page: listen::Page = Arc::new(move || match live.lock() {
            Ok(live) => exporter::render(&live, &contexts, &counters),
            Err(_) => String::new(),
        });
        server = Some(tokio::spawn(listen::serve(listener, page, stop.clone())));
    }
    let webhooks = if options.webhooks.is_empty() {
        None
    } else {
        Some(Webhooks::start(
            &options.webhooks,
            &options.policy,
            Retry::default(),
            counters.clone(),
        )?)
    };
    let client = HttpClient::new(options.policy.clone())?;
    eprintln!(
        "planb watch: {} source(s) every {} (±{}){}{}; Ctrl-C to stop",
        specs.len(),
        seconds(options.interval),
        seconds(Schedule::jitter(options.interval)),
        address.map_or_else(String::new, |a| format!("; metrics at http://{a}/metrics")),
        match options.webhooks.len() {
            0 => String::new(),
            n => format!("; {n} webhook(s)"),
        }
    );
    let emitter = Emitter::new(contexts, options.json, out, webhooks, counters.clone());
    let poller = Poller::new(Parts {
        store,
        specs,
        known,
        interval: options.interval,
        concurrency: options.concurrency,
        client,
        health,
        live,
        counters,
        emitter,
    });
    let mut emitter = poller.run(stop).await;
    if let Some(webhooks) = emitter.take_webhooks() {
        webhooks.drain(DRAIN_GRACE).await;
    }
    if let Some(server) = server {
        let _ = tokio::time::timeout(Duration::from_secs(1), server).await;
    }
    Ok(())
}

fn seconds(d: Duration) -> String {
    match d.as_millis() {
        ms if ms % 1000 == 0 => format!("{} s", ms / 1000),
        ms => format!("{:.2} s", ms as f64 / 1000.0),
    }
}

/// SIGINT or SIGTERM stops the watch; a second one exits at once. The handlers are in
/// place when this returns.
fn signals(stop: watch::Sender<bool>) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        tokio::spawn(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            let _ = stop.send(true);
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            eprintln!("planb watch: second signal, exiting without finishing");
            std::process::exit(130);
        });
    }
    #[cfg(not(unix))]
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = stop.send(true);
    });
    Ok(())
}

/// What the store already knows, so a restart neither repeats events nor forgets
/// validators: per source its conditional-GET validators, whether it was failing, whether
/// it last worked, and its open incidents.
fn restore(
    store: &Store,
    manifest: &Manifest,
    specs: &[SourceSpec],
) -> (Live, Health, Vec<KnownState>) {
    let mut health = Health::default();
    let mut sources = Vec::with_capacity(specs.len());
    let known = specs
        .iter()
        .map(|spec| known_from(manifest, spec))
        .collect();
    for spec in specs {
        let entry = manifest.sources.get(&spec.source_id);
        if let Some(e) = entry.filter(|e| e.last_error.is_some()) {
            health.already_failing(&spec.source_id, e.last_success);
        }
        // Only sources with stored incidents can have open ones: no read for the rest.
        let open = match entry.filter(|e| e.incidents > 0) {
            None => Vec::new(),
            Some(_) => match store.load_source(&spec.source_id) {
                Ok(tables) => OpenIncident::of(&tables.incidents),
                Err(e) => {
                    // One damaged source must not stop the watch of the others.
                    tracing::warn!(source = %spec.source_id, error = %e, "stored tables unreadable; watching it from scratch");
                    Vec::new()
                }
            },
        };
        sources.push(SourceLive {
            source_id: spec.source_id.clone(),
            up: entry
                .filter(|e| e.last_attempt.is_some())
                .map(|e| e.last_error.is_none()),
            last_success: entry.and_then(|e| e.last_success),
            open,
        });
    }
    (Live::new(sources), health, known)
}
