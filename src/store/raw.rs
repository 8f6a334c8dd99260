//! Archive of raw responses, gzip-compressed, so history can be re-parsed later.
//! Retention is bounded per source: the newest `RAW_KEEP` files stay.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

use base64::Engine as _;
use base64::prelude::BASE64_STANDARD;

use crate::model::{RawPayload, Timestamp};

use super::atomic;

pub const RAW_KEEP: usize = 64;

/// One gzip file per call (one pull of a source): a JSON object from `N-endpoint` to the
/// payload exactly as received when it is JSON, else (an RSS feed, UTF-16 JSON) to
/// `{"base64": …}` of its bytes, so every file reads back (`read_archive`). One file, not
/// one per endpoint, because file creation dominated the cost of a large pull.
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
        embed(&payload.bytes, &mut bundle);
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

/// Append a payload as a JSON value: itself when it is JSON, else `{"base64": …}`.
pub fn embed(bytes: &[u8], out: &mut Vec<u8>) {
    if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
        out.extend_from_slice(bytes);
    } else {
        out.extend_from_slice(br#"{"base64":""#);
        out.extend_from_slice(BASE64_STANDARD.encode(bytes).as_bytes());
        out.extend_from_slice(br#""}"#);
    }
}

/// One archived payload read back: the endpoint it came from, when it was fetched (or
/// imported), and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Archived {
    pub endpoint: String,
    pub fetched_at: Option<Timestamp>,
    pub bytes: Vec<u8>,
}

/// Every payload of a source's archive, oldest file first. Payloads are re-serialized from
/// the parsed JSON (the same content; key order and spacing may differ); a file that does
/// not read is named in the error.
pub fn read_archive(dir: &Path) -> std::io::Result<Vec<Archived>> {
    let mut names: Vec<String> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json.gz") && !n.starts_with('.'))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let bad =
            |e: &dyn std::fmt::Display| std::io::Error::other(format!("{}: {e}", path.display()));
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(fs::File::open(&path)?)
            .read_to_end(&mut text)
            .map_err(|e| bad(&e))?;
        let members: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&text).map_err(|e| bad(&e))?;
        let fetched_at = name
            .get(..19)
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y%m%dT%H%M%S%.3f").ok())
            .map(|t| t.and_utc());
        let mut members: Vec<(usize, String, serde_json::Value)> = members
            .into_iter()
            .filter_map(|(key, value)| {
                let (n, endpoint) = key.split_once('-')?;
                Some((n.parse().ok()?, endpoint.to_string(), value))
            })
            .collect();
        members.sort_by_key(|m| m.0);
        for (_, endpoint, value) in members {
            // A backfill keeps its by-id payloads as one array, an import its files.
            let bundled = matches!(endpoint.as_str(), "backfill-incidents" | "import");
            let values = match value {
                serde_json::Value::Array(items) if bundled => items,
                other => vec![other],
            };
            for value in values {
                out.push(Archived {
                    endpoint: endpoint.clone(),
                    fetched_at,
                    bytes: payload_bytes(&value).map_err(|e| bad(&e))?,
                });
            }
        }
    }
    Ok(out)
}

fn payload_bytes(value: &serde_json::Value) -> Result<Vec<u8>, String> {
    if let Some(encoded) = value
        .as_object()
        .filter(|o| o.len() == 1)
        .and_then(|o| o.get("base64"))
        .and_then(|v| v.as_str())
    {
        return BASE64_STANDARD
            .decode(encoded)
            .map_err(|e| format!("base64 payload: {e}"));
    }
    serde_json::to_vec(value).map_err(|e| e.to_string())
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
