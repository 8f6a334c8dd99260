//! Metrics: the only module that computes over the store with polars. It reads the
//! store's Parquet tables lazily and returns plain report tables.

pub mod case_study;
mod clock_text;
mod convert;
pub mod enrich;
pub mod exposure;
pub mod labels;
mod plan;
pub mod promises;
mod read;
pub mod risk;
pub mod stated_start;
pub mod tables;

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::model::Timestamp;
use crate::store::{Store, StoreError, tables as store_tables};
pub use labels::source_labels;
pub use tables::{
    CommunicationReport, Dist, GroupStats, ImpactCounts, IncidentRow, SourceReport, StartBasis,
    WEIGHTING_POLICY, Window,
};

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("computing metrics: {}", short(.0))]
    Polars(#[from] PolarsError),
}

/// The first line of a polars error: its query-plan dump says nothing to a user.
fn short(err: &PolarsError) -> String {
    let text = err.to_string();
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(300)
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
/// (cheaper on big stores: a million rows of strings is most of a report's cost).
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
    let incident_paths: Vec<_> = store
        .table_paths(store_tables::INCIDENTS_FILE)?
        .into_iter()
        .filter(|(id, _)| keep(id))
        .collect();
    let update_paths: Vec<_> = store
        .table_paths(store_tables::UPDATES_FILE)?
        .into_iter()
        .filter(|(id, _)| keep(id))
        .collect();
    let synthetic = store.manifest()?.synthetic;
    if incident_paths.is_empty() {
        return Ok(CommunicationReport {
            window,
            generated_at: now,
            incidents: Vec::new(),
            incident_count: 0,
            sources: Vec::new(),
            vendors: Vec::new(),
            synthetic,
        });
    }
    let now_ms = now.timestamp_millis();
    let since_ms = window.days().map(|d| now_ms - d * 86_400_000);

    let mut wanted = incident_columns();
    if !with_incidents {
        // Text is only for incident rows.
        wanted.retain(|c| !matches!(c.name, "title" | "url" | "components"));
    }
    let (incidents, incidents_complete) = read::read_columns(
        &incident_paths
            .iter()
            .map(|(_, p)| p.clone())
            .collect::<Vec<_>>(),
        &wanted,
    )?;
    let (updates, updates_complete) = read::read_columns(
        &update_paths
            .iter()
            .map(|(_, p)| p.clone())
            .collect::<Vec<_>>(),
        &update_columns(),
    )?;
    // One integer key when every file carries it; older files fall back to (source, id).
    let keyed = incidents_complete && updates_complete;
    let incidents = incidents.lazy();
    let mut updates = updates.lazy();
    if let Some(since) = since_ms {
        // Updates of incidents created in the window come after their creation; a day of
        // margin covers vendors whose first post predates the incident record.
        updates = updates.filter(
            col("created_at")
                .cast(DataType::Int64)
                .gt_eq(lit(since - 86_400_000)),
        );
    }
    let facts = plan::update_facts(updates, now_ms, keyed);
    let per_incident = plan::incident_metrics(incidents, facts, now_ms, since_ms, keyed)?
        .join(
            label_frame(labels, &incident_paths)?.lazy(),
            [col("source_id")],
            [col("source_id")],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            col("vendor").fill_null(col("source_id")),
            col("service").fill_null(col("source_id")),
        ]);
    // One materialization, three uses: rows, per-source and per-vendor groups. Only the
    // columns those read, so the scan skips the rest (titles and URLs only for rows).
    let mut keep: Vec<Expr> = [
        "source_id",
        "vendor",
        "service",
        "incident_id",
        "impact",
        "first_impact",
        "max_impact",
        "status",
        "start_basis",
        "created_ms",
        "first_update_ms",
        "resolved_ms",
        "impact_start_ms",
        "ttfc_min",
        "ttfc_clamped",
        "longest_silence_min",
        "ttr_min",
        "postmortem",
        "postmortem_delay_min",
        "retroactive",
        "backfilled",
        "n_updates",
        "promises_made",
        "promises_kept",
    ]
    .into_iter()
    .map(col)
    .collect();
    if with_incidents {
        keep.extend([col("title"), col("components"), col("url")]);
    }
    let per_incident = per_incident.select(keep).collect()?;
    let group = |by: &str| {
        per_incident
            .clone()
            .lazy()
            .group_by([col(by)])
            .agg(plan::group_aggregations())
            .sort([by], Default::default())
            .collect()
    };
    let (by_source, by_vendor) = (group("source_id")?, group("vendor")?);

    let sources = convert::group_stats(&by_source, "source_id")?
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
        window,
        generated_at: now,
        incidents: if with_incidents {
            convert::incident_rows(&per_incident)?
        } else {
            Vec::new()
        },
        incident_count: per_incident.height(),
        sources,
        vendors: convert::group_stats(&by_vendor, "vendor")?,
        synthetic,
    })
}

fn incident_columns() -> Vec<read::Wanted> {
    use read::{timestamp, wanted};
    let text = || DataType::String;
    vec![
        wanted("source_id", text()),
        wanted("kind", text()),
        wanted("incident_id", text()),
        wanted("incident_key", DataType::UInt64),
        wanted("title", text()),
        wanted("status", text()),
        wanted("impact", text()),
        wanted("first_impact", text()),
        wanted("max_impact", text()),
        wanted("created_at", timestamp()),
        wanted("started_at", timestamp()),
        wanted("first_started_at", timestamp()),
        wanted("stated_start", timestamp()),
        wanted("resolved_at", timestamp()),
        wanted("observed_at", timestamp()),
        wanted("url", text()),
        wanted("components", text()),
    ]
}

fn update_columns() -> Vec<read::Wanted> {
    use read::{timestamp, wanted};
    vec![
        wanted("source_id", DataType::String),
        wanted("kind", DataType::String),
        wanted("incident_id", DataType::String),
        wanted("incident_key", DataType::UInt64),
        wanted("status", DataType::String),
        wanted("created_at", timestamp()),
        wanted("display_at", timestamp()),
        wanted("promised_by", timestamp()),
    ]
}

/// source_id → vendor, service, platform; sources without a label are named by their id.
fn label_frame(
    labels: &BTreeMap<String, SourceLabel>,
    paths: &[(String, std::path::PathBuf)],
) -> PolarsResult<DataFrame> {
    let ids: Vec<&str> = paths.iter().map(|(id, _)| id.as_str()).collect();
    let get = |f: fn(&SourceLabel) -> &str| {
        ids.iter()
            .map(|id| labels.get(*id).map(|l| f(l).to_string()))
            .collect::<Vec<_>>()
    };
    DataFrame::new_infer_height(vec![
        Column::new("source_id".into(), ids.clone()),
        Column::new("vendor".into(), get(|l| &l.vendor)),
        Column::new("service".into(), get(|l| &l.service)),
    ])
}
