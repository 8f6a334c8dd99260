//! The Parquet tables of one source: model <-> columns. Timestamps are stored as
//! naive UTC milliseconds (polars without `timezones` drops a UTC tag anyway).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use polars::prelude::*;

mod decode;
pub(crate) use decode::Columns;
pub use decode::tables_from_frames;

use crate::model::{Component, Incident, IncidentUpdate, Timestamp};

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
