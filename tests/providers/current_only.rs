//! status.io, Instatus and Better Stack: "down now" from the real (healthy) captures,
//! and the incident shapes from small payloads CONSTRUCTED after each platform's public
//! documentation, because no real capture with an incident exists (PROVENANCE.md,
//! "Round 2 platforms").

use planb::fetch::providers::detect::detect_platform;
use planb::fetch::providers::provider_for;
use planb::model::{ComponentStatus, Impact, IncidentStatus, Platform, Snapshot};

use super::parse;

fn as_of(snap: &Snapshot) -> Option<Option<String>> {
    snap.open_listing.map(|l| l.as_of.map(|t| t.to_rfc3339()))
}

fn read(platform: Platform, body: &str) -> Snapshot {
    assert_eq!(detect_platform(body.as_bytes()), Some(platform));
    provider_for(platform)
        .parse(body.as_bytes())
        .expect("parses")
}

#[test]
fn statusio_gitlab_capture_is_healthy_with_its_components() {
    let (platform, snap) = parse("statusio/gitlab-statusio-status-20260702-cyanheads.json");
    assert_eq!(platform, Platform::Statusio);
    // Read from the file: 23 `status[]` entries, all status_code 100; overall
    // "Operational", updated 2026-07-01T14:04:32.481Z; no incidents, no maintenance.
    let components = snap.components.as_ref().expect("components");
    assert_eq!(components.len(), 23);
    assert!(
        components
            .iter()
            .all(|c| c.status == ComponentStatus::Operational)
    );
    assert_eq!(components[0].name, "Website");
    let status = snap.status.as_ref().expect("page status");
    assert_eq!(
        (status.indicator.as_str(), status.description.as_deref()),
        ("none", Some("Operational"))
    );
    assert!(snap.incidents.is_empty() && snap.maintenances.is_empty());
    assert_eq!(
        as_of(&snap),
        Some(Some("2026-07-01T14:04:32.481+00:00".into()))
    );
    // The payload names no page: only a pull (which knows the URL) can file it.
    assert_eq!(snap.page.url, None);
}

/// CONSTRUCTED after kb.status.io/developers/public-status-api ("Detailed Example
/// Response"): one incident with two messages (state 100 investigating, 200
/// identified; status 400 partial service disruption) and one active maintenance.
const STATUSIO_INCIDENT: &str = r#"{"result":{
  "status_overall":{"updated":"2021-12-06T16:49:49.455Z","status":"Partial Service Disruption","status_code":400},
  "status":[{"id":"c1","name":"Website","updated":"2021-12-06T16:49:49.455Z","status":"Partial Service Disruption","status_code":400,
             "containers":[{"id":"k1","name":"Virginia","updated":"2021-12-06T16:49:03.891Z","status":"Partial Service Disruption","status_code":400}]}],
  "incidents":[{"_id":"i1","name":"Website errors","datetime_open":"2021-12-06T16:40:00.000Z","status_code":400,
     "messages":[{"_id":"m2","details":"Cause found.","datetime":"2021-12-06T17:05:00.000Z","state":200,"status":400},
                 {"_id":"m1","details":"Investigating errors.","datetime":"2021-12-06T16:40:00.000Z","state":100,"status":300}],
     "components_affected":[{"_id":"c1","name":"Website"}],"containers_affected":[{"_id":"k1","name":"Virginia"}]}],
  "maintenance":{"active":[{"_id":"x1","name":"Database upgrade","datetime_open":"2021-12-01T10:00:00.000Z",
     "datetime_planned_start":"2021-12-06T16:00:00.000Z","datetime_planned_end":"2021-12-06T18:00:00.000Z","messages":[]}],"upcoming":[]}}}"#;

#[test]
fn statusio_constructed_incident_first_post_and_updates() {
    let snap = read(Platform::Statusio, STATUSIO_INCIDENT);
    assert_eq!(
        snap.status.as_ref().map(|s| s.indicator.as_str()),
        Some("major")
    );
    assert_eq!(
        snap.components.as_ref().map(|c| c[0].status.clone()),
        Some(ComponentStatus::PartialOutage)
    );
    let incident = &snap.incidents[0];
    assert_eq!(incident.id, "i1");
    // datetime_open is the first post; status.io states no start.
    assert_eq!(
        incident.created_at.to_rfc3339(),
        "2021-12-06T16:40:00+00:00"
    );
    assert_eq!((incident.stated_start, incident.started_at), (None, None));
    let ids: Vec<&str> = incident.updates.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2"], "oldest first");
    assert_eq!(incident.status, IncidentStatus::Identified);
    assert_eq!(
        (incident.first_impact.clone(), incident.impact.clone()),
        (Impact::Minor, Impact::Major)
    );
    assert_eq!(incident.components, ["Website"]);
    let maintenance = &snap.maintenances[0];
    assert_eq!(
        (maintenance.status.clone(), maintenance.impact.clone()),
        (IncidentStatus::InProgress, Impact::Maintenance)
    );
    assert_eq!(
        as_of(&snap),
        Some(Some("2021-12-06T16:49:49.455+00:00".into()))
    );
}

#[test]
fn instatus_oboard_capture_is_up_without_lists() {
    let (platform, snap) = parse("instatus/oboard-summary-20260703-happyyeachan.json");
    assert_eq!(platform, Platform::Instatus);
    assert_eq!(snap.page.name.as_deref(), Some("Oboard"));
    assert_eq!(
        snap.page.url.as_deref(),
        Some("https://oboard.instatus.com")
    );
    let status = snap.status.as_ref().expect("page status");
    assert_eq!(
        (status.indicator.as_str(), status.description.as_deref()),
        ("none", Some("UP"))
    );
    // `activeIncidents` is absent, which means none are open.
    assert!(snap.incidents.is_empty() && snap.maintenances.is_empty());
    assert_eq!(as_of(&snap), Some(None));
}

/// CONSTRUCTED: the example response of instatus.com/help/api/public-data (a
/// JavaScript date string for `started`, impact MAJOROUTAGE, a maintenance not started).
const INSTATUS_ACTIVE: &str = r#"{"page":{"name":"Instatus","url":"https://instat.us","status":"HASISSUES"},
  "activeIncidents":[{"name":"We're facing an issue with our API","started":"Sat Jun 11 2022 18:55:50 GMT+0000 (Coordinated Universal Time)",
    "status":"INVESTIGATING","impact":"MAJOROUTAGE","url":"https://testing-widget.instatus.com/incident/cl4a8n3070721qtmzvts760c4"}],
  "activeMaintenances":[{"name":"Database maintenance","start":"Sat Jun 11 2022 18:55:54 GMT+0000 (Coordinated Universal Time)",
    "status":"NOTSTARTEDYET","duration":"60","url":"https://testing-widget.instatus.com/maintenance/cl4a8nlv50918qtmzdlw60ivu"}]}"#;

#[test]
fn instatus_constructed_active_incident_claims_no_start_before_its_post() {
    let snap = read(Platform::Instatus, INSTATUS_ACTIVE);
    assert_eq!(
        snap.status.as_ref().map(|s| s.indicator.as_str()),
        Some("critical")
    );
    let incident = &snap.incidents[0];
    assert_eq!(incident.id, "cl4a8n3070721qtmzvts760c4");
    assert_eq!(incident.impact, Impact::Critical);
    assert_eq!(incident.status, IncidentStatus::Investigating);
    // No post time in the summary: the first post falls back to `started`, so no start
    // is claimed before it and time to first communication stays unknown.
    let started = "2022-06-11T18:55:50+00:00";
    assert_eq!(incident.created_at.to_rfc3339(), started);
    assert_eq!(
        incident.started_at.map(|t| t.to_rfc3339()).as_deref(),
        Some(started)
    );
    assert_eq!(incident.stated_start, None);
    let maintenance = &snap.maintenances[0];
    assert_eq!(maintenance.id, "cl4a8nlv50918qtmzdlw60ivu");
    assert_eq!(maintenance.status, IncidentStatus::Scheduled);
    assert_eq!(as_of(&snap), Some(None));
}

#[test]
fn betterstack_drawio_capture_is_operational_with_four_monitors() {
    let (platform, snap) = parse("betterstack/drawio-index-20260703-happyyeachan.json");
    assert_eq!(platform, Platform::Betterstack);
    assert_eq!(snap.page.name.as_deref(), Some("draw.io"));
    assert_eq!(snap.page.url.as_deref(), Some("https://status.draw.io"));
    assert_eq!(
        snap.status.as_ref().map(|s| s.indicator.as_str()),
        Some("none")
    );
    // Read from the file: 4 `status_page_resource` entries in `included`, all operational.
    let components = snap.components.as_ref().expect("resources");
    let names: Vec<&str> = components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "draw.io for Confluence Cloud standard",
            "draw.io for jira cloud standard",
            "api.media.atlassian.com",
            "app.diagrams.net"
        ]
    );
    assert!(
        components
            .iter()
            .all(|c| c.status == ComponentStatus::Operational)
    );
    assert!(snap.incidents.is_empty());
    assert_eq!(
        as_of(&snap),
        Some(Some("2026-07-03T17:15:57.388+00:00".into()))
    );
}

/// CONSTRUCTED after betterstack.com/docs "JSON API status" (index.json layout) and the
/// "Status page reports API response params" / "List all existing status updates"
/// pages (report `starts_at`, `aggregate_state`; update `published_at`,
/// `affected_resources`): one open report with two updates.
const BETTERSTACK_REPORT: &str = r#"{"data":{"id":"165","type":"status_page","attributes":{"company_name":"Example",
    "custom_domain":"status.example.com","aggregate_state":"downtime","updated_at":"2021-12-16T16:35:16.627Z"},
    "relationships":{"status_reports":{"data":[{"id":"12345","type":"status_report"}]}}},
  "included":[
    {"id":"7","type":"status_page_resource","attributes":{"public_name":"API","status":"downtime"}},
    {"id":"12345","type":"status_report","attributes":{"title":"API errors","report_type":"manual",
       "starts_at":"2021-12-16T15:50:00.000Z","ends_at":null,"aggregate_state":"Downtime",
       "affected_resources":[{"status_page_resource_id":"7","status":"downtime"}]},
     "relationships":{"status_updates":{"data":[{"id":"123456","type":"status_update"},{"id":"123457","type":"status_update"}]}}},
    {"id":"123457","type":"status_update","attributes":{"message":"Second status update message",
       "published_at":"2021-12-16T16:35:16.627Z","status_report_id":12345,
       "affected_resources":[{"status_page_resource_id":"7","status":"downtime"}]}},
    {"id":"123456","type":"status_update","attributes":{"message":"First status update message",
       "published_at":"2021-12-16T16:04:09.880Z","status_report_id":12345,
       "affected_resources":[{"status_page_resource_id":"7","status":"degraded"}]}}]}"#;

#[test]
fn betterstack_constructed_report_first_post_and_start() {
    let snap = read(Platform::Betterstack, BETTERSTACK_REPORT);
    assert_eq!(
        snap.status.as_ref().map(|s| s.indicator.as_str()),
        Some("major")
    );
    assert_eq!(
        snap.components.as_ref().map(|c| c[0].status.clone()),
        Some(ComponentStatus::MajorOutage)
    );
    let incident = &snap.incidents[0];
    assert_eq!(incident.id, "12345");
    // The first published update is the first post; starts_at is the platform's start.
    assert_eq!(
        incident.created_at.to_rfc3339(),
        "2021-12-16T16:04:09.880+00:00"
    );
    assert_eq!(
        incident.started_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2021-12-16T15:50:00+00:00")
    );
    assert_eq!(incident.stated_start, None);
    assert_eq!(incident.updates.len(), 2);
    assert_eq!(incident.status, IncidentStatus::Investigating);
    assert_eq!(
        (incident.first_impact.clone(), incident.impact.clone()),
        (Impact::Minor, Impact::Major)
    );
    assert_eq!(
        as_of(&snap),
        Some(Some("2021-12-16T16:35:16.627+00:00".into()))
    );
}
