//! `planb pull`: fetch the inventory's sources and merge them into the store.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Outcome;
use super::summary::{SourceLine, SourceResult, render};
use crate::fetch::http::{HttpClient, HttpPolicy};
use crate::fetch::pull::{KnownState, PullOptions, SourceFetch, SourceSpec, pull_all};
use crate::inventory;
use crate::store::{SourceEntry, Store, StoreWriter};

#[derive(Debug, Args)]
pub struct PullArgs {
    /// Inventory (CSV or TOML) listing the services and their status pages.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Pull only these services (names or source ids, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "SERVICE,...")]
    pub only: Vec<String>,
    /// Also walk the full incident history (Statuspage `/history`), fetching incidents not yet stored.
    #[arg(long)]
    pub backfill: bool,
    /// Sources fetched at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Seconds one request may take, body included.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// Retries on 429, 5xx, timeouts and dropped connections.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
    /// Largest response accepted, in MB.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_body_mb: u64,
}

pub fn run(args: PullArgs, store: Store, color: bool) -> anyhow::Result<Outcome> {
    let specs = match select_sources(&args, &store)? {
        Ok(specs) => specs,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Outcome::BadInput);
        }
    };
    let policy = HttpPolicy {
        total_timeout: Duration::from_secs(args.timeout),
        retries: args.retries,
        max_body_bytes: args.max_body_mb * 1024 * 1024,
        ..HttpPolicy::default()
    };
    let options = PullOptions { concurrency: usize::from(args.concurrency), backfill: args.backfill };
    let progress = ProgressBar::with_draw_target(Some(specs.len() as u64), ProgressDrawTarget::stderr());
    progress.set_style(ProgressStyle::with_template("{spinner} pulling [{bar:30}] {pos}/{len} sources {msg}")?.progress_chars("=> "));
    let lines = pull_into(&store, specs, policy, options, &mut |done, _, source_id| {
        progress.set_message(source_id.to_string());
        progress.set_position(done as u64);
    })?;
    progress.finish_and_clear();
    print!("{}", render(&lines, color));
    Ok(if lines.iter().any(SourceLine::failed) { Outcome::Partial } else { Outcome::Ok })
}

/// Pull `specs` into the store without printing (the dashboard's `r` runs this on a
/// thread of its own); `progress(done, total, source_id)` hears about every stored source.
pub fn pull_into(store: &Store, specs: Vec<SourceSpec>, policy: HttpPolicy, options: PullOptions, progress: &mut dyn FnMut(usize, usize, &str)) -> anyhow::Result<Vec<SourceLine>> {
    let mut writer = store.writer().context("opening the store for writing")?;
    let sources = specs.into_iter().map(|spec| known_state(&writer, &spec, options.backfill).map(|k| (spec, k)));
    let sources = sources.collect::<Result<Vec<_>, _>>()?;
    tokio::runtime::Runtime::new()?.block_on(fetch_and_store(&mut writer, sources, policy, options, progress))
}

/// Sources from the inventory (or, without one, every pullable source in the manifest).
/// `Ok(Err(..))` is bad input: nothing has been written yet.
fn select_sources(args: &PullArgs, store: &Store) -> anyhow::Result<Result<Vec<SourceSpec>, String>> {
    let mut specs = match &args.inventory {
        Some(path) => match inventory::load(path) {
            Ok(inv) => {
                for warning in &inv.warnings {
                    eprintln!("{warning}");
                }
                inv.sources()
            }
            Err(e) => return Ok(Err(e.to_string())),
        },
        None => store
            .manifest()?
            .sources
            .into_iter()
            .filter_map(|(id, entry)| {
                let base_url = entry.base_url?;
                Some(SourceSpec { name: entry.name.unwrap_or_else(|| id.clone()), source_id: id, platform: entry.platform, base_url })
            })
            .collect(),
    };
    if specs.is_empty() {
        return Ok(Err("nothing to pull: pass --inventory FILE listing services with a status_url".into()));
    }
    if !args.only.is_empty() {
        let wanted: Vec<String> = args.only.iter().map(|s| s.trim().to_ascii_lowercase()).collect();
        for name in &wanted {
            if !specs.iter().any(|s| s.name.to_ascii_lowercase() == *name || s.source_id == *name) {
                let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
                let hint = crate::inventory::problems::did_you_mean(name, names.iter().copied()).map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
                return Ok(Err(format!("--only: no service named `{name}` in the inventory{hint}")));
            }
        }
        specs.retain(|s| wanted.contains(&s.name.to_ascii_lowercase()) || wanted.contains(&s.source_id));
    }
    Ok(Ok(specs))
}

fn known_state(writer: &StoreWriter, spec: &SourceSpec, backfill: bool) -> anyhow::Result<KnownState> {
    let entry = writer.manifest().sources.get(&spec.source_id);
    // Validators only count for the URL they were stored for.
    let validators = entry.filter(|e| e.base_url.as_deref() == Some(&spec.base_url)).map(|e| e.validators.clone()).unwrap_or_default();
    let history_complete = entry.is_some_and(|e| e.history_complete_at.is_some());
    let mut known = KnownState { validators, history_complete, ..KnownState::default() };
    if backfill {
        let tables = writer.store().load_source(&spec.source_id)?;
        known.incident_ids = tables.incidents.iter().chain(&tables.maintenances).map(|i| i.id.clone()).collect();
    }
    Ok(known)
}

/// Manifest saves during long pulls, so an interrupted pull keeps its validators.
const SAVE_EVERY: usize = 50;

async fn fetch_and_store(
    writer: &mut StoreWriter,
    sources: Vec<(SourceSpec, KnownState)>,
    policy: HttpPolicy,
    options: PullOptions,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> anyhow::Result<Vec<SourceLine>> {
    let total = sources.len();
    let client = HttpClient::new(policy)?;
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let order: Vec<String> = sources.iter().map(|(s, _)| s.source_id.clone()).collect();
    let puller = tokio::spawn(pull_all(client.clone(), sources, options, sender));
    let mut lines = Vec::with_capacity(total);
    while let Some(fetched) = receiver.recv().await {
        let source_id = fetched.spec.source_id.clone();
        let line = tokio::task::block_in_place(|| store_one(writer, fetched))?;
        lines.push(line);
        progress(lines.len(), total, &source_id);
        if lines.len() % SAVE_EVERY == 0 {
            writer.save_manifest()?;
        }
    }
    puller.await?;
    writer.save_manifest()?;
    lines.sort_by_key(|l| order.iter().position(|id| *id == l.source_id));
    Ok(lines)
}

fn store_one(writer: &mut StoreWriter, fetched: SourceFetch) -> anyhow::Result<SourceLine> {
    let now = Utc::now();
    let spec = fetched.spec.clone();
    let mut result = match &fetched.error {
        Some(reason) => {
            tracing::warn!(source = %spec.source_id, %reason, "source failed");
            SourceResult::Failed(reason.clone())
        }
        None => SourceResult::NotModified,
    };
    if let Some(mut snapshot) = fetched.snapshot {
        snapshot.sanitize();
        snapshot.observe(Some(now));
        crate::metrics::enrich::enrich(&mut snapshot);
        match writer.commit(&spec.source_id, snapshot, &fetched.raw) {
            Ok(outcome) => {
                result = SourceResult::Stored { incidents: outcome.incidents, maintenances: outcome.maintenances, warnings: fetched.warnings.clone() }
            }
            // A source whose data cannot be stored fails alone; the store keeps its previous state.
            Err(e) => result = SourceResult::Failed(format!("store: {e}")),
        }
    }
    let entry = writer.manifest_mut().sources.entry(spec.source_id.clone()).or_insert_with(|| SourceEntry::new(spec.platform));
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
    Ok(SourceLine { source_id: spec.source_id, name: spec.name, result })
}
