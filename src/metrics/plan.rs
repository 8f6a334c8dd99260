//! The polars plan for per-incident and per-group communication metrics.
//!
//! Incidents arrive with the facts of their update stream beside them (see
//! `update_facts`: one pass per source over the stored (incident, created_at) order, the
//! sort-once-then-diff plan without a global sort or a group-by over a million tiny
//! groups, joined per source on the incident key). Per-incident metrics are columns of
//! one lazy plan, row by row, run per batch of sources; the per-source and per-vendor
//! groups are one `group_by` each. All times are integer milliseconds.

use polars::lazy::dsl::{max_horizontal, min_horizontal};
use polars::prelude::*;

use super::tables::DOWNTIME_WEIGHTS;
use crate::store::schema;

const MINUTE_MS: f64 = 60_000.0;
/// Statuspage sets `started_at` ~ms before `created_at`: only more than this is a backdate
/// (also for a `display_at` before the first post, where there is no `started_at`).
pub const BACKDATE_MS: i64 = 60_000;

fn ms(name: &str) -> Expr {
    col(name).cast(DataType::Int64)
}

/// Incident identity: the 64-bit key (see `read`), one integer to join on.
fn key() -> Expr {
    col(schema::INCIDENT_KEY)
}

/// The rows of one source's incidents file a report counts: incidents, not maintenance,
/// created in the window [`since_ms`, `until_ms`] (no lower bound for `all`; the upper
/// bound is the report's "now", so an `--as-of` report never counts what came after it).
/// Applied per file as it is read, so rows outside the window are never stacked.
pub fn counted(
    incidents: DataFrame,
    since_ms: Option<i64>,
    until_ms: i64,
) -> PolarsResult<DataFrame> {
    let created = incidents
        .column(schema::CREATED_AT)?
        .cast(&DataType::Int64)?;
    let created = created.i64()?;
    let mut keep = incidents
        .column(schema::KIND)?
        .str()?
        .equal(schema::KIND_INCIDENT)
        & created.lt_eq(until_ms);
    if let Some(since) = since_ms {
        keep = keep & created.gt_eq(since);
    }
    if keep.null_count() == 0 && keep.all() {
        return Ok(incidents);
    }
    incidents.filter(&keep)
}

/// The backdated start: the platform's `started_at` (earliest seen) more than a minute
/// before `created_at`; where the platform sends no `started_at` (incident.io), the
/// earliest `display_at` of an update that is not the resolution, more than a minute
/// before the first post (issue 15, rule 1).
fn backdated() -> PolarsResult<Expr> {
    let null = || lit(NULL).cast(DataType::Int64);
    let started = min_horizontal([ms(schema::STARTED_AT), ms(schema::FIRST_STARTED_AT)])?;
    let shown = col("open_display_ms");
    Ok(when(started.clone().is_not_null())
        .then(
            when(
                started
                    .clone()
                    .lt(ms(schema::CREATED_AT) - lit(BACKDATE_MS)),
            )
            .then(started)
            .otherwise(null()),
        )
        .when(shown.clone().lt(col("first_update_ms") - lit(BACKDATE_MS)))
        .then(shown)
        .otherwise(null()))
}

/// Per-incident metrics of `counted` incidents with their update facts beside them
/// (`update_facts::attach`).
pub fn incident_metrics(incidents: LazyFrame, now_ms: i64) -> PolarsResult<LazyFrame> {
    let joined = incidents.with_columns([
        ms(schema::CREATED_AT).alias("created_ms"),
        ms(schema::RESOLVED_AT).alias("resolved_ms"),
        ms(schema::STATED_START).alias("stated_ms"),
        backdated()?.alias("backdated_ms"),
        col("backfilled").fill_null(lit(false)),
    ]);
    let stated = col("stated_ms");
    let backdated = col("backdated_ms");
    let basis = when(
        stated.clone().is_not_null().and(
            backdated
                .clone()
                .is_null()
                .or(stated.clone().lt_eq(backdated.clone())),
        ),
    )
    .then(lit("stated"))
    .when(backdated.clone().is_not_null())
    .then(lit("backdated"))
    .otherwise(lit("none"));
    let with_start = joined.with_columns([
        min_horizontal([stated, backdated])?.alias("impact_start_ms"),
        basis.alias("start_basis"),
        col("first_update_ms")
            .fill_null(col("created_ms"))
            .alias("first_update_ms"),
    ]);
    let minutes = |e: Expr| e.cast(DataType::Float64) / lit(MINUTE_MS);
    let ttfc_raw = col("first_update_ms") - col("impact_start_ms");
    let resolved = col("resolved_ms");
    let is_open = resolved
        .clone()
        .is_null()
        .and(col("any_closed").fill_null(lit(false)).not());
    let silence = when(col("backfilled"))
        .then(lit(NULL).cast(DataType::Int64))
        .when(is_open.clone())
        .then(max_horizontal([
            col("max_gap_open"),
            min_horizontal([ms(schema::OBSERVED_AT).fill_null(lit(now_ms)), lit(now_ms)])?
                - col("last_update_ms"),
        ])?)
        .otherwise(col("max_gap_open"));
    let ttr = resolved.clone() - col("impact_start_ms").fill_null(col("created_ms"));
    Ok(with_start.with_columns([
        // ttfc is unknown without a start, and meaningless for back-filled history.
        when(
            col("start_basis")
                .neq(lit("none"))
                .and(col("backfilled").not()),
        )
        .then(minutes(max_horizontal([ttfc_raw.clone(), lit(0i64)])?))
        .otherwise(lit(NULL).cast(DataType::Float64))
        .alias("ttfc_min"),
        ttfc_raw
            .lt(lit(0i64))
            .and(col("start_basis").neq(lit("none")))
            .fill_null(lit(false))
            .alias("ttfc_clamped"),
        // A gap cannot outlast the incident: cap at first update → resolution (feeds whose
        // updates carry no status, like old Google Cloud, post analyses long after the end).
        minutes(
            when(silence.clone().is_null().or(resolved.clone().is_null()))
                .then(silence.clone())
                .when((resolved.clone() - col("first_update_ms")).lt(lit(0i64)))
                .then(lit(NULL).cast(DataType::Int64)) // resolved before anything was posted: no silence while unresolved
                .otherwise(min_horizontal([
                    silence,
                    resolved.clone() - col("first_update_ms"),
                ])?),
        )
        .alias("longest_silence_min"),
        // Retroactive and back-filled records often set resolved = created: no duration,
        // not a zero one (a zero is never measured to the millisecond).
        when(ttr.clone().gt(lit(0i64)))
            .then(minutes(ttr))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias("ttr_min"),
        col("first_closed")
            .fill_null(lit(false))
            .or(resolved
                .clone()
                .lt_eq(col("first_update_ms"))
                .fill_null(lit(false)))
            .alias("retroactive"),
        col(schema::STATUS)
            .eq(lit("postmortem"))
            .or(col("postmortem_ms").is_not_null())
            .alias("postmortem"),
        minutes(col("postmortem_ms") - resolved).alias("postmortem_delay_min"),
        col("n_updates").fill_null(lit(0u32)),
        col("promises_made").fill_null(lit(0u32)),
        col("promises_kept").fill_null(lit(0u32)),
    ]))
}

/// Weight of an impact for downtime hours (`DOWNTIME_WEIGHTS`, named by `WEIGHTING_POLICY`).
pub(super) fn impact_weight() -> Expr {
    DOWNTIME_WEIGHTS
        .iter()
        .rev()
        .fold(lit(0.0), |otherwise, &(impact, weight)| {
            when(col(schema::MAX_IMPACT).eq(lit(impact)))
                .then(lit(weight))
                .otherwise(otherwise)
        })
}

fn dist(name: &str) -> [Expr; 4] {
    let c = || col(name);
    [
        c().count()
            .cast(DataType::UInt32)
            .alias(format!("{name}_n")),
        c().drop_nulls()
            .quantile(lit(0.5), QuantileMethod::Linear)
            .alias(format!("{name}_p50")),
        c().drop_nulls()
            .quantile(lit(0.9), QuantileMethod::Linear)
            .alias(format!("{name}_p90")),
        c().max().alias(format!("{name}_max")),
    ]
}

fn impact_count(value: &str) -> Expr {
    col(schema::MAX_IMPACT)
        .eq(lit(value.to_string()))
        .sum()
        .cast(DataType::UInt32)
        .alias(format!("impact_{value}"))
}

/// The share of true among a flag's known values: an integer sum over a count of the
/// non-null (exactly the mean), without casting a million flags to floats first.
fn share(flag: Expr) -> Expr {
    flag.clone().sum().cast(DataType::Float64) / flag.count().cast(DataType::Float64)
}

/// Aggregations shared by the source and the vendor level.
pub fn group_aggregations() -> Vec<Expr> {
    let mut exprs = vec![
        key().count().cast(DataType::UInt32).alias("incidents"),
        impact_count("critical"),
        impact_count("major"),
        impact_count("minor"),
        impact_count("none"),
    ];
    exprs.extend(dist("ttfc_min"));
    exprs.extend(dist("longest_silence_min"));
    exprs.extend(dist("ttr_min"));
    exprs.extend([
        // Unknown ttfc is null in the comparison too, so it counts on neither side.
        share(col("ttfc_min").lt_eq(lit(30.0))).alias("ttfc_within_30_share"),
        share(col("postmortem")).alias("postmortem_rate"),
        share(col("retroactive")).alias("retroactive_share"),
        col("backfilled")
            .sum()
            .cast(DataType::UInt32)
            .alias("backfilled_count"),
        col("promises_made")
            .sum()
            .cast(DataType::UInt32)
            .alias("promises_made_sum"),
        col("promises_kept")
            .sum()
            .cast(DataType::UInt32)
            .alias("promises_kept_sum"),
        (col("ttr_min").fill_null(lit(0.0)) / lit(60.0) * impact_weight())
            .sum()
            .alias("downtime_hours_weighted"),
        col("created_ms").min().alias("first_incident_ms"),
        col("created_ms").max().alias("last_incident_ms"),
        col("ttfc_clamped")
            .sum()
            .cast(DataType::UInt32)
            .alias("ttfc_clamped_count"),
    ]);
    exprs.extend(["stated", "backdated", "none"].map(|basis| {
        col("start_basis")
            .eq(lit(basis))
            .sum()
            .cast(DataType::UInt32)
            .alias(format!("start_{basis}_count"))
    }));
    exprs
}
