//! Frames -> plain report rows. Column by column (fast), never cell by cell through `AnyValue`.

use chrono::{DateTime, Utc};
use polars::prelude::*;

use super::tables::{Dist, GroupStats, ImpactCounts, IncidentRow, StartBasis};
use crate::store::tables::Columns;

fn dist(c: &Columns, name: &str) -> PolarsResult<Vec<Dist>> {
    let n = c.int(&format!("{name}_n"))?;
    let (p50, p90, max) = (
        c.float(&format!("{name}_p50"))?,
        c.float(&format!("{name}_p90"))?,
        c.float(&format!("{name}_max"))?,
    );
    Ok((0..n.len())
        .map(|i| Dist {
            n: n[i].unwrap_or(0) as u32,
            p50: p50[i],
            p90: p90[i],
            max: max[i],
        })
        .collect())
}

fn count(values: &[Option<i64>], i: usize) -> u32 {
    values[i].unwrap_or(0).max(0) as u32
}

pub fn group_stats(frame: &DataFrame, key: &str) -> PolarsResult<Vec<GroupStats>> {
    let c = Columns(frame);
    let keys = c.text(key)?;
    let incidents = c.int("incidents")?;
    let impacts = [
        c.int("impact_critical")?,
        c.int("impact_major")?,
        c.int("impact_minor")?,
        c.int("impact_none")?,
    ];
    let (ttfc, silence, ttr) = (
        dist(&c, "ttfc_min")?,
        dist(&c, "longest_silence_min")?,
        dist(&c, "ttr_min")?,
    );
    let (within30, postmortem, retro) = (
        c.float("ttfc_within_30_share")?,
        c.float("postmortem_rate")?,
        c.float("retroactive_share")?,
    );
    let (backfilled, made, kept, clamped) = (
        c.int("backfilled_count")?,
        c.int("promises_made_sum")?,
        c.int("promises_kept_sum")?,
        c.int("ttfc_clamped_count")?,
    );
    let (downtime, first, last) = (
        c.float("downtime_hours_weighted")?,
        c.time("first_incident_ms")?,
        c.time("last_incident_ms")?,
    );
    Ok((0..frame.height())
        .map(|i| {
            let by_impact = ImpactCounts {
                critical: count(&impacts[0], i),
                major: count(&impacts[1], i),
                minor: count(&impacts[2], i),
                none: count(&impacts[3], i),
                other: 0,
            };
            let total = count(&incidents, i);
            let known = by_impact.critical + by_impact.major + by_impact.minor + by_impact.none;
            GroupStats {
                key: keys[i].clone().unwrap_or_default(),
                incidents: total,
                by_impact: ImpactCounts {
                    other: total.saturating_sub(known),
                    ..by_impact
                },
                ttfc_min: ttfc[i],
                longest_silence_min: silence[i],
                ttr_min: ttr[i],
                ttfc_within_30_share: within30[i].filter(|v| v.is_finite()),
                postmortem_rate: postmortem[i],
                retroactive_share: retro[i],
                backfilled: count(&backfilled, i),
                promises_made: count(&made, i),
                promises_kept: count(&kept, i),
                downtime_hours_weighted: downtime[i].unwrap_or(0.0),
                first_incident_at: first[i],
                last_incident_at: last[i],
                ttfc_clamped: count(&clamped, i),
            }
        })
        .collect())
}

fn at(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::<Utc>::from_timestamp_millis)
}

/// A label for incidents whose vendor text was not kept: "major · Git Operations, API Requests".
fn generated_title(impact: &str, components: Option<&str>) -> String {
    let names: Vec<&str> = components
        .unwrap_or("")
        .split('\n')
        .filter(|n| !n.is_empty())
        .take(3)
        .collect();
    if names.is_empty() {
        format!("{impact} incident")
    } else {
        format!("{impact} · {}", names.join(", "))
    }
}

/// Rows by source, newest first (sorted in polars: cheaper than moving a million structs).
pub fn incident_rows(frame: &DataFrame) -> PolarsResult<Vec<IncidentRow>> {
    let sorted = frame.sort(
        ["source_id", "created_ms"],
        SortMultipleOptions::default().with_order_descending_multi([false, true]),
    )?;
    let frame = &sorted;
    // Cells are moved out of the column vectors, not cloned: a million rows of strings.
    let c = Columns(frame);
    let (mut sources, mut vendors, mut services, mut ids) = (
        c.text("source_id")?,
        c.text("vendor")?,
        c.text("service")?,
        c.text("incident_id")?,
    );
    let (mut titles, mut impacts, mut first_impacts, mut max_impacts, mut statuses) = (
        c.text("title")?,
        c.text("impact")?,
        c.text("first_impact")?,
        c.text("max_impact")?,
        c.text("status")?,
    );
    let (components, mut urls, bases) = (
        c.text("components")?,
        c.text("url")?,
        c.text("start_basis")?,
    );
    let (created, first_update, resolved, start) = (
        c.int("created_ms")?,
        c.int("first_update_ms")?,
        c.int("resolved_ms")?,
        c.int("impact_start_ms")?,
    );
    let (ttfc, silence, ttr, pm_delay) = (
        c.float("ttfc_min")?,
        c.float("longest_silence_min")?,
        c.float("ttr_min")?,
        c.float("postmortem_delay_min")?,
    );
    let (updates, made, kept) = (
        c.int("n_updates")?,
        c.int("promises_made")?,
        c.int("promises_kept")?,
    );
    let (postmortem, retroactive, backfilled) = (
        c.flag("postmortem")?,
        c.flag("retroactive")?,
        c.flag("backfilled")?,
    );
    let mut rows = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        let Some(created_at) = at(created[i]) else {
            continue;
        };
        let max_impact = max_impacts[i].take().unwrap_or_default();
        rows.push(IncidentRow {
            source_id: sources[i].take().unwrap_or_default(),
            vendor: vendors[i].take().unwrap_or_default(),
            service: services[i].take().unwrap_or_default(),
            incident_id: ids[i].take().unwrap_or_default(),
            title: titles[i]
                .take()
                .unwrap_or_else(|| generated_title(&max_impact, components[i].as_deref())),
            impact: impacts[i].take().unwrap_or_default(),
            first_impact: first_impacts[i].take().unwrap_or_default(),
            max_impact,
            status: statuses[i].take().unwrap_or_default(),
            created_at,
            first_update_at: at(first_update[i]),
            resolved_at: at(resolved[i]),
            impact_start: at(start[i]),
            start_basis: StartBasis::parse(bases[i].as_deref().unwrap_or("none")),
            ttfc_min: ttfc[i],
            longest_silence_min: silence[i],
            ttr_min: ttr[i],
            updates: count(&updates, i),
            postmortem: postmortem[i].unwrap_or(false),
            postmortem_delay_min: pm_delay[i],
            retroactive: retroactive[i].unwrap_or(false),
            backfilled: backfilled[i].unwrap_or(false),
            promises_made: count(&made, i),
            promises_kept: count(&kept, i),
            url: urls[i].take(),
        });
    }
    Ok(rows)
}
