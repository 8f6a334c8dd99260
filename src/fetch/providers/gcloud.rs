//! Google Cloud Service Health `incidents.json`: a JSON array of incidents, newest
//! first, in two schema generations. Current: `id`, `number` as a string,
//! `most_recent_update`, `status_impact`, `severity`, `affected_products`, `uri`
//! `incidents/<id>`. Old (2020): no `id`, `number` as an integer, `most-recent-update`,
//! `public`, `uri` `/incident/<service>/<number>`, updates without `status`.
//! Google Workspace serves the current schema at
//! `https://www.google.com/appsstatus/dashboard/incidents.json`; its payloads are told
//! apart by their product names and filed under the Workspace dashboard.

use super::time::{UNKNOWN, check_top, no_incident_readable, opt_string, opt_time, read_items};
use super::{Endpoint, ParseError, Provider, join_url};
use crate::model::{
    Impact, Incident, IncidentStatus, IncidentUpdate, PageInfo, Platform, Snapshot, StartEvidence,
    Timestamp,
};

const PAGE_URL: &str = "https://status.cloud.google.com";
/// Google Workspace publishes the same schema at `<this>/incidents.json`.
const WORKSPACE_URL: &str = "https://www.google.com/appsstatus/dashboard";

/// Products only the Workspace dashboard lists; one of them in a payload marks it as
/// Workspace's (the schema is the same, and a saved file has no URL to tell). Products
/// both dashboards list (AppSheet is on Google Cloud's too) must not be here.
const WORKSPACE_PRODUCTS: [&str; 18] = [
    "gmail",
    "google calendar",
    "google chat",
    "google docs",
    "google drive",
    "google forms",
    "google groups",
    "google keep",
    "google meet",
    "google sheets",
    "google sites",
    "google slides",
    "google tasks",
    "google vault",
    "google voice",
    "admin console",
    "classroom",
    "google workspace",
];

pub struct Gcloud;

impl Provider for Gcloud {
    fn platform(&self) -> Platform {
        Platform::Gcloud
    }

    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        vec![Endpoint {
            name: "incidents",
            url: join_url(base_url, "incidents.json"),
        }]
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        let body = check_top(body, b'[', "a JSON array of Google Cloud incidents")?;
        let mut snapshot = Snapshot::empty(Platform::Gcloud);
        // Typed in one go; only when that fails, item by item (an odd incident is skipped).
        let rows: Vec<RawIncident> = match serde_json::from_slice(body) {
            Ok(rows) => rows,
            Err(err) => match serde_json::from_slice::<Vec<serde_json::Value>>(body) {
                Ok(items) => read_items(items, &["id", "number"], &mut snapshot.skipped),
                Err(_) => return Err(ParseError::from_json(err, body)),
            },
        };
        // Workspace's when its link says so, or when most incidents name a Workspace
        // product (one Cloud incident touching a Workspace product must not move a feed).
        let workspace = rows.iter().filter(|r| r.names_workspace()).count();
        let by_link =
            (rows.iter()).any(|r| r.uri.as_deref().is_some_and(|u| u.contains("appsstatus")));
        let (name, page_url) = if by_link || workspace * 2 > rows.len() {
            ("Google Workspace", WORKSPACE_URL)
        } else {
            ("Google Cloud", PAGE_URL)
        };
        snapshot.page = PageInfo {
            id: None,
            name: Some(name.to_string()),
            url: Some(page_url.to_string()),
        };
        snapshot.incidents = rows
            .into_iter()
            .filter_map(|row| map_incident(row, page_url))
            .collect();
        no_incident_readable(snapshot, false)
    }
}

/// The one place GCP's two scales become an `Impact`:
/// - `status_impact` SERVICE_INFORMATION → none (informational, whatever the severity);
/// - SERVICE_OUTAGE with severity high → critical;
/// - otherwise by severity: high → major, medium → minor, low → minor.
///
/// Without a severity: SERVICE_OUTAGE → major, SERVICE_DISRUPTION → minor. The old
/// schema has severity only, so its "high" rows become major, never critical.
/// An unknown severity is kept as `Other`.
/// Update statuses are impact codes; `AVAILABLE` means the service is back: resolved.
fn update_status(status: Option<&str>) -> IncidentStatus {
    match status.map(str::trim) {
        Some(s) if s.eq_ignore_ascii_case("AVAILABLE") => IncidentStatus::Resolved,
        other => IncidentStatus::from_text(other.unwrap_or(UNKNOWN)),
    }
}

fn impact_of(status_impact: Option<&str>, severity: Option<&str>) -> Impact {
    let kind = status_impact.map(|s| s.trim().to_ascii_uppercase());
    let level = severity.map(|s| s.trim().to_ascii_lowercase());
    match (kind.as_deref(), level.as_deref()) {
        (Some("SERVICE_INFORMATION"), _) => Impact::None,
        (Some("SERVICE_OUTAGE"), Some("high")) => Impact::Critical,
        (_, Some("high")) => Impact::Major,
        (_, Some("medium" | "low")) => Impact::Minor,
        (Some("SERVICE_OUTAGE"), None) => Impact::Major,
        (Some("SERVICE_DISRUPTION"), None) => Impact::Minor,
        _ => Impact::from_text(severity.or(status_impact).unwrap_or(UNKNOWN)),
    }
}

/// The incident's link on `page_url`, from its `uri` (`incidents/<id>` on both
/// dashboards; a path that already names the Workspace dashboard is cut to its tail).
fn link(page_url: &str, uri: &str) -> String {
    let uri = uri.trim();
    let tail = uri
        .find("appsstatus/dashboard/")
        .map_or(uri, |at| &uri[at + "appsstatus/dashboard/".len()..]);
    format!("{page_url}/{}", tail.trim_start_matches('/'))
}

/// `None` when the incident has neither an id nor a number, or no usable time.
fn map_incident(raw: RawIncident, page_url: &str) -> Option<Incident> {
    let id = match (raw.id, raw.number) {
        (Some(id), _) => id,
        (None, Some(number)) => match raw.service_key.as_deref() {
            Some(service) => format!("{service}/{number}"),
            None => number,
        },
        (None, None) => return None,
    };

    // Order updates by when they were posted before numbering them.
    let mut timed: Vec<(Timestamp, RawUpdate)> = (raw.updates.unwrap_or_default().into_iter())
        .filter_map(|u| u.created.or(u.when).map(|t| (t, u)))
        .collect();
    timed.sort_by_key(|(time, _)| *time);
    let updates: Vec<IncidentUpdate> = (timed.into_iter().enumerate())
        .map(|(index, (created_at, u))| IncidentUpdate {
            id: format!("{id}/{index}"),
            status: update_status(u.status.as_deref()),
            body: u.text,
            created_at,
            display_at: u.when,
            updated_at: u.modified,
            affected_components: Vec::new(),
            promised_by: None,
        })
        .collect();

    let created_at = raw
        .created
        .or_else(|| updates.first().map(|u| u.created_at))?;
    let impact = impact_of(raw.status_impact.as_deref(), raw.severity.as_deref());
    let mut components: Vec<String> = raw
        .affected_products
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.title)
        .collect();
    if components.is_empty() {
        components.extend(raw.service_name);
    }
    let url = raw.uri.map(|uri| link(page_url, &uri));
    let status = if raw.end.is_some() {
        IncidentStatus::Resolved
    } else {
        IncidentStatus::Investigating
    };

    let mut incident = Incident {
        id,
        title: raw.external_desc.clone(),
        first_title: raw.external_desc,
        status,
        first_impact: impact.clone(),
        max_impact: impact.clone(),
        impact,
        created_at,
        started_at: None,
        first_started_at: None,
        stated_start: raw.begin,
        start_evidence: raw.begin.map(|_| StartEvidence::field("begin")),
        updated_at: raw.modified,
        monitoring_at: None,
        resolved_at: raw.end,
        url,
        components,
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    incident.sort_updates();
    Some(incident)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawIncident {
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    /// A string in the current schema, an integer in the old one.
    #[serde(deserialize_with = "opt_string")]
    number: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    begin: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    created: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    end: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    modified: Option<Timestamp>,
    #[serde(deserialize_with = "opt_string")]
    external_desc: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    status_impact: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    severity: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    service_key: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    service_name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    uri: Option<String>,
    affected_products: Option<Vec<RawProduct>>,
    updates: Option<Vec<RawUpdate>>,
}

impl RawIncident {
    fn names_workspace(&self) -> bool {
        (self.affected_products.iter().flatten())
            .filter_map(|p| p.title.as_deref())
            .chain(self.service_name.as_deref())
            .map(|n| n.trim().to_ascii_lowercase())
            .any(|n| WORKSPACE_PRODUCTS.contains(&n.as_str()))
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawProduct {
    #[serde(deserialize_with = "opt_string")]
    title: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawUpdate {
    #[serde(deserialize_with = "opt_time")]
    created: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    modified: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    when: Option<Timestamp>,
    #[serde(deserialize_with = "opt_string")]
    text: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    status: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_mapping() {
        assert_eq!(
            impact_of(Some("SERVICE_OUTAGE"), Some("high")),
            Impact::Critical
        );
        assert_eq!(
            impact_of(Some("SERVICE_DISRUPTION"), Some("medium")),
            Impact::Minor
        );
        assert_eq!(
            impact_of(Some("SERVICE_INFORMATION"), Some("high")),
            Impact::None
        );
        assert_eq!(impact_of(None, Some("high")), Impact::Major);
        assert_eq!(
            impact_of(None, Some("severe")),
            Impact::Other("severe".into())
        );
    }

    #[test]
    fn workspace_payload_is_filed_under_its_dashboard() {
        // CONSTRUCTED: one incident in the current Google Cloud schema (as in
        // tests/fixtures/google-cloud) naming a Workspace product; the Workspace
        // dashboard publishes incidents.json in that schema. No Workspace capture exists.
        let body = br#"[{"id":"wsExample01","number":"1","begin":"2026-01-24T10:00:00+00:00",
            "created":"2026-01-24T10:30:00+00:00","end":null,"external_desc":"Mail delivery delayed",
            "severity":"medium","status_impact":"SERVICE_DISRUPTION","uri":"incidents/wsExample01",
            "affected_products":[{"title":"Gmail","id":"x"}],"updates":[]}]"#;
        let snap = Gcloud.parse(body).expect("parses");
        assert_eq!(snap.page.url.as_deref(), Some(WORKSPACE_URL));
        assert_eq!(
            snap.incidents[0].url.as_deref(),
            Some("https://www.google.com/appsstatus/dashboard/incidents/wsExample01")
        );
        assert_eq!(
            Gcloud.endpoints("https://www.google.com/appsstatus/dashboard/")[0].url,
            "https://www.google.com/appsstatus/dashboard/incidents.json"
        );
        assert_eq!(
            link(WORKSPACE_URL, "/appsstatus/dashboard/incidents/abc"),
            "https://www.google.com/appsstatus/dashboard/incidents/abc"
        );
    }

    #[test]
    fn old_schema_ids_and_update_order() {
        let body = br#"[{"number":20008,"service_key":"storage","uri":"/incident/storage/20008",
            "created":"2020-11-17T20:19:31Z","end":null,"severity":"medium","updates":[
            {"created":"2020-11-17T21:00:00Z","text":"later"},{"created":"2020-11-17T20:19:31Z","text":"first"}]}]"#;
        let snap = Gcloud.parse(body).expect("parses");
        let incident = &snap.incidents[0];
        assert_eq!(incident.id, "storage/20008");
        assert_eq!(incident.status, IncidentStatus::Investigating);
        assert_eq!(
            incident.url.as_deref(),
            Some("https://status.cloud.google.com/incident/storage/20008")
        );
        assert_eq!(incident.updates[0].id, "storage/20008/0");
        assert_eq!(incident.updates[0].body.as_deref(), Some("first"));
    }
}
