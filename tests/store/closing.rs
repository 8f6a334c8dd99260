//! Incidents that leave a listing of every open incident close with a bound.

use super::*;

/// Summary captures of one page, imported in any order, replay in the order they show: the
/// April 2022 outage is open in the 2022-04-05 and 2022-04-17 Jira Software captures and
/// gone from the 2022-04-19 one, so it closed in between, with no invented time (issue 11).
#[test]
fn summary_captures_close_what_a_later_capture_no_longer_lists() {
    let data = TempDir::new("closed-unseen");
    let atlassian = fixture("statuspage/atlassian");
    let captures = [
        "jira-software-summary-20220419T0136Z.json",
        "jira-software-summary-20220405T0916Z.json",
        "jira-software-summary-20220417T2150Z.json",
    ];
    let paths: Vec<String> = (captures.iter())
        .map(|c| atlassian.join(c).display().to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    let out = planb(&data, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("1 incident(s) gone from the feed"),
        "{summary}"
    );

    let tables = Store::at(&data)
        .load_source("jira-software.status.atlassian.com")
        .expect("tables");
    let outage = (tables.incidents.iter())
        .find(|i| i.id == "gms0m979jxbr")
        .expect("the April 2022 incident");
    assert_eq!(outage.status.as_str(), "closed_unseen");
    assert_eq!(outage.resolved_at, None);
    let bound = outage.closed_unseen.expect("bound");
    // Last seen: the newest time inside the 2022-04-17 capture (its last update).
    assert_eq!(
        bound.last_seen.to_rfc3339(),
        "2022-04-17T21:48:00.188+00:00"
    );
    // First absent: the 2022-04-19 capture's own time, `page.updated_at`.
    assert_eq!(
        bound.first_absent.to_rfc3339(),
        "2022-04-18T23:56:59.854+00:00"
    );
    // The 53 updates of the 2022-04-17 capture are all kept.
    assert_eq!(outage.updates.len(), 53);

    // The open capture imported again later does not reopen it: it is older than the absence.
    let again = planb(&data, &["import", &paths[2]]);
    assert!(again.status.success());
    let tables = Store::at(&data)
        .load_source("jira-software.status.atlassian.com")
        .expect("tables");
    let outage = (tables.incidents.iter())
        .find(|i| i.id == "gms0m979jxbr")
        .expect("kept");
    assert_eq!(outage.closed_unseen, Some(bound));

    // The report carries the bound: incidents.csv has it in closed_after/closed_before with
    // no resolution and no ttr, and --explain says why ttr is empty.
    let out_dir = data.join("report");
    let report = planb(
        &data,
        &[
            "report",
            "--window",
            "all",
            "--format",
            "csv",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let csv = std::fs::read_to_string(out_dir.join("incidents.csv")).expect("incidents.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let row: Vec<&str> = (csv.lines())
        .find(|l| l.contains("gms0m979jxbr"))
        .expect("the outage's row")
        .split(',')
        .collect();
    // Titles may hold commas; the fields named here come before or after none of them.
    assert_eq!(row.len(), header.len(), "{row:?}");
    assert_eq!(row[col("status")], "closed_unseen");
    assert_eq!(row[col("resolved_at")], "");
    assert_eq!(row[col("ttr_min")], "");
    assert_eq!(row[col("closed_after")], "2022-04-17T21:48:00.188Z");
    assert_eq!(row[col("closed_before")], "2022-04-18T23:56:59.854Z");

    let explain = planb(
        &data,
        &[
            "report",
            "--explain",
            "jira-software.status.atlassian.com:gms0m979jxbr",
        ],
    );
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(explain.status.success(), "{text}");
    assert!(
        text.contains("closed without a word")
            && text.contains("2022-04-17T21:48")
            && text.contains("2022-04-18T23:56"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&data);
}
