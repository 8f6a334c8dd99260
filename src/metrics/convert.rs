//! Frames -> plain report rows. Column by column (fast), never cell by cell through `AnyValue`.

use polars::prelude::*;

use super::GroupNames;
use super::incident_table::{IncidentTable, SourceNames};
use super::tables::{Dist, GroupStats, ImpactCounts, StartBases};
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

/// One `GroupStats` per row of a grouped frame, named by its `key` index into `names`.
pub fn group_stats(
    frame: &DataFrame,
    key: &str,
    names: &[String],
) -> PolarsResult<Vec<GroupStats>> {
    let c = Columns(frame);
    let keys = c.int(key)?;
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
    let bases = [
        c.int("start_stated_count")?,
        c.int("start_backdated_count")?,
        c.int("start_none_count")?,
    ];
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
                key: keys[i]
                    .and_then(|ix| names.get(ix as usize))
                    .cloned()
                    .unwrap_or_default(),
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
                start_basis: StartBases {
                    stated: count(&bases[0], i),
                    backdated: count(&bases[1], i),
                    none: count(&bases[2], i),
                },
            }
        })
        .collect())
}

/// The incident rows over the per-incident frame, named by `names`.
pub fn incident_table(frame: &DataFrame, names: &GroupNames) -> PolarsResult<IncidentTable> {
    IncidentTable::from_frame(
        frame,
        SourceNames {
            source_id: names.sources.to_vec(),
            vendor: (0..names.sources.len())
                .map(|s| names.vendors[names.vendor_of[s] as usize].clone())
                .collect(),
            service: names.services.clone(),
        },
    )
}
