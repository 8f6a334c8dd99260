//! `planb import`: ingest saved payload files or folders exactly as a pull would.
//! Every file is read and parsed first; if any is bad, nothing is written.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Outcome;
use super::summary::render;
use crate::ingest::import::{commit, group_by_source, read_payload};
use crate::ingest::prepare::Text;
use crate::ingest::result::SourceLine;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Keep only facts (ids, times, statuses, impacts, component names); drop vendor-written titles and text.
    #[arg(long)]
    pub facts_only: bool,
    /// Payload files, or folders searched for `*.json` and `*.xml`.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: ImportArgs, store: Store, color: bool) -> anyhow::Result<Outcome> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in &args.paths {
        collect_files(path, &mut files, &mut problems);
    }
    let mut payloads = Vec::with_capacity(files.len());
    for file in files {
        match read_payload(&file) {
            Ok(payload) => payloads.push(payload),
            Err(reason) => problems.push(format!("{}: {reason}", file.display())),
        }
    }
    if problems.is_empty() && payloads.is_empty() {
        problems.push("no payload files found (folders are searched for *.json and *.xml)".into());
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
    let text = if args.facts_only {
        Text::FactsOnly
    } else {
        Text::Keep
    };
    let batches = match group_by_source(payloads, text) {
        Ok(batches) => batches,
        Err(problem) => {
            eprintln!("error: {problem}; nothing was written");
            return Ok(Outcome::BadInput);
        }
    };
    let lines = commit(&store, batches, text)?;
    print!("{}", render(&lines, color));
    Ok(if lines.iter().any(SourceLine::failed) {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

/// Regular files as given, and `*.json` and `*.xml` regular files in folders (searched recursively;
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
        // `*.xml`: saved RSS feeds (Azure status).
        let is_payload = child
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("xml"));
        if metadata.is_dir() {
            if !is_link {
                collect_files(&child, files, problems);
            }
        } else if !is_payload {
            continue;
        } else if let Some(what) = special(&metadata.file_type()) {
            refuse(problems, &child, what);
        } else {
            files.push(child);
        }
    }
}
