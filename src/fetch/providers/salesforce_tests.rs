//! Unit tests of `salesforce`.

use super::*;

#[test]
fn endpoints_use_the_api_host_and_keep_the_instance() {
    let urls = |base: &str| -> Vec<String> {
        Salesforce
            .endpoints(base)
            .into_iter()
            .map(|e| e.url)
            .collect()
    };
    assert_eq!(
        urls("https://status.salesforce.com/?instance=EU48"),
        [
            "https://api.status.salesforce.com/v1/incidents?instance=EU48",
            "https://api.status.salesforce.com/v1/maintenances?instance=EU48"
        ]
    );
    assert_eq!(
        urls("http://127.0.0.1:9/sf/v1/incidents"),
        [
            "http://127.0.0.1:9/sf/v1/incidents",
            "http://127.0.0.1:9/sf/v1/maintenances"
        ]
    );
}

#[test]
fn open_incident_single_object_and_odd_records() {
    let one = br#"{"id":7,"createdAt":"2024-01-01T10:00:00Z",
        "IncidentImpacts":[{"id":1,"startTime":"2024-01-01T09:40:00Z","endTime":null,"severity":"major"},
                           {"id":2,"startTime":"2024-01-01T09:50:00Z","endTime":"2024-01-01T10:30:00Z","severity":"minor"}],
        "IncidentEvents":"odd"}"#;
    let snap = Salesforce.parse(one).expect("one object parses");
    let incident = &snap.incidents[0];
    assert_eq!(
        incident.status,
        IncidentStatus::Investigating,
        "one impact still open"
    );
    assert_eq!(
        (incident.resolved_at, incident.impact.clone()),
        (None, Impact::Major)
    );
    assert_eq!(
        incident.stated_start.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-01-01T09:40:00+00:00")
    );
    let list = br#"[1, {"createdAt":"2024-01-01T10:00:00Z"}, {"id":"8","IncidentImpacts":[]}]"#;
    let snap = Salesforce.parse(list).expect("odd records are skipped");
    assert!(
        snap.incidents.is_empty(),
        "no id, or no time: nothing to keep"
    );
    assert!(matches!(
        Salesforce.parse(br#"{"hello":1}"#),
        Err(ParseError::Shape(_))
    ));
}
