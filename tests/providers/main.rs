//! Provider tests against the real captures in `tests/fixtures` (provenance in its
//! PROVENANCE.md) plus hand-written fault payloads and small payloads CONSTRUCTED from
//! platform documentation where no capture shows a shape (each says so and names the
//! doc). One binary on purpose: each test binary links the whole crate.

mod aws;
mod azure;
mod current_only;
mod detection;
mod faults;
mod import;
mod pull;
mod round1;
mod salesforce;

#[path = "../support/loopback.rs"]
mod loopback;

use std::path::{Path, PathBuf};

use planb::fetch::providers::detect::detect_platform;
use planb::fetch::providers::provider_for;
use planb::model::{Platform, Snapshot};

#[path = "../support/cli.rs"]
mod cli;
use cli::{FIXTURES, fixture};

/// Every payload file under `dir`: `*.json`, and `*.xml` (saved RSS feeds).
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "json" || ext == "xml")
        {
            out.push(path);
        }
    }
    out.sort();
}

/// Detect the platform from content, then parse with that platform's provider.
fn parse_path(path: &Path) -> (Platform, Snapshot) {
    let body = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let platform = detect_platform(&body)
        .unwrap_or_else(|| panic!("{}: platform not detected", path.display()));
    let snapshot = provider_for(platform)
        .parse(&body)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (platform, snapshot)
}

fn parse(rel: &str) -> (Platform, Snapshot) {
    parse_path(&fixture(rel))
}

#[test]
fn every_fixture_parses_with_the_detected_platform() {
    let mut files = Vec::new();
    json_files(Path::new(FIXTURES), &mut files);
    assert!(files.len() > 1_282, "fixtures not found under {FIXTURES}");
    let mut per_folder = std::collections::BTreeMap::<&str, usize>::new();
    for path in &files {
        let dir = path
            .strip_prefix(FIXTURES)
            .ok()
            .and_then(|p| p.iter().next())
            .and_then(|d| d.to_str());
        let expected = match dir {
            Some("statuspage") => Platform::Statuspage,
            Some("incidentio") => Platform::Incidentio,
            Some("google-cloud") => Platform::Gcloud,
            Some("aws") => Platform::Aws,
            Some("azure") => Platform::Azure,
            Some("salesforce") => Platform::Salesforce,
            Some("statusio") => Platform::Statusio,
            Some("instatus") => Platform::Instatus,
            Some("betterstack") => Platform::Betterstack,
            other => panic!("unexpected fixture folder {other:?}"),
        };
        let (platform, snapshot) = parse_path(path);
        assert_eq!(platform, expected, "{}", path.display());
        assert_eq!(snapshot.platform, expected, "{}", path.display());
        *per_folder.entry(expected.as_str()).or_default() += 1;
    }
    // Every round-2 folder was read (a new file type must not be skipped silently).
    let round2 = [
        ("aws", 1),
        ("azure", 3),
        ("salesforce", 2),
        ("statusio", 1),
        ("instatus", 1),
        ("betterstack", 1),
    ];
    for (platform, files) in round2 {
        assert_eq!(per_folder.get(platform), Some(&files), "{platform}");
    }
}
