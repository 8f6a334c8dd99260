//! Faults every provider must report plainly, and a payload's odd records: one odd
//! incident is skipped and named, a payload with no readable incident fails.

use planb::fetch::providers::{ParseError, provider_for};
use planb::model::{Impact, IncidentStatus, Platform};

use super::{fixture, parse};

#[test]
fn faults_are_reported_plainly() {
    let statuspage = provider_for(Platform::Statuspage);
    let html = b"\n<!DOCTYPE html><html><body>Just a moment...</body></html>";
    for platform in Platform::ALL {
        assert!(
            matches!(provider_for(platform).parse(html), Err(ParseError::Html)),
            "{platform}"
        );
    }

    let full =
        std::fs::read(fixture("statuspage/github-summary-20260420T1358Z.json")).expect("fixture");
    let truncated = &full[..full.len() / 2];
    match statuspage.parse(truncated) {
        Err(ParseError::Json { line, .. }) => assert!(line > 1, "line {line}"),
        other => panic!("expected a JSON error, got {other:?}"),
    }

    let null_list =
        br#"{"incidents": null, "page": {"id": "01JMDK9XYNY6RXSED6SDWW50WY", "url": "https://status.example.com/"}}"#;
    for platform in [Platform::Statuspage, Platform::Incidentio] {
        let snap = provider_for(platform)
            .parse(null_list)
            .expect("null incidents parse");
        assert!(snap.incidents.is_empty() && snap.maintenances.is_empty());
    }

    let odd = br#"{"page": {}, "incidents": [{"id": "x1", "impact": "catastrophic", "status": "smouldering",
        "created_at": "2024-05-01T10:00:00.5+02:00", "resolved_at": 1700000000, "incident_updates": null}]}"#;
    let snap = statuspage.parse(odd).expect("odd values parse");
    let incident = &snap.incidents[0];
    assert_eq!(incident.impact, Impact::Other("catastrophic".into()));
    assert_eq!(incident.status, IncidentStatus::Other("smouldering".into()));
    assert_eq!(
        incident.created_at.to_rfc3339(),
        "2024-05-01T08:00:00.500+00:00"
    );
    assert_eq!(incident.resolved_at, None);

    assert!(matches!(
        statuspage.parse(b"[1, 2]"),
        Err(ParseError::Shape(_))
    ));
    assert!(matches!(
        statuspage.parse(br#"{"hello": "world"}"#),
        Err(ParseError::Shape(_))
    ));
    assert!(matches!(
        provider_for(Platform::Gcloud).parse(br#"{"incidents": []}"#),
        Err(ParseError::Shape(_))
    ));
}

#[test]
fn by_id_payload_links_back_to_the_page() {
    let (_, snap) = parse("statuspage/github-incidents-by-id/pfsrq8bbt6bm.json");
    assert_eq!(
        snap.page.url.as_deref(),
        Some("https://www.githubstatus.com")
    );
    let incident = &snap.incidents[0];
    assert_eq!(incident.url.as_deref(), Some("http://stspg.io/f52a97515"));
    assert_eq!(
        incident.resolved_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2010-07-29T02:06:00+00:00")
    );
    assert_eq!(
        incident.created_at.to_rfc3339(),
        "2010-07-29T02:06:00+00:00"
    );
}

/// One incident with a field of the wrong kind is skipped and named; the others stay.
/// CONSTRUCTED payloads: the shapes follow the platforms' public docs (Statuspage v2
/// "Incidents": `components`, `incident_updates`, `affected_components` are arrays of
/// objects; Slack Status API v2.0.0: `notes` is an array of objects; Google Cloud
/// Service Health `incidents.json`: `updates` and `affected_products` are arrays); the
/// odd values are wrong on purpose.
#[test]
fn one_odd_incident_is_skipped_and_named() {
    let good = r#"{"id":"ok1","created_at":"2024-01-01T00:00:00Z","status":"resolved"}"#;
    let cases = [
        (
            r#""components":"API""#,
            "components",
            r#"a string "API" where a list belongs"#,
        ),
        (
            r#""components":42"#,
            "components",
            "a number 42 where a list belongs",
        ),
        (
            r#""components":{"a":1}"#,
            "components",
            "an object where a list belongs",
        ),
        (
            r#""components":["API"]"#,
            "components[0]",
            r#"a string "API" where an object belongs"#,
        ),
        (
            r#""incident_updates":"none""#,
            "incident_updates",
            r#"a string "none" where a list belongs"#,
        ),
        (
            r#""incident_updates":[{"id":"u1","created_at":"2024-01-01T00:00:00Z"},{"id":"u2","affected_components":"API"}]"#,
            "incident_updates[1].affected_components",
            r#"a string "API" where a list belongs"#,
        ),
    ];
    for (odd_field, field, found) in cases {
        let body = format!(
            r#"{{"page":{{"url":"https://x.example"}},"incidents":[{good},{{"id":"bad1","created_at":"2024-01-02T00:00:00Z",{odd_field}}}]}}"#
        );
        for platform in [Platform::Statuspage, Platform::Incidentio] {
            let snap = provider_for(platform)
                .parse(body.as_bytes())
                .unwrap_or_else(|e| panic!("{odd_field}: {e}"));
            assert_eq!(snap.incidents.len(), 1, "{odd_field}");
            assert_eq!(snap.incidents[0].id, "ok1");
            assert_eq!(snap.skipped.len(), 1, "{odd_field}");
            let skipped = &snap.skipped[0];
            assert_eq!(
                (
                    skipped.incident_id.as_deref(),
                    skipped.field.as_str(),
                    skipped.found.as_str()
                ),
                (Some("bad1"), field, found),
                "{odd_field}"
            );
        }
    }

    let slack = provider_for(Platform::Slack);
    for notes in [r#""down""#, "7", r#"{"body":"x"}"#] {
        let body = format!(
            r#"[{{"id":1,"date_created":"2018-09-07T18:34:15-07:00","type":"outage","notes":[]}},
               {{"id":2,"date_created":"2018-09-07T18:34:15-07:00","type":"outage","notes":{notes}}}]"#
        );
        let snap = slack.parse(body.as_bytes()).expect("history parses");
        assert_eq!(snap.incidents.len(), 1, "{notes}");
        assert_eq!(
            (
                snap.skipped[0].incident_id.as_deref(),
                snap.skipped[0].field.as_str()
            ),
            (Some("2"), "notes")
        );
        let current = format!(
            r#"{{"status":"active","active_incidents":[{{"id":3,"date_created":"2018-09-07T18:34:15-07:00","notes":{notes}}}]}}"#
        );
        let snap = slack
            .parse(current.as_bytes())
            .expect("current parses: status is usable");
        assert!(snap.incidents.is_empty() && snap.status.is_some());
        assert_eq!(snap.skipped[0].incident_id.as_deref(), Some("3"));
    }

    let gcp = provider_for(Platform::Gcloud);
    let body = br#"[{"id":"g1","created":"2024-01-01T00:00:00Z","updates":[]},
        {"number":"77","created":"2024-01-01T00:00:00Z","affected_products":"Compute"}]"#;
    let snap = gcp.parse(body).expect("parses");
    assert_eq!(snap.incidents.len(), 1);
    assert_eq!(
        (
            snap.skipped[0].incident_id.as_deref(),
            snap.skipped[0].field.as_str()
        ),
        (Some("77"), "affected_products")
    );
}

/// A payload none of whose incidents can be read, with nothing else in it, still fails,
/// naming the incident; a malformed list itself is a plain JSON error as before.
#[test]
fn a_payload_with_no_readable_incident_fails() {
    let statuspage = provider_for(Platform::Statuspage);
    let body = br#"{"page":{"url":"https://x.example"},"incident":{"id":"b1","components":"API"}}"#;
    match statuspage.parse(body) {
        Err(ParseError::Shape(message)) => {
            assert!(
                message.contains("`b1`") && message.contains("`components`"),
                "{message}"
            )
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    let body = br#"[{"id":"g1","updates":7},{"id":"g2","updates":"x"}]"#;
    match provider_for(Platform::Gcloud).parse(body) {
        Err(ParseError::Shape(message)) => assert!(message.contains("(and 1 more)"), "{message}"),
        other => panic!("expected a failure, got {other:?}"),
    }
    let body = br#"{"page":{},"incidents":"none"}"#;
    assert!(matches!(
        statuspage.parse(body),
        Err(ParseError::Json { .. })
    ));
    // A summary's components and status are still worth storing.
    let body = br#"{"page":{},"components":[],"incidents":[{"id":"b1","components":"API"}]}"#;
    let snap = statuspage.parse(body).expect("components are usable");
    assert_eq!(snap.skipped.len(), 1);
}
