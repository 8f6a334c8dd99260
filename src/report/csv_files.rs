//! `incidents.csv`, `sources.csv`, `vendors.csv`: one header row, RFC 3339 UTC times,
//! `*_min` float minutes, `true`/`false`, empty cells for null, no formula execution.

use std::path::{Path, PathBuf};

use super::cells::{number, text, time};
use super::incidents_csv;
use super::{ReportError, write_file, write_streamed};
use crate::metrics::{CommunicationReport, Dist, GroupStats, StartBasis, WEIGHTING_POLICY};

pub(super) fn to_bytes(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, ReportError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let encode = |e: csv::Error| ReportError::Encode(e.to_string());
    writer.write_record(header).map_err(encode)?;
    for row in rows {
        writer.write_record(&row).map_err(encode)?;
    }
    writer
        .into_inner()
        .map_err(|e| ReportError::Encode(e.to_string()))
}

fn dist_header(name: &str) -> [String; 4] {
    [
        format!("{name}_n"),
        format!("{name}_p50_min"),
        format!("{name}_p90_min"),
        format!("{name}_max_min"),
    ]
}

fn group_header(lead: &[&str]) -> Vec<String> {
    let mut header: Vec<String> = lead.iter().map(|s| s.to_string()).collect();
    header.extend(
        [
            "window",
            "incidents",
            "critical",
            "major",
            "minor",
            "none",
            "other",
        ]
        .map(String::from),
    );
    for name in ["ttfc", "longest_silence", "ttr"] {
        header.extend(dist_header(name));
    }
    header.extend(
        [
            "ttfc_within_30min_share",
            "postmortem_rate",
            "retroactive_share",
            "backfilled",
            "promises_made",
            "promises_kept",
            "downtime_hours_weighted",
            "weighting_policy",
            "first_incident_at",
            "last_incident_at",
            "ttfc_clamped",
            // How sure the figures are: incidents by how their start is known (n = incidents).
            "start_stated",
            "start_backdated",
            "start_none",
            "start_stated_share",
            "start_backdated_share",
            "start_none_share",
        ]
        .map(String::from),
    );
    header
}

fn dist_cells(d: &Dist) -> [String; 4] {
    [d.n.to_string(), number(d.p50), number(d.p90), number(d.max)]
}

fn group_cells(window: &str, s: &GroupStats) -> Vec<String> {
    let mut cells = vec![window.to_string(), s.incidents.to_string()];
    let i = &s.by_impact;
    cells.extend([i.critical, i.major, i.minor, i.none, i.other].map(|n| n.to_string()));
    for d in [&s.ttfc_min, &s.longest_silence_min, &s.ttr_min] {
        cells.extend(dist_cells(d));
    }
    cells.extend([
        number(s.ttfc_within_30_share),
        number(s.postmortem_rate),
        number(s.retroactive_share),
        s.backfilled.to_string(),
        s.promises_made.to_string(),
        s.promises_kept.to_string(),
        number(Some(s.downtime_hours_weighted)),
        WEIGHTING_POLICY.to_string(),
        time(s.first_incident_at),
        time(s.last_incident_at),
        s.ttfc_clamped.to_string(),
    ]);
    let b = &s.start_basis;
    cells.extend([b.stated, b.backdated, b.none].map(|n| n.to_string()));
    cells.extend(
        [StartBasis::Stated, StartBasis::Backdated, StartBasis::None].map(|k| number(b.share(k))),
    );
    cells
}

/// Write the three communication files into `dir`; returns their paths.
pub fn write(report: &CommunicationReport, dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let window = report.window.label();
    let incidents = write_streamed(dir, "incidents.csv", |out| {
        incidents_csv::write(&report.incidents, out)
    })?;

    let source_header = group_header(&["source_id", "vendor", "service", "platform"]);
    let sources = report.sources.iter().map(|s| {
        let mut row = vec![
            text(&s.source_id),
            text(&s.vendor),
            text(&s.service),
            text(&s.platform),
        ];
        row.extend(group_cells(window, &s.stats));
        row
    });
    let sources = to_bytes(
        &source_header.iter().map(String::as_str).collect::<Vec<_>>(),
        sources,
    )?;

    let vendor_header = group_header(&["vendor"]);
    let vendors = report.vendors.iter().map(|v| {
        let mut row = vec![text(&v.key)];
        row.extend(group_cells(window, v));
        row
    });
    let vendors = to_bytes(
        &vendor_header.iter().map(String::as_str).collect::<Vec<_>>(),
        vendors,
    )?;

    Ok(vec![
        incidents,
        write_file(dir, "sources.csv", &sources)?,
        write_file(dir, "vendors.csv", &vendors)?,
    ])
}
