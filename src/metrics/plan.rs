//! The polars plan for per-incident and per-group communication metrics.
//!
//! Updates are stored sorted by (incident, created_at) per source and scanned in source
//! order, so the frame is already sorted by (source, incident, time): gaps come from one
//! `shift`, then one `group_by` (the fastest plan measured; per-group sorts and window
//! functions were 2.7–3.4× slower). All times are integer milliseconds.

use polars::lazy::dsl::{max_horizontal, min_horizontal};
use polars::prelude::*;

use super::tables::WEIGHTING_POLICY;

const MINUTE_MS: f64 = 60_000.0;
const DAY_MS: i64 = 86_400_000;
/// A promised update that arrives this late still counts as kept (clock skew, rounding).
const PROMISE_GRACE_MS: i64 = 5 * 60_000;
/// Statuspage sets `started_at` ~ms before `created_at`: only more than this is a backdate.
const BACKDATE_MS: i64 = 60_000;

fn ms(name: &str) -> Expr {
    col(name).cast(DataType::Int64)
}

fn closed(status: Expr) -> Expr {
    // Three equality tests: `is_in` needs an extra polars feature for no gain here.
    status
        .clone()
        .eq(lit("resolved"))
        .or(status.clone().eq(lit("postmortem")))
        .or(status.eq(lit("completed")))
}

/// Per-incident aggregates of the update stream.
///
/// Silence counts only while unresolved: a gap counts when the update that opened it
/// did not close the incident (so a postmortem posted days after "resolved", or the quiet
/// before a re-open, is not silence). Local to each pair of rows, so it stays vectorized.
/// Incident identity: the stored 64-bit key when the store has it, else (source, id) strings.
pub fn keys(keyed: bool) -> Vec<Expr> {
    if keyed {
        vec![col("incident_key")]
    } else {
        vec![col("source_id"), col("incident_id")]
    }
}

pub fn update_facts(updates: LazyFrame, now_ms: i64, keyed: bool) -> LazyFrame {
    let same_as = |offset: i64| {
        keys(keyed)
            .into_iter()
            .map(|k| k.clone().eq(k.shift(lit(offset))))
            .reduce(Expr::and)
            .unwrap_or(lit(false))
            .fill_null(lit(false))
    };
    let selected = keys(keyed);
    let promised = col("promised");
    let promise_due = promised.clone().lt(lit(now_ms));
    let answered = col("next_t").is_not_null();
    updates
        .filter(col("kind").eq(lit("incident")))
        .select(
            [
                selected,
                vec![
                    col("status"),
                    ms("created_at").alias("t"),
                    ms("display_at").alias("disp"),
                    ms("promised_by").alias("promised"),
                ],
            ]
            .concat(),
        )
        .with_columns([
            closed(col("status")).alias("closed"),
            same_as(1).alias("prev_same"),
            same_as(-1).alias("next_same"),
        ])
        .with_columns([
            when(col("prev_same").and(col("closed").shift(lit(1)).fill_null(lit(false)).not()))
                .then(col("t") - col("t").shift(lit(1)))
                .otherwise(lit(NULL).cast(DataType::Int64))
                .alias("gap_open"),
            when(col("next_same"))
                .then(col("t").shift(lit(-1)))
                .otherwise(lit(NULL).cast(DataType::Int64))
                .alias("next_t"),
            (col("status").eq(lit("postmortem"))).alias("is_postmortem"),
        ])
        .group_by(keys(keyed))
        .agg([
            col("t").min().alias("first_update_ms"),
            col("status").first().alias("first_status"),
            col("t").len().cast(DataType::UInt32).alias("n_updates"),
            col("t").max().alias("last_update_ms"),
            // Min over a masked column instead of a per-group filter: vectorized.
            when(col("is_postmortem"))
                .then(col("t"))
                .otherwise(lit(NULL).cast(DataType::Int64))
                .min()
                .alias("postmortem_ms"),
            col("gap_open").max().alias("max_gap_open"),
            col("closed").any(true).alias("any_closed"),
            col("disp")
                .lt(col("t") - lit(DAY_MS))
                .any(true)
                .alias("backfilled"),
            promised
                .clone()
                .is_not_null()
                .and(answered.clone().or(promise_due.clone()))
                .sum()
                .cast(DataType::UInt32)
                .alias("promises_made"),
            promised
                .clone()
                .is_not_null()
                .and(answered)
                .and(col("next_t").lt_eq(promised + lit(PROMISE_GRACE_MS)))
                .sum()
                .cast(DataType::UInt32)
                .alias("promises_kept"),
        ])
}

/// Per-incident metrics: incidents joined with their update facts.
pub fn incident_metrics(
    incidents: LazyFrame,
    facts: LazyFrame,
    now_ms: i64,
    since_ms: Option<i64>,
    keyed: bool,
) -> PolarsResult<LazyFrame> {
    let mut incidents = incidents.filter(col("kind").eq(lit("incident")));
    if let Some(since) = since_ms {
        incidents = incidents.filter(ms("created_at").gt_eq(lit(since)));
    }
    let started = min_horizontal([ms("started_at"), ms("first_started_at")])?;
    let joined = incidents
        .join(
            facts,
            keys(keyed),
            keys(keyed),
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            ms("created_at").alias("created_ms"),
            ms("resolved_at").alias("resolved_ms"),
            ms("stated_start").alias("stated_ms"),
            when(started.clone().lt(ms("created_at") - lit(BACKDATE_MS)))
                .then(started)
                .otherwise(lit(NULL).cast(DataType::Int64))
                .alias("backdated_ms"),
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
            min_horizontal([ms("observed_at").fill_null(lit(now_ms)), lit(now_ms)])?
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
        // Back-filled history often records resolved = created: no duration, not a zero one.
        when(
            ttr.clone()
                .gt(lit(0i64))
                .or(ttr.clone().eq(lit(0i64)).and(col("backfilled").not())),
        )
        .then(minutes(ttr))
        .otherwise(lit(NULL).cast(DataType::Float64))
        .alias("ttr_min"),
        closed(col("first_status").fill_null(lit("")))
            .or(resolved
                .clone()
                .lt_eq(col("first_update_ms"))
                .fill_null(lit(false)))
            .alias("retroactive"),
        col("status")
            .eq(lit("postmortem"))
            .or(col("postmortem_ms").is_not_null())
            .alias("postmortem"),
        minutes(col("postmortem_ms") - resolved).alias("postmortem_delay_min"),
        col("n_updates").fill_null(lit(0u32)),
        col("promises_made").fill_null(lit(0u32)),
        col("promises_kept").fill_null(lit(0u32)),
    ]))
}

/// Weight of an impact for downtime hours (see `WEIGHTING_POLICY`).
fn impact_weight() -> Expr {
    let _ = WEIGHTING_POLICY;
    when(
        col("max_impact")
            .eq(lit("critical"))
            .or(col("max_impact").eq(lit("major"))),
    )
    .then(lit(1.0))
    .when(col("max_impact").eq(lit("minor")))
    .then(lit(0.3))
    .otherwise(lit(0.0))
}

fn dist(name: &str) -> [Expr; 4] {
    let c = || col(name);
    [
        c().count()
            .cast(DataType::UInt32)
            .alias(format!("{name}_n")),
        c().quantile(lit(0.5), QuantileMethod::Linear)
            .alias(format!("{name}_p50")),
        c().quantile(lit(0.9), QuantileMethod::Linear)
            .alias(format!("{name}_p90")),
        c().max().alias(format!("{name}_max")),
    ]
}

fn impact_count(value: &str) -> Expr {
    col("max_impact")
        .eq(lit(value.to_string()))
        .sum()
        .cast(DataType::UInt32)
        .alias(format!("impact_{value}"))
}

/// Aggregations shared by the source and the vendor level.
pub fn group_aggregations() -> Vec<Expr> {
    let mut exprs = vec![
        col("incident_id")
            .count()
            .cast(DataType::UInt32)
            .alias("incidents"),
        impact_count("critical"),
        impact_count("major"),
        impact_count("minor"),
        impact_count("none"),
    ];
    exprs.extend(dist("ttfc_min"));
    exprs.extend(dist("longest_silence_min"));
    exprs.extend(dist("ttr_min"));
    exprs.extend([
        (col("ttfc_min")
            .lt_eq(lit(30.0))
            .sum()
            .cast(DataType::Float64)
            / col("ttfc_min").count().cast(DataType::Float64))
        .alias("ttfc_within_30_share"),
        col("postmortem")
            .cast(DataType::Float64)
            .mean()
            .alias("postmortem_rate"),
        col("retroactive")
            .cast(DataType::Float64)
            .mean()
            .alias("retroactive_share"),
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
    exprs
}
