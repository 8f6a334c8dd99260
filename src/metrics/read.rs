//! Reading many small per-source Parquet files into one frame. A store keeps three files
//! per source, so per-file overhead (not bytes) dominates a big one: files are read
//! eagerly, only the named columns, one thread per core, and stacked in file order
//! (the order the metrics plan relies on).

use std::fs::File;
use std::path::PathBuf;

use polars::prelude::*;

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

/// The wanted columns of every file, stacked. The flag says whether every file had
/// every column (false: some were filled with nulls).
pub fn read_columns(paths: &[PathBuf], columns: &[Wanted]) -> PolarsResult<(DataFrame, bool)> {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(paths.len().max(1));
    let per = paths.len().div_ceil(workers).max(1);
    let parts: Vec<PolarsResult<(Option<DataFrame>, bool)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(per)
            .map(|chunk| scope.spawn(move || read_chunk(chunk, columns)))
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
    let mut complete = true;
    for part in parts {
        let (frame, all_present) = part?;
        complete &= all_present;
        if let Some(frame) = frame {
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
        None => DataFrame::new_infer_height(
            columns
                .iter()
                .map(|c| Column::full_null(c.name.into(), 0, &c.dtype))
                .collect(),
        )?,
    };
    frame.rechunk_mut_par();
    Ok((frame, complete))
}

fn read_chunk(paths: &[PathBuf], columns: &[Wanted]) -> PolarsResult<(Option<DataFrame>, bool)> {
    let mut stacked: Option<DataFrame> = None;
    let mut complete = true;
    for path in paths {
        let (frame, all_present) = read_one(path, columns)?;
        complete &= all_present;
        match stacked.as_mut() {
            Some(acc) => {
                acc.vstack_mut_owned(frame)?;
            }
            None => stacked = Some(frame),
        }
    }
    Ok((stacked, complete))
}

fn read_one(path: &PathBuf, columns: &[Wanted]) -> PolarsResult<(DataFrame, bool)> {
    let mut reader = ParquetReader::new(File::open(path)?);
    let schema = reader.schema()?;
    let present: Vec<String> = columns
        .iter()
        .filter(|c| schema.contains(c.name))
        .map(|c| c.name.to_string())
        .collect();
    let all_present = present.len() == columns.len();
    let mut frame = reader
        .with_columns(Some(present))
        .read_parallel(ParallelStrategy::None)
        .finish()?;
    let height = frame.height();
    let mut ordered = Vec::with_capacity(columns.len());
    for wanted in columns {
        // Same names, order and types in every part, so the parts stack.
        let column = match frame.column(wanted.name) {
            Ok(column) => column.cast(&wanted.dtype)?,
            Err(_) => Column::full_null(wanted.name.into(), height, &wanted.dtype),
        };
        ordered.push(column);
    }
    frame = DataFrame::new(height, ordered)?;
    Ok((frame, all_present))
}
