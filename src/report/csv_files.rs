//! `incidents.csv`, `sources.csv`, `vendors.csv`: one header row, RFC 3339 UTC times,
//! `*_min` float minutes, `true`/`false`, empty cells for null, no formula execution.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::cells::{flag, number, text, text_cow, time};
use super::{ReportError, write_file, write_streamed};
use crate::metrics::{CommunicationReport, Dist, GroupStats, WEIGHTING_POLICY};

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

const INCIDENT_HEADER: &[&str] = &[
    "source_id",
    "vendor",
    "service",
    "incident_id",
    "title",
    "impact",
    "first_impact",
    "max_impact",
    "status",
    "created_at",
    "first_update_at",
    "resolved_at",
    "impact_start",
    "start_basis",
    "ttfc_min",
    "longest_silence_min",
    "ttr_min",
    "updates",
    "postmortem",
    "postmortem_delay_min",
    "retroactive",
    "backfilled",
    "promises_made",
    "promises_kept",
    "url",
];

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
    cells
}

fn encode(e: csv::Error) -> ReportError {
    ReportError::Encode(e.to_string())
}

/// incidents.csv, one field at a time: a million rows without a million row vectors.
fn write_incidents(
    report: &CommunicationReport,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(INCIDENT_HEADER).map_err(encode)?;
    let mut cell = String::new();
    for r in &report.incidents {
        let texts = [
            &r.source_id,
            &r.vendor,
            &r.service,
            &r.incident_id,
            &r.title,
            &r.impact,
            &r.first_impact,
            &r.max_impact,
            &r.status,
        ];
        for value in texts {
            writer
                .write_field(text_cow(value).as_bytes())
                .map_err(encode)?;
        }
        for at in [
            Some(r.created_at),
            r.first_update_at,
            r.resolved_at,
            r.impact_start,
        ] {
            writer.write_field(time(at)).map_err(encode)?;
        }
        writer.write_field(r.start_basis.as_str()).map_err(encode)?;
        for value in [r.ttfc_min, r.longest_silence_min, r.ttr_min] {
            writer.write_field(number(value)).map_err(encode)?;
        }
        cell.clear();
        let _ = write!(cell, "{}", r.updates);
        writer.write_field(&cell).map_err(encode)?;
        writer.write_field(flag(r.postmortem)).map_err(encode)?;
        writer
            .write_field(number(r.postmortem_delay_min))
            .map_err(encode)?;
        writer.write_field(flag(r.retroactive)).map_err(encode)?;
        writer.write_field(flag(r.backfilled)).map_err(encode)?;
        for count in [r.promises_made, r.promises_kept] {
            cell.clear();
            let _ = write!(cell, "{count}");
            writer.write_field(&cell).map_err(encode)?;
        }
        writer
            .write_field(text_cow(r.url.as_deref().unwrap_or("")).as_bytes())
            .map_err(encode)?;
        writer.write_record(None::<&[u8]>).map_err(encode)?;
    }
    writer
        .flush()
        .map_err(|e| ReportError::Encode(e.to_string()))
}

/// Write the three communication files into `dir`; returns their paths.
pub fn write(report: &CommunicationReport, dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let window = report.window.label();
    let incidents = write_streamed(dir, "incidents.csv", |out| write_incidents(report, out))?;

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
