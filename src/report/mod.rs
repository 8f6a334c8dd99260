//! Export of report tables: one file per format. Writers take plain tables (no polars)
//! and write atomically, so a failed export never leaves a half-written file.

pub mod cells;
pub mod csv_files;
pub mod exposure_files;
pub mod json;
pub mod markdown;

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Encode(String),
}

/// Write one output file atomically.
pub(crate) fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ReportError> {
    let path = dir.join(name);
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io { path: dir.to_path_buf(), source })?;
    crate::store::atomic::write_file(&path, bytes).map_err(|source| ReportError::Io { path: path.clone(), source })?;
    Ok(path)
}
