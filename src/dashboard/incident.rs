//! One incident for the timeline view: its updates in order, the gap before each, which
//! gap was the longest silence, and how each of its numbers was made. Vendor text is
//! sanitized here, before any view.

use crate::metrics::IncidentRow;
use crate::metrics::explain::{self, Explanation};
use crate::model::{Incident, Timestamp, sanitize_text};

#[derive(Debug, Clone, PartialEq)]
pub struct UpdateLine {
    pub at: Timestamp,
    pub status: String,
    /// `None` when the store kept facts only.
    pub body: Option<String>,
    pub components: Vec<String>,
    /// Minutes since the previous update.
    pub gap_min: Option<f64>,
    /// The gap counts as silence: the incident was still unresolved during it.
    pub while_open: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IncidentDetail {
    pub row: IncidentRow,
    /// The vendor's title (sanitized), else the row's generated label.
    pub title: String,
    pub components: Vec<String>,
    pub updates: Vec<UpdateLine>,
    /// Index of the update that ended the longest silence.
    pub longest_gap: Option<usize>,
    pub facts_only: bool,
    /// How each number was made (as `planb report --explain` prints it).
    pub explanation: Explanation,
}

/// `incident` as stored, with `row`, its computed numbers; `source` is everything stored
/// for its source (import bursts span incidents), `now` the moment shown.
pub fn detail(
    row: &IncidentRow,
    incident: &Incident,
    source: &crate::store::SourceTables,
    facts_only: bool,
    now: Timestamp,
) -> IncidentDetail {
    let mut updates: Vec<UpdateLine> = Vec::with_capacity(incident.updates.len());
    let mut open = true;
    let mut previous: Option<Timestamp> = None;
    for u in &incident.updates {
        let gap_min = previous.map(|p| (u.created_at - p).num_milliseconds() as f64 / 60_000.0);
        let status = sanitize_text(u.status.as_str());
        updates.push(UpdateLine {
            at: u.created_at,
            body: u.body.as_deref().map(sanitize_text),
            components: u
                .affected_components
                .iter()
                .map(|c| sanitize_text(c).replace('\n', " "))
                .collect(),
            gap_min,
            while_open: open,
            status: status.clone(),
        });
        if u.status.is_closed() {
            open = false;
        }
        previous = Some(u.created_at);
    }
    let longest_gap = updates
        .iter()
        .enumerate()
        .filter(|(_, u)| u.while_open)
        .filter_map(|(i, u)| u.gap_min.map(|g| (i, g)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i);
    let title = incident
        .title
        .as_deref()
        .map(sanitize_text)
        .map(|t| t.replace('\n', " "))
        .unwrap_or_else(|| sanitize_text(&row.title));
    let components = incident
        .components
        .iter()
        .map(|c| sanitize_text(c).replace('\n', " "))
        .collect();
    IncidentDetail {
        row: row.clone(),
        title,
        components,
        updates,
        longest_gap,
        facts_only,
        explanation: explain::explain(row, incident, source, now),
    }
}
