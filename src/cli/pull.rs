//! `planb pull`: fetch the inventory's sources and merge them into the store.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Outcome;
use super::summary::render;
use crate::fetch::http::HttpPolicy;
use crate::fetch::pull::PullOptions;
use crate::ingest::discover::{Resolved, resolve_selection};
use crate::ingest::pull::pull_into;
use crate::ingest::result::SourceLine;
use crate::ingest::select::{SelectError, Selection, select_sources};
use crate::inventory;
use crate::store::Store;

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
    let inventory = match &args.inventory {
        Some(path) => match inventory::load(path) {
            Ok(inv) => {
                for warning in &inv.warnings {
                    eprintln!("{warning}");
                }
                Some(inv)
            }
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(Outcome::BadInput);
            }
        },
        None => None,
    };
    let selection = match select_sources(inventory.as_ref(), &store, &args.only) {
        Ok(selection) => selection,
        Err(SelectError::Input(message)) => {
            eprintln!("error: {message}");
            return Ok(Outcome::BadInput);
        }
        Err(e) => return Err(e.into()),
    };
    let policy = HttpPolicy {
        total_timeout: Duration::from_secs(args.timeout),
        retries: args.retries,
        max_body_bytes: args.max_body_mb * 1024 * 1024,
        source_deadline: Duration::from_secs(args.deadline),
        ..HttpPolicy::default()
    };
    let Resolved { specs, missed, .. } = resolve_platforms(&store, selection, &policy)?;
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
    let mut lines = lines;
    lines.extend(missed);
    print!("{}", render(&lines, color));
    Ok(if lines.iter().any(SourceLine::failed) {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

/// Every selected source with its platform: the ones an inventory left without one are
/// asked of their page, and each platform found is said on stderr.
pub(super) fn resolve_platforms(
    store: &Store,
    selection: Selection,
    policy: &HttpPolicy,
) -> anyhow::Result<Resolved> {
    let resolved = resolve_selection(store, selection, policy.clone())?;
    for detection in resolved.detections.iter().filter(|d| d.found.is_some()) {
        eprintln!("platform: {}", detection.describe());
    }
    Ok(resolved)
}
