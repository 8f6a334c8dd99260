//! Salesforce Trust status API (`https://api.status.salesforce.com/v1/incidents` and
//! `/v1/maintenances`, optionally `?instance=EU48`): JSON arrays, or one object for a
//! single record.
//!
//! An incident's `createdAt` is its first publication; `IncidentImpacts[].startTime` /
//! `endTime` are the vendor-stated impact window, and the impact statement (`text`,
//! entered at `startTimeCreatedAt`) and its end (`endTimeCreatedAt`) are posts, as are
//! the `IncidentEvents[]`: together they are the updates.
//! There is no status field: an incident is resolved when it has impacts and every one
//! has an `endTime`. Maintenances (`MaintenanceImpacts`, `plannedStartTime`) are kept
//! as maintenances, never as incidents. The list keeps only recent records, so it is
//! not a listing of what is open.

use serde_json::Value;

use super::lenient::{json_value, lenient_vec};
use super::time::{UNKNOWN, kind_of, opt_string, opt_time};
use super::{Endpoint, ParseError, Provider, join_url};
use crate::model::{
    Impact, Incident, IncidentStatus, IncidentUpdate, PageInfo, Platform, Snapshot, StartEvidence,
    Timestamp,
};

const PAGE_URL: &str = "https://status.salesforce.com";
const API_URL: &str = "https://api.status.salesforce.com";

pub struct Salesforce;

impl Provider for Salesforce {
    fn platform(&self) -> Platform {
        Platform::Salesforce
    }

    /// `base_url` is the Trust site or its API host; a `?instance=…` query is kept on
    /// both endpoints (the per-instance lists are what a customer on that pod sees).
    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        let (base, query) = match base_url.split_once('?') {
            Some((base, query)) => (base, format!("?{query}")),
            None => (base_url, String::new()),
        };
        let base = base.trim_end_matches('/');
        let base = ["/v1/incidents", "/v1/maintenances"]
            .iter()
            .find_map(|suffix| base.strip_suffix(suffix))
            .unwrap_or(base);
        let root = if base.eq_ignore_ascii_case(PAGE_URL) {
            API_URL
        } else {
            base
        };
        [
            ("incidents", "v1/incidents"),
            ("maintenances", "v1/maintenances"),
        ]
        .into_iter()
        .map(|(name, path)| Endpoint {
            name,
            url: format!("{}{query}", join_url(root, path)),
        })
        .collect()
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let rows = match json_value(body)? {
            Value::Array(rows) => rows,
            Value::Object(map) if is_record(&map) => vec![Value::Object(map)],
            other => {
                return Err(ParseError::Shape(format!(
                    "expected a JSON array of Salesforce Trust incidents or maintenances, found {}",
                    kind_of(&other)
                )));
            }
        };
        let mut snapshot = Snapshot::empty(Platform::Salesforce);
        snapshot.page = PageInfo {
            id: None,
            name: Some("Salesforce Trust".to_string()),
            url: Some(PAGE_URL.to_string()),
        };
        for row in rows {
            let is_maintenance = row
                .as_object()
                .is_some_and(|map| MAINTENANCE_KEYS.iter().any(|k| map.contains_key(*k)));
            let Ok(raw) = serde_json::from_value::<RawRecord>(row) else {
                continue; // one odd record must not cost the rest
            };
            if is_maintenance {
                snapshot.maintenances.extend(map_maintenance(raw));
            } else {
                snapshot.incidents.extend(map_incident(raw));
            }
        }
        Ok(snapshot)
    }
}

/// Keys that mark a Trust incident or maintenance object.
pub const RECORD_KEYS: [&str; 5] = [
    "IncidentImpacts",
    "IncidentEvents",
    "MaintenanceImpacts",
    "MaintenanceEvents",
    "plannedStartTime",
];

/// Keys only a maintenance has.
const MAINTENANCE_KEYS: [&str; 3] = [
    "MaintenanceImpacts",
    "MaintenanceEvents",
    "plannedStartTime",
];

pub fn is_record(map: &serde_json::Map<String, Value>) -> bool {
    RECORD_KEYS.iter().any(|key| map.contains_key(*key))
}

/// The worst stated severity; the API's values (`minor`, `major`, …) are planb's words.
fn impact_of(impacts: &[RawImpact]) -> Impact {
    impacts
        .iter()
        .filter_map(|i| i.severity.as_deref())
        .map(Impact::from_text)
        .reduce(|a, b| Impact::worst(&a, &b))
        .unwrap_or_else(|| Impact::from_text(UNKNOWN))
}

/// Whether every impact has ended (`false` without impacts: nothing says it is over).
fn all_ended(impacts: &[RawImpact]) -> bool {
    !impacts.is_empty() && impacts.iter().all(|i| i.end_time.is_some())
}

fn events(record_id: &str, events: Vec<RawEvent>) -> Vec<IncidentUpdate> {
    (events.into_iter().enumerate())
        .filter_map(|(index, event)| {
            Some(IncidentUpdate {
                id: event.id.map_or_else(
                    || format!("{record_id}/{index}"),
                    |id| format!("{record_id}/{id}"),
                ),
                status: IncidentStatus::from_text(event.kind.as_deref().unwrap_or(UNKNOWN)),
                body: event.message,
                created_at: event.created_at?,
                display_at: None,
                updated_at: event.updated_at,
                affected_components: Vec::new(),
                promised_by: None,
            })
        })
        .collect()
}

/// Instances (pods) first, then services: the instance is what a customer is on.
fn components(raw: &RawRecord) -> Vec<String> {
    let mut names: Vec<String> = raw
        .instance_keys
        .iter()
        .chain(&raw.service_keys)
        .filter_map(|k| k.0.clone())
        .filter(|k| !k.trim().is_empty())
        .collect();
    names.dedup();
    names
}

/// The posts an impact makes: its statement when its start was entered (the incident's
/// first publication: Trust shows it from `createdAt`, while the first event can come a
/// day later) and, once entered, its end. Both are public posts with their own entry
/// times, so they are updates like the events.
fn impact_posts(
    record_id: &str,
    impacts: &[RawImpact],
    created_at: Option<Timestamp>,
) -> Vec<IncidentUpdate> {
    let post = |id: String, status: &str, body: Option<String>, at: Timestamp| IncidentUpdate {
        id,
        status: IncidentStatus::from_text(status),
        body,
        created_at: at,
        display_at: None,
        updated_at: None,
        affected_components: Vec::new(),
        promised_by: None,
    };
    let mut posts = Vec::new();
    for (index, impact) in impacts.iter().enumerate() {
        let key = impact.id.0.clone().unwrap_or_else(|| index.to_string());
        if let Some(at) = impact
            .start_time_created_at
            .or(impact.created_at)
            .or(created_at)
        {
            let id = format!("{record_id}/impact-{key}");
            posts.push(post(id, UNKNOWN, impact.text.clone(), at));
        }
        if let (Some(_), Some(at)) = (impact.end_time, impact.end_time_created_at) {
            posts.push(post(
                format!("{record_id}/impact-{key}-end"),
                "resolved",
                None,
                at,
            ));
        }
    }
    posts
}

/// `None` without an id or a usable time.
fn map_incident(raw: RawRecord) -> Option<Incident> {
    let id = raw.id.clone()?;
    let components = components(&raw);
    let impacts = raw.incident_impacts;
    let mut updates = impact_posts(&id, &impacts, raw.created_at);
    updates.extend(events(&id, raw.incident_events));
    let created_at = raw
        .created_at
        .or_else(|| updates.iter().map(|u| u.created_at).min())?;
    let resolved = all_ended(&impacts);
    let impact = impact_of(&impacts);
    // Salesforce writes no title; the first impact's label (localized) or type stands in.
    let title = impacts
        .iter()
        .find_map(|i| i.label.clone().or_else(|| i.kind.clone()));
    let mut incident = Incident {
        id: id.clone(),
        title: title.clone(),
        first_title: title,
        status: match (resolved, impacts.is_empty()) {
            (true, _) => IncidentStatus::Resolved,
            (false, false) => IncidentStatus::Investigating,
            (false, true) => IncidentStatus::from_text(UNKNOWN),
        },
        first_impact: impact.clone(),
        max_impact: impact.clone(),
        impact,
        created_at,
        started_at: None,
        first_started_at: None,
        stated_start: impacts.iter().filter_map(|i| i.start_time).min(),
        start_evidence: (impacts.iter().any(|i| i.start_time.is_some()))
            .then(|| StartEvidence::field("IncidentImpacts.startTime")),
        updated_at: raw.updated_at,
        monitoring_at: None,
        resolved_at: if resolved {
            impacts.iter().filter_map(|i| i.end_time).max()
        } else {
            None
        },
        url: Some(format!("{PAGE_URL}/incidents/{id}")),
        components,
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    incident.sort_updates();
    Some(incident)
}

/// `None` without an id or a post time.
fn map_maintenance(raw: RawRecord) -> Option<Incident> {
    let id = raw.id.clone()?;
    let components = components(&raw);
    let updates = events(&id, raw.maintenance_events);
    let impacts = raw.maintenance_impacts;
    let created_at = raw
        .created_at
        .or_else(|| updates.iter().map(|u| u.created_at).min())?;
    let done = all_ended(&impacts);
    let mut maintenance = Incident {
        id: id.clone(),
        title: raw.name.clone(),
        first_title: raw.name,
        status: if done {
            IncidentStatus::Completed
        } else {
            IncidentStatus::Scheduled
        },
        impact: Impact::Maintenance,
        first_impact: Impact::Maintenance,
        max_impact: Impact::Maintenance,
        created_at,
        started_at: impacts
            .iter()
            .filter_map(|i| i.start_time)
            .min()
            .or(raw.planned_start_time),
        first_started_at: None,
        stated_start: None,
        start_evidence: None,
        updated_at: raw.updated_at,
        monitoring_at: None,
        resolved_at: if done {
            impacts.iter().filter_map(|i| i.end_time).max()
        } else {
            None
        },
        url: Some(format!("{PAGE_URL}/maintenances/{id}")),
        components,
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    maintenance.sort_updates();
    Some(maintenance)
}

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawRecord {
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    name: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    created_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    updated_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    planned_start_time: Option<Timestamp>,
    #[serde(rename = "IncidentImpacts", deserialize_with = "lenient_vec")]
    incident_impacts: Vec<RawImpact>,
    #[serde(rename = "IncidentEvents", deserialize_with = "lenient_vec")]
    incident_events: Vec<RawEvent>,
    #[serde(rename = "MaintenanceImpacts", deserialize_with = "lenient_vec")]
    maintenance_impacts: Vec<RawImpact>,
    #[serde(rename = "MaintenanceEvents", deserialize_with = "lenient_vec")]
    maintenance_events: Vec<RawEvent>,
    #[serde(deserialize_with = "lenient_vec")]
    instance_keys: Vec<super::time::Loose>,
    #[serde(deserialize_with = "lenient_vec")]
    service_keys: Vec<super::time::Loose>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawImpact {
    id: super::time::Loose,
    #[serde(deserialize_with = "opt_time")]
    start_time: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    created_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    start_time_created_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    end_time_created_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_string")]
    text: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    end_time: Option<Timestamp>,
    #[serde(deserialize_with = "opt_string")]
    severity: Option<String>,
    #[serde(rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    label: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawEvent {
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    message: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    created_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    updated_at: Option<Timestamp>,
}

#[cfg(test)]
#[path = "salesforce_tests.rs"]
mod tests;
