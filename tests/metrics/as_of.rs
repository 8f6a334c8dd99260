//! `--as-of` bounds the window on both sides: a report as of a past time counts the
//! incidents created in [as_of − window, as_of], never one created after it; the dashboard
//! applies the same window to its "now".

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use planb::dashboard::{Loader, Origin};
use planb::metrics::Window;

use super::*;

const AS_OF: &str = "2023-01-01T00:00:00Z";

fn as_of() -> DateTime<Utc> {
    AS_OF.parse().expect("time")
}

/// Id and creation time of every GitHub fixture, read from the JSON itself.
fn fixture_incidents() -> Vec<(String, DateTime<Utc>)> {
    let folder = format!("{FIXTURES}/statuspage/github-incidents-by-id");
    std::fs::read_dir(folder)
        .expect("fixtures")
        .map(|entry| {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
            let json: serde_json::Value = serde_json::from_str(&text).expect("json");
            let incident = &json["incident"];
            let created = incident["created_at"].as_str().expect("created_at");
            (
                incident["id"].as_str().expect("id").to_string(),
                created.parse().expect("created_at is a time"),
            )
        })
        .collect()
}

/// The ids created in [as_of − days, as_of] (from the start of time when `days` is None).
fn expected_ids(days: Option<i64>) -> BTreeSet<String> {
    fixture_incidents()
        .into_iter()
        .filter(|(_, t)| *t <= as_of() && days.is_none_or(|d| *t >= as_of() - Duration::days(d)))
        .map(|(id, _)| id)
        .collect()
}

/// Same ids, said briefly: how many are extra or missing, and a few of them.
fn assert_same(got: &BTreeSet<String>, expected: &BTreeSet<String>, what: &str) {
    let extra: Vec<&String> = got.difference(expected).collect();
    let missing: Vec<&String> = expected.difference(got).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{what}: {} incidents, {} expected; {} extra (e.g. {:?}), {} missing (e.g. {:?})",
        got.len(),
        expected.len(),
        extra.len(),
        &extra[..extra.len().min(3)],
        missing.len(),
        &missing[..missing.len().min(3)]
    );
}

fn imported_github() -> TempDir {
    let data = TempDir::new("as-of");
    let folder = format!("{FIXTURES}/statuspage/github-incidents-by-id");
    planb(&data, &["import", &folder]);
    data
}

#[test]
fn report_as_of_counts_nothing_created_after_it() {
    let after = fixture_incidents()
        .iter()
        .filter(|(_, t)| *t > as_of())
        .count();
    assert_eq!(
        after, 131,
        "the fixtures hold incidents created after the as-of time"
    );
    let data = imported_github();
    for (window, days) in [("90d", Some(90)), ("all", None)] {
        let out = TempDir::new("as-of-out");
        planb(
            &data,
            &[
                "report",
                "--as-of",
                AS_OF,
                "--window",
                window,
                "--format",
                "csv",
                "--out",
                out.to_str().expect("utf-8"),
            ],
        );
        let (_, rows) = incidents_csv(&out);
        let got: BTreeSet<String> = rows.keys().cloned().collect();
        let expected = expected_ids(days);
        assert!(!expected.is_empty());
        assert_same(
            &got,
            &expected,
            &format!("report --window {window} --as-of {AS_OF}"),
        );
    }
}

#[test]
fn dashboard_window_ends_at_its_now() {
    let data = imported_github();
    let loader = Loader::new(
        planb::store::Store::at(&data),
        None,
        Origin::Live { inventory: None },
        as_of(),
    );
    let base = loader.base().expect("base");
    let window = loader.window(Window::Days90, &base).expect("window");
    let incidents = &window.report.incidents;
    let got: BTreeSet<String> = incidents
        .iter()
        .map(|i| i.incident_id.to_string())
        .collect();
    assert_same(
        &got,
        &expected_ids(Some(90)),
        &format!("dashboard 90d as of {AS_OF}"),
    );
    assert!((0..incidents.len()).all(|i| incidents.created_at(i) <= as_of()));
}
