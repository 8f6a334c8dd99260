//! Metrics and reports end to end: real captures imported, `planb report` run, and every
//! per-incident number checked against arithmetic done by hand from the JSON.
//!
//! `report`: the report files and the store they read; `rules`: issue 15's rules on real
//! captures (incident.io backdating, late posts versus imports, start bases per vendor);
//! `explain`: `planb report --explain`.

use std::collections::HashMap;
use std::path::Path;
use std::process::Output;

mod as_of;
mod explain;
mod hostile_text;
mod impossible_times;
mod report;
mod rules;

#[path = "../support/cli.rs"]
mod cli;
pub(crate) use cli::{FIXTURES, TempDir};

/// `planb --data DATA ARGS…`, which must succeed.
pub(crate) fn planb(data: &Path, args: &[&str]) -> Output {
    let out = cli::planb(data, args);
    assert!(
        out.status.success(),
        "planb {args:?} failed: {}",
        cli::text(&out)
    );
    out
}

/// `planb report --window all --format csv --out OUT`.
pub(crate) fn report_all_csv(data: &Path, out: &Path) -> Output {
    planb(
        data,
        &[
            "report",
            "--window",
            "all",
            "--format",
            "csv",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    )
}

pub(crate) fn github(id: &str) -> String {
    format!("{FIXTURES}/statuspage/github-incidents-by-id/{id}.json")
}

/// incidents.csv as rows keyed by incident id, each a map column -> cell.
pub(crate) fn incidents_csv(dir: &Path) -> (Vec<String>, HashMap<String, HashMap<String, String>>) {
    let text = std::fs::read_to_string(dir.join("incidents.csv")).expect("incidents.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            let row: HashMap<String, String> = header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect();
            (row["incident_id"].clone(), row)
        })
        .collect();
    (header, rows)
}

pub(crate) fn close(cell: &str, expected: f64) {
    let value: f64 = cell
        .parse()
        .unwrap_or_else(|_| panic!("`{cell}` is not a number"));
    assert!((value - expected).abs() < 0.001, "{value} != {expected}");
}

pub(crate) fn read_lines(path: &Path) -> usize {
    std::fs::read_to_string(path).expect("file").lines().count()
}
