//! The Parquet tables of one source: model <-> columns. Timestamps are stored as
//! naive UTC milliseconds (polars without `timezones` drops a UTC tag anyway).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use polars::prelude::*;

mod decode;
mod open;
pub(crate) use decode::Columns;
pub use decode::tables_from_frames;
pub use open::{OpenIncident, open_incidents};

use crate::model::{Component, Incident, IncidentUpdate, Timestamp};
use crate::store::schema;

pub const INCIDENTS_FILE: &str = "incidents.parquet";
pub const UPDATES_FILE: &str = "updates.parquet";
pub const COMPONENTS_FILE: &str = "components.parquet";

/// Component names inside one cell; names never contain a newline (sanitized on the way in).
const NAME_SEPARATOR: &str = "\n";

pub use crate::store::schema::{KIND_INCIDENT, KIND_MAINTENANCE};

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
        Column::new(schema::SOURCE_ID.into(), vec![source_id; rows.len()]),
        Column::new(
            schema::KIND.into(),
            rows.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        ),
        Column::new(schema::INCIDENT_ID.into(), text(&|i| Some(i.id.clone()))),
        Column::new(
            schema::INCIDENT_KEY.into(),
            rows.iter()
                .map(|(_, i)| incident_key(source_id, &i.id))
                .collect::<Vec<u64>>(),
        ),
        Column::new(schema::TITLE.into(), text(&|i| i.title.clone())),
        Column::new(schema::FIRST_TITLE.into(), text(&|i| i.first_title.clone())),
        Column::new(
            schema::STATUS.into(),
            text(&|i| Some(i.status.as_str().to_string())),
        ),
        Column::new(
            schema::IMPACT.into(),
            text(&|i| Some(i.impact.as_str().to_string())),
        ),
        Column::new(
            schema::FIRST_IMPACT.into(),
            text(&|i| Some(i.first_impact.as_str().to_string())),
        ),
        Column::new(
            schema::MAX_IMPACT.into(),
            text(&|i| Some(i.max_impact.as_str().to_string())),
        ),
        datetime_column(schema::CREATED_AT, time(&|i| Some(i.created_at)))?,
        datetime_column(schema::STARTED_AT, time(&|i| i.started_at))?,
        datetime_column(schema::FIRST_STARTED_AT, time(&|i| i.first_started_at))?,
        datetime_column(schema::STATED_START, time(&|i| i.stated_start))?,
        Column::new(
            schema::START_EVIDENCE.into(),
            text(&|i| i.start_evidence.as_ref().map(decode::evidence_json)),
        ),
        datetime_column(schema::UPDATED_AT, time(&|i| i.updated_at))?,
        datetime_column(schema::MONITORING_AT, time(&|i| i.monitoring_at))?,
        datetime_column(schema::RESOLVED_AT, time(&|i| i.resolved_at))?,
        datetime_column(schema::OBSERVED_AT, time(&|i| i.observed_at))?,
        Column::new(schema::URL.into(), text(&|i| i.url.clone())),
        Column::new(
            schema::COMPONENTS.into(),
            text(&|i| Some(join_names(&i.components))),
        ),
        Column::new(
            schema::UPDATES.into(),
            rows.iter()
                .map(|(_, i)| i.updates.len() as u32)
                .collect::<Vec<_>>(),
        ),
        datetime_column(
            schema::CLOSED_AFTER,
            time(&|i| i.closed_unseen.map(|c| c.last_seen)),
        )?,
        datetime_column(
            schema::CLOSED_BEFORE,
            time(&|i| i.closed_unseen.map(|c| c.first_absent)),
        )?,
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
        Column::new(schema::SOURCE_ID.into(), vec![source_id; rows.len()]),
        Column::new(
            schema::KIND.into(),
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        ),
        Column::new(
            schema::INCIDENT_ID.into(),
            rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        ),
        Column::new(
            schema::INCIDENT_KEY.into(),
            rows.iter()
                .map(|r| incident_key(source_id, r.1))
                .collect::<Vec<u64>>(),
        ),
        Column::new(
            schema::UPDATE_ID.into(),
            rows.iter().map(|r| r.2.id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            schema::STATUS.into(),
            rows.iter().map(|r| r.2.status.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            schema::BODY.into(),
            rows.iter().map(|r| r.2.body.as_deref()).collect::<Vec<_>>(),
        ),
        datetime_column(
            schema::CREATED_AT,
            rows.iter()
                .map(|r| Some(r.2.created_at.timestamp_millis()))
                .collect(),
        )?,
        datetime_column(
            schema::DISPLAY_AT,
            rows.iter().map(|r| millis(r.2.display_at)).collect(),
        )?,
        datetime_column(
            schema::UPDATED_AT,
            rows.iter().map(|r| millis(r.2.updated_at)).collect(),
        )?,
        datetime_column(
            schema::PROMISED_BY,
            rows.iter().map(|r| millis(r.2.promised_by)).collect(),
        )?,
        Column::new(
            schema::AFFECTED_COMPONENTS.into(),
            rows.iter()
                .map(|r| join_names(&r.2.affected_components))
                .collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new_infer_height(columns)
}

pub fn components_frame(source_id: &str, components: &[Component]) -> PolarsResult<DataFrame> {
    let columns = vec![
        Column::new(schema::SOURCE_ID.into(), vec![source_id; components.len()]),
        Column::new(
            schema::COMPONENT_ID.into(),
            components.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            schema::NAME.into(),
            components
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            schema::STATUS.into(),
            components
                .iter()
                .map(|c| c.status.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            schema::GROUP.into(),
            components.iter().map(|c| c.group).collect::<Vec<_>>(),
        ),
        datetime_column(
            schema::UPDATED_AT,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema;

    fn names(frame: &DataFrame) -> Vec<String> {
        frame
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect()
    }

    /// The writer writes exactly the columns the schema names, in its order.
    #[test]
    fn frames_have_the_schema_columns() {
        let tables = SourceTables::default();
        let incidents = incidents_frame("s", &tables).expect("incidents frame");
        let updates = updates_frame("s", &tables).expect("updates frame");
        let components = components_frame("s", &[]).expect("components frame");
        assert_eq!(names(&incidents), schema::INCIDENT_COLUMNS);
        assert_eq!(names(&updates), schema::UPDATE_COLUMNS);
        assert_eq!(names(&components), schema::COMPONENT_COLUMNS);
    }

    /// Evidence is stored as JSON text and read back; a store written before the column
    /// existed reads as no evidence.
    #[test]
    fn start_evidence_round_trips_and_may_be_missing() {
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let evidence = crate::model::StartEvidence {
            kind: "label".into(),
            update_id: Some("u\"1".into()),
            sentence: Some("Start Time: 14:05 UTC".into()),
        };
        let incident = crate::model::Incident {
            id: "i1".into(),
            title: None,
            first_title: None,
            status: crate::model::IncidentStatus::Resolved,
            impact: crate::model::Impact::Minor,
            first_impact: crate::model::Impact::Minor,
            max_impact: crate::model::Impact::Minor,
            created_at: at("2025-03-04T14:30:00Z"),
            started_at: None,
            first_started_at: None,
            stated_start: Some(at("2025-03-04T14:05:00Z")),
            start_evidence: Some(evidence.clone()),
            updated_at: None,
            monitoring_at: None,
            resolved_at: None,
            url: None,
            components: Vec::new(),
            updates: Vec::new(),
            observed_at: None,
            closed_unseen: None,
        };
        let tables = SourceTables {
            incidents: vec![incident],
            ..SourceTables::default()
        };
        let incidents = incidents_frame("s", &tables).expect("frame");
        let (updates, components) = (
            updates_frame("s", &tables).expect("frame"),
            components_frame("s", &[]).expect("frame"),
        );
        let read = tables_from_frames(&incidents, &updates, &components).expect("read");
        assert_eq!(read.incidents[0].start_evidence.as_ref(), Some(&evidence));
        let older = incidents.drop(schema::START_EVIDENCE).expect("column");
        let read = tables_from_frames(&older, &updates, &components).expect("read");
        assert_eq!(read.incidents[0].start_evidence, None);
        assert_eq!(
            read.incidents[0].stated_start,
            tables.incidents[0].stated_start
        );
    }
}
