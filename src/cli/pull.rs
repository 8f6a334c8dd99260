//! `planb pull`: fetch the inventory's sources and merge them into the store.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Outcome;
pub use super::pull_commit::pull_into;
use super::summary::{SourceLine, render};
use crate::fetch::http::HttpPolicy;
use crate::fetch::pull::{KnownState, PullOptions, SourceSpec};
use crate::inventory;
use crate::store::{Store, StoreWriter};

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
    /// Seconds one source may take in all: its requests, retries and waits (during --backfill, each history request gets this long).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub deadline: u64,
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
        source_deadline: Duration::from_secs(args.deadline),
        ..HttpPolicy::default()
    };
    let options = PullOptions {
        concurrency: usize::from(args.concurrency),
        backfill: args.backfill,
    };
    let progress =
        ProgressBar::with_draw_target(Some(specs.len() as u64), ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{spinner} pulling [{bar:30}] {pos}/{len} sources {msg}")?
            .progress_chars("=> "),
    );
    let lines = pull_into(&store, specs, policy, options, &mut |done, _, source_id| {
        progress.set_message(source_id.to_string());
        progress.set_position(done as u64);
    })?;
    progress.finish_and_clear();
    print!("{}", render(&lines, color));
    Ok(if lines.iter().any(SourceLine::failed) {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

/// Sources from the inventory (or, without one, every pullable source in the manifest).
/// `Ok(Err(..))` is bad input: nothing has been written yet.
fn select_sources(
    args: &PullArgs,
    store: &Store,
) -> anyhow::Result<Result<Vec<SourceSpec>, String>> {
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
                Some(SourceSpec {
                    name: entry.name.unwrap_or_else(|| id.clone()),
                    source_id: id,
                    platform: entry.platform,
                    base_url,
                })
            })
            .collect(),
    };
    if specs.is_empty() {
        return Ok(Err(
            "nothing to pull: pass --inventory FILE listing services with a status_url".into(),
        ));
    }
    if !args.only.is_empty() {
        let wanted: Vec<String> = args
            .only
            .iter()
            .map(|s| s.trim().to_ascii_lowercase())
            .collect();
        for name in &wanted {
            if !specs
                .iter()
                .any(|s| s.name.to_ascii_lowercase() == *name || s.source_id == *name)
            {
                let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
                let hint = crate::inventory::problems::did_you_mean(name, names.iter().copied())
                    .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
                return Ok(Err(format!(
                    "--only: no service named `{name}` in the inventory{hint}"
                )));
            }
        }
        specs.retain(|s| {
            wanted.contains(&s.name.to_ascii_lowercase()) || wanted.contains(&s.source_id)
        });
    }
    Ok(Ok(specs))
}

pub(super) fn known_state(
    writer: &StoreWriter,
    spec: &SourceSpec,
    backfill: bool,
) -> anyhow::Result<KnownState> {
    let entry = writer.manifest().sources.get(&spec.source_id);
    // Validators only count for the URL they were stored for.
    let validators = entry
        .filter(|e| e.base_url.as_deref() == Some(&spec.base_url))
        .map(|e| e.validators.clone())
        .unwrap_or_default();
    let history_complete = entry.is_some_and(|e| e.history_complete_at.is_some());
    let mut known = KnownState {
        validators,
        history_complete,
        ..KnownState::default()
    };
    if backfill {
        let tables = writer.store().load_source(&spec.source_id)?;
        known.incident_ids = tables
            .incidents
            .iter()
            .chain(&tables.maintenances)
            .map(|i| i.id.clone())
            .collect();
    }
    Ok(known)
}
