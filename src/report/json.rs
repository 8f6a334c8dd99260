//! `report.json`: the same tables as the CSV files, nested, for programs.

use std::path::{Path, PathBuf};

use super::{ReportError, write_file};
use crate::metrics::{CommunicationReport, WEIGHTING_POLICY};

pub fn write(report: &CommunicationReport, dir: &Path) -> Result<PathBuf, ReportError> {
    let document = serde_json::json!({
        "weighting_policy": WEIGHTING_POLICY,
        "communication": report,
    });
    let bytes = serde_json::to_vec_pretty(&document).map_err(|e| ReportError::Encode(e.to_string()))?;
    write_file(dir, "report.json", &bytes)
}
