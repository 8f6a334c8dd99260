//! Stored frames back to the model: typed column access, then incidents with their
//! updates attached.

use chrono::{DateTime, Utc};
use polars::prelude::*;

use super::{KIND_MAINTENANCE, SourceTables, split_names};
use crate::model::{
    ClosedUnseen, Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate,
    StartEvidence, Timestamp,
};
use crate::store::schema;

/// Typed column access that fails with the column's name instead of panicking.
pub(crate) struct Columns<'a>(pub &'a DataFrame);

impl Columns<'_> {
    pub fn text(&self, name: &str) -> PolarsResult<Vec<Option<String>>> {
        let column = self.0.column(name)?.cast(&DataType::String)?;
        Ok(column
            .str()?
            .iter()
            .map(|v| v.map(str::to_string))
            .collect())
    }

    /// `text`, or all null when the column is missing (a store written before it existed).
    pub fn text_if_present(&self, name: &str) -> PolarsResult<Vec<Option<String>>> {
        if self.0.column(name).is_err() {
            return Ok(vec![None; self.0.height()]);
        }
        self.text(name)
    }

    pub fn time(&self, name: &str) -> PolarsResult<Vec<Option<Timestamp>>> {
        Ok(self
            .int(name)?
            .into_iter()
            .map(|v| v.and_then(DateTime::<Utc>::from_timestamp_millis))
            .collect())
    }

    /// `time` for a column added after stores were first written: absent reads as nulls.
    pub fn time_if_present(&self, name: &str) -> PolarsResult<Vec<Option<Timestamp>>> {
        if self.0.schema().contains(name) {
            self.time(name)
        } else {
            Ok(vec![None; self.0.height()])
        }
    }

    pub fn int(&self, name: &str) -> PolarsResult<Vec<Option<i64>>> {
        let column = self.0.column(name)?.cast(&DataType::Int64)?;
        Ok(column.i64()?.iter().collect())
    }

    pub fn float(&self, name: &str) -> PolarsResult<Vec<Option<f64>>> {
        let column = self.0.column(name)?.cast(&DataType::Float64)?;
        Ok(column.f64()?.iter().collect())
    }

    pub fn flag(&self, name: &str) -> PolarsResult<Vec<Option<bool>>> {
        let column = self.0.column(name)?.cast(&DataType::Boolean)?;
        Ok(column.bool()?.iter().collect())
    }
}

/// `StartEvidence` as stored (JSON text).
pub(crate) fn evidence_json(evidence: &StartEvidence) -> String {
    serde_json::to_string(evidence).unwrap_or_default()
}

fn evidence_from_json(text: &str) -> Option<StartEvidence> {
    serde_json::from_str(text).ok()
}

fn required<T>(value: Option<T>, column: &str) -> PolarsResult<T> {
    value.ok_or_else(|| polars_err!(ComputeError: "stored column `{}` has a null where a value is required", column))
}

/// Rebuild the model from the stored frames (updates are attached to their incidents).
pub fn tables_from_frames(
    incidents: &DataFrame,
    updates: &DataFrame,
    components: &DataFrame,
) -> PolarsResult<SourceTables> {
    let mut by_incident = updates_by_incident(updates)?;
    let mut tables = SourceTables::default();
    read_incidents(incidents, &mut by_incident, &mut tables)?;
    tables.components = read_components(components)?;
    Ok(tables)
}

/// Each incident's updates, keyed by (kind, incident id).
fn updates_by_incident(updates: &DataFrame) -> PolarsResult<UpdatesByIncident> {
    let mut by_incident = UpdatesByIncident::default();
    let u = Columns(updates);
    let (kinds, ids, update_ids, statuses, bodies) = (
        u.text(schema::KIND)?,
        u.text(schema::INCIDENT_ID)?,
        u.text(schema::UPDATE_ID)?,
        u.text(schema::STATUS)?,
        u.text(schema::BODY)?,
    );
    let (created, displayed, edited, affected) = (
        u.time(schema::CREATED_AT)?,
        u.time(schema::DISPLAY_AT)?,
        u.time(schema::UPDATED_AT)?,
        u.text(schema::AFFECTED_COMPONENTS)?,
    );
    let promised = u.time(schema::PROMISED_BY)?;
    for row in 0..updates.height() {
        let key = (
            required(kinds[row].clone(), schema::KIND)?,
            required(ids[row].clone(), schema::INCIDENT_ID)?,
        );
        by_incident.entry(key).or_default().push(IncidentUpdate {
            id: required(update_ids[row].clone(), schema::UPDATE_ID)?,
            status: IncidentStatus::from_text(statuses[row].as_deref().unwrap_or("")),
            body: bodies[row].clone(),
            created_at: required(created[row], schema::CREATED_AT)?,
            display_at: displayed[row],
            updated_at: edited[row],
            affected_components: split_names(affected[row].as_deref()),
            promised_by: promised[row],
        });
    }
    Ok(by_incident)
}

/// Incidents and maintenance, each with its updates taken out of `by_incident`.
fn read_incidents(
    incidents: &DataFrame,
    by_incident: &mut UpdatesByIncident,
    tables: &mut SourceTables,
) -> PolarsResult<()> {
    let c = Columns(incidents);
    let (kinds, ids, titles, first_titles, statuses) = (
        c.text(schema::KIND)?,
        c.text(schema::INCIDENT_ID)?,
        c.text(schema::TITLE)?,
        c.text(schema::FIRST_TITLE)?,
        c.text(schema::STATUS)?,
    );
    let (impacts, first_impacts, max_impacts, urls, names) = (
        c.text(schema::IMPACT)?,
        c.text(schema::FIRST_IMPACT)?,
        c.text(schema::MAX_IMPACT)?,
        c.text(schema::URL)?,
        c.text(schema::COMPONENTS)?,
    );
    let (created, started, first_started, stated) = (
        c.time(schema::CREATED_AT)?,
        c.time(schema::STARTED_AT)?,
        c.time(schema::FIRST_STARTED_AT)?,
        c.time(schema::STATED_START)?,
    );
    let evidence = c.text_if_present(schema::START_EVIDENCE)?;
    let (edited, monitoring, resolved, observed) = (
        c.time(schema::UPDATED_AT)?,
        c.time(schema::MONITORING_AT)?,
        c.time(schema::RESOLVED_AT)?,
        c.time(schema::OBSERVED_AT)?,
    );
    let (closed_after, closed_before) = (
        c.time_if_present(schema::CLOSED_AFTER)?,
        c.time_if_present(schema::CLOSED_BEFORE)?,
    );
    let impact = |v: &Option<String>| Impact::from_text(v.as_deref().unwrap_or(""));
    for row in 0..incidents.height() {
        let kind = required(kinds[row].clone(), schema::KIND)?;
        let id = required(ids[row].clone(), schema::INCIDENT_ID)?;
        let updates = by_incident
            .remove(&(kind.clone(), id.clone()))
            .unwrap_or_default();
        let incident = Incident {
            id,
            title: titles[row].clone(),
            first_title: first_titles[row].clone(),
            status: IncidentStatus::from_text(statuses[row].as_deref().unwrap_or("")),
            impact: impact(&impacts[row]),
            first_impact: impact(&first_impacts[row]),
            max_impact: impact(&max_impacts[row]),
            created_at: required(created[row], schema::CREATED_AT)?,
            started_at: started[row],
            first_started_at: first_started[row],
            stated_start: stated[row],
            // Evidence that does not parse is dropped, not fatal: it explains, never counts.
            start_evidence: evidence[row].as_deref().and_then(evidence_from_json),
            updated_at: edited[row],
            monitoring_at: monitoring[row],
            resolved_at: resolved[row],
            url: urls[row].clone(),
            components: split_names(names[row].as_deref()),
            updates,
            observed_at: observed[row],
            closed_unseen: closed_after[row].zip(closed_before[row]).map(
                |(last_seen, first_absent)| ClosedUnseen {
                    last_seen,
                    first_absent,
                },
            ),
        };
        if kind == KIND_MAINTENANCE {
            tables.maintenances.push(incident)
        } else {
            tables.incidents.push(incident)
        }
    }
    Ok(())
}

fn read_components(components: &DataFrame) -> PolarsResult<Vec<Component>> {
    let mut out = Vec::with_capacity(components.height());
    let c = Columns(components);
    let (ids, names, statuses, groups, edited) = (
        c.text(schema::COMPONENT_ID)?,
        c.text(schema::NAME)?,
        c.text(schema::STATUS)?,
        c.flag(schema::GROUP)?,
        c.time(schema::UPDATED_AT)?,
    );
    for row in 0..components.height() {
        out.push(Component {
            id: required(ids[row].clone(), schema::COMPONENT_ID)?,
            name: names[row].clone().unwrap_or_default(),
            status: ComponentStatus::from_text(statuses[row].as_deref().unwrap_or("")),
            group: groups[row].unwrap_or(false),
            updated_at: edited[row],
        });
    }
    Ok(out)
}

type UpdatesByIncident = std::collections::HashMap<(String, String), Vec<IncidentUpdate>>;
