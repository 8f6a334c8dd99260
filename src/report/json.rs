//! `report.json`: the same tables as the CSV files, nested, for programs.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{ReportError, write_streamed};
use crate::metrics::exposure::ExposureReport;
use crate::metrics::{CommunicationReport, WEIGHTING_POLICY};

pub fn write(
    report: &CommunicationReport,
    exposure: Option<&ExposureReport>,
    dir: &Path,
) -> Result<PathBuf, ReportError> {
    let concentration: Vec<_> = exposure
        .map(|e| {
            e.concentration.iter().map(|c| serde_json::json!({
        "level": c.level.as_str(), "hhi": c.hhi, "n_eff": c.n_eff, "band": c.band.as_str(),
        "top_entity": c.top_entity, "top_share": c.top_share, "unknown_share": c.unknown_share,
    })).collect()
        })
        .unwrap_or_default();
    let exposure_rows: Vec<_> = exposure.map(|e| e.rows.iter().map(|r| serde_json::json!({
        "line": r.line, "service": r.service, "capability": r.capability, "criticality": r.criticality.as_str(),
        "vendor": r.vendor, "hosts": r.hosts_label(), "weight": r.weight, "fallback": r.fallback.label(),
        "spof": r.spof, "correlated_with": r.correlated_label(),
    })).collect()).unwrap_or_default();
    // Serialized straight to the file: a million incident rows never become a value tree.
    #[derive(Serialize)]
    struct Document<'a> {
        weighting_policy: &'static str,
        communication: &'a CommunicationReport,
        exposure: Vec<serde_json::Value>,
        concentration: Vec<serde_json::Value>,
    }
    let document = Document {
        weighting_policy: WEIGHTING_POLICY,
        communication: report,
        exposure: exposure_rows,
        concentration,
    };
    write_streamed(dir, "report.json", |out| {
        // A concrete buffer in front of the `dyn` sink: serde writes a few bytes at a
        // time, and each went through a virtual call.
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut buffered, &document)
            .map_err(|e| ReportError::Encode(e.to_string()))?;
        std::io::Write::flush(&mut buffered).map_err(|e| ReportError::Encode(e.to_string()))
    })
}
