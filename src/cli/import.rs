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

fn collect_files(path: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    if path.is_file() {
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
        if child.is_dir() {
            collect_files(&child, files, problems);
        } else if child
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("xml"))
        {
            // `*.xml`: saved RSS feeds (Azure status).
            files.push(child);
        }
    }
}
