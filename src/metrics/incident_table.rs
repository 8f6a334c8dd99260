//! Per-incident rows, kept as the metrics frame's own columns behind an order index: a
//! million incidents are not copied into a million structs of owned strings (building and
//! freeing those was most of a big CSV report's time). Rows are read as borrowed views;
//! no polars type leaves this module.

use std::collections::HashMap;

use polars::prelude::*;
use serde::Serialize;
use serde::ser::SerializeSeq;

use super::tables::{IncidentRow, StartBasis};
use crate::model::Timestamp;
use crate::store::schema;

/// Names shared by many rows (source, vendor, service), stored once per source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceNames {
    pub source_id: Vec<String>,
    pub vendor: Vec<String>,
    pub service: Vec<String>,
}

/// The per-incident rows of a report, newest first within each source.
#[derive(Debug, Clone, Default)]
pub struct IncidentTable {
    names: SourceNames,
    /// Row `i` of the table is row `order[i]` of the columns.
    order: Vec<u32>,
    columns: Option<FrameColumns>,
}

/// The frame's columns, each in one chunk, typed.
#[derive(Debug, Clone)]
struct FrameColumns {
    source: OneChunk<UInt32Type>,
    incident_id: OneChunk<StringType>,
    title: OneChunk<StringType>,
    /// Labels for rows whose title was not kept, by frame row.
    generated_titles: HashMap<u32, String>,
    impact: OneChunk<StringType>,
    first_impact: OneChunk<StringType>,
    max_impact: OneChunk<StringType>,
    status: OneChunk<StringType>,
    url: OneChunk<StringType>,
    start_basis: OneChunk<StringType>,
    created_ms: OneChunk<Int64Type>,
    first_update_ms: OneChunk<Int64Type>,
    resolved_ms: OneChunk<Int64Type>,
    impact_start_ms: OneChunk<Int64Type>,
    ttfc_min: OneChunk<Float64Type>,
    longest_silence_min: OneChunk<Float64Type>,
    ttr_min: OneChunk<Float64Type>,
    updates: OneChunk<UInt32Type>,
    postmortem: OneChunk<BooleanType>,
    postmortem_delay_min: OneChunk<Float64Type>,
    retroactive: OneChunk<BooleanType>,
    backfilled: OneChunk<BooleanType>,
    promises_made: OneChunk<UInt32Type>,
    promises_kept: OneChunk<UInt32Type>,
    closed_after_ms: OneChunk<Int64Type>,
    closed_before_ms: OneChunk<Int64Type>,
}

/// One incident's metrics (DESIGN.md "Metric definitions"), borrowed from the table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IncidentRef<'a> {
    pub source_id: &'a str,
    pub vendor: &'a str,
    pub service: &'a str,
    pub incident_id: &'a str,
    /// The vendor's title, or a generated label ("major · Git Operations") when text was not kept.
    pub title: &'a str,
    pub impact: &'a str,
    pub first_impact: &'a str,
    pub max_impact: &'a str,
    pub status: &'a str,
    pub created_at: Timestamp,
    pub first_update_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub impact_start: Option<Timestamp>,
    pub start_basis: StartBasis,
    pub ttfc_min: Option<f64>,
    pub longest_silence_min: Option<f64>,
    pub ttr_min: Option<f64>,
    pub updates: u32,
    pub postmortem: bool,
    pub postmortem_delay_min: Option<f64>,
    pub retroactive: bool,
    pub backfilled: bool,
    pub promises_made: u32,
    pub promises_kept: u32,
    pub url: Option<&'a str>,
    /// Closed without a word (`closed_unseen`): last seen open, first seen gone.
    pub closed_after: Option<Timestamp>,
    pub closed_before: Option<Timestamp>,
}

fn at(ms: i64) -> Timestamp {
    Timestamp::from_timestamp_millis(ms).unwrap_or_default()
}

impl IncidentTable {
    /// The table over a per-incident metrics frame (see `communication`); `source_ix`
    /// indexes `names`. Rows without a creation time fit no window and are left out.
    pub(super) fn from_frame(frame: &DataFrame, names: SourceNames) -> PolarsResult<Self> {
        let text =
            |name: &str| -> PolarsResult<StringChunked> { Ok(frame.column(name)?.str()?.clone()) };
        let int = |name: &str| -> PolarsResult<Int64Chunked> {
            Ok(frame.column(name)?.cast(&DataType::Int64)?.i64()?.clone())
        };
        let float = |name: &str| -> PolarsResult<Float64Chunked> {
            Ok(frame.column(name)?.cast(&DataType::Float64)?.f64()?.clone())
        };
        let count = |name: &str| -> PolarsResult<UInt32Chunked> {
            Ok(frame.column(name)?.cast(&DataType::UInt32)?.u32()?.clone())
        };
        let flag = |name: &str| -> PolarsResult<BooleanChunked> {
            Ok(frame.column(name)?.bool()?.clone())
        };
        let columns = FrameColumns {
            source: one(&count(super::read::SOURCE_IX)?),
            incident_id: one(&text(schema::INCIDENT_ID)?),
            generated_titles: generated_titles(
                &text(schema::TITLE)?,
                &text(schema::MAX_IMPACT)?,
                &text(schema::COMPONENTS)?,
            ),
            title: one(&text(schema::TITLE)?),
            impact: one(&text(schema::IMPACT)?),
            first_impact: one(&text(schema::FIRST_IMPACT)?),
            max_impact: one(&text(schema::MAX_IMPACT)?),
            status: one(&text(schema::STATUS)?),
            url: one(&text(schema::URL)?),
            start_basis: one(&text("start_basis")?),
            created_ms: one(&int("created_ms")?),
            first_update_ms: one(&int("first_update_ms")?),
            resolved_ms: one(&int("resolved_ms")?),
            impact_start_ms: one(&int("impact_start_ms")?),
            ttfc_min: one(&float("ttfc_min")?),
            longest_silence_min: one(&float("longest_silence_min")?),
            ttr_min: one(&float("ttr_min")?),
            updates: one(&count("n_updates")?),
            postmortem: one(&flag("postmortem")?),
            postmortem_delay_min: one(&float("postmortem_delay_min")?),
            retroactive: one(&flag("retroactive")?),
            backfilled: one(&flag("backfilled")?),
            promises_made: one(&count("promises_made")?),
            promises_kept: one(&count("promises_kept")?),
            closed_after_ms: one(&int(schema::CLOSED_AFTER)?),
            closed_before_ms: one(&int(schema::CLOSED_BEFORE)?),
        };
        let in_range = |s: Option<u32>| s.is_some_and(|s| (s as usize) < names.source_id.len());
        let mut order: Vec<u32> = (0..frame.height() as u32)
            .filter(|&i| {
                columns.created_ms.get(i as usize).is_some()
                    && in_range(columns.source.get(i as usize))
            })
            .collect();
        newest_first_by_source(&mut order, &columns);
        Ok(Self {
            names,
            order,
            columns: Some(columns),
        })
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<IncidentRef<'_>> {
        (i < self.len()).then(|| self.row(i))
    }

    /// Row `i`; panics past the end, like slice indexing (use `get` for untrusted indices).
    pub fn row(&self, i: usize) -> IncidentRef<'_> {
        let k = self.order[i] as usize;
        let c = self
            .columns
            .as_ref()
            .expect("a table with rows has columns");
        let s = c.source.get(k).unwrap_or(0) as usize;
        let time = |col: &OneChunk<Int64Type>| col.get(k).map(at);
        let flag = |col: &OneChunk<BooleanType>| col.get(k).unwrap_or(false);
        let count = |col: &OneChunk<UInt32Type>| col.get(k).unwrap_or(0);
        IncidentRef {
            source_id: &self.names.source_id[s],
            vendor: &self.names.vendor[s],
            service: &self.names.service[s],
            incident_id: c.incident_id.get(k).unwrap_or(""),
            title: c
                .title
                .get(k)
                .or_else(|| c.generated_titles.get(&(k as u32)).map(String::as_str))
                .unwrap_or(""),
            impact: c.impact.get(k).unwrap_or(""),
            first_impact: c.first_impact.get(k).unwrap_or(""),
            max_impact: c.max_impact.get(k).unwrap_or(""),
            status: c.status.get(k).unwrap_or(""),
            created_at: time(&c.created_ms).unwrap_or_default(),
            first_update_at: time(&c.first_update_ms),
            resolved_at: time(&c.resolved_ms),
            impact_start: time(&c.impact_start_ms),
            start_basis: StartBasis::parse(c.start_basis.get(k).unwrap_or("none")),
            ttfc_min: c.ttfc_min.get(k),
            longest_silence_min: c.longest_silence_min.get(k),
            ttr_min: c.ttr_min.get(k),
            updates: count(&c.updates),
            postmortem: flag(&c.postmortem),
            postmortem_delay_min: c.postmortem_delay_min.get(k),
            retroactive: flag(&c.retroactive),
            backfilled: flag(&c.backfilled),
            promises_made: count(&c.promises_made),
            promises_kept: count(&c.promises_kept),
            url: c.url.get(k),
            closed_after: time(&c.closed_after_ms),
            closed_before: time(&c.closed_before_ms),
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = IncidentRef<'_>> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }

    /// Creation time of row `i`, without building the row (sorting, charts).
    pub fn created_at(&self, i: usize) -> Timestamp {
        let k = self.order[i] as usize;
        self.columns
            .as_ref()
            .and_then(|c| c.created_ms.get(k))
            .map(at)
            .unwrap_or_default()
    }
}

impl PartialEq for IncidentTable {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// By source (ascending), newest first within a source. Sources arrive in order from the
/// reader, so sorting each source's stretch is enough; anything else gets a full sort.
/// Rows in `order` have a source and a creation time (see `from_frame`).
fn newest_first_by_source(order: &mut [u32], c: &FrameColumns) {
    // Plain slices when the columns are one chunk each (they are, after `from_frame`'s
    // rechunk): a sort reads its keys ~20 times per row, and a chunked `get` costs more
    // than the comparison.
    if let (Some(source), Some(created)) = (c.source.values(), c.created_ms.values()) {
        let newest = |k: &u32| std::cmp::Reverse(created[*k as usize]);
        if order
            .windows(2)
            .all(|w| source[w[0] as usize] <= source[w[1] as usize])
        {
            for stretch in order.chunk_by_mut(|a, b| source[*a as usize] == source[*b as usize]) {
                stretch.sort_by_key(newest);
            }
        } else {
            order.sort_by_key(|k| (source[*k as usize], newest(k)));
        }
        return;
    }
    let source = |k: u32| c.source.get(k as usize).unwrap_or(0);
    order.sort_by_key(|k| (source(*k), std::cmp::Reverse(c.created_ms.get(*k as usize))));
}

/// A column as its one arrow array: cells are read by index without the chunk lookup a
/// `ChunkedArray::get` does (a million-row CSV reads 25 cells per row).
#[derive(Clone)]
struct OneChunk<T: PolarsDataType>(Option<T::Array>);

fn one<T: PolarsDataType>(column: &ChunkedArray<T>) -> OneChunk<T> {
    OneChunk(column.rechunk().downcast_iter().next().cloned())
}

impl<T: PolarsDataType> OneChunk<T> {
    fn get(&self, i: usize) -> Option<T::Physical<'_>> {
        self.0.as_ref()?.get(i)
    }
}

impl<T: PolarsNumericType> OneChunk<T> {
    /// The values, whatever sits under a null included.
    fn values(&self) -> Option<&[T::Native]> {
        self.0.as_ref().map(|a| a.values().as_slice())
    }
}

impl<T: PolarsDataType> std::fmt::Debug for OneChunk<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OneChunk")
    }
}

/// "major · Git Operations, API Requests" for incidents whose vendor title was not kept.
fn generated_titles(
    titles: &StringChunked,
    impacts: &StringChunked,
    components: &StringChunked,
) -> HashMap<u32, String> {
    titles
        .iter()
        .enumerate()
        .filter(|(_, title)| title.is_none())
        .map(|(k, _)| {
            let impact = impacts.get(k).unwrap_or("");
            let names: Vec<&str> = components
                .get(k)
                .unwrap_or("")
                .split('\n')
                .filter(|n| !n.is_empty())
                .take(3)
                .collect();
            let label = if names.is_empty() {
                format!("{impact} incident")
            } else {
                format!("{impact} · {}", names.join(", "))
            };
            (k as u32, label)
        })
        .collect()
}

impl IncidentRef<'_> {
    pub fn to_row(&self) -> IncidentRow {
        IncidentRow {
            source_id: self.source_id.to_string(),
            vendor: self.vendor.to_string(),
            service: self.service.to_string(),
            incident_id: self.incident_id.to_string(),
            title: self.title.to_string(),
            impact: self.impact.to_string(),
            first_impact: self.first_impact.to_string(),
            max_impact: self.max_impact.to_string(),
            status: self.status.to_string(),
            created_at: self.created_at,
            first_update_at: self.first_update_at,
            resolved_at: self.resolved_at,
            impact_start: self.impact_start,
            start_basis: self.start_basis,
            ttfc_min: self.ttfc_min,
            longest_silence_min: self.longest_silence_min,
            ttr_min: self.ttr_min,
            updates: self.updates,
            postmortem: self.postmortem,
            postmortem_delay_min: self.postmortem_delay_min,
            retroactive: self.retroactive,
            backfilled: self.backfilled,
            promises_made: self.promises_made,
            promises_kept: self.promises_kept,
            url: self.url.map(str::to_string),
            closed_after: self.closed_after,
            closed_before: self.closed_before,
        }
    }
}

impl Serialize for IncidentTable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for row in self.iter() {
            seq.serialize_element(&row)?;
        }
        seq.end()
    }
}
