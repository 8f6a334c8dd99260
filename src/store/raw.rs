//! Archive of raw responses, gzip-compressed, so history can be re-parsed later.
//! Retention is bounded per source: the newest `RAW_KEEP` files stay.

use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::model::RawPayload;

use super::atomic;

pub const RAW_KEEP: usize = 64;

/// One gzip file per call (one pull of a source): a JSON object from endpoint name to
/// the payload exactly as received (every archived payload parsed as JSON). One file,
/// not one per endpoint, because file creation dominated the cost of a large pull.
pub fn archive(dir: &Path, payloads: &[RawPayload]) -> std::io::Result<()> {
    let Some(first) = payloads.first() else {
        return Ok(());
    };
    fs::create_dir_all(dir)?;
    let mut bundle = b"{".to_vec();
    for (n, payload) in payloads.iter().enumerate() {
        if n > 0 {
            bundle.push(b',');
        }
        let key = serde_json::to_string(&format!("{n}-{}", payload.endpoint))
            .map_err(std::io::Error::other)?;
        bundle.extend_from_slice(key.as_bytes());
        bundle.push(b':');
        bundle.extend_from_slice(&payload.bytes);
    }
    bundle.push(b'}');
    let endpoints: String = payloads
        .iter()
        .map(|p| p.endpoint.as_str())
        .collect::<Vec<_>>()
        .join("+");
    let endpoints: String = endpoints
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '+' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    let name = format!(
        "{}-{endpoints}.json.gz",
        first.fetched_at.format("%Y%m%dT%H%M%S%.3fZ")
    );
    // Fast level: the archive is for re-parsing, and default gzip was a pull's largest cost.
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(&bundle)?;
    // The archive is for re-parsing: its directory is not fsynced per file (a power cut may
    // drop the newest archive file, never half of one).
    atomic::write_file_deferred(&dir.join(name), &encoder.finish()?)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn one_file_per_pull_holds_every_payload_and_retention_is_bounded() {
        let dir = std::env::temp_dir().join(format!(
            "planb-raw-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        let at = chrono::Utc::now();
        let payload = |endpoint: &str, body: &str| RawPayload {
            endpoint: endpoint.into(),
            fetched_at: at,
            bytes: body.as_bytes().to_vec(),
        };
        archive(
            &dir,
            &[
                payload("summary", r#"{"a":1}"#),
                payload("incidents", "[2]"),
            ],
        )
        .expect("archive");
        let files: Vec<_> = fs::read_dir(&dir)
            .expect("dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        assert_eq!(files.len(), 1);
        let mut text = String::new();
        flate2::read::GzDecoder::new(fs::File::open(&files[0]).expect("open"))
            .read_to_string(&mut text)
            .expect("gunzip");
        let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(doc["0-summary"]["a"], 1);
        assert_eq!(doc["1-incidents"][0], 2);
        for n in 0..RAW_KEEP + 5 {
            let later = RawPayload {
                fetched_at: at + chrono::Duration::seconds(n as i64 + 1),
                ..payload("summary", "{}")
            };
            archive(&dir, &[later]).expect("archive");
        }
        assert_eq!(fs::read_dir(&dir).expect("dir").count(), RAW_KEEP);
        let _ = fs::remove_dir_all(&dir);
    }
}
