//! Per-incident facts of one source's update stream, in one pass over its stored order.
//!
//! The store keeps each source's updates sorted by (incident, created_at), so an
//! incident's updates are one run of rows. A single loop over the runs replaces a
//! shift pass plus a polars `group_by` with ten aggregations over a million tiny groups
//! (measured: that group-by and its rechunked input were half of a big report's time).
//! It runs per file, inside the reader threads, so four million update rows are never
//! stacked into one frame: only a row of facts per incident leaves here. Files that are
//! not in stored order (written by hand or by another tool) are sorted first.

use polars::prelude::*;

use crate::model::IncidentStatus;

/// A promised update that arrives this late still counts as kept (clock skew, rounding).
const PROMISE_GRACE_MS: i64 = 5 * 60_000;
const DAY_MS: i64 = 86_400_000;

/// Update columns the facts need, in this order.
pub const INPUT: [&str; 5] = [
    "incident_key",
    "status",
    "created_at",
    "display_at",
    "promised_by",
];

#[derive(Default)]
struct Facts {
    keys: Vec<Option<u64>>,
    first_update_ms: Vec<Option<i64>>,
    first_closed: Vec<bool>,
    n_updates: Vec<u32>,
    last_update_ms: Vec<Option<i64>>,
    postmortem_ms: Vec<Option<i64>>,
    max_gap_open: Vec<Option<i64>>,
    any_closed: Vec<bool>,
    backfilled: Vec<bool>,
    promises_made: Vec<u32>,
    promises_kept: Vec<u32>,
}

struct Row<'a> {
    key: Option<u64>,
    status: &'a str,
    t: Option<i64>,
    display: Option<i64>,
    promised: Option<i64>,
}

/// One row per incident in `updates` (columns `INPUT`), counting only updates created at
/// or after `since_ms`. Promises fall due at `now_ms`.
///
/// - first/last update: the run's first and last `created_at`; `n_updates` its length;
/// - silence: a gap counts when the update that opened it had not closed the incident;
/// - `backfilled`: some `display_at` more than a day before its `created_at`;
/// - a promise is made once it has an answer or is due; kept when the next update came
///   by the promised time (plus grace).
#[cfg(test)]
pub fn facts(updates: &DataFrame, since_ms: Option<i64>, now_ms: i64) -> PolarsResult<DataFrame> {
    let facts = reduce_in_order(updates, since_ms, now_ms)?;
    let rows: Vec<Option<usize>> = (0..facts.keys.len()).map(Some).collect();
    let mut columns = vec![Column::new("incident_key".into(), &facts.keys)];
    columns.extend(facts.columns(&rows));
    DataFrame::new_infer_height(columns)
}

/// One source's `incidents` with the facts of their updates beside them, null for an
/// incident without updates (or without a key): the left join on the incident key, done
/// per source where both sides are small, so no join over a million rows is needed.
pub fn attach(
    mut incidents: DataFrame,
    updates: Option<&DataFrame>,
    since_ms: Option<i64>,
    now_ms: i64,
) -> PolarsResult<DataFrame> {
    let facts = match updates {
        Some(updates) => reduce_in_order(updates, since_ms, now_ms)?,
        None => Facts::default(),
    };
    let keys = incidents.column("incident_key")?.u64()?;
    let rows: Vec<Option<usize>> = if keys.iter().eq(facts.keys.iter().copied()) {
        (0..facts.keys.len()).map(Some).collect()
    } else {
        // Keys are unique in the facts: one run per incident.
        let at: PlHashMap<u64, usize> = facts
            .keys
            .iter()
            .enumerate()
            .filter_map(|(row, key)| key.map(|key| (key, row)))
            .collect();
        keys.iter()
            .map(|key| key.and_then(|key| at.get(&key).copied()))
            .collect()
    };
    incidents.hstack_mut(&facts.columns(&rows))?;
    Ok(incidents)
}

fn reduce_in_order(updates: &DataFrame, since_ms: Option<i64>, now_ms: i64) -> PolarsResult<Facts> {
    let (facts, contiguous) = reduce(updates, since_ms, now_ms)?;
    if contiguous {
        return Ok(facts);
    }
    let sorted = updates.sort(["incident_key", "created_at"], Default::default())?;
    Ok(reduce(&sorted, since_ms, now_ms)?.0)
}

/// The reduction, and whether the rows were in stored order (runs contiguous, time ascending).
fn reduce(updates: &DataFrame, since_ms: Option<i64>, now_ms: i64) -> PolarsResult<(Facts, bool)> {
    if updates.height() == 0 {
        return Ok((Facts::default(), true));
    }
    // Each column as one array, read by index: a file is one chunk, and chunked
    // iterators zipped five ways cost more than the reduction itself.
    let keys = updates.column(INPUT[0])?.u64()?.rechunk();
    let statuses = updates.column(INPUT[1])?.str()?.rechunk();
    let times = |name: &str| -> PolarsResult<Int64Chunked> {
        Ok(updates
            .column(name)?
            .cast(&DataType::Int64)?
            .i64()?
            .rechunk()
            .into_owned())
    };
    let (created, display, promised) = (times(INPUT[2])?, times(INPUT[3])?, times(INPUT[4])?);
    let array = |ca: &Int64Chunked| ca.downcast_iter().next().cloned();
    let (Some(keys), Some(statuses), Some(created), Some(display), Some(promised)) = (
        keys.downcast_iter().next(),
        statuses.downcast_iter().next(),
        array(&created),
        array(&display),
        array(&promised),
    ) else {
        return Err(polars_err!(ComputeError: "an update column has no data"));
    };
    let rows = (0..updates.height())
        .map(|i| Row {
            key: keys.get(i),
            status: statuses.get(i).unwrap_or(""),
            t: created.get(i),
            display: display.get(i),
            promised: promised.get(i),
        })
        .filter(|row| since_ms.is_none_or(|since| row.t.is_some_and(|t| t >= since)));

    let mut out = Facts::default();
    // Fast hashing: a million inserts per big report.
    let mut seen = PlHashSet::with_capacity(updates.height() / 2);
    let mut in_order = true;
    // The previous row of the current run: its time, whether it closed, its promise.
    let mut previous: Option<(Option<i64>, bool, Option<i64>)> = None;
    for row in rows {
        let closing = IncidentStatus::closes(row.status);
        let same_run = previous.is_some() && out.keys.last() == Some(&row.key);
        if !same_run {
            out.unanswered(previous.and_then(|p| p.2), now_ms);
            in_order &= seen.insert(row.key);
            out.start(row.key, row.t);
            out.first_closed.push(closing);
        } else if let Some((prev_t, prev_closed, prev_promise)) = previous {
            in_order &= row.t.is_none() || prev_t <= row.t;
            let last = out.keys.len() - 1;
            if !prev_closed && let (Some(a), Some(b)) = (prev_t, row.t) {
                let gap = &mut out.max_gap_open[last];
                *gap = Some(gap.map_or(b - a, |g| g.max(b - a)));
            }
            // This update answers the previous one's promise.
            if let Some(due) = prev_promise {
                out.promises_made[last] += 1;
                if row.t.is_some_and(|t| t <= due + PROMISE_GRACE_MS) {
                    out.promises_kept[last] += 1;
                }
            }
            out.n_updates[last] += 1;
            if row.t.is_some() {
                out.first_update_ms[last] = earliest(out.first_update_ms[last], row.t);
                out.last_update_ms[last] = out.last_update_ms[last].max(row.t);
            }
        }
        let last = out.keys.len() - 1;
        out.any_closed[last] |= closing;
        if row.status == "postmortem" && row.t.is_some() {
            out.postmortem_ms[last] = earliest(out.postmortem_ms[last], row.t);
        }
        if let (Some(display), Some(t)) = (row.display, row.t) {
            out.backfilled[last] |= display < t - DAY_MS;
        }
        previous = Some((row.t, closing, row.promised));
    }
    out.unanswered(previous.and_then(|p| p.2), now_ms);
    Ok((out, in_order))
}

fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        _ => a.or(b),
    }
}

impl Facts {
    fn start(&mut self, key: Option<u64>, t: Option<i64>) {
        self.keys.push(key);
        self.first_update_ms.push(t);
        self.n_updates.push(1);
        self.last_update_ms.push(t);
        self.postmortem_ms.push(None);
        self.max_gap_open.push(None);
        self.any_closed.push(false);
        self.backfilled.push(false);
        self.promises_made.push(0);
        self.promises_kept.push(0);
    }

    /// The last update of a run promised another that never came: made once it is due.
    fn unanswered(&mut self, promise: Option<i64>, now_ms: i64) {
        if let (Some(due), Some(made)) = (promise, self.promises_made.last_mut())
            && due < now_ms
        {
            *made += 1;
        }
    }

    /// The fact columns, row `r` of the output taken from run `rows[r]` (null for `None`).
    fn columns(&self, rows: &[Option<usize>]) -> Vec<Column> {
        // Collected straight into arrays (values and validity in one pass): a builder fed
        // one cell at a time cost a third of the reduction itself.
        fn pick<T>(name: &str, values: &[T::Native], rows: &[Option<usize>]) -> Column
        where
            T: PolarsNumericType,
        {
            let column: ChunkedArray<T> = rows
                .iter()
                .map(|row| row.map(|r| values[r]))
                .collect_ca_trusted(name.into());
            column.into_column()
        }
        fn pick_some(name: &str, values: &[Option<i64>], rows: &[Option<usize>]) -> Column {
            let column: Int64Chunked = rows
                .iter()
                .map(|row| row.and_then(|r| values[r]))
                .collect_ca_trusted(name.into());
            column.into_column()
        }
        fn pick_flag(name: &str, values: &[bool], rows: &[Option<usize>]) -> Column {
            let column: BooleanChunked = rows
                .iter()
                .map(|row| row.map(|r| values[r]))
                .collect_ca_trusted(name.into());
            column.into_column()
        }
        vec![
            pick_some("first_update_ms", &self.first_update_ms, rows),
            pick_flag("first_closed", &self.first_closed, rows),
            pick::<UInt32Type>("n_updates", &self.n_updates, rows),
            pick_some("last_update_ms", &self.last_update_ms, rows),
            pick_some("postmortem_ms", &self.postmortem_ms, rows),
            pick_some("max_gap_open", &self.max_gap_open, rows),
            pick_flag("any_closed", &self.any_closed, rows),
            pick_flag("backfilled", &self.backfilled, rows),
            pick::<UInt32Type>("promises_made", &self.promises_made, rows),
            pick::<UInt32Type>("promises_kept", &self.promises_kept, rows),
        ]
    }
}

#[cfg(test)]
#[path = "update_facts_tests.rs"]
mod tests;
