//! A time no status page can have written (before 1995, or from the year 2100 on) is not
//! read as a time: it never becomes an impact start, a creation or a resolution, and the
//! import says which text it ignored.

use planb::fetch::providers::provider_for;
use planb::model::Platform;

use super::*;

/// Two incidents: `old` claims a `started_at` in 1900, `late` a `resolved_at` in 2101
/// and an update created in year 9999. CONSTRUCTED, in the shape of the Statuspage
/// incidents API (https://developer.statuspage.io/#operation/getPagesPageIdIncidents).
const PAYLOAD: &str = r#"{"page":{"url":"https://status.times.example","name":"Times"},"incidents":[
{"id":"old","name":"Old","status":"resolved","impact":"major","created_at":"2026-11-20T10:00:00Z","started_at":"1900-01-01T00:00:00Z","resolved_at":"2026-11-20T11:00:00Z","incident_updates":[{"id":"o1","status":"investigating","body":"looking","created_at":"2026-11-20T10:05:00Z"},{"id":"o2","status":"resolved","body":"fixed","created_at":"2026-11-20T11:00:00Z"}]},
{"id":"late","name":"Late","status":"resolved","impact":"minor","created_at":"2026-11-21T10:00:00Z","resolved_at":"2101-01-01T00:00:00Z","incident_updates":[{"id":"l1","status":"investigating","body":"looking","created_at":"2026-11-21T10:05:00Z"},{"id":"l2","status":"resolved","body":"fixed","created_at":"9999-12-31T23:59:59Z"}]}]}"#;

#[test]
fn impossible_times_are_not_read_as_times() {
    let snapshot = provider_for(Platform::Statuspage)
        .parse(PAYLOAD.as_bytes())
        .expect("parses");
    let old = &snapshot.incidents[0];
    assert_eq!(old.started_at, None, "1900 is no impact start");
    let late = &snapshot.incidents[1];
    assert_eq!(
        late.updates.len(),
        1,
        "the update from year 9999 has no time"
    );
    assert_eq!(late.resolved_at, None, "2101 is no resolution");

    let data = TempDir::new("times");
    let file = data.join("payload.json");
    std::fs::write(&file, PAYLOAD).expect("write payload");
    let import = planb(&data, &["import", file.to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&import.stderr);
    for text in [
        "1900-01-01T00:00:00Z",
        "2101-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
    ] {
        assert!(stderr.contains(text), "the import names `{text}`: {stderr}");
    }
    let out = TempDir::new("times-out");
    report_all_csv(&data, &out);
    let (_, rows) = incidents_csv(&out);
    // Without the 1900 start there is no stated start: ttfc unknown, not 66 million minutes.
    assert_eq!(rows["old"]["start_basis"], "none");
    assert_eq!(rows["old"]["ttfc_min"], "");
    assert_eq!(rows["late"]["ttr_min"], "", "no resolution time, no ttr");
}
