//! The local store: Parquet tables per source, `manifest.json`, a raw archive.
//!
//! Layout under the root:
//! `sources/<source_id>/{incidents,updates,components}.parquet`, `manifest.json`,
//! `raw/<source_id>/*.json.gz`, `.lock`. A source's tables are replaced as one
//! directory (staged, synced, swapped), so a crash leaves the old or the new set.

pub mod atomic;
mod commit;
pub mod manifest;
pub mod merge;
pub mod raw;
pub mod schema;
pub mod tables;

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::model::{RawPayload, Snapshot, source_id_for};
pub use manifest::{Manifest, SourceEntry};
pub use merge::MergeCounts;
pub use tables::SourceTables;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error(
        "another planb process is writing the store at {0} (wait for it to finish; its lock is {0}/.lock)"
    )]
    Locked(PathBuf),
    #[error("no data directory: pass --data DIR or set PLANB_DATA")]
    NoDataDir,
}

impl StoreError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    fn parquet(path: &Path, err: polars::prelude::PolarsError) -> Self {
        Self::Corrupt {
            path: path.to_path_buf(),
            reason: err.to_string(),
        }
    }
}

/// Where the store lives: `--data`, else `$PLANB_DATA`, else the platform data dir.
pub fn resolve_root(flag: Option<&Path>) -> Result<PathBuf, StoreError> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("PLANB_DATA").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "planb")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(StoreError::NoDataDir)
}

/// Read access; never needs the lock (writers swap whole directories).
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn manifest(&self) -> Result<Manifest, StoreError> {
        Manifest::load(&self.root)
    }

    fn sources_dir(&self) -> PathBuf {
        self.root.join("sources")
    }

    /// Ids of every source with stored tables.
    pub fn source_ids(&self) -> Result<Vec<String>, StoreError> {
        let dir = self.sources_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io(&dir, e)),
        };
        let mut ids: Vec<String> = entries
            .flatten()
            .filter(|e| e.path().is_dir())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                // A swap cut short leaves only `.old-<id>`: that is still the source.
                if let Some(id) = name.strip_prefix(".old-") {
                    Some(id.to_string())
                } else {
                    (!name.starts_with('.')).then_some(name)
                }
            })
            .collect();
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// The readable file `name` of every stored source, in source-id order (for scans).
    pub fn table_paths(&self, name: &str) -> Result<Vec<(String, PathBuf)>, StoreError> {
        Ok(self
            .source_ids()?
            .into_iter()
            .filter_map(|id| {
                let dir = atomic::readable_dir(&self.sources_dir().join(&id))?;
                let path = dir.join(name);
                path.is_file().then_some((id, path))
            })
            .collect())
    }

    /// Everything stored for a source; empty when it has nothing yet.
    pub fn load_source(&self, source_id: &str) -> Result<SourceTables, StoreError> {
        let Some(dir) = atomic::readable_dir(&self.sources_dir().join(source_id)) else {
            return Ok(SourceTables::default());
        };
        let read = |name: &str| {
            let path = dir.join(name);
            tables::read_parquet(&path).map_err(|e| StoreError::parquet(&path, e))
        };
        let (incidents, updates, components) = (
            read(tables::INCIDENTS_FILE)?,
            read(tables::UPDATES_FILE)?,
            read(tables::COMPONENTS_FILE)?,
        );
        tables::tables_from_frames(&incidents, &updates, &components)
            .map_err(|e| StoreError::parquet(&dir, e))
    }

    /// Take the writer lock (fails at once if another process holds it).
    pub fn writer(&self) -> Result<StoreWriter, StoreError> {
        fs::create_dir_all(self.sources_dir()).map_err(|e| StoreError::io(&self.root, e))?;
        let lock_path = self.root.join(".lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| StoreError::io(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(StoreError::Locked(self.root.clone())),
            Err(fs::TryLockError::Error(e)) => return Err(StoreError::io(&lock_path, e)),
        }
        atomic::recover_store(&self.root, &self.sources_dir(), &self.root.join("raw"))
            .map_err(|e| StoreError::io(&self.root, e))?;
        let manifest = self.manifest()?;
        Ok(StoreWriter {
            store: self.clone(),
            manifest,
            _lock: lock,
        })
    }
}

/// What committing one source did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitOutcome {
    pub incidents: MergeCounts,
    pub maintenances: MergeCounts,
    /// Incidents closed because a listing of every open incident showed them gone.
    pub closed_unseen: usize,
    /// False when nothing changed and no file was rewritten.
    pub written: bool,
}

/// A source's tables after a commit, for its manifest entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Committed {
    pub outcome: CommitOutcome,
    /// What did not fail the commit but was not done (a raw copy not kept).
    pub warnings: Vec<String>,
    pub platform: crate::model::Platform,
    pub page_name: Option<String>,
    pub page_status: Option<crate::model::PageStatus>,
    pub incidents: usize,
    pub maintenances: usize,
    pub updates: usize,
}

/// Exclusive write access; the lock is released on drop.
pub struct StoreWriter {
    store: Store,
    manifest: Manifest,
    _lock: File,
}

impl StoreWriter {
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn manifest_mut(&mut self) -> &mut Manifest {
        &mut self.manifest
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Merge a snapshot into a source's tables and record it in the manifest.
    pub fn commit(
        &mut self,
        source_id: &str,
        snapshot: Snapshot,
        raw: &[RawPayload],
    ) -> Result<CommitOutcome, StoreError> {
        let committed = self.commit_tables(source_id, vec![snapshot], raw)?;
        self.record(source_id, &committed);
        Ok(committed.outcome)
    }

    /// Bring a source's manifest entry up to date with a commit.
    pub fn record(&mut self, source_id: &str, committed: &Committed) {
        let entry = self
            .manifest
            .sources
            .entry(source_id.to_string())
            .or_insert_with(|| SourceEntry::new(committed.platform));
        entry.platform = committed.platform;
        if entry.name.is_none() {
            entry.name = committed.page_name.clone();
        }
        if committed.page_status.is_some() {
            entry.page_status = committed.page_status.clone();
        }
        entry.incidents = committed.incidents;
        entry.maintenances = committed.maintenances;
        entry.updates = committed.updates;
    }

    /// Replace a source's tables wholesale, without merging (`planb synth`). Safe to call
    /// from several threads for different sources; record the manifest entry afterwards.
    pub fn replace_source(&self, source_id: &str, tables: &SourceTables) -> Result<(), StoreError> {
        self.write_tables(source_id, tables)
    }

    fn write_tables(&self, source_id: &str, tables: &SourceTables) -> Result<(), StoreError> {
        let sources = self.store.sources_dir();
        let target = sources.join(source_id);
        let staged = atomic::temp_sibling(&target, "src");
        fs::create_dir_all(&staged).map_err(|e| StoreError::io(&staged, e))?;
        let result = (|| {
            let frames = [
                (
                    tables::INCIDENTS_FILE,
                    tables::incidents_frame(source_id, tables),
                ),
                (
                    tables::UPDATES_FILE,
                    tables::updates_frame(source_id, tables),
                ),
                (
                    tables::COMPONENTS_FILE,
                    tables::components_frame(source_id, &tables.components),
                ),
            ];
            for (name, frame) in frames {
                let path = staged.join(name);
                let mut frame = frame.map_err(|e| StoreError::parquet(&path, e))?;
                tables::write_parquet(&mut frame, &path)
                    .map_err(|e| StoreError::parquet(&path, e))?;
            }
            atomic::swap_dir(&staged, &target).map_err(|e| StoreError::io(&target, e))
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&staged);
        }
        result
    }

    /// Make every source directory written so far durable, then save the manifest: the
    /// manifest (validators, counts) never gets ahead of the data it describes.
    pub fn save_manifest(&self) -> Result<(), StoreError> {
        let sources = self.store.sources_dir();
        atomic::sync_dir(&sources).map_err(|e| StoreError::io(&sources, e))?;
        self.manifest.save(&self.store.root)
    }
}

/// The source id a snapshot belongs to when it came from a file: its page URL.
pub fn source_id_of(snapshot: &Snapshot) -> Option<String> {
    snapshot.page.url.as_deref().map(source_id_for)
}
