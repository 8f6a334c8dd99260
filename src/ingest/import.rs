//! Import: saved payload files, read and parsed in full first (a bad file writes nothing),
//! then grouped by source and committed as a pull would commit them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Utc;

use super::IngestError;
use super::prepare::{Text, prepare};
use super::result::{SourceLine, SourceResult};
use crate::fetch::providers::{detect::detect_platform, provider_for};
use crate::model::{Platform, RawPayload, Snapshot, Timestamp};
use crate::store::{SourceEntry, Store, source_id_of};

/// Payload files beyond this are refused (status payloads are far smaller).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// One saved payload, parsed.
pub struct Payload {
    pub file: PathBuf,
    pub bytes: Vec<u8>,
    pub snapshot: Snapshot,
}

/// Everything the payloads of one source bring, ready to commit: steps oldest first.
pub struct SourceBatch {
    pub source_id: String,
    pub steps: Vec<Snapshot>,
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
    let platform = detect_platform(&bytes).ok_or_else(|| {
        let known: Vec<&str> = Platform::ALL.iter().map(|p| p.as_str()).collect();
        format!(
            "not a status-page payload planb knows (it reads {})",
            known.join(", ")
        )
    })?;
    let snapshot = provider_for(platform)
        .parse(&bytes)
        .map_err(|e| format!("{platform}: {e}"))?;
    Ok(Payload {
        file: file.to_path_buf(),
        bytes,
        snapshot,
    })
}

/// Prepare every payload and group them by source, ordered by the time each shows. A
/// listing of every open incident (a summary capture) is a step of its own, so an incident
/// open in one capture and gone from a later one closes between the two; other payloads of
/// a source are folded together. `Err` names a payload that does not say which page it came
/// from (nothing is written).
pub fn group_by_source(payloads: Vec<Payload>, text: Text) -> Result<Vec<SourceBatch>, String> {
    let mut by_source: BTreeMap<String, (Vec<Snapshot>, Vec<Vec<u8>>)> = BTreeMap::new();
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
        let (snapshots, raws) = by_source.entry(source_id).or_default();
        snapshots.push(snapshot);
        raws.push(bytes);
    }
    Ok(by_source
        .into_iter()
        .map(|(source_id, (mut snapshots, raws))| {
            // Stable: payloads that show no time keep the order they were given in.
            snapshots.sort_by_key(shown_at);
            SourceBatch {
                source_id,
                steps: into_steps(snapshots),
                raws,
            }
        })
        .collect())
}

/// The time a payload shows: its listing's own time, else its newest incident sighting.
pub(super) fn shown_at(snapshot: &Snapshot) -> Option<Timestamp> {
    let listing = snapshot.open_listing.and_then(|l| l.as_of);
    let newest = (snapshot.incidents.iter().chain(&snapshot.maintenances))
        .filter_map(|i| i.observed_at)
        .max();
    listing.or(newest)
}

pub(super) fn into_steps(snapshots: Vec<Snapshot>) -> Vec<Snapshot> {
    let mut steps: Vec<Snapshot> = Vec::new();
    for snapshot in snapshots {
        let lists_open = snapshot.open_listing.is_some_and(|l| l.as_of.is_some());
        match steps.last_mut() {
            Some(last) if !lists_open && last.open_listing.is_none() => last.absorb(snapshot),
            _ => steps.push(snapshot),
        }
    }
    steps
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
        steps,
        raws,
    } in batches
    {
        let Some(last) = steps.last() else { continue };
        // Incidents a payload listed but planb could not read: named beside the counts.
        let skipped: Vec<String> = (steps.iter())
            .flat_map(|s| &s.skipped)
            .map(ToString::to_string)
            .collect();
        let (platform, name, url) = (
            last.platform,
            steps.iter().rev().find_map(|s| s.page.name.clone()),
            last.page.url.clone(),
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
        let committed = writer.commit_tables(&source_id, steps, &raw)?;
        writer.record(&source_id, &committed);
        let outcome = committed.outcome;
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
                closed_unseen: outcome.closed_unseen,
                warnings: skipped.into_iter().chain(committed.warnings).collect(),
            },
        });
    }
    if text == Text::FactsOnly {
        writer.manifest_mut().facts_only = true;
    }
    writer
        .save_manifest()
        .map_err(|e| IngestError::manifest(e, &lines))?;
    Ok(lines)
}

/// Several payloads as one JSON array, for the raw archive.
fn bundle(raws: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"[".to_vec();
    for (n, raw) in raws.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        crate::store::raw::embed(raw, &mut out);
    }
    out.push(b']');
    out
}
