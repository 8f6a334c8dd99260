//! A vendor's one odd record must not stop tracking of that vendor: the pull keeps every
//! well-formed incident, skips the odd one and names it in the summary.

use super::{Setup, fixtures, text};
use crate::loopback::{self, Route};

/// GitHub's real `incidents.json` (50 captured incidents) with one incident's field
/// replaced. CONSTRUCTED: the replacement values are wrong on purpose; the Statuspage v2
/// docs (developer.statuspage.io, "Incidents") give `components` and `incident_updates`
/// as arrays of objects.
fn github_list_with(index: usize, field: &str, value: serde_json::Value) -> (String, Route) {
    let route = loopback::github_incidents_route(fixtures(), 0, 50);
    let mut body: serde_json::Value = serde_json::from_slice(route.body()).expect("fixture list");
    let incident = &mut body["incidents"][index];
    incident[field] = value;
    let id = incident["id"].as_str().expect("incident id").to_string();
    (id, Route::json(serde_json::to_vec(&body).expect("json")))
}

#[test]
fn one_odd_incident_is_skipped_and_named_the_rest_are_stored() {
    let setup = Setup::new("odd");
    let (odd_id, route) = github_list_with(3, "components", serde_json::json!("API"));
    setup
        .server
        .set_route("/github/api/v2/incidents.json", route);
    let out = setup.pull(&["--only", "GitHub"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "stored with problems: {all}");
    let row = all
        .lines()
        .find(|l| l.contains("_github"))
        .expect("github row");
    assert!(row.contains("stored with problems"), "{all}");
    assert!(
        all.lines().any(|l| l.contains(&odd_id)
            && l.contains("`components`")
            && l.contains("a string \"API\"")),
        "the skipped incident is named with its field and value: {all}"
    );
    let github = setup.tables("/github");
    // 49 well-formed listed incidents plus the summary's open one.
    assert_eq!(github.incidents.len(), 50, "{all}");
    assert!(github.incidents.iter().all(|i| i.id != odd_id));
}

#[test]
fn a_list_of_nothing_but_odd_incidents_still_fails_the_source() {
    let setup = Setup::new("allodd");
    let body = br#"{"page":{"id":"x","url":"https://www.githubstatus.com"},
        "incidents":[{"id":"a1","created_at":"2024-01-01T00:00:00Z","incident_updates":"none"}]}"#;
    setup
        .server
        .set_route("/github/api/v2/incidents.json", Route::json(&body[..]));
    let out = setup.pull(&["--only", "GitHub"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    let row = all
        .lines()
        .find(|l| l.contains("_github"))
        .expect("github row");
    assert!(
        row.contains("FAILED") && row.contains("a1") && row.contains("`incident_updates`"),
        "{all}"
    );
}
