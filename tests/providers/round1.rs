//! Statuspage, incident.io, Google Cloud and Slack against their captures (faults and
//! odd records: `faults.rs`).

use std::collections::BTreeMap;

use planb::fetch::providers::detect::detect_platform;
use planb::fetch::providers::provider_for;
use planb::model::{Impact, IncidentStatus, Platform};

use super::{fixture, json_files, parse, parse_path};

#[test]
fn github_incidents_by_id_counts() {
    let mut files = Vec::new();
    json_files(&fixture("statuspage/github-incidents-by-id"), &mut files);
    assert_eq!(files.len(), 1_282);
    let mut incidents = 0;
    let mut updates = 0;
    let mut backdated = 0;
    let mut impacts: BTreeMap<String, usize> = BTreeMap::new();
    for path in &files {
        let (_, snap) = parse_path(path);
        assert_eq!(
            snap.page.url.as_deref(),
            Some("https://www.githubstatus.com"),
            "{}",
            path.display()
        );
        assert!(snap.maintenances.is_empty() && snap.components.is_none());
        for incident in &snap.incidents {
            incidents += 1;
            updates += incident.updates.len();
            *impacts.entry(incident.impact.to_string()).or_default() += 1;
            assert_eq!(incident.status, IncidentStatus::Resolved);
            assert!(incident.resolved_at.is_some() && incident.url.is_some());
            assert!(
                incident
                    .updates
                    .windows(2)
                    .all(|w| w[0].created_at <= w[1].created_at),
                "updates sorted"
            );
            backdated += (incident.updates.iter())
                .filter(|u| {
                    u.display_at
                        .is_some_and(|d| u.created_at - d > chrono::Duration::minutes(1))
                })
                .count();
        }
    }
    assert_eq!((incidents, updates), (1_282, 2_801));
    let expected = [
        ("critical", 2),
        ("major", 199),
        ("minor", 1_048),
        ("none", 33),
    ];
    assert_eq!(
        impacts,
        expected
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    );
    // Reference §1.10: 840 imported updates show a display_at before their created_at.
    assert_eq!(backdated, 840);
}

#[test]
fn cloudflare_summary_keeps_maintenance_apart() {
    let (platform, snap) = parse("statuspage/cloudflare-summary-20251118T1151Z.json");
    assert_eq!(platform, Platform::Statuspage);
    assert_eq!(snap.maintenances.len(), 55);
    assert!(
        snap.maintenances
            .iter()
            .all(|m| m.impact == Impact::Maintenance)
    );
    // The capture lists two open incidents: the global-network one and a support-portal one.
    let ids: Vec<&str> = snap.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["8gmgl950y3h7", "swzl0f0hxy68"]);
    assert_eq!(snap.incidents[0].impact, Impact::Critical);
    assert_eq!(snap.incidents[0].components, ["Network"]);
    let components = snap.components.as_ref().expect("summary lists components");
    assert_eq!(components.len(), 461);
    assert_eq!(components.iter().filter(|c| c.group).count(), 8);
    let status = snap.status.expect("page status");
    assert_eq!(
        (status.indicator.as_str(), status.description.as_deref()),
        ("major", Some("Partial System Outage"))
    );
}

#[test]
fn status_json_gives_page_status_only() {
    let (_, snap) = parse("statuspage/github-status-20260817T1348Z.json");
    assert!(snap.incidents.is_empty() && snap.components.is_none());
    assert_eq!(snap.status.map(|s| s.indicator).as_deref(), Some("minor"));
}

#[test]
fn openai_summary_is_incidentio_with_ulids() {
    let (platform, snap) = parse("incidentio/openai-summary-20260929T1829Z.json");
    assert_eq!(platform, Platform::Incidentio);
    assert_eq!(snap.platform, Platform::Incidentio);
    assert_eq!(snap.incidents.len(), 2);
    for incident in &snap.incidents {
        assert_eq!(incident.id.len(), 26, "ULID id {}", incident.id);
        assert_eq!(incident.started_at, None);
        assert_eq!(
            incident.url,
            Some(format!(
                "https://status.openai.com/incidents/{}",
                incident.id
            ))
        );
        assert_eq!(incident.updates.len(), 2);
    }
    assert!(snap.components.as_ref().is_some_and(|c| !c.is_empty()));
}

#[test]
fn gcp_counts_both_schemas() {
    let cases = [
        ("google-cloud/gcp-incidents-20201117T2032Z.json", 146, 502),
        (
            "google-cloud/gcp-incidents-20220703T0611Z-moritalous.json",
            157,
            770,
        ),
        ("google-cloud/gcp-incidents-20250320T1848Z.json", 159, 742),
        ("google-cloud/gcp-incidents-20260820T1942Z.json", 5, 42),
    ];
    for (file, incidents, updates) in cases {
        let (platform, snap) = parse(file);
        assert_eq!(platform, Platform::Gcloud);
        // Filed as Google Cloud, not Workspace (same schema, told apart by product).
        assert_eq!(
            snap.page.url.as_deref(),
            Some("https://status.cloud.google.com"),
            "{file}"
        );
        let total: usize = snap.incidents.iter().map(|i| i.updates.len()).sum();
        assert_eq!(
            (snap.incidents.len(), total),
            (incidents, updates),
            "{file}"
        );
        assert!(
            snap.incidents
                .iter()
                .all(|i| i.stated_start.is_some() && i.started_at.is_none()),
            "{file}"
        );
        assert!(
            snap.incidents.iter().all(|i| !i.components.is_empty()),
            "{file}"
        );
    }
}

#[test]
fn gcp_old_schema_ids_and_open_incident() {
    let (_, snap) = parse("google-cloud/gcp-incidents-20201117T2032Z.json");
    let first = &snap.incidents[0];
    assert_eq!(first.id, "storage/20008");
    assert_eq!(
        first.url.as_deref(),
        Some("https://status.cloud.google.com/incident/storage/20008")
    );
    assert_eq!(
        (first.status.clone(), first.resolved_at),
        (IncidentStatus::Investigating, None)
    );
    assert!(snap.incidents.iter().all(|i| {
        i.id.split_once('/')
            .is_some_and(|(s, n)| !s.is_empty() && n.parse::<u64>().is_ok())
    }));
    // Old schema has severity only: high → major, medium → minor.
    let majors = snap
        .incidents
        .iter()
        .filter(|i| i.impact == Impact::Major)
        .count();
    assert_eq!((majors, snap.incidents.len() - majors), (9, 137));
}

#[test]
fn gcp_current_schema_fields() {
    let (_, snap) = parse("google-cloud/gcp-incidents-20260820T1942Z.json");
    let first = &snap.incidents[0];
    assert_eq!(first.id, "utF3FMFdQfwBzJcGG6vf");
    assert_eq!(first.impact, Impact::Critical);
    assert_eq!(
        first.url.as_deref(),
        Some("https://status.cloud.google.com/incidents/utF3FMFdQfwBzJcGG6vf")
    );
    assert_eq!(
        first.stated_start.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-08-20T15:40:00+00:00")
    );
    assert_eq!(
        first.components.first().map(String::as_str),
        Some("AlloyDB for PostgreSQL")
    );
    assert_eq!(first.updates[0].id, "utF3FMFdQfwBzJcGG6vf/0");
    // GCP's `AVAILABLE` (service back) is the resolving update; other impact codes stay as text.
    assert!(
        first
            .updates
            .iter()
            .any(|u| u.status == IncidentStatus::Resolved)
    );
    assert!(first.updates.iter().any(|u| u.status
        == IncidentStatus::Other("SERVICE_OUTAGE".into())
        || u.status == IncidentStatus::Other("SERVICE_DISRUPTION".into())));
}

/// Hand-written sample in the documented Slack Status API v2.0.0 shape
/// (https://docs.slack.dev/reference/slack-status-api), NOT a capture: there is no
/// Slack fixture. Offsets follow the doc sample (`-07:00`) plus a winter `-08:00`.
const SLACK_HISTORY_SAMPLE: &str = r#"[
  {"id": 546, "date_created": "2018-09-07T18:34:15-07:00", "date_updated": "2018-09-07T19:05:00-07:00",
   "title": "Some users cannot connect", "type": "outage", "status": "resolved",
   "url": "https://status.slack.com/2018-09/7dea1cd14cd0f657", "services": ["Connectivity", "Messaging"],
   "notes": [{"date_created": "2018-09-07T19:05:00-07:00", "body": "Resolved."},
             {"date_created": "2018-09-07T18:34:15-07:00", "body": "Investigating."}]},
  {"id": "547", "date_created": "2018-12-01T22:00:00-08:00", "date_updated": "2018-12-01T23:00:00-08:00",
   "title": "Planned maintenance", "type": "maintenance", "status": "resolved", "services": ["Calls"],
   "notes": [{"date_created": "2018-12-01T22:00:00-08:00", "body": "Starting."}]}
]"#;

#[test]
fn slack_sample_converts_pacific_offsets() {
    let body = SLACK_HISTORY_SAMPLE.as_bytes();
    assert_eq!(detect_platform(body), Some(Platform::Slack));
    let snap = provider_for(Platform::Slack).parse(body).expect("parses");
    assert_eq!((snap.incidents.len(), snap.maintenances.len()), (1, 1));
    let outage = &snap.incidents[0];
    assert_eq!(outage.id, "546");
    assert_eq!(outage.impact, Impact::Major);
    assert_eq!(outage.created_at.to_rfc3339(), "2018-09-08T01:34:15+00:00");
    assert_eq!(
        outage.resolved_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2018-09-08T02:05:00+00:00")
    );
    assert_eq!(outage.components, ["Connectivity", "Messaging"]);
    let notes: Vec<(&str, Option<&str>)> = outage
        .updates
        .iter()
        .map(|u| (u.id.as_str(), u.body.as_deref()))
        .collect();
    assert_eq!(
        notes,
        [
            ("546/0", Some("Investigating.")),
            ("546/1", Some("Resolved."))
        ]
    );
    let maintenance = &snap.maintenances[0];
    assert_eq!(
        (maintenance.id.as_str(), maintenance.created_at.to_rfc3339()),
        ("547", "2018-12-02T06:00:00+00:00".into())
    );

    let current = br#"{"status":"active","date_created":"2018-09-07T18:34:15-07:00","date_updated":"2018-09-07T18:34:15-07:00",
        "active_incidents":[{"id":548,"date_created":"2018-09-07T18:34:15-07:00","type":"incident","status":"active","notes":[]}]}"#;
    assert_eq!(detect_platform(current), Some(Platform::Slack));
    let snap = provider_for(Platform::Slack)
        .parse(current)
        .expect("parses");
    assert_eq!(snap.status.map(|s| s.indicator).as_deref(), Some("active"));
    assert_eq!(
        (
            snap.incidents[0].impact.clone(),
            snap.incidents[0].status.clone()
        ),
        (Impact::Minor, IncidentStatus::Investigating)
    );
}
