//! Incidents that leave a listing of every open incident close with a bound.

use super::*;

/// Summary captures of one page, imported in any order, replay in the order they show: the
/// April 2022 outage is open in the 2022-04-05 and 2022-04-17 Jira Software captures and
/// gone from the 2022-04-19 one, so it closed in between, with no invented time (issue 11).
#[test]
fn summary_captures_close_what_a_later_capture_no_longer_lists() {
    let data = temp_dir("closed-unseen");
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
    let _ = std::fs::remove_dir_all(&data);
}
