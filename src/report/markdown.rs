//! `--format md`: a readable summary for a terminal or a ticket. Distributions always
//! with n; unknown values shown as "–", never as 0.

use std::fmt::Write as _;

use super::cells::number;
use crate::metrics::exposure::{BAND_NOTE, ExposureReport};
use crate::metrics::{CommunicationReport, Dist, GroupStats, WEIGHTING_POLICY};
use crate::model::sanitize_text;

fn minutes(value: Option<f64>) -> String {
    match value {
        None => "–".to_string(),
        Some(m) if m >= 2880.0 => format!("{:.1} d", m / 1440.0),
        Some(m) if m >= 120.0 => format!("{:.1} h", m / 60.0),
        Some(m) => format!("{} min", number(Some(m))),
    }
}

/// Below this many values a percentile says little (methodology.md §1.3).
const FEW: u32 = 10;

fn dist(d: &Dist) -> String {
    match d.n {
        0 => "– (n=0)".to_string(),
        n if n < FEW => format!(
            "{} / {} / {} (n={n}, too few)",
            minutes(d.p50),
            minutes(d.p90),
            minutes(d.max)
        ),
        n => format!(
            "{} / {} / {} (n={n})",
            minutes(d.p50),
            minutes(d.p90),
            minutes(d.max)
        ),
    }
}

fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{:.0}%", v * 100.0))
}

/// Pipes and newlines would break a Markdown table cell.
fn cell(text: &str) -> String {
    sanitize_text(text).replace('|', "/").replace('\n', " ")
}

fn row(name: &str, s: &GroupStats) -> String {
    let i = &s.by_impact;
    format!(
        "| {} | {} | {}/{}/{}/{} | {} | {} | {} | {} | {} | {:.1} |\n",
        cell(name),
        s.incidents,
        i.critical,
        i.major,
        i.minor,
        i.none,
        dist(&s.ttfc_min),
        share(s.ttfc_within_30_share),
        dist(&s.longest_silence_min),
        dist(&s.ttr_min),
        share(s.postmortem_rate),
        s.downtime_hours_weighted
    )
}

const HEADER: &str = "| {} | incidents | crit/major/minor/none | ttfc p50 / p90 / max | ttfc ≤ 30 min | longest silence p50 / p90 / max | ttr p50 / p90 / max | postmortems | weighted downtime h |\n|---|---:|---|---|---:|---|---|---:|---:|\n";

pub fn render(report: &CommunicationReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# planb report — window {}\n", report.window.label());
    if report.synthetic {
        let _ = writeln!(
            out,
            "> **Synthetic data** (made by `planb synth`): these numbers describe no real vendor.\n"
        );
    }
    let _ = writeln!(
        out,
        "Generated {}. {} incidents in the window. Distributions are p50 / p90 / max with n, the number of incidents that had a value; ttfc is unknown (–) when the vendor never said when impact began; \"too few\" marks n < 10.\n",
        report.generated_at.format("%Y-%m-%d %H:%M UTC"),
        report.incident_count
    );
    let _ = writeln!(out, "## Vendors\n");
    out.push_str(&HEADER.replace("{}", "vendor"));
    for vendor in &report.vendors {
        out.push_str(&row(&vendor.key, vendor));
    }
    let _ = writeln!(out, "\n## Sources\n");
    out.push_str(&HEADER.replace("{}", "source"));
    for source in &report.sources {
        out.push_str(&row(
            &format!("{} ({})", source.service, source.source_id),
            &source.stats,
        ));
    }
    let _ = writeln!(
        out,
        "\nWeighted downtime uses the policy \"{WEIGHTING_POLICY}\"."
    );
    out
}

/// Concentration, single points of failure and correlated failures, in plain words.
pub fn render_exposure(exposure: &ExposureReport) -> String {
    let mut out = String::from(
        "\n## Concentration\n\n| level | HHI | N_eff | band | top | top share |\n|---|---:|---:|---|---|---:|\n",
    );
    for c in &exposure.concentration {
        let _ = writeln!(
            out,
            "| {} | {:.0} | {:.1} | {} | {} | {:.0}% |",
            c.level.as_str(),
            c.hhi,
            c.n_eff,
            c.band.as_str(),
            cell(&c.top_entity),
            c.top_share * 100.0
        );
    }
    let _ = writeln!(
        out,
        "\nBands: {BAND_NOTE}.\n\n## Single points of failure\n"
    );
    for row in exposure.spofs() {
        let _ = writeln!(
            out,
            "- {} ({}, {}) on {}: fallback {}",
            cell(&row.service),
            cell(&row.capability),
            row.criticality.as_str(),
            cell(&row.vendor),
            cell(row.fallback.label())
        );
    }
    let _ = writeln!(
        out,
        "\n## Correlated failures (the alarm goes down with the fire)\n"
    );
    for row in exposure.correlated() {
        let _ = writeln!(
            out,
            "- {} ({}) shares a vendor or host with {}",
            cell(&row.service),
            cell(&row.capability),
            cell(&row.correlated_label())
        );
    }
    out
}
