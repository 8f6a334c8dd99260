//! Work the dashboard runs off the UI thread: export a table as CSV, pull live data.

use std::path::{Path, PathBuf};

use super::{DashboardError, Loader, Origin};
use crate::fetch::http::HttpPolicy;
use crate::fetch::pull::{PullOptions, SourceSpec};
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
pub fn pull_specs(loader: &Loader) -> Result<Vec<SourceSpec>, String> {
    if let Origin::Demo { .. } = loader.origin {
        return Err("this is demo data: pull live data with `planb pull --inventory FILE`, then run `planb --inventory FILE`".into());
    }
    let specs = match &loader.inventory {
        Some(inv) => inv.sources(),
        None => loader
            .store
            .manifest()
            .map_err(|e| e.to_string())?
            .sources
            .into_iter()
            .filter_map(|(id, e)| {
                Some(SourceSpec {
                    name: e.name.unwrap_or_else(|| id.clone()),
                    source_id: id,
                    platform: e.platform,
                    base_url: e.base_url?,
                })
            })
            .collect(),
    };
    if specs.is_empty() {
        Err("nothing to pull: open the dashboard with --inventory FILE listing services with a status_url".into())
    } else {
        Ok(specs)
    }
}

/// Pull into the store (the caller runs this on a thread of its own).
pub fn pull(
    loader: &Loader,
    specs: Vec<SourceSpec>,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<PullSummary, DashboardError> {
    let options = PullOptions {
        concurrency: 16,
        backfill: false,
    };
    let lines = crate::cli::pull::pull_into(
        &loader.store,
        specs,
        HttpPolicy::default(),
        options,
        progress,
    )
    .map_err(|e| DashboardError::Other(format!("{e:#}")))?;
    let failed = lines
        .iter()
        .filter_map(|l| match &l.result {
            crate::cli::summary::SourceResult::Failed(reason) => {
                Some((l.source_id.clone(), reason.clone()))
            }
            _ => None,
        })
        .collect();
    Ok(PullSummary {
        sources: lines.len(),
        failed,
    })
}
