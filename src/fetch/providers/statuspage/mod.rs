//! Atlassian Statuspage public API v2 (`/api/v2/*.json`), and the parsing shared with
//! incident.io's Statuspage-compatible API. Every field is optional: compatible APIs
//! omit many of them, and one odd incident must not cost the rest of the payload.

use std::collections::HashSet;

mod wire;

use super::time::{UNKNOWN, check_top, no_incident_readable};
use super::{Backfill, Endpoint, ParseError, Provider, join_url};
use crate::model::{
    Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate, OpenListing,
    PageInfo, PageStatus, Platform, Snapshot, Timestamp,
};
use wire::*;

pub struct Statuspage;

impl Provider for Statuspage {
    fn platform(&self) -> Platform {
        Platform::Statuspage
    }

    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        api_endpoints(base_url)
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        parse_with(Platform::Statuspage, body)
    }

    fn backfill(&self) -> Option<&dyn Backfill> {
        Some(self)
    }
}

impl Backfill for Statuspage {
    fn history_url(&self, base_url: &str, page: u32) -> String {
        join_url(base_url, &format!("history?page={page}"))
    }

    fn parse_history(&self, body: &[u8]) -> Result<Vec<String>, ParseError> {
        let body = check_top(
            body,
            b'{',
            "a JSON object with `months` (a Statuspage history page)",
        )?;
        let history: RawHistory =
            serde_json::from_slice(body).map_err(|e| ParseError::from_json(e, body))?;
        let mut seen = HashSet::new();
        let codes = history
            .months
            .unwrap_or_default()
            .into_iter()
            .flat_map(|month| month.incidents.unwrap_or_default())
            .filter_map(|incident| incident.code)
            .filter(|code| seen.insert(code.clone()))
            .collect();
        Ok(codes)
    }

    fn incident_url(&self, base_url: &str, incident_id: &str) -> String {
        join_url(
            base_url,
            &format!("api/v2/incidents/{}.json", path_segment(incident_id)),
        )
    }
}

/// The endpoints both Statuspage and incident.io serve.
pub(crate) fn api_endpoints(base_url: &str) -> Vec<Endpoint> {
    vec![
        Endpoint {
            name: "summary",
            url: join_url(base_url, "api/v2/summary.json"),
        },
        Endpoint {
            name: "incidents",
            url: join_url(base_url, "api/v2/incidents.json"),
        },
    ]
}

const EXPECTED: &str = "a JSON object with Statuspage keys (page, incidents, incident, components, \
                        scheduled_maintenances, status)";

/// Parse any Statuspage-shaped payload (summary, status, incident list, single incident,
/// history page) for `platform`.
pub(crate) fn parse_with(platform: Platform, body: &[u8]) -> Result<Snapshot, ParseError> {
    let body = check_top(body, b'{', EXPECTED)?;
    let (raw, skipped) = read_payload(body)?;
    if !raw.has_known_key() {
        return Err(ParseError::Shape(format!(
            "expected {EXPECTED}, found an object with none of them"
        )));
    }
    let mut snapshot = Snapshot::empty(platform);
    let page = raw.page.flatten().unwrap_or_default();
    // A summary (components beside an incident array) lists every unresolved incident.
    let is_summary =
        matches!(raw.components, Some(Some(_))) && matches!(raw.incidents, Some(Some(_)));
    if is_summary {
        snapshot.open_listing = Some(OpenListing {
            as_of: page.updated_at,
        });
    }
    snapshot.page = PageInfo {
        id: page.id,
        name: page.name,
        url: page.url,
    };
    let page_url = snapshot.page.url.clone();

    let listed = raw
        .incident
        .flatten()
        .into_iter()
        .chain(raw.incidents.flatten().unwrap_or_default());
    let listed = listed.map(|item| (item, false));
    let maintenances = raw
        .scheduled_maintenances
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .map(|item| (item, true));
    for (item, from_maintenance_list) in listed.chain(maintenances) {
        let Some((incident, is_maintenance)) =
            map_incident(item, page_url.as_deref(), from_maintenance_list)
        else {
            continue;
        };
        if is_maintenance {
            snapshot.maintenances.push(incident);
        } else {
            snapshot.incidents.push(incident);
        }
    }

    snapshot.components = raw
        .components
        .flatten()
        .map(|rows| rows.into_iter().filter_map(map_component).collect());
    snapshot.status = raw.status.flatten().and_then(|status| {
        status.indicator.map(|indicator| PageStatus {
            indicator,
            description: status.description,
        })
    });
    snapshot.skipped = skipped;
    let usable = snapshot.components.is_some() || snapshot.status.is_some();
    no_incident_readable(snapshot, usable)
}

/// Map one incident or maintenance; `None` when it has no id or no usable time.
/// The flag says whether it is a scheduled maintenance.
fn map_incident(
    raw: RawIncident,
    page_url: Option<&str>,
    from_maintenance_list: bool,
) -> Option<(Incident, bool)> {
    let id = raw.id?;
    let updates: Vec<IncidentUpdate> = (raw
        .incident_updates
        .unwrap_or_default()
        .into_iter()
        .enumerate())
    .filter_map(|(index, update)| map_update(update, &id, index))
    .collect();
    let created_at = raw
        .created_at
        .or_else(|| updates.iter().map(|u| u.created_at).min())?;
    let is_maintenance = from_maintenance_list
        || raw.scheduled_for.is_some()
        || raw.impact.as_deref().map(Impact::from_text) == Some(Impact::Maintenance);
    let impact = match raw.impact.as_deref() {
        Some(text) => Impact::from_text(text),
        None if is_maintenance => Impact::Maintenance,
        None => Impact::from_text(UNKNOWN),
    };

    // Group rows are containers; when the incident names no components, the updates'
    // affected_components say which were hit.
    let mut components: Vec<String> = (raw.components.unwrap_or_default().into_iter())
        .filter(|row| !row.is_group())
        .filter_map(|row| row.name)
        .collect();
    let url = raw
        .shortlink
        .or_else(|| page_url.map(|base| join_url(base, &format!("incidents/{id}"))));

    let mut incident = Incident {
        id,
        title: raw.name.clone(),
        first_title: raw.name,
        status: IncidentStatus::from_text(UNKNOWN),
        first_impact: impact.clone(),
        max_impact: impact.clone(),
        impact,
        created_at,
        started_at: raw.started_at,
        first_started_at: raw.started_at,
        stated_start: None,
        start_evidence: None,
        updated_at: raw.updated_at,
        monitoring_at: raw.monitoring_at,
        resolved_at: raw.resolved_at,
        url,
        components: Vec::new(),
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    incident.sort_updates();

    if components.is_empty() {
        for name in incident.updates.iter().flat_map(|u| &u.affected_components) {
            if !components.contains(name) {
                components.push(name.clone());
            }
        }
    }
    incident.components = components;
    let latest = incident.updates.last();
    incident.status = match (raw.status.as_deref(), latest) {
        (Some(text), _) => IncidentStatus::from_text(text),
        (None, Some(update)) => update.status.clone(),
        (None, None) => IncidentStatus::from_text(UNKNOWN),
    };
    incident.updated_at = incident
        .updated_at
        .or_else(|| latest.map(|u| u.updated_at.unwrap_or(u.created_at)));
    incident.monitoring_at = incident
        .monitoring_at
        .or_else(|| first_with_status(&incident.updates, |s| *s == IncidentStatus::Monitoring));
    incident.resolved_at = incident.resolved_at.or_else(|| {
        first_with_status(&incident.updates, |s| {
            matches!(s, IncidentStatus::Resolved | IncidentStatus::Completed)
        })
    });
    Some((incident, is_maintenance))
}

/// `created_at` of the oldest update whose status matches (updates are sorted).
fn first_with_status(
    updates: &[IncidentUpdate],
    wanted: impl Fn(&IncidentStatus) -> bool,
) -> Option<Timestamp> {
    updates
        .iter()
        .find(|u| wanted(&u.status))
        .map(|u| u.created_at)
}

/// An update without a parseable `created_at` is dropped: every metric is timed by it.
fn map_update(raw: RawUpdate, incident_id: &str, index: usize) -> Option<IncidentUpdate> {
    let created_at = raw.created_at?;
    Some(IncidentUpdate {
        id: raw.id.unwrap_or_else(|| format!("{incident_id}/{index}")),
        status: IncidentStatus::from_text(raw.status.as_deref().unwrap_or(UNKNOWN)),
        body: raw.body,
        created_at,
        display_at: raw.display_at,
        updated_at: raw.updated_at,
        affected_components: raw
            .affected_components
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| c.name)
            .collect(),
        promised_by: None,
    })
}

fn map_component(raw: RawComponent) -> Option<Component> {
    let group = raw.is_group();
    let (id, name) = match (raw.id, raw.name) {
        (Some(id), Some(name)) => (id, name),
        (Some(id), None) => (id.clone(), id),
        (None, Some(name)) => (name.clone(), name),
        (None, None) => return None,
    };
    Some(Component {
        id,
        name,
        status: ComponentStatus::from_text(raw.status.as_deref().unwrap_or(UNKNOWN)),
        group,
        updated_at: raw.updated_at,
    })
}

/// Percent-encode an id taken from a payload before putting it in a URL path, so a
/// hostile `code` cannot walk to another path or add a query.
fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallbacks_from_updates() {
        let body = br#"{"page":{"url":"https://x.example/"},"incident":{"id":"abc","impact":"catastrophic",
            "incident_updates":[
              {"id":"u2","status":"resolved","created_at":"2024-01-01T02:00:00Z","affected_components":[{"name":"API"}]},
              {"id":"u1","status":"monitoring","created_at":"2024-01-01T01:00:00-01:00"},
              {"id":"u0","status":"investigating","created_at":"not a time"}]}}"#;
        let snap = Statuspage.parse(body).expect("parses");
        let incident = &snap.incidents[0];
        assert_eq!(incident.updates.len(), 2);
        assert_eq!(
            incident.created_at.to_rfc3339(),
            "2024-01-01T02:00:00+00:00"
        );
        assert_eq!(incident.monitoring_at, Some(incident.created_at));
        assert_eq!(incident.resolved_at, Some(incident.created_at));
        assert_eq!(incident.status, IncidentStatus::Resolved);
        assert_eq!(incident.impact, Impact::Other("catastrophic".into()));
        assert_eq!(incident.components, vec!["API".to_string()]);
        assert_eq!(
            incident.url.as_deref(),
            Some("https://x.example/incidents/abc")
        );
    }

    #[test]
    fn only_a_summary_lists_every_open_incident() {
        let summary =
            br#"{"page":{"updated_at":"2022-04-18T23:56:59.854Z"},"components":[],"incidents":[]}"#;
        let listing = Statuspage.parse(summary).expect("parses").open_listing;
        assert_eq!(
            listing.and_then(|l| l.as_of).map(|t| t.to_rfc3339()),
            Some("2022-04-18T23:56:59.854+00:00".to_string())
        );
        // The incident list holds the newest 50, resolved or not; a null list says nothing.
        for body in [
            &br#"{"page":{},"incidents":[]}"#[..],
            br#"{"page":{},"components":[],"incidents":null}"#,
        ] {
            assert_eq!(Statuspage.parse(body).expect("parses").open_listing, None);
        }
    }

    #[test]
    fn history_codes_and_urls() {
        let body =
            br#"{"months":[{"name":"May","incidents":[{"code":"a1","name":"x"},{"code":"b2"},{"code":"a1"}]},{}]}"#;
        assert_eq!(
            Statuspage.parse_history(body).expect("parses"),
            vec!["a1", "b2"]
        );
        assert!(Statuspage.parse_history(b"{}").expect("parses").is_empty());
        assert_eq!(
            Statuspage.history_url("https://h.example/", 3),
            "https://h.example/history?page=3"
        );
        assert_eq!(
            Statuspage.incident_url("https://h.example", "../x?y"),
            "https://h.example/api/v2/incidents/%2E%2E%2Fx%3Fy.json"
        );
        assert!(matches!(
            Statuspage.parse_history(b"[1]"),
            Err(ParseError::Shape(_))
        ));
    }
}
