//! Rebuild one source's tables from its raw archive (`planb repair SOURCE`), when a stored
//! file is damaged: the other sources are never touched.

use super::IngestError;
use super::import::{into_steps, shown_at};
use super::prepare::{Text, prepare};
use crate::fetch::providers::{detect::detect_platform, provider_for};
use crate::store::raw::read_archive;
use crate::store::{Committed, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum RepairError {
    #[error(
        "no source `{0}` in this store: `planb report` lists the stored sources in sources.csv"
    )]
    NoSource(String),
    #[error(
        "source `{0}` has no raw archive to rebuild from (it was imported --facts-only, or never \
         pulled or imported here): import its files again or pull it again"
    )]
    NoArchive(String),
    #[error("reading the raw archive: {0}")]
    Archive(std::io::Error),
    #[error(transparent)]
    Ingest(#[from] IngestError),
}

impl From<StoreError> for RepairError {
    fn from(e: StoreError) -> Self {
        Self::Ingest(IngestError::Store(e))
    }
}

/// What a rebuild found and stored.
#[derive(Debug)]
pub struct Repaired {
    pub payloads: usize,
    /// Archived payloads that no longer parse, each named.
    pub unreadable: Vec<String>,
    /// Incidents the manifest counted before the rebuild.
    pub before: usize,
    pub committed: Committed,
}

/// Re-parse every archived payload of `source_id` in the order it was fetched (imported
/// captures in the order they show) and replace the source's tables with what they hold.
pub fn repair(store: &Store, source_id: &str) -> Result<Repaired, RepairError> {
    let mut writer = store.writer().map_err(IngestError::Store)?;
    let manifest = writer.manifest().clone();
    let entry = manifest.sources.get(source_id);
    let known = entry.is_some() || store.source_ids()?.iter().any(|id| id == source_id);
    if !known {
        return Err(RepairError::NoSource(source_id.to_string()));
    }
    let dir = store.root().join("raw").join(source_id);
    let archived = read_archive(&dir).map_err(RepairError::Archive)?;
    if archived.is_empty() {
        return Err(RepairError::NoArchive(source_id.to_string()));
    }
    let text = if manifest.facts_only {
        Text::FactsOnly
    } else {
        Text::Keep
    };
    let mut snapshots = Vec::new();
    let mut unreadable = Vec::new();
    for (n, payload) in archived.iter().enumerate() {
        let platform = detect_platform(&payload.bytes).or(entry.map(|e| e.platform));
        let parsed = platform
            .ok_or_else(|| "not a payload planb reads".to_string())
            .and_then(|p| {
                provider_for(p)
                    .parse(&payload.bytes)
                    .map_err(|e| e.to_string())
            });
        match parsed {
            Ok(mut snapshot) => {
                // A pull's payload was seen at its fetch time; an imported file at its own.
                let seen_at = (payload.endpoint != "import")
                    .then_some(payload.fetched_at)
                    .flatten();
                prepare(&mut snapshot, seen_at, text);
                snapshots.push(snapshot);
            }
            Err(e) => unreadable.push(format!("payload {} ({}): {e}", n + 1, payload.endpoint)),
        }
    }
    snapshots.sort_by_key(shown_at);
    let committed = writer.rebuild_tables(source_id, into_steps(snapshots))?;
    writer.record(source_id, &committed);
    if let Some(entry) = writer.manifest_mut().sources.get_mut(source_id) {
        entry.last_error = None;
    }
    writer.save_manifest()?;
    Ok(Repaired {
        payloads: archived.len(),
        unreadable,
        before: entry.map_or(0, |e| e.incidents),
        committed,
    })
}
