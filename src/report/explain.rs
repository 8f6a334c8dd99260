//! `planb report --explain SOURCE:INCIDENT` as text: each per-incident number, how it
//! was made or why it is empty, then every gap between updates.

use std::fmt::Write as _;

use crate::metrics::IncidentRow;
use crate::metrics::explain::{Explanation, Value};
use crate::model::Timestamp;

/// The value column as the explanation writes it.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Time(t) => time(*t),
        Value::Minutes(m) => minutes(*m),
        Value::Flag(true) => "yes".to_string(),
        Value::Flag(false) => "no".to_string(),
        Value::Empty => "empty".to_string(),
    }
}

fn time(t: Timestamp) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn minutes(m: f64) -> String {
    let text = format!("{m:.2}");
    format!("{} min", text.trim_end_matches('0').trim_end_matches('.'))
}

/// Vendor and user text on one line, without control characters.
fn clean(text: &str) -> String {
    crate::model::sanitize_text(text).replace(['\n', '\r', '\t'], " ")
}

/// The whole explanation of one incident, for a terminal or a file.
pub fn render(row: &IncidentRow, explanation: &Explanation, as_of: Timestamp) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}:{} — {}",
        clean(&row.source_id),
        clean(&row.incident_id),
        clean(&row.title)
    );
    let _ = writeln!(
        out,
        "{} · {} · max impact {} · {} · created {} · {} update(s)",
        clean(&row.vendor),
        clean(&row.service),
        clean(&row.max_impact),
        clean(&row.status),
        time(row.created_at),
        row.updates
    );
    let _ = writeln!(
        out,
        "computed over all stored history as of {}\n",
        time(as_of)
    );
    for step in &explanation.steps {
        let basis = if step.name == "impact start" {
            format!(" ({})", row.start_basis.as_str())
        } else {
            String::new()
        };
        let _ = writeln!(out, "{:<16} {}{basis}", step.name, value_text(&step.value));
        let _ = writeln!(out, "{:<16} {}", "", clean(&step.because));
        if step.name == "longest silence" && !explanation.gaps.is_empty() {
            let _ = writeln!(
                out,
                "{:<16} gaps between updates by created_at (* counts as silence, ◀ the longest):",
                ""
            );
            for gap in &explanation.gaps {
                let _ = writeln!(
                    out,
                    "{:<18} {} → {}  {:>12}{}{}{}",
                    "",
                    time(gap.from),
                    time(gap.to),
                    minutes(gap.minutes),
                    if gap.while_open { "  *" } else { "   " },
                    if gap.longest { " ◀" } else { "" },
                    if gap.still_open {
                        " (still open: to when last seen)"
                    } else {
                        ""
                    }
                );
            }
        }
    }
    out
}
