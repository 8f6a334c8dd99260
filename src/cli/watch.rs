//! `planb watch`: poll the inventory's status pages on an interval, store what changes,
//! and report each change once (stdout, JSON lines, webhooks, Prometheus metrics).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::Outcome;
use crate::fetch::http::HttpPolicy;
use crate::ingest::discover::Resolved;
use crate::ingest::select::{SelectError, select_sources};
use crate::inventory;
use crate::store::Store;
use crate::watch::{self, Options, webhook};

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Inventory (CSV or TOML) listing the services, their status pages and what they carry.
    #[arg(long, value_name = "FILE")]
    pub inventory: PathBuf,
    /// Time between two polls of a source (e.g. 60s, 5m; at least 1s), jittered by ±5 % (at most 3 s).
    #[arg(long, default_value = "60s", value_parser = parse_interval, value_name = "DURATION")]
    pub interval: Duration,
    /// Serve Prometheus metrics at http://ADDR/metrics (e.g. 127.0.0.1:9464).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// POST every event as JSON (with a `text` field Slack and Teams show) to this URL; repeatable.
    #[arg(long, value_name = "URL", value_parser = webhook::parse_url)]
    pub webhook: Vec<reqwest::Url>,
    /// One JSON object per event on stdout instead of a sentence.
    #[arg(long)]
    pub json: bool,
    /// Sources fetched at once (at most 6 of one host).
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Seconds one request may take, body included (webhook posts too).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// Retries on 429, 5xx, timeouts and dropped connections.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
    /// Largest response accepted, in MB.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_body_mb: u64,
}

/// `90`, `90s`, `500ms`, `5m`, `1h`: between 1 s and 24 h.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration: write e.g. 60s, 5m or 1h"))?;
    let seconds = match unit.trim() {
        "" | "s" | "sec" => number,
        "ms" => number / 1000.0,
        "m" | "min" => number * 60.0,
        "h" => number * 3600.0,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{text}`: use ms, s, m or h"
            ));
        }
    };
    if !(1.0..=86_400.0).contains(&seconds) {
        return Err(format!("`{text}`: the interval must be between 1s and 24h"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

pub fn run(args: WatchArgs, store: Store) -> anyhow::Result<Outcome> {
    let inventory = match inventory::load(&args.inventory) {
        Ok(inventory) => inventory,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Outcome::BadInput);
        }
    };
    for warning in &inventory.warnings {
        eprintln!("{warning}");
    }
    let selection = match select_sources(Some(&inventory), &store, &[]) {
        Ok(selection) => selection,
        Err(SelectError::Input(message)) => {
            eprintln!("error: {message}");
            return Ok(Outcome::BadInput);
        }
        Err(e) => return Err(e.into()),
    };
    let listener = match args.listen.map(std::net::TcpListener::bind).transpose() {
        Ok(listener) => listener,
        Err(e) => {
            let addr = args.listen.map(|a| a.to_string()).unwrap_or_default();
            eprintln!("error: --listen {addr}: {e} (pick a free address, e.g. 127.0.0.1:9464)");
            return Ok(Outcome::BadInput);
        }
    };
    let policy = HttpPolicy {
        total_timeout: Duration::from_secs(args.timeout),
        retries: args.retries,
        max_body_bytes: args.max_body_mb * 1024 * 1024,
        ..HttpPolicy::default()
    };
    // Sources named without a platform are asked once, at start; one that cannot be
    // detected is named and left out, the others are watched.
    let Resolved { specs, missed, .. } =
        super::pull::resolve_platforms(&store, selection, &policy)?;
    for line in &missed {
        if let crate::ingest::result::SourceResult::Failed(reason) = &line.result {
            eprintln!("warning: {} is not watched: {reason}", line.source_id);
        }
    }
    let options = Options {
        interval: args.interval,
        concurrency: usize::from(args.concurrency),
        policy,
        json: args.json,
        webhooks: args.webhook,
        listener,
    };
    watch::run(
        store,
        &inventory,
        specs,
        options,
        Box::new(std::io::stdout()),
    )?;
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_with_units_and_stay_in_bounds() {
        assert_eq!(parse_interval("60s"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_interval("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_interval("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_interval("1500ms"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_interval("1h"), Ok(Duration::from_secs(3600)));
        assert!(parse_interval("500ms").is_err(), "under a second");
        assert!(parse_interval("2d").is_err());
        assert!(parse_interval("soon").is_err());
        assert!(parse_interval("25h").is_err());
    }
}
