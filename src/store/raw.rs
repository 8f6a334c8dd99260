//! Archive of raw responses, gzip-compressed, so history can be re-parsed later.
//! Retention is bounded per source: the newest `RAW_KEEP` files stay.

use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::model::Timestamp;

use super::atomic;

pub const RAW_KEEP: usize = 64;

/// One fetched payload, as received.
#[derive(Debug, Clone)]
pub struct RawPayload {
    pub endpoint: String,
    pub fetched_at: Timestamp,
    pub bytes: Vec<u8>,
}

pub fn archive(dir: &Path, payloads: &[RawPayload]) -> std::io::Result<()> {
    if payloads.is_empty() {
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    for (n, payload) in payloads.iter().enumerate() {
        let endpoint: String = payload.endpoint.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).take(40).collect();
        let name = format!("{}-{n:04}-{endpoint}.json.gz", payload.fetched_at.format("%Y%m%dT%H%M%S%.3fZ"));
        // Fast level: the archive is for re-parsing, and default gzip was a pull's largest cost.
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(&payload.bytes)?;
        atomic::write_file(&dir.join(name), &encoder.finish()?)?;
    }
    prune(dir)
}

/// Keep the newest files (names sort by fetch time).
fn prune(dir: &Path) -> std::io::Result<()> {
    let mut names: Vec<_> = fs::read_dir(dir)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json.gz") && !n.starts_with('.'))
        .collect();
    if names.len() <= RAW_KEEP {
        return Ok(());
    }
    names.sort();
    for name in &names[..names.len() - RAW_KEEP] {
        fs::remove_file(dir.join(name))?;
    }
    Ok(())
}
