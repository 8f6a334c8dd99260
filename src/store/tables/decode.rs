//! Stored frames back to the model: typed column access, then incidents with their
//! updates attached.

use chrono::{DateTime, Utc};
use polars::prelude::*;

use super::{KIND_MAINTENANCE, SourceTables, split_names};
use crate::model::{
    Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate, Timestamp,
};

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

    pub fn time(&self, name: &str) -> PolarsResult<Vec<Option<Timestamp>>> {
        Ok(self
            .int(name)?
            .into_iter()
            .map(|v| v.and_then(DateTime::<Utc>::from_timestamp_millis))
            .collect())
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

fn required<T>(value: Option<T>, column: &str) -> PolarsResult<T> {
    value.ok_or_else(|| polars_err!(ComputeError: "stored column `{}` has a null where a value is required", column))
}

/// Rebuild the model from the stored frames (updates are attached to their incidents).
pub fn tables_from_frames(
    incidents: &DataFrame,
    updates: &DataFrame,
    components: &DataFrame,
) -> PolarsResult<SourceTables> {
    let mut by_incident: std::collections::HashMap<(String, String), Vec<IncidentUpdate>> =
        Default::default();
    let u = Columns(updates);
    let (kinds, ids, update_ids, statuses, bodies) = (
        u.text("kind")?,
        u.text("incident_id")?,
        u.text("update_id")?,
        u.text("status")?,
        u.text("body")?,
    );
    let (created, displayed, edited, affected) = (
        u.time("created_at")?,
        u.time("display_at")?,
        u.time("updated_at")?,
        u.text("affected_components")?,
    );
    let promised = u.time("promised_by")?;
    for row in 0..updates.height() {
        let key = (
            required(kinds[row].clone(), "kind")?,
            required(ids[row].clone(), "incident_id")?,
        );
        by_incident.entry(key).or_default().push(IncidentUpdate {
            id: required(update_ids[row].clone(), "update_id")?,
            status: IncidentStatus::from_text(statuses[row].as_deref().unwrap_or("")),
            body: bodies[row].clone(),
            created_at: required(created[row], "created_at")?,
            display_at: displayed[row],
            updated_at: edited[row],
            affected_components: split_names(affected[row].as_deref()),
            promised_by: promised[row],
        });
    }

    let mut tables = SourceTables::default();
    let c = Columns(incidents);
    let (kinds, ids, titles, first_titles, statuses) = (
        c.text("kind")?,
        c.text("incident_id")?,
        c.text("title")?,
        c.text("first_title")?,
        c.text("status")?,
    );
    let (impacts, first_impacts, max_impacts, urls, names) = (
        c.text("impact")?,
        c.text("first_impact")?,
        c.text("max_impact")?,
        c.text("url")?,
        c.text("components")?,
    );
    let (created, started, first_started, stated) = (
        c.time("created_at")?,
        c.time("started_at")?,
        c.time("first_started_at")?,
        c.time("stated_start")?,
    );
    let (edited, monitoring, resolved, observed) = (
        c.time("updated_at")?,
        c.time("monitoring_at")?,
        c.time("resolved_at")?,
        c.time("observed_at")?,
    );
    let impact = |v: &Option<String>| Impact::from_text(v.as_deref().unwrap_or(""));
    for row in 0..incidents.height() {
        let kind = required(kinds[row].clone(), "kind")?;
        let id = required(ids[row].clone(), "incident_id")?;
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
            created_at: required(created[row], "created_at")?,
            started_at: started[row],
            first_started_at: first_started[row],
            stated_start: stated[row],
            updated_at: edited[row],
            monitoring_at: monitoring[row],
            resolved_at: resolved[row],
            url: urls[row].clone(),
            components: split_names(names[row].as_deref()),
            updates,
            observed_at: observed[row],
        };
        if kind == KIND_MAINTENANCE {
            tables.maintenances.push(incident)
        } else {
            tables.incidents.push(incident)
        }
    }

    let c = Columns(components);
    let (ids, names, statuses, groups, edited) = (
        c.text("component_id")?,
        c.text("name")?,
        c.text("status")?,
        c.flag("group")?,
        c.time("updated_at")?,
    );
    for row in 0..components.height() {
        tables.components.push(Component {
            id: required(ids[row].clone(), "component_id")?,
            name: names[row].clone().unwrap_or_default(),
            status: ComponentStatus::from_text(statuses[row].as_deref().unwrap_or("")),
            group: groups[row].unwrap_or(false),
            updated_at: edited[row],
        });
    }
    Ok(tables)
}
