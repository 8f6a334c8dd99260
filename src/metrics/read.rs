//! Reading many small per-source Parquet files into one frame. A store keeps three files
//! per source, so per-file overhead and bytes allocated (not bytes on disk) dominate a big
//! one: files are read eagerly, only the named columns, one thread per core, and stacked
//! in file order (the order the metrics plan relies on). Repeated strings are never read:
//! the source is a small integer (`source_ix`, its position in the list) and the incident
//! a 64-bit key, computed here for files written before the store kept it.

use std::path::PathBuf;

use polars::prelude::*;

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
const KEY: &str = "incident_key";

/// The wanted columns of every (source id, file), after a `source_ix` column, passed
/// through `per_file` (in the reader threads) and stacked.
pub fn read_columns<F>(
    files: &[(String, PathBuf)],
    columns: &[Wanted],
    per_file: F,
) -> PolarsResult<DataFrame>
where
    F: Fn(DataFrame) -> PolarsResult<DataFrame> + Sync,
{
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(files.len().max(1));
    let per = files.len().div_ceil(workers).max(1);
    let parts: Vec<PolarsResult<Option<DataFrame>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(per)
            .enumerate()
            .map(|(n, chunk)| {
                let per_file = &per_file;
                scope.spawn(move || read_chunk(n * per, chunk, columns, per_file))
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
    let mut stacked: Option<DataFrame> = None;
    for part in parts {
        if let Some(frame) = part? {
            match stacked.as_mut() {
                Some(acc) => {
                    acc.vstack_mut_owned(frame)?;
                }
                None => stacked = Some(frame),
            }
        }
    }
    let mut frame = match stacked {
        Some(frame) => frame,
        None => {
            let mut empty = vec![Column::full_null(SOURCE_IX.into(), 0, &DataType::UInt32)];
            empty.extend(
                columns
                    .iter()
                    .map(|c| Column::full_null(c.name.into(), 0, &c.dtype)),
            );
            per_file(DataFrame::new_infer_height(empty)?)?
        }
    };
    frame.rechunk_mut_par();
    Ok(frame)
}

fn read_chunk(
    first_ix: usize,
    files: &[(String, PathBuf)],
    columns: &[Wanted],
    per_file: &(dyn Fn(DataFrame) -> PolarsResult<DataFrame> + Sync),
) -> PolarsResult<Option<DataFrame>> {
    let mut stacked: Option<DataFrame> = None;
    for (offset, (source_id, path)) in files.iter().enumerate() {
        let frame = per_file(read_one(
            (first_ix + offset) as u32,
            source_id,
            path,
            columns,
        )?)?;
        match stacked.as_mut() {
            Some(acc) => {
                acc.vstack_mut_owned(frame)?;
            }
            None => stacked = Some(frame),
        }
    }
    Ok(stacked)
}

fn read_one(
    source_ix: u32,
    source_id: &str,
    path: &PathBuf,
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
    if derive_key && schema.contains("incident_id") && !present.iter().any(|c| c == "incident_id") {
        present.push("incident_id".to_string());
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
    let keys: Vec<Option<u64>> = match frame.column("incident_id") {
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

/// Rows are read in source order and a left join keeps it, but polars drops the sorted
/// flag on the way: set it again (after checking), so grouping by source takes slices.
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
