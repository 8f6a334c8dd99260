//! Import: saved payload files, read and parsed in full first (a bad file writes nothing),
//! then grouped by source and committed as a pull would commit them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Utc;

use super::IngestError;
use super::prepare::{Text, prepare};
use super::result::{SourceLine, SourceResult};
use crate::fetch::providers::{detect::detect_platform, provider_for};
use crate::model::{RawPayload, Snapshot};
use crate::store::{SourceEntry, Store, source_id_of};

/// Payload files beyond this are refused (status payloads are far smaller).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// One saved payload, parsed.
pub struct Payload {
    pub file: PathBuf,
    pub bytes: Vec<u8>,
    pub snapshot: Snapshot,
}

/// Everything the payloads of one source bring, ready to commit.
pub struct SourceBatch {
    pub source_id: String,
    pub snapshot: Snapshot,
    raws: Vec<Vec<u8>>,
}

/// Read and parse one file; the error says what is wrong with it.
pub fn read_payload(file: &Path) -> Result<Payload, String> {
    let size = std::fs::metadata(file).map_err(|e| e.to_string())?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{size} bytes is over the {MAX_FILE_BYTES}-byte limit"
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let platform = detect_platform(&bytes).ok_or(
        "not a status-page payload planb knows (Statuspage, incident.io, Google Cloud, Slack)",
    )?;
    let snapshot = provider_for(platform)
        .parse(&bytes)
        .map_err(|e| format!("{platform}: {e}"))?;
    Ok(Payload {
        file: file.to_path_buf(),
        bytes,
        snapshot,
    })
}

/// Prepare every payload and fold those of one source together, in the order given.
/// `Err` names a payload that does not say which page it came from (nothing is written).
pub fn group_by_source(payloads: Vec<Payload>, text: Text) -> Result<Vec<SourceBatch>, String> {
    let mut by_source: BTreeMap<String, SourceBatch> = BTreeMap::new();
    for Payload {
        file,
        bytes,
        mut snapshot,
    } in payloads
    {
        let Some(source_id) = source_id_of(&snapshot) else {
            return Err(format!(
                "{}: the payload does not say which status page it came from (no page URL)",
                file.display()
            ));
        };
        prepare(&mut snapshot, None, text);
        match by_source.get_mut(&source_id) {
            Some(batch) => {
                batch.snapshot.absorb(snapshot);
                batch.raws.push(bytes);
            }
            None => {
                let batch = SourceBatch {
                    source_id: source_id.clone(),
                    snapshot,
                    raws: vec![bytes],
                };
                by_source.insert(source_id, batch);
            }
        }
    }
    Ok(by_source.into_values().collect())
}

/// Commit each source's batch and record it in the manifest. An imported payload's page
/// URL is kept as seen, never as a URL to pull: only an inventory names what is fetched.
pub fn commit(
    store: &Store,
    batches: Vec<SourceBatch>,
    text: Text,
) -> Result<Vec<SourceLine>, IngestError> {
    let mut writer = store.writer()?;
    let mut lines = Vec::new();
    for SourceBatch {
        source_id,
        snapshot,
        raws,
    } in batches
    {
        let (platform, name, url) = (
            snapshot.platform,
            snapshot.page.name.clone(),
            snapshot.page.url.clone(),
        );
        // Facts-only imports keep no vendor text anywhere, the raw archive included.
        let raw = match text {
            Text::FactsOnly => Vec::new(),
            Text::Keep => vec![RawPayload {
                endpoint: "import".into(),
                fetched_at: Utc::now(),
                bytes: bundle(&raws),
            }],
        };
        let outcome = writer.commit(&source_id, snapshot, &raw)?;
        let entry = writer
            .manifest_mut()
            .sources
            .entry(source_id.clone())
            .or_insert_with(|| SourceEntry::new(platform));
        entry.last_success = Some(Utc::now());
        if entry.name.is_none() {
            entry.name = name.clone();
        }
        if let Some(url) = url {
            entry.seen_url = Some(url.trim_end_matches('/').to_string());
        }
        lines.push(SourceLine {
            source_id,
            name: name.unwrap_or_default(),
            result: SourceResult::Stored {
                incidents: outcome.incidents,
                maintenances: outcome.maintenances,
                warnings: Vec::new(),
            },
        });
    }
    if text == Text::FactsOnly {
        writer.manifest_mut().facts_only = true;
    }
    writer.save_manifest()?;
    Ok(lines)
}

/// Several payloads as one JSON array, for the raw archive.
fn bundle(raws: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"[".to_vec();
    for (n, raw) in raws.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(raw);
    }
    out.push(b']');
    out
}
