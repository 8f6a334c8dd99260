//! The Parquet tables of one source: model <-> columns. Timestamps are stored as
//! naive UTC milliseconds (polars without `timezones` drops a UTC tag anyway).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use polars::prelude::*;

use crate::model::{
    Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate, Timestamp,
};

pub const INCIDENTS_FILE: &str = "incidents.parquet";
pub const UPDATES_FILE: &str = "updates.parquet";
pub const COMPONENTS_FILE: &str = "components.parquet";

/// Component names inside one cell; names never contain a newline (sanitized on the way in).
const NAME_SEPARATOR: &str = "\n";

pub const KIND_INCIDENT: &str = "incident";
pub const KIND_MAINTENANCE: &str = "maintenance";

/// Everything stored for one source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceTables {
    pub incidents: Vec<Incident>,
    pub maintenances: Vec<Incident>,
    pub components: Vec<Component>,
}

/// A 64-bit key for (source, incident): metrics group and join on one integer instead of
/// two strings (FNV-1a; a collision among a million incidents has odds of about 1 in 30 million).
pub fn incident_key(source_id: &str, incident_id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in source_id.bytes().chain([0u8]).chain(incident_id.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn millis(ts: Option<Timestamp>) -> Option<i64> {
    ts.map(|t| t.timestamp_millis())
}

fn datetime_column(name: &str, values: Vec<Option<i64>>) -> PolarsResult<Column> {
    Column::new(name.into(), values).cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
}

fn join_names(names: &[String]) -> String {
    names
        .iter()
        .map(|n| n.replace(['\n', '\r'], " "))
        .collect::<Vec<_>>()
        .join(NAME_SEPARATOR)
}

fn split_names(cell: Option<&str>) -> Vec<String> {
    match cell {
        Some(text) if !text.is_empty() => text.split(NAME_SEPARATOR).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// Incidents and maintenances in one frame, told apart by `kind`.
pub fn incidents_frame(source_id: &str, tables: &SourceTables) -> PolarsResult<DataFrame> {
    let rows: Vec<(&str, &Incident)> = tables
        .incidents
        .iter()
        .map(|i| (KIND_INCIDENT, i))
        .chain(tables.maintenances.iter().map(|i| (KIND_MAINTENANCE, i)))
        .collect();
    let text = |f: &dyn Fn(&Incident) -> Option<String>| {
        rows.iter().map(|(_, i)| f(i)).collect::<Vec<_>>()
    };
    let time = |f: &dyn Fn(&Incident) -> Option<Timestamp>| {
        rows.iter().map(|(_, i)| millis(f(i))).collect::<Vec<_>>()
    };
    let columns = vec![
        Column::new("source_id".into(), vec![source_id; rows.len()]),
        Column::new(
            "kind".into(),
            rows.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        ),
        Column::new("incident_id".into(), text(&|i| Some(i.id.clone()))),
        Column::new(
            "incident_key".into(),
            rows.iter()
                .map(|(_, i)| incident_key(source_id, &i.id))
                .collect::<Vec<u64>>(),
        ),
        Column::new("title".into(), text(&|i| i.title.clone())),
        Column::new("first_title".into(), text(&|i| i.first_title.clone())),
        Column::new(
            "status".into(),
            text(&|i| Some(i.status.as_str().to_string())),
        ),
        Column::new(
            "impact".into(),
            text(&|i| Some(i.impact.as_str().to_string())),
        ),
        Column::new(
            "first_impact".into(),
            text(&|i| Some(i.first_impact.as_str().to_string())),
        ),
        Column::new(
            "max_impact".into(),
            text(&|i| Some(i.max_impact.as_str().to_string())),
        ),
        datetime_column("created_at", time(&|i| Some(i.created_at)))?,
        datetime_column("started_at", time(&|i| i.started_at))?,
        datetime_column("first_started_at", time(&|i| i.first_started_at))?,
        datetime_column("stated_start", time(&|i| i.stated_start))?,
        datetime_column("updated_at", time(&|i| i.updated_at))?,
        datetime_column("monitoring_at", time(&|i| i.monitoring_at))?,
        datetime_column("resolved_at", time(&|i| i.resolved_at))?,
        datetime_column("observed_at", time(&|i| i.observed_at))?,
        Column::new("url".into(), text(&|i| i.url.clone())),
        Column::new(
            "components".into(),
            text(&|i| Some(join_names(&i.components))),
        ),
        Column::new(
            "updates".into(),
            rows.iter()
                .map(|(_, i)| i.updates.len() as u32)
                .collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new_infer_height(columns)
}

/// Updates sorted by (incident, created_at): the order the metrics plan wants.
pub fn updates_frame(source_id: &str, tables: &SourceTables) -> PolarsResult<DataFrame> {
    let mut rows: Vec<(&str, &str, &IncidentUpdate)> = Vec::new();
    for (kind, list) in [
        (KIND_INCIDENT, &tables.incidents),
        (KIND_MAINTENANCE, &tables.maintenances),
    ] {
        for incident in list {
            rows.extend(
                incident
                    .updates
                    .iter()
                    .map(|u| (kind, incident.id.as_str(), u)),
            );
        }
    }
    rows.sort_by(|a, b| {
        a.1.cmp(b.1)
            .then(a.2.created_at.cmp(&b.2.created_at))
            .then(a.2.id.cmp(&b.2.id))
    });
    let columns = vec![
        Column::new("source_id".into(), vec![source_id; rows.len()]),
        Column::new("kind".into(), rows.iter().map(|r| r.0).collect::<Vec<_>>()),
        Column::new(
            "incident_id".into(),
            rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        ),
        Column::new(
            "incident_key".into(),
            rows.iter()
                .map(|r| incident_key(source_id, r.1))
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            "update_id".into(),
            rows.iter().map(|r| r.2.id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "status".into(),
            rows.iter().map(|r| r.2.status.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "body".into(),
            rows.iter().map(|r| r.2.body.as_deref()).collect::<Vec<_>>(),
        ),
        datetime_column(
            "created_at",
            rows.iter()
                .map(|r| Some(r.2.created_at.timestamp_millis()))
                .collect(),
        )?,
        datetime_column(
            "display_at",
            rows.iter().map(|r| millis(r.2.display_at)).collect(),
        )?,
        datetime_column(
            "updated_at",
            rows.iter().map(|r| millis(r.2.updated_at)).collect(),
        )?,
        datetime_column(
            "promised_by",
            rows.iter().map(|r| millis(r.2.promised_by)).collect(),
        )?,
        Column::new(
            "affected_components".into(),
            rows.iter()
                .map(|r| join_names(&r.2.affected_components))
                .collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new_infer_height(columns)
}

pub fn components_frame(source_id: &str, components: &[Component]) -> PolarsResult<DataFrame> {
    let columns = vec![
        Column::new("source_id".into(), vec![source_id; components.len()]),
        Column::new(
            "component_id".into(),
            components.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "name".into(),
            components
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "status".into(),
            components
                .iter()
                .map(|c| c.status.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "group".into(),
            components.iter().map(|c| c.group).collect::<Vec<_>>(),
        ),
        datetime_column(
            "updated_at",
            components.iter().map(|c| millis(c.updated_at)).collect(),
        )?,
    ];
    DataFrame::new_infer_height(columns)
}

/// Write a frame to `path` and flush it to disk (the caller renames it into place).
pub fn write_parquet(frame: &mut DataFrame, path: &Path) -> PolarsResult<()> {
    let mut file = File::create(path)?;
    // Small per-source files: statistics and per-column parallelism cost more than they
    // save (a pull writes thousands of these); LZ4 keeps compression cheap.
    ParquetWriter::new(&mut file)
        .with_compression(ParquetCompression::Lz4Raw)
        .with_statistics(StatisticsOptions::empty())
        .set_parallel(false)
        .finish(frame)?;
    file.flush()?;
    file.sync_all()?;
    Ok(())
}

pub fn read_parquet(path: &Path) -> PolarsResult<DataFrame> {
    ParquetReader::new(File::open(path)?).finish()
}

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
