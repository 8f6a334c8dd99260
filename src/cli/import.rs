//! `planb import`: ingest saved payload files or folders exactly as a pull would.
//! Every file is read and parsed first; if any is bad, nothing is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::Utc;
use clap::Args;

use super::Outcome;
use super::summary::{SourceLine, SourceResult, render};
use crate::fetch::providers::{detect::detect_platform, provider_for};
use crate::model::Snapshot;
use crate::store::{RawPayload, SourceEntry, Store, source_id_of};

/// Payload files beyond this are refused (status payloads are far smaller).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Keep only facts (ids, times, statuses, impacts, component names); drop vendor-written titles and text.
    #[arg(long)]
    pub facts_only: bool,
    /// Payload files, or folders searched for `*.json`.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

struct Parsed {
    file: PathBuf,
    bytes: Vec<u8>,
    snapshot: Snapshot,
}

pub fn run(args: ImportArgs, store: Store, color: bool) -> anyhow::Result<Outcome> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in &args.paths {
        collect_files(path, &mut files, &mut problems);
    }
    let mut parsed = Vec::with_capacity(files.len());
    for file in files {
        match parse_file(&file) {
            Ok(p) => parsed.push(p),
            Err(reason) => problems.push(format!("{}: {reason}", file.display())),
        }
    }
    if problems.is_empty() && parsed.is_empty() {
        problems.push("no payload files found (folders are searched for *.json)".into());
    }
    if !problems.is_empty() {
        eprintln!(
            "error: {} file(s) could not be imported; nothing was written",
            problems.len()
        );
        for problem in problems {
            eprintln!("  {problem}");
        }
        return Ok(Outcome::BadInput);
    }

    // Group by source, in the order files were given.
    let mut by_source: BTreeMap<String, (Snapshot, Vec<Vec<u8>>)> = BTreeMap::new();
    for Parsed {
        file,
        bytes,
        mut snapshot,
    } in parsed
    {
        let Some(source_id) = source_id_of(&snapshot) else {
            eprintln!(
                "error: {}: the payload does not say which status page it came from (no page URL); nothing was written",
                file.display()
            );
            return Ok(Outcome::BadInput);
        };
        snapshot.sanitize();
        snapshot.observe(None);
        crate::metrics::enrich::enrich(&mut snapshot);
        if args.facts_only {
            snapshot.strip_text();
        }
        match by_source.get_mut(&source_id) {
            Some((known, raws)) => {
                known.absorb(snapshot);
                raws.push(bytes);
            }
            None => {
                by_source.insert(source_id, (snapshot, vec![bytes]));
            }
        }
    }

    let mut writer = store.writer().context("opening the store for writing")?;
    let mut lines = Vec::new();
    for (source_id, (snapshot, raws)) in by_source {
        let (platform, name, url) = (
            snapshot.platform,
            snapshot.page.name.clone(),
            snapshot.page.url.clone(),
        );
        // Facts-only imports keep no vendor text anywhere, the raw archive included.
        let raw = if args.facts_only {
            Vec::new()
        } else {
            vec![RawPayload {
                endpoint: "import".into(),
                fetched_at: Utc::now(),
                bytes: bundle(&raws),
            }]
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
        if entry.base_url.is_none() {
            entry.base_url = url.map(|u| u.trim_end_matches('/').to_string());
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
    if args.facts_only {
        writer.manifest_mut().facts_only = true;
    }
    writer.save_manifest()?;
    print!("{}", render(&lines, color));
    Ok(Outcome::Ok)
}

/// Regular files as given, and `*.json` regular files in folders (searched recursively;
/// a link to a folder inside one is not followed, so a loop cannot recur). Anything else
/// (a named pipe, socket or device, which a read could block on or never finish) is a
/// problem that says what it is.
fn collect_files(path: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    fn special(file_type: &std::fs::FileType) -> Option<&'static str> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some("a named pipe (FIFO)");
            }
            if file_type.is_socket() {
                return Some("a socket");
            }
            if file_type.is_block_device() || file_type.is_char_device() {
                return Some("a device");
            }
        }
        (!file_type.is_file() && !file_type.is_dir()).then_some("not a regular file")
    }
    let refuse = |problems: &mut Vec<String>, path: &Path, what: &str| {
        problems.push(format!(
            "{}: is {what}, not a payload file or a folder (import reads saved payload files: save the payload to a file first)",
            path.display()
        ));
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) => {
            problems.push(format!("{}: {e}", path.display()));
            return;
        }
    };
    if let Some(what) = special(&metadata.file_type()) {
        return refuse(problems, path, what);
    }
    if metadata.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(format!("{}: {e}", path.display()));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    children.sort();
    for child in children {
        let is_link = child
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        let Ok(metadata) = std::fs::metadata(&child) else {
            continue; // a dangling link
        };
        let is_json = child
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if metadata.is_dir() {
            if !is_link {
                collect_files(&child, files, problems);
            }
        } else if !is_json {
            continue;
        } else if let Some(what) = special(&metadata.file_type()) {
            refuse(problems, &child, what);
        } else {
            files.push(child);
        }
    }
}

fn parse_file(file: &Path) -> Result<Parsed, String> {
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
    Ok(Parsed {
        file: file.to_path_buf(),
        bytes,
        snapshot,
    })
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
