//! The longest silence and each gap behind it, counted as the update facts count them:
//! a gap between consecutive updates (by `created_at`) is silence when the update that
//! opened it had not closed the incident; an open incident's silence runs from its last
//! update to when it was last seen; no silence outlasts first post → resolution.

use super::{Gap, Step, Value, minutes, span_minutes, time};
use crate::metrics::tables::IncidentRow;
use crate::model::{Incident, Timestamp};

pub(super) fn explain(row: &IncidentRow, incident: &Incident, now: Timestamp) -> (Step, Vec<Gap>) {
    let mut updates: Vec<_> = incident.updates.iter().collect();
    updates.sort_by_key(|u| u.created_at);
    let mut gaps: Vec<Gap> = updates
        .windows(2)
        .map(|pair| Gap {
            from: pair[0].created_at,
            to: pair[1].created_at,
            minutes: span_minutes(pair[0].created_at, pair[1].created_at),
            while_open: !pair[0].status.is_closed(),
            longest: false,
            still_open: false,
        })
        .collect();
    let open = row.resolved_at.is_none() && !updates.iter().any(|u| u.status.is_closed());
    if open && let Some(last) = updates.last() {
        let seen = incident.observed_at.unwrap_or(now).min(now);
        gaps.push(Gap {
            from: last.created_at,
            to: seen,
            minutes: span_minutes(last.created_at, seen),
            while_open: true,
            longest: false,
            still_open: true,
        });
    }
    let longest = gaps
        .iter()
        .enumerate()
        .filter(|(_, g)| g.while_open)
        .max_by(|a, b| a.1.minutes.total_cmp(&b.1.minutes))
        .map(|(k, _)| k);
    if let Some(k) = longest {
        gaps[k].longest = true;
    }
    let because = reason(row, longest.map(|k| &gaps[k]));
    let step = Step {
        name: "longest silence",
        value: row.longest_silence_min.map_or(Value::Empty, Value::Minutes),
        because,
    };
    (step, gaps)
}

fn reason(row: &IncidentRow, longest: Option<&Gap>) -> String {
    let cap = match (row.first_update_at, row.resolved_at) {
        (Some(first), Some(resolved)) => Some((first, resolved, span_minutes(first, resolved))),
        _ => None,
    };
    let Some(value) = row.longest_silence_min else {
        return if row.backfilled {
            "back-filled history: the gaps between its posts are the import's, not the vendor's silence".to_string()
        } else if let Some((first, resolved, _)) = cap.filter(|c| c.2 < 0.0) {
            format!(
                "resolved {} before the first post {}: nothing was silent while it was unresolved",
                time(resolved),
                time(first)
            )
        } else {
            "no gap while the incident was unresolved (a single update, or nothing posted before the resolution)".to_string()
        };
    };
    let Some(gap) = longest else {
        return format!("{} (no update gap is stored)", minutes(value));
    };
    let what = if gap.still_open {
        format!(
            "still open: from the last update {} to {} (when it was last seen)",
            time(gap.from),
            time(gap.to)
        )
    } else {
        format!(
            "the largest gap between consecutive updates while unresolved: {} → {}",
            time(gap.from),
            time(gap.to)
        )
    };
    match cap {
        Some((first, resolved, span))
            if gap.minutes > value + 1e-6 && (span - value).abs() < 1e-6 =>
        {
            format!(
                "{what} ({}), capped at first post {} → resolution {} = {}: a silence cannot outlast the incident",
                minutes(gap.minutes),
                time(first),
                time(resolved),
                minutes(value)
            )
        }
        _ => format!("{what} = {}", minutes(value)),
    }
}
