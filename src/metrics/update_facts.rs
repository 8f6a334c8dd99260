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

use super::backfill;
use crate::model::IncidentStatus;
use crate::store::schema;

/// A promised update that arrives this late still counts as kept (clock skew, rounding).
const PROMISE_GRACE_MS: i64 = 5 * 60_000;

/// Update columns the facts need, in this order.
pub const INPUT: [&str; 5] = [
    schema::INCIDENT_KEY,
    schema::STATUS,
    schema::CREATED_AT,
    schema::DISPLAY_AT,
    schema::PROMISED_BY,
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
    open_display_ms: Vec<Option<i64>>,
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
/// - `backfilled`: some `display_at` more than a day before its `created_at`, and the
///   incident posted in one of the source's import bursts (`backfill`: the bursts are
///   found over every update of the file, whatever the window);
/// - `open_display_ms`: the earliest `display_at` of an update that does not close the
///   incident (a resolution's `display_at` is the end, not a start);
/// - a promise is made once it has an answer or is due; kept when the next update came
///   by the promised time (plus grace).
#[cfg(test)]
pub fn facts(updates: &DataFrame, since_ms: Option<i64>, now_ms: i64) -> PolarsResult<DataFrame> {
    let facts = reduce_in_order(updates, since_ms, now_ms)?;
    let rows: Vec<Option<usize>> = (0..facts.keys.len()).map(Some).collect();
    let mut columns = vec![Column::new(schema::INCIDENT_KEY.into(), &facts.keys)];
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
    let keys = incidents.column(schema::INCIDENT_KEY)?.u64()?;
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
    let sorted = updates.sort(
        [schema::INCIDENT_KEY, schema::CREATED_AT],
        Default::default(),
    )?;
    Ok(reduce(&sorted, since_ms, now_ms)?.0)
}

/// The reduction, and whether the rows were in stored order (runs contiguous, time ascending).
fn reduce(updates: &DataFrame, since_ms: Option<i64>, now_ms: i64) -> PolarsResult<(Facts, bool)> {
    if updates.height() == 0 {
        return Ok((Facts::default(), true));
    }
    // Each column as its one array (a file is one chunk), read by index.
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
    let (Some(keys), Some(statuses), Some(created), Some(display), Some(promised)) = (
        keys.downcast_iter().next(),
        statuses.downcast_iter().next(),
        created.downcast_iter().next(),
        display.downcast_iter().next(),
        promised.downcast_iter().next(),
    ) else {
        return Err(polars_err!(ComputeError: "an update column has no data"));
    };
    let bursts = import_burst_keys(keys, created, display);
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
    // The current run's facts, pushed to the output once the run ends.
    let mut run: Option<Run> = None;
    // The previous row of the current run: its time, whether it closed, its promise.
    let mut previous: (Option<i64>, bool, Option<i64>) = (None, false, None);
    for row in rows {
        let closing = IncidentStatus::closes(row.status);
        let current = match run {
            Some(ref mut current) if current.key == row.key => {
                let (prev_t, prev_closed, prev_promise) = previous;
                in_order &= row.t.is_none() || prev_t <= row.t;
                if !prev_closed && let (Some(a), Some(b)) = (prev_t, row.t) {
                    current.max_gap_open =
                        Some(current.max_gap_open.map_or(b - a, |g| g.max(b - a)));
                }
                // This update answers the previous one's promise.
                if let Some(due) = prev_promise {
                    current.promises_made += 1;
                    if row.t.is_some_and(|t| t <= due + PROMISE_GRACE_MS) {
                        current.promises_kept += 1;
                    }
                }
                current.n_updates += 1;
                if row.t.is_some() {
                    current.first_update_ms = earliest(current.first_update_ms, row.t);
                    current.last_update_ms = current.last_update_ms.max(row.t);
                }
                current
            }
            _ => {
                if let Some(done) = run.take() {
                    out.push(done, previous.2, now_ms, &bursts);
                }
                in_order &= seen.insert(row.key);
                run.insert(Run::start(row.key, row.t, closing))
            }
        };
        current.any_closed |= closing;
        if row.status == "postmortem" && row.t.is_some() {
            current.postmortem_ms = earliest(current.postmortem_ms, row.t);
        }
        if let (Some(display), Some(t)) = (row.display, row.t) {
            current.late |= backfill::is_late(t, display);
        }
        if !closing {
            current.open_display_ms = earliest(current.open_display_ms, row.display);
        }
        previous = (row.t, closing, row.promised);
    }
    if let Some(done) = run {
        out.push(done, previous.2, now_ms, &bursts);
    }
    Ok((out, in_order))
}

/// The incidents of a file posted in an import burst (`backfill`), over all its rows.
fn import_burst_keys(
    keys: &<UInt64Type as PolarsDataType>::Array,
    created: &<Int64Type as PolarsDataType>::Array,
    display: &<Int64Type as PolarsDataType>::Array,
) -> PlHashSet<u64> {
    let mut late: Vec<(i64, u64)> = (0..keys.len())
        .filter_map(|i| {
            let (t, shown) = (created.get(i)?, display.get(i)?);
            backfill::is_late(t, shown).then_some((t, keys.get(i)?))
        })
        .collect();
    if late.len() < backfill::BURST_MIN_INCIDENTS {
        return PlHashSet::new();
    }
    backfill::import_bursts(&mut late)
        .into_iter()
        .flat_map(|burst| burst.incidents)
        .collect()
}

/// The facts of one incident's run of updates, while it is read.
struct Run {
    key: Option<u64>,
    first_update_ms: Option<i64>,
    first_closed: bool,
    n_updates: u32,
    last_update_ms: Option<i64>,
    postmortem_ms: Option<i64>,
    max_gap_open: Option<i64>,
    any_closed: bool,
    /// Some update shown more than a day before it was posted.
    late: bool,
    open_display_ms: Option<i64>,
    promises_made: u32,
    promises_kept: u32,
}

impl Run {
    fn start(key: Option<u64>, t: Option<i64>, closing: bool) -> Self {
        Self {
            key,
            first_update_ms: t,
            first_closed: closing,
            n_updates: 1,
            last_update_ms: t,
            postmortem_ms: None,
            max_gap_open: None,
            any_closed: false,
            late: false,
            open_display_ms: None,
            promises_made: 0,
            promises_kept: 0,
        }
    }
}

fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        _ => a.or(b),
    }
}

impl Facts {
    /// A finished run. If its last update promised another that never came, that
    /// promise counts as made once it is due. Late and in an import burst: back-filled.
    fn push(&mut self, run: Run, last_promise: Option<i64>, now_ms: i64, bursts: &PlHashSet<u64>) {
        let unanswered = last_promise.is_some_and(|due| due < now_ms);
        self.keys.push(run.key);
        self.first_update_ms.push(run.first_update_ms);
        self.first_closed.push(run.first_closed);
        self.n_updates.push(run.n_updates);
        self.last_update_ms.push(run.last_update_ms);
        self.postmortem_ms.push(run.postmortem_ms);
        self.max_gap_open.push(run.max_gap_open);
        self.any_closed.push(run.any_closed);
        self.backfilled
            .push(run.late && run.key.is_some_and(|k| bursts.contains(&k)));
        self.open_display_ms.push(run.open_display_ms);
        self.promises_made
            .push(run.promises_made + u32::from(unanswered));
        self.promises_kept.push(run.promises_kept);
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
            pick_some("open_display_ms", &self.open_display_ms, rows),
            pick::<UInt32Type>("promises_made", &self.promises_made, rows),
            pick::<UInt32Type>("promises_kept", &self.promises_kept, rows),
        ]
    }
}

#[cfg(test)]
#[path = "update_facts_tests.rs"]
mod tests;
