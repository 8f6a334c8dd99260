//! `planb report`: communication and recovery metrics as CSV, JSON or Markdown.

use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};

use super::Outcome;
use crate::inventory::{self, InventoryKind};
use crate::metrics::exposure::ExposureReport;
use crate::metrics::{self, IncidentRows, Window};
use crate::report;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Md,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Limit the report to this inventory's services (default: every source in the store).
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Incidents created within this period before now: 30d, 90d, 1y or all.
    #[arg(long, default_value = "90d", value_parser = parse_window)]
    pub window: Window,
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Directory for csv/json files (md prints to stdout, and also writes report.md here if given).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Compute the window as of this time (RFC 3339) instead of now, for reproducible reports.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub as_of: Option<DateTime<Utc>>,
    /// Print how each number of one incident was made (its impact start and the evidence
    /// for it, first post, ttfc, every silence gap, ttr, and why a value is empty) instead
    /// of writing the report. SOURCE and INCIDENT as in incidents.csv (source_id,
    /// incident_id); computed over all stored history as of --as-of.
    #[arg(long, value_name = "SOURCE:INCIDENT")]
    pub explain: Option<String>,
}

fn parse_window(text: &str) -> Result<Window, String> {
    Window::parse(text).ok_or_else(|| format!("`{text}` is not a window: use 30d, 90d, 1y or all"))
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("`{text}` is not an RFC 3339 time ({e}), e.g. 2026-11-01T00:00:00Z"))
}

pub fn run(args: ReportArgs, store: Store) -> anyhow::Result<Outcome> {
    // Before seconds of metrics: an --out that cannot be a directory is a typo to report now.
    if let Some(out) = args
        .out
        .as_deref()
        .filter(|out| out.exists() && !out.is_dir())
    {
        eprintln!(
            "error: --out {}: is a file; --out takes a directory for the report files (created if missing)",
            out.display()
        );
        return Ok(Outcome::BadInput);
    }
    let manifest = store.manifest()?;
    let inventory = match &args.inventory {
        None => None,
        Some(path) => match inventory::load(path) {
            Ok(inv) => Some(inv),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(Outcome::BadInput);
            }
        },
    };
    // Named as the inventory says (else the catalog, else the page); with an inventory,
    // only its sources.
    let labels = metrics::source_labels(&manifest, inventory.as_ref());
    let only = inventory.as_ref().map(|inv| {
        inv.sources()
            .into_iter()
            .map(|s| s.source_id)
            .collect::<Vec<_>>()
    });
    let exposure = inventory
        .as_ref()
        .filter(|inv| inv.kind == InventoryKind::Exposure)
        .map(ExposureReport::from_inventory);
    let now = args.as_of.unwrap_or_else(Utc::now);
    if let Some(target) = args.explain.as_deref() {
        return explain(&store, &labels, target, now);
    }
    let started = std::time::Instant::now();
    // Markdown shows groups only: skip building a million incident rows it would not print.
    let rows = if args.format == Format::Md {
        IncidentRows::Skip
    } else {
        IncidentRows::Build
    };
    let communication =
        metrics::communication(&store, &labels, only.as_deref(), args.window, now, rows)
            .context("computing metrics")?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        incidents = communication.incidents.len(),
        "metrics computed"
    );
    for damaged in &communication.damaged {
        eprintln!("warning: {}", damaged.advice());
    }
    if communication.sources.is_empty() {
        eprintln!(
            "note: no incidents from any source in {} for window {}: pull live data with `planb pull --inventory FILE`, import saved payloads with `planb import PATH`, or widen --window",
            store.root().display(),
            args.window.label()
        );
    }
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("planb-report"));
    match args.format {
        Format::Csv => {
            let mut written = report::csv_files::write(&communication, &out_dir)?;
            if let Some(exposure) = &exposure {
                written.extend(report::exposure_files::write(exposure, &out_dir)?);
            }
            for path in written {
                println!("wrote {}", path.display());
            }
            if exposure.is_none() {
                println!(
                    "(exposure.csv and concentration.csv need --inventory with capability, criticality and fallback columns)"
                );
            }
        }
        Format::Json => println!(
            "wrote {}",
            report::json::write(&communication, exposure.as_ref(), &out_dir)?.display()
        ),
        Format::Md => {
            let mut text = report::markdown::render(&communication);
            if let Some(exposure) = &exposure {
                text.push_str(&report::markdown::render_exposure(exposure));
            }
            print!("{text}");
            if let Some(dir) = &args.out {
                report::write_file(dir, "report.md", text.as_bytes())?;
            }
        }
    }
    // Written without the damaged sources: a partial result, said above.
    Ok(if communication.damaged.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}

/// `--explain SOURCE:INCIDENT`: one incident's numbers, each with how it was made.
fn explain(
    store: &Store,
    labels: &std::collections::BTreeMap<String, metrics::SourceLabel>,
    target: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Outcome> {
    let Some((source, incident_id)) = target
        .split_once(':')
        .filter(|(s, i)| !s.is_empty() && !i.is_empty())
    else {
        eprintln!(
            "error: --explain {target}: expected SOURCE:INCIDENT, e.g. www.githubstatus.com:gqx5l06jjxhp (the source_id and incident_id columns of incidents.csv)"
        );
        return Ok(Outcome::BadInput);
    };
    if !store.source_ids()?.iter().any(|id| id == source) {
        eprintln!(
            "error: --explain {target}: no source `{source}` in {}: `planb report` lists the stored sources in sources.csv",
            store.root().display()
        );
        return Ok(Outcome::BadInput);
    }
    let only = [source.to_string()];
    let communication = metrics::communication(
        store,
        labels,
        Some(&only),
        Window::All,
        now,
        IncidentRows::Build,
    )
    .context("computing metrics")?;
    let row = communication
        .incidents
        .iter()
        .find(|r| r.incident_id == incident_id)
        .map(|r| r.to_row());
    let tables = store.load_source(source)?;
    let stored = tables.incidents.iter().find(|i| i.id == incident_id);
    let (Some(row), Some(stored)) = (row, stored) else {
        let what = if tables.maintenances.iter().any(|m| m.id == incident_id) {
            "is scheduled maintenance, which is never an incident"
        } else {
            "is not stored (or was created after --as-of)"
        };
        eprintln!(
            "error: --explain {target}: incident `{incident_id}` of {source} {what}: incidents.csv lists the incident ids"
        );
        return Ok(Outcome::BadInput);
    };
    let explanation = metrics::explain::explain(&row, stored, &tables, now);
    print!("{}", report::explain::render(&row, &explanation, now));
    Ok(Outcome::Ok)
}
