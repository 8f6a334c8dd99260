//! Work the dashboard runs off the UI thread: export a table as CSV, pull live data.

use std::path::{Path, PathBuf};

use super::{DashboardError, Loader, Origin};
use crate::fetch::http::HttpPolicy;
use crate::fetch::pull::PullOptions;
use crate::ingest::discover::resolve_selection;
use crate::ingest::pull::pull_into;
use crate::ingest::select::{SelectError, Selection, select_sources};
use crate::model::Timestamp;
use crate::report::cells;

/// A cell of an exported table, formatted like `planb report` (cells.rs).
#[derive(Debug, Clone, PartialEq)]
pub enum ExportCell {
    Text(String),
    Number(Option<f64>),
    Count(Option<u64>),
    Time(Option<Timestamp>),
    Flag(bool),
}

impl ExportCell {
    fn render(&self) -> String {
        match self {
            Self::Text(t) => cells::text(t),
            Self::Number(n) => cells::number(*n),
            Self::Count(c) => c.map(|c| c.to_string()).unwrap_or_default(),
            Self::Time(t) => cells::time(*t),
            Self::Flag(f) => cells::flag(*f).to_string(),
        }
    }
}

/// The table on screen, every row and column (not only those that fit).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportTable {
    /// File stem, e.g. `planb-overview-90d`.
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<ExportCell>>,
}

/// Write `table` as `<dir>/<name>.csv` atomically; text cells are formula-neutralized.
pub fn export_csv(dir: &Path, table: &ExportTable) -> Result<PathBuf, DashboardError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| DashboardError::Other(format!("writing CSV: {e}"));
    writer
        .write_record(table.header.iter().map(|h| cells::text(h)))
        .map_err(fail)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(ExportCell::render))
            .map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| DashboardError::Other(format!("writing CSV: {e}")))?;
    let stem: String = table
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    crate::report::write_file(dir, &format!("{stem}.csv"), &bytes)
        .map_err(|e| DashboardError::Other(e.to_string()))
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PullSummary {
    pub sources: usize,
    /// (source id, reason) of every source that failed.
    pub failed: Vec<(String, String)>,
}

/// What `r` would pull: the inventory's sources, else every pullable source in the store.
pub fn pull_specs(loader: &Loader) -> Result<Selection, String> {
    if let Origin::Demo { .. } = loader.origin {
        return Err("this is demo data: pull live data with `planb pull --inventory FILE`, then run `planb --inventory FILE`".into());
    }
    select_sources(loader.inventory.as_ref(), &loader.store, &[]).map_err(|e| match e {
        SelectError::Input(_) => "nothing to pull: open the dashboard with --inventory FILE listing services with a status_url".into(),
        other => other.to_string(),
    })
}

/// Pull into the store (the caller runs this on a thread of its own).
pub fn pull(
    loader: &Loader,
    selection: Selection,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<PullSummary, DashboardError> {
    let options = PullOptions {
        concurrency: 16,
        backfill: false,
    };
    let fail = |e: crate::ingest::IngestError| DashboardError::Other(e.to_string());
    let crate::ingest::discover::Resolved { specs, missed, .. } =
        resolve_selection(&loader.store, selection, HttpPolicy::default()).map_err(fail)?;
    let mut lines = pull_into(
        &loader.store,
        specs,
        HttpPolicy::default(),
        options,
        progress,
    )
    .map_err(fail)?;
    lines.extend(missed);
    let failed = lines
        .iter()
        .filter_map(|l| Some((l.source_id.clone(), l.failure()?.to_string())))
        .collect();
    Ok(PullSummary {
        sources: lines.len(),
        failed,
    })
}
