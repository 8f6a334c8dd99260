//! The impact start and its basis, with its evidence: the field, or the sentence that
//! stated it (in a facts-only store, the field and the kind of phrase).

use super::{Step, Value, clean, minutes, span_minutes, time};
use crate::metrics::plan::BACKDATE_MS;
use crate::metrics::tables::{IncidentRow, StartBasis};
use crate::model::{Incident, IncidentUpdate};

pub(super) fn explain(row: &IncidentRow, incident: &Incident) -> Step {
    let (value, because) = match (row.start_basis, row.impact_start) {
        (StartBasis::Stated, Some(at)) => (Value::Time(at), stated(incident)),
        (StartBasis::Backdated, Some(at)) => (Value::Time(at), backdated(incident, at)),
        _ => (Value::Empty, none(row, incident)),
    };
    Step {
        name: "impact start",
        value,
        because,
    }
}

/// The name and description of a kind of phrase (`StartEvidence::kind`).
fn phrase(kind: &str) -> &'static str {
    match kind {
        "range" => "a range of impact times (\"between … and …\")",
        "start-word" => "a start word (\"beginning at\", \"starting at\", \"since\")",
        "as-of" => "a report of the issue as of a time",
        "impact-at" => "a time with words of impact (\"at around … users saw errors\")",
        "label" => "a labelled template field (\"Start Time: …\")",
        _ => "a statement in the update text",
    }
}

fn stated(incident: &Incident) -> String {
    let Some(evidence) = incident.start_evidence.as_ref() else {
        return "stated by the vendor (basis stated); how was not recorded: the store was written before planb kept the evidence — import or pull the source again to record it".to_string();
    };
    if let Some(field) = evidence.kind.strip_prefix("field:") {
        return format!(
            "the platform's own start field `{}`: the vendor states when impact began",
            clean(field)
        );
    }
    let update = evidence
        .update_id
        .as_deref()
        .and_then(|id| incident.updates.iter().find(|u| u.id == id));
    let posted = update.map_or(String::new(), |u| {
        format!(
            " (posted {}, {})",
            time(u.created_at),
            clean(u.status.as_str())
        )
    });
    let which = evidence
        .update_id
        .as_deref()
        .map_or("an update".to_string(), |id| {
            format!("update {}", clean(id))
        });
    match evidence.sentence.as_deref() {
        Some(sentence) => format!(
            "stated in {which}{posted} by {}: \"{}\"",
            phrase(&evidence.kind),
            clean(sentence)
        ),
        None => format!(
            "stated in {which}{posted} by {} (the sentence was not kept: facts-only store)",
            phrase(&evidence.kind)
        ),
    }
}

fn earliest_started(incident: &Incident) -> Option<crate::model::Timestamp> {
    [incident.started_at, incident.first_started_at]
        .into_iter()
        .flatten()
        .min()
}

fn backdated(incident: &Incident, at: crate::model::Timestamp) -> String {
    if let Some(started) = earliest_started(incident) {
        let edited = incident
            .started_at
            .filter(|s| {
                Some(*s) != incident.first_started_at && incident.first_started_at.is_some()
            })
            .map_or(String::new(), |latest| {
                format!(" (first seen; now {})", time(latest))
            });
        return format!(
            "the platform's started_at {}{edited}, {} before the incident was created ({}): the vendor backdated it",
            time(started),
            minutes(span_minutes(started, incident.created_at)),
            time(incident.created_at)
        );
    }
    let shown = open_updates(incident).find(|u| u.display_at == Some(at));
    let first = incident.updates.iter().map(|u| u.created_at).min();
    match (shown, first) {
        (Some(u), Some(first)) => format!(
            "no started_at on this platform: update {} ({}) is shown at {} but was first posted with the incident at {}, {} earlier — the vendor's own statement of when impact began (the earliest display_at of an update that is not the resolution)",
            clean(&u.id),
            clean(u.status.as_str()),
            time(at),
            time(first),
            minutes(span_minutes(at, first))
        ),
        _ => "the earliest display_at of an update that is not the resolution, more than a minute before the first post".to_string(),
    }
}

/// Updates that do not close the incident: their display time may state a start.
fn open_updates(incident: &Incident) -> impl Iterator<Item = &IncidentUpdate> {
    incident.updates.iter().filter(|u| !u.status.is_closed())
}

fn none(row: &IncidentRow, incident: &Incident) -> String {
    let platform = match earliest_started(incident) {
        Some(started) if started > incident.created_at => format!(
            "started_at {} is after created_at {} (edited later): it states no earlier start",
            time(started),
            time(incident.created_at)
        ),
        Some(started) => format!(
            "started_at {} is within a minute of created_at {} (Statuspage's default: it says nothing about when impact began)",
            time(started),
            time(incident.created_at)
        ),
        None => {
            let first = row.first_update_at;
            let resolution_shown_early = incident.updates.iter().find(|u| {
                u.status.is_closed()
                    && matches!((u.display_at, first), (Some(d), Some(f)) if (f - d).num_milliseconds() > BACKDATE_MS)
            });
            match resolution_shown_early {
                Some(u) => format!(
                    "no started_at on this platform, and no update other than the resolution is shown more than a minute before the first post; update {} ({}) is shown at {}, but a resolution's display time is when it ended, not when it began",
                    clean(&u.id),
                    clean(u.status.as_str()),
                    u.display_at.map(time).unwrap_or_default()
                ),
                None => "no started_at on this platform, and no update is shown more than a minute before the first post".to_string(),
            }
        }
    };
    format!("unknown: {platform}; no update text states when impact began")
}
