//! Reading many small per-source Parquet files into one frame. A store keeps three files
//! per source, so per-file overhead and bytes allocated (not bytes on disk) dominate a big
//! one: files are read eagerly, only the named columns, one thread per core, and stacked
//! in file order (the order the metrics plan relies on). Repeated strings are never read:
//! the source is a small integer (`source_ix`, its position in the list) and the incident
//! a 64-bit key, computed here for files written before the store kept it.

use std::path::Path;

use polars::prelude::*;

use crate::store::schema;
use crate::store::tables::incident_key;

/// A column the metrics read, with the type to fill in when an older file lacks it.
pub struct Wanted {
    pub name: &'static str,
    pub dtype: DataType,
}

pub fn wanted(name: &'static str, dtype: DataType) -> Wanted {
    Wanted { name, dtype }
}

pub fn timestamp() -> DataType {
    DataType::Datetime(TimeUnit::Milliseconds, None)
}

/// The name of the column that says which file (source) a row came from.
pub const SOURCE_IX: &str = "source_ix";
const KEY: &str = schema::INCIDENT_KEY;

/// `per_item(index, item)` for every item, in the reader threads (one per core), with
/// the frames stacked in item order (the order the metrics plan relies on) in contiguous
/// batches of about `BATCH_ROWS` rows, each passed through `per_batch` (still in the
/// reader threads). An item may give no frame (a damaged source, skipped). `None` when
/// no item gives one.
pub fn read_parallel<T, F, G>(
    items: &[T],
    per_item: F,
    per_batch: G,
) -> PolarsResult<Option<DataFrame>>
where
    T: Sync,
    F: Fn(u32, &T) -> PolarsResult<Option<DataFrame>> + Sync,
    G: Fn(DataFrame) -> PolarsResult<DataFrame> + Sync,
{
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(items.len().max(1));
    let per = items.len().div_ceil(workers).max(1);
    let parts: Vec<PolarsResult<Option<DataFrame>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per)
            .enumerate()
            .map(|(n, chunk)| {
                let (per_item, per_batch) = (&per_item, &per_batch);
                scope.spawn(move || {
                    let frames = chunk
                        .iter()
                        .enumerate()
                        .map(|(offset, item)| per_item((n * per + offset) as u32, item));
                    stack_in_batches(frames, BATCH_ROWS, per_batch)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(polars_err!(ComputeError: "a Parquet reader thread panicked"))
                })
            })
            .collect()
    });
    let mut stacked = None;
    for part in parts {
        if let Some(frame) = part? {
            append(&mut stacked, frame)?;
        }
    }
    Ok(stacked)
}

/// Rows per contiguous chunk of a stacked frame. Files are made contiguous and passed
/// through `per_batch` a batch at a time, so their many small buffers (and whatever
/// `per_batch` no longer needs) are freed and reused by the next batch's files: fresh
/// memory costs a kernel page fault and zeroing per page. A few dozen chunks cost polars
/// nothing measurable.
const BATCH_ROWS: usize = 1 << 16;

fn stack_in_batches(
    frames: impl Iterator<Item = PolarsResult<Option<DataFrame>>>,
    batch_rows: usize,
    per_batch: &(dyn Fn(DataFrame) -> PolarsResult<DataFrame> + Sync),
) -> PolarsResult<Option<DataFrame>> {
    let mut stacked = None;
    let mut batch: Option<DataFrame> = None;
    for frame in frames {
        let Some(frame) = frame? else { continue };
        append(&mut batch, frame)?;
        if batch.as_ref().is_some_and(|b| b.height() >= batch_rows)
            && let Some(mut full) = batch.take()
        {
            full.rechunk_mut();
            append(&mut stacked, per_batch(full)?)?;
        }
    }
    if let Some(mut rest) = batch {
        rest.rechunk_mut();
        append(&mut stacked, per_batch(rest)?)?;
    }
    Ok(stacked)
}

/// `frame`'s rows after `stacked`'s (its chunks are appended, not copied).
fn append(stacked: &mut Option<DataFrame>, frame: DataFrame) -> PolarsResult<()> {
    match stacked.as_mut() {
        Some(acc) => {
            acc.vstack_mut_owned(frame)?;
        }
        None => *stacked = Some(frame),
    }
    Ok(())
}

/// The wanted columns of one source's file, after a `source_ix` column: same names, order
/// and types for every file (missing columns are null), so the frames stack.
pub fn read_file(
    source_ix: u32,
    source_id: &str,
    path: &Path,
    columns: &[Wanted],
) -> PolarsResult<DataFrame> {
    // The caller names the file and the fix (`DamagedSource`); the cause's first line is
    // what the user needs of polars' message.
    decode_file(source_ix, source_id, path, columns).map_err(|err| {
        let cause = err.to_string();
        polars_err!(ComputeError: "{}", cause.lines().next().unwrap_or(""))
    })
}

fn decode_file(
    source_ix: u32,
    source_id: &str,
    path: &Path,
    columns: &[Wanted],
) -> PolarsResult<DataFrame> {
    // Read whole, not memory-mapped: small files mapped one by one cost a page fault per
    // page and a TLB shootdown per unmap (measured: a second of kernel time per report
    // on an ext4 store of 4,000 files).
    let mut reader = ParquetReader::new(std::io::Cursor::new(std::fs::read(path)?));
    let schema = reader.schema()?;
    let mut present: Vec<String> = columns
        .iter()
        .filter(|c| schema.contains(c.name))
        .map(|c| c.name.to_string())
        .collect();
    // Older files lack the key: derive it from the incident id, as the store does.
    let derive_key = columns.iter().any(|c| c.name == KEY) && !schema.contains(KEY);
    if derive_key
        && schema.contains(schema::INCIDENT_ID)
        && !present.iter().any(|c| c == schema::INCIDENT_ID)
    {
        present.push(schema::INCIDENT_ID.to_string());
    }
    let frame = reader
        .with_columns(Some(present))
        .read_parallel(ParallelStrategy::None)
        .finish()?;
    let height = frame.height();
    let mut ordered = Vec::with_capacity(columns.len() + 1);
    ordered.push(Column::new_scalar(
        SOURCE_IX.into(),
        Scalar::from(source_ix),
        height,
    ));
    for wanted in columns {
        // Same names, order and types in every part, so the parts stack.
        let column = match frame.column(wanted.name) {
            Ok(column) => column.cast(&wanted.dtype)?,
            Err(_) if wanted.name == KEY && derive_key => derived_key(&frame, source_id)?,
            Err(_) => Column::full_null(wanted.name.into(), height, &wanted.dtype),
        };
        ordered.push(column);
    }
    DataFrame::new(height, ordered)
}

fn derived_key(frame: &DataFrame, source_id: &str) -> PolarsResult<Column> {
    let keys: Vec<Option<u64>> = match frame.column(schema::INCIDENT_ID) {
        Ok(ids) => ids
            .cast(&DataType::String)?
            .str()?
            .iter()
            .map(|id| id.map(|id| incident_key(source_id, id)))
            .collect(),
        Err(_) => vec![None; frame.height()],
    };
    Ok(Column::new(KEY.into(), keys))
}

/// Rows are read in source order, but polars drops the sorted flag on the way through
/// the plan: set it again (after checking), so grouping by source takes slices.
pub fn flag_if_ascending(frame: &mut DataFrame, name: &str) -> PolarsResult<()> {
    let column = frame.column(name)?.u32()?;
    if column.null_count() > 0 || column.is_sorted_flag() == polars::series::IsSorted::Ascending {
        return Ok(());
    }
    let mut previous = 0;
    for value in column.into_no_null_iter() {
        if value < previous {
            return Ok(());
        }
        previous = value;
    }
    let mut sorted = column.clone();
    sorted.set_sorted_flag(polars::series::IsSorted::Ascending);
    frame.with_column(sorted.into_column())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_file_order_in_few_contiguous_chunks() {
        let frame = |values: &[u32]| {
            DataFrame::new_infer_height(vec![Column::new("v".into(), values.to_vec())])
        };
        let files = [frame(&[1, 2]), frame(&[3, 4]), frame(&[5, 6]), frame(&[7])];
        let heights = std::sync::Mutex::new(Vec::new());
        let per_batch = |batch: DataFrame| {
            heights.lock().unwrap().push(batch.height());
            Ok(batch)
        };
        let stacked = stack_in_batches(files.into_iter().map(|f| f.map(Some)), 3, &per_batch)
            .unwrap()
            .unwrap();
        let column = stacked.column("v").unwrap().u32().unwrap();
        assert_eq!(
            column.into_no_null_iter().collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6, 7]
        );
        // A batch closes once it holds 3 rows or more: [1..=4] and [5..=7], one chunk each.
        assert_eq!(column.chunks().len(), 2);
        assert_eq!(*heights.lock().unwrap(), [4, 3]);
    }
}
