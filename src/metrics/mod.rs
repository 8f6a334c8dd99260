//! Metrics: the only module that computes over the store with polars. It reads the
//! store's Parquet tables (only the columns it needs), reduces each source's updates to
//! per-incident facts as they are read, computes the per-incident metrics with a lazy
//! polars plan per batch of sources as they are read and the per-group ones with a
//! `group_by` each, and returns plain report tables.

mod backfill;
pub mod case_study;
mod columns;
#[cfg(test)]
mod contract_tests;
mod convert;
pub mod explain;
pub mod exposure;
mod incident_table;
pub mod labels;
mod plan;
mod read;
pub mod risk;
pub mod tables;
mod update_facts;

use std::collections::BTreeMap;
use std::path::PathBuf;

use polars::prelude::*;

use crate::model::Timestamp;
use crate::store::{Store, StoreError, tables as store_tables};
use columns::{incident_columns, kept_columns, update_columns};
pub use incident_table::{IncidentRef, IncidentTable};
pub use labels::source_labels;
pub use tables::{
    CommunicationReport, DamagedSource, Dist, GroupStats, ImpactCounts, IncidentRow, SourceReport,
    StartBases, StartBasis, WEIGHTING_POLICY, Window,
};

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Only the first line, and not as a source: a polars error's query-plan dump says
    /// nothing to a user, and printed as a cause it would follow the short form anyway.
    #[error("{}", short(.0))]
    Polars(PolarsError),
}

impl From<PolarsError> for MetricsError {
    fn from(err: PolarsError) -> Self {
        Self::Polars(err)
    }
}

/// The first line of a polars error: its query-plan dump says nothing to a user.
fn short(err: &PolarsError) -> String {
    let text = err.to_string();
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(500)
        .collect()
}

/// Who a source belongs to, for the vendor level and the report's labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLabel {
    pub vendor: String,
    pub service: String,
    pub platform: String,
}

/// Whether to build one row per incident, or only the per-source and per-vendor groups
/// (cheaper on big stores: ids, titles and URLs are then never read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentRows {
    Build,
    Skip,
}

/// Communication and recovery metrics for `only` these sources (all stored when `None`).
pub fn communication(
    store: &Store,
    labels: &BTreeMap<String, SourceLabel>,
    only: Option<&[String]>,
    window: Window,
    now: Timestamp,
    rows: IncidentRows,
) -> Result<CommunicationReport, MetricsError> {
    let with_incidents = rows == IncidentRows::Build;
    let keep = |id: &String| only.is_none_or(|ids| ids.contains(id));
    let update_paths: BTreeMap<String, PathBuf> = store
        .table_paths(store_tables::UPDATES_FILE)?
        .into_iter()
        .collect();
    let sources: Vec<(String, PathBuf)> = store
        .table_paths(store_tables::INCIDENTS_FILE)?
        .into_iter()
        .filter(|(id, _)| keep(id))
        .collect();
    let synthetic = store.manifest()?.synthetic;
    let now_ms = now.timestamp_millis();
    let since_ms = window.days().map(|d| now_ms - d * 86_400_000);

    let wanted = incident_columns(with_incidents);
    let update_wanted = update_columns();
    // Updates of incidents created in the window come after their creation; a day of
    // margin covers vendors whose first post predates the incident record.
    let updates_since = since_ms.map(|since| since - 86_400_000);
    // Sources are numbered by their place in `sources`, vendors by name order.
    let source_ids: Vec<String> = sources.iter().map(|(id, _)| id.clone()).collect();
    let names = GroupNames::new(&source_ids, labels);
    let keep = kept_columns(with_incidents);
    let started = std::time::Instant::now();
    let damaged = std::sync::Mutex::new(Vec::new());
    // Per source, in the reader threads: its incidents, the facts of its update stream
    // beside them, and its vendor's index. Per batch of sources, still there: the
    // per-incident metrics (row by row, so a batch at a time gives the same rows as all
    // at once), keeping only the columns read later, so a batch's inputs are freed
    // before the next batch is read.
    let per_incident = read::read_parallel(
        &sources,
        |ix, (id, incidents_path)| {
            let damaged_file = |path: &PathBuf, err: PolarsError| {
                damaged.lock().map(|mut list| {
                    list.push(DamagedSource {
                        source_id: id.clone(),
                        file: path.clone(),
                        reason: short(&err),
                    })
                })
            };
            // One damaged file skips its source, never the report: the others go on.
            let incidents = match read::read_file(ix, id, incidents_path, &wanted)
                .and_then(|frame| plan::counted(frame, since_ms, now_ms))
            {
                Ok(frame) => frame,
                Err(err) => {
                    let _ = damaged_file(incidents_path, err);
                    return Ok(None);
                }
            };
            let updates = match update_paths.get(id) {
                Some(path) => match read::read_file(ix, id, path, &update_wanted) {
                    Ok(frame) => Some(frame),
                    Err(err) => {
                        let _ = damaged_file(path, err);
                        return Ok(None);
                    }
                },
                None => None,
            };
            let mut frame =
                update_facts::attach(incidents, updates.as_ref(), updates_since, now_ms)?;
            let vendor = Column::new_scalar(
                VENDOR_IX.into(),
                Scalar::from(names.vendor_of[ix as usize]),
                frame.height(),
            );
            frame.with_column(vendor)?;
            Ok(Some(frame))
        },
        |batch| {
            plan::incident_metrics(batch.lazy(), now_ms)?
                .select(keep.clone())
                .collect()
        },
    )?;
    let mut damaged = damaged.into_inner().unwrap_or_default();
    damaged.sort_by(|a, b| a.source_id.cmp(&b.source_id));
    let Some(mut per_incident) = per_incident else {
        return Ok(CommunicationReport {
            window,
            generated_at: now,
            incidents: IncidentTable::default(),
            incident_count: 0,
            sources: Vec::new(),
            vendors: Vec::new(),
            synthetic,
            damaged,
        });
    };
    read::flag_if_ascending(&mut per_incident, read::SOURCE_IX)?;
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "metrics: per incident"
    );
    let totals = Totals {
        window,
        now,
        synthetic,
        damaged,
    };
    summarize(
        per_incident,
        &names,
        &source_ids,
        labels,
        with_incidents,
        totals,
    )
}

/// What the report says besides the rows and groups.
struct Totals {
    window: Window,
    now: Timestamp,
    synthetic: bool,
    damaged: Vec<DamagedSource>,
}

/// The per-source and per-vendor distributions (a polars `group_by` each) and the report.
fn summarize(
    per_incident: DataFrame,
    names: &GroupNames,
    source_ids: &[String],
    labels: &BTreeMap<String, SourceLabel>,
    with_incidents: bool,
    totals: Totals,
) -> Result<CommunicationReport, MetricsError> {
    let started = std::time::Instant::now();
    let group = |by: &str| {
        per_incident
            .clone()
            .lazy()
            .group_by([col(by)])
            .agg(plan::group_aggregations())
            .sort([by], Default::default())
            .collect()
    };
    let (by_source, by_vendor) = (group(read::SOURCE_IX)?, group(VENDOR_IX)?);
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "metrics: groups"
    );

    let sources = convert::group_stats(&by_source, read::SOURCE_IX, source_ids)?
        .into_iter()
        .map(|stats| {
            let label = labels.get(&stats.key);
            SourceReport {
                source_id: stats.key.clone(),
                vendor: label.map_or_else(|| stats.key.clone(), |l| l.vendor.clone()),
                service: label.map_or_else(|| stats.key.clone(), |l| l.service.clone()),
                platform: label.map_or_else(String::new, |l| l.platform.clone()),
                stats,
            }
        })
        .collect();
    Ok(CommunicationReport {
        window: totals.window,
        generated_at: totals.now,
        incidents: if with_incidents {
            convert::incident_table(&per_incident, names)?
        } else {
            IncidentTable::default()
        },
        incident_count: per_incident.height(),
        sources,
        vendors: convert::group_stats(&by_vendor, VENDOR_IX, &names.vendors)?,
        synthetic: totals.synthetic,
        damaged: totals.damaged,
    })
}

/// The vendor index column of the per-incident frame.
const VENDOR_IX: &str = "vendor_ix";

/// Names for the small integers the plan groups on: a source's place in the list, and a
/// vendor's place in name order (so groups sorted by index come out sorted by name).
pub(crate) struct GroupNames<'a> {
    pub sources: &'a [String],
    /// Per source: its vendor's index, and its service name.
    pub vendor_of: Vec<u32>,
    pub services: Vec<String>,
    pub vendors: Vec<String>,
}

impl<'a> GroupNames<'a> {
    fn new(sources: &'a [String], labels: &BTreeMap<String, SourceLabel>) -> Self {
        // Sources without a label are named by their id.
        let vendor_name = |id: &'a String| labels.get(id).map_or(id, |l| &l.vendor);
        let vendors: Vec<String> = sources
            .iter()
            .map(vendor_name)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .cloned()
            .collect();
        let vendor_of = sources
            .iter()
            .map(|id| {
                let name = vendor_name(id);
                vendors.binary_search(name).unwrap_or(0) as u32
            })
            .collect();
        let services = sources
            .iter()
            .map(|id| {
                labels
                    .get(id)
                    .map_or_else(|| id.clone(), |l| l.service.clone())
            })
            .collect();
        Self {
            sources,
            vendor_of,
            services,
            vendors,
        }
    }
}
