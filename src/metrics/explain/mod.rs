//! Every per-incident number explained: how the impact start, first post, ttfc, each
//! silence gap and ttr of one incident were made, and why a value is empty. Built from
//! the incident's computed row (the polars plan's output: the numbers themselves) and
//! its stored record (the fields, updates and start evidence behind them). Plain data
//! and plain words: `report --explain` prints it, the dashboard's incident view shows it.

mod silence;
mod start;

use chrono::SecondsFormat;

use super::backfill;
use super::tables::{IncidentRow, StartBasis};
use crate::model::{Incident, Timestamp};
use crate::store::SourceTables;

/// One number and how it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What the number is: "impact start", "ttfc", ...
    pub name: &'static str,
    pub value: Value,
    /// How it was made, or why it is empty (vendor text inside is sanitized).
    pub because: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Time(Timestamp),
    Minutes(f64),
    Flag(bool),
    /// No value: `because` says why.
    Empty,
}

/// One gap between consecutive updates (by `created_at`), or after the last one.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub from: Timestamp,
    pub to: Timestamp,
    pub minutes: f64,
    /// The update that opened it had not closed the incident: it counts as silence.
    pub while_open: bool,
    /// It is the one the longest silence measures (before any cap).
    pub longest: bool,
    /// From the last update to when the still-open incident was last seen.
    pub still_open: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub steps: Vec<Step>,
    pub gaps: Vec<Gap>,
}

/// Explain `row` (computed by `communication`) with `incident`, its stored record, and
/// `source`, everything stored for its source (import bursts span incidents, and are
/// found over every update, as the metrics find them). `now` is the moment the report
/// was computed for (an open incident's silence runs to it).
pub fn explain(
    row: &IncidentRow,
    incident: &Incident,
    source: &SourceTables,
    now: Timestamp,
) -> Explanation {
    let (silence, gaps) = silence::explain(row, incident, now);
    let mut steps = vec![
        start::explain(row, incident),
        first_post(row, incident),
        ttfc(row),
        silence,
        ttr(row),
    ];
    steps.extend(flags(row, incident, source));
    Explanation { steps, gaps }
}

/// A time as the explanation writes it: "2020-08-20T07:11:45Z".
pub(crate) fn time(t: Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Minutes as the explanation writes them: "176.75 min" (to the second), with days or
/// hours beside long ones.
pub(crate) fn minutes(m: f64) -> String {
    let exact = format!("{:.2}", m);
    let exact = exact.trim_end_matches('0').trim_end_matches('.');
    if m >= 2.0 * 1440.0 {
        format!("{exact} min ({:.1} days)", m / 1440.0)
    } else if m >= 120.0 {
        format!("{exact} min ({:.1} h)", m / 60.0)
    } else {
        format!("{exact} min")
    }
}

fn span_minutes(from: Timestamp, to: Timestamp) -> f64 {
    (to - from).num_milliseconds() as f64 / 60_000.0
}

fn first_post(row: &IncidentRow, incident: &Incident) -> Step {
    let first = incident.updates.iter().min_by_key(|u| u.created_at);
    let (value, because) = match (row.first_update_at, first) {
        (Some(at), Some(u)) => (
            Value::Time(at),
            format!(
                "the earliest created_at of its {} update(s): update {} ({}); created_at, not display_at, which vendors backdate",
                incident.updates.len(),
                clean(&u.id),
                clean(u.status.as_str())
            ),
        ),
        (Some(at), None) => (
            Value::Time(at),
            "no update stored: the incident's own created_at".to_string(),
        ),
        (None, _) => (Value::Empty, "no update and no created_at".to_string()),
    };
    Step {
        name: "first post",
        value,
        because,
    }
}

fn ttfc(row: &IncidentRow) -> Step {
    let (value, because) = match (row.ttfc_min, row.impact_start, row.first_update_at) {
        (Some(m), Some(start), Some(first)) if first < start => (
            Value::Minutes(m),
            format!(
                "the first post ({}) came before the stated start ({}): clamped to 0 and counted as an anomaly (ttfc_clamped)",
                time(first),
                time(start)
            ),
        ),
        (Some(m), Some(start), Some(first)) => (
            Value::Minutes(m),
            format!(
                "first post {} − impact start {} = {}",
                time(first),
                time(start),
                minutes(m)
            ),
        ),
        _ if row.backfilled => (
            Value::Empty,
            "back-filled history (see below): posted in an import long after it happened, so the time to first communication says nothing".to_string(),
        ),
        _ if row.start_basis == StartBasis::None => (
            Value::Empty,
            "no impact start is known (see above): time to first communication is not measurable — empty, never 0".to_string(),
        ),
        _ => (Value::Empty, "no first post is known".to_string()),
    };
    Step {
        name: "ttfc",
        value,
        because,
    }
}

/// Where ttr counts from: the impact start when known, else the first post.
fn ttr_from(row: &IncidentRow) -> Timestamp {
    match (row.impact_start, row.start_basis) {
        (Some(start), basis) if basis != StartBasis::None => start,
        _ => row.created_at,
    }
}

fn ttr(row: &IncidentRow) -> Step {
    let from = match (row.impact_start, row.start_basis) {
        (Some(start), basis) if basis != StartBasis::None => {
            format!("impact start {}", time(start))
        }
        _ => format!(
            "created_at {} (no impact start is known)",
            time(row.created_at)
        ),
    };
    let (value, because) = match (row.ttr_min, row.resolved_at) {
        (Some(m), Some(resolved)) => (
            Value::Minutes(m),
            format!("resolved {} − {from} = {}", time(resolved), minutes(m)),
        ),
        (_, None) => match (row.closed_after, row.closed_before) {
            (Some(after), Some(before)) => (
                Value::Empty,
                format!(
                    "closed without a word: still listed open {}, gone from the feed {} — it ended inside that bound; no exact time, so no ttr (the bound gives {} to {} from {from})",
                    time(after),
                    time(before),
                    minutes(span_minutes(ttr_from(row), after).max(0.0)),
                    minutes(span_minutes(ttr_from(row), before).max(0.0)),
                ),
            ),
            _ => (
                Value::Empty,
                "not resolved: no resolution time stored".to_string(),
            ),
        },
        (_, Some(resolved)) => (
            Value::Empty,
            format!(
                "resolved {} is not after {from}: the record measures no duration — empty, not 0",
                time(resolved)
            ),
        ),
    };
    Step {
        name: "ttr",
        value,
        because,
    }
}

/// Retroactive and back-filled, with what made them so (or a late post that is not).
fn flags(row: &IncidentRow, incident: &Incident, source: &SourceTables) -> Vec<Step> {
    let retro = if row.retroactive {
        "the first post already said resolved (posted after the fact)"
    } else {
        "the first post came while the incident was unresolved"
    };
    let mut steps = vec![Step {
        name: "retroactive",
        value: Value::Flag(row.retroactive),
        because: retro.to_string(),
    }];
    let late = incident.updates.iter().find(|u| {
        u.display_at.is_some_and(|d| {
            backfill::is_late(u.created_at.timestamp_millis(), d.timestamp_millis())
        })
    });
    let because = match (row.backfilled, late) {
        (true, _) => match burst_of(incident, source) {
            Some(b) => format!(
                "posted in an import of {} incidents of this source between {} and {}, each shown more than a day before it was posted: history imported in bulk keeps its count and duration, not its ttfc or silence",
                b.incidents.len(),
                time(at_ms(b.first_ms)),
                time(at_ms(b.last_ms))
            ),
            None => "posted in an import burst of this source".to_string(),
        },
        (false, Some(u)) => format!(
            "update {} was shown at {} but posted {}: a late post, not part of an import (no {} incidents of this source posted within {} minutes of each other around it): a late communication, whose ttfc counts when its start is known",
            clean(&u.id),
            u.display_at.map(time).unwrap_or_default(),
            time(u.created_at),
            backfill::BURST_MIN_INCIDENTS,
            backfill::BURST_GAP_MS / 60_000
        ),
        (false, None) => "no update is shown more than a day before it was posted".to_string(),
    };
    steps.push(Step {
        name: "back-filled",
        value: Value::Flag(row.backfilled),
        because,
    });
    steps
}

/// The import burst `incident` was posted in, found as the metrics find it (over the
/// updates of incidents and maintenance alike).
fn burst_of(incident: &Incident, source: &SourceTables) -> Option<backfill::Burst<usize>> {
    let all: Vec<&Incident> = source
        .incidents
        .iter()
        .chain(&source.maintenances)
        .collect();
    let mut late: Vec<(i64, usize)> = all
        .iter()
        .enumerate()
        .flat_map(|(k, i)| i.updates.iter().map(move |u| (k, u)))
        .filter_map(|(k, u)| {
            let (t, shown) = (
                u.created_at.timestamp_millis(),
                u.display_at?.timestamp_millis(),
            );
            backfill::is_late(t, shown).then_some((t, k))
        })
        .collect();
    let me = source.incidents.iter().position(|i| i.id == incident.id)?;
    backfill::import_bursts(&mut late)
        .into_iter()
        .find(|b| b.incidents.contains(&me))
}

fn at_ms(ms: i64) -> Timestamp {
    Timestamp::from_timestamp_millis(ms).unwrap_or_default()
}

/// Vendor text on one line, without control characters.
pub(crate) fn clean(text: &str) -> String {
    crate::model::sanitize_text(text).replace(['\n', '\r', '\t'], " ")
}

#[cfg(test)]
mod tests;
