//! `exposure.csv` (one row per inventory row) and `concentration.csv` (one row per level).

use std::path::{Path, PathBuf};

use super::cells::{flag, number, text};
use super::csv_files::to_bytes;
use super::{ReportError, write_file};
use crate::metrics::exposure::{BAND_NOTE, ExposureReport};

const EXPOSURE_HEADER: &[&str] = &[
    "line",
    "service",
    "capability",
    "criticality",
    "vendor",
    "hosts",
    "weight",
    "fallback",
    "mitigation",
    "spof",
    "response_kind",
    "correlated_with",
    "rto_hours",
];
const CONCENTRATION_HEADER: &[&str] = &[
    "level",
    "hhi",
    "n_eff",
    "band",
    "top_entity",
    "top_share",
    "unknown_share",
    "band_note",
];

pub fn write(report: &ExposureReport, dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let rows = report.rows.iter().map(|r| {
        vec![
            r.line.to_string(),
            text(&r.service),
            text(&r.capability),
            r.criticality.as_str().to_string(),
            text(&r.vendor),
            text(&r.hosts_label()),
            number(Some(r.weight)),
            text(r.fallback.label()),
            number(Some(r.mitigation)),
            flag(r.spof).to_string(),
            r.response
                .map(|k| k.as_str().to_string())
                .unwrap_or_default(),
            text(&r.correlated_label()),
            number(r.rto_hours),
        ]
    });
    let exposure = to_bytes(EXPOSURE_HEADER, rows)?;
    let levels = report.concentration.iter().map(|c| {
        vec![
            c.level.as_str().to_string(),
            number(Some(c.hhi)),
            number(Some(c.n_eff)),
            c.band.as_str().to_string(),
            text(&c.top_entity),
            number(Some(c.top_share)),
            number(Some(c.unknown_share)),
            text(BAND_NOTE),
        ]
    });
    let concentration = to_bytes(CONCENTRATION_HEADER, levels)?;
    Ok(vec![
        write_file(dir, "exposure.csv", &exposure)?,
        write_file(dir, "concentration.csv", &concentration)?,
    ])
}
