//! status.io public status API (`https://api.status.io/1.0/status/<page id>`, also
//! served on hosted pages, e.g. GitLab's `status-api.hostedstatus.com`): the current
//! state only. `result.status_overall` is the page status, `result.status[]` the
//! components (with their `containers[]`), `result.incidents[]` the open incidents and
//! `result.maintenance.{active,upcoming}[]` the maintenances; resolved items drop out.
//!
//! Incident timing (kb.status.io "Public Status API"): `datetime_open` is the first
//! post, `messages[]{details, datetime, state, status}` are the updates; there is no
//! stated start. Status codes: 100 operational, 200 planned maintenance, 300 degraded
//! performance, 400 partial service disruption, 500 service disruption, 600 security
//! event. Message states: 100 investigating, 200 identified, 300 monitoring.

use serde_json::Value;

use super::lenient::{json_value, lenient_opt, lenient_vec};
use super::time::{Loose, UNKNOWN, kind_of, opt_string, opt_time};
use super::{Endpoint, ParseError, Provider};
use crate::model::{
    Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate, OpenListing,
    PageInfo, PageStatus, Platform, Snapshot, Timestamp,
};

pub struct Statusio;

impl Provider for Statusio {
    fn platform(&self) -> Platform {
        Platform::Statusio
    }

    /// status.io pages are read by page id: `base_url` is the status API URL itself
    /// (`https://api.status.io/1.0/status/<page id>`).
    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        vec![Endpoint {
            name: "status",
            url: base_url.trim_end_matches('/').to_string(),
        }]
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let value = json_value(body)?;
        let Some(result) = value.get("result").filter(|r| r.is_object()) else {
            return Err(ParseError::Shape(format!(
                "expected a status.io status object (`result` with `status_overall`), found {}",
                kind_of(&value)
            )));
        };
        let raw: RawResult = serde_json::from_value(result.clone()).unwrap_or_default();
        let mut snapshot = Snapshot::empty(Platform::Statusio);
        // The payload names no page: a pull files it under the inventory's URL.
        snapshot.page = PageInfo::default();
        snapshot.status = raw.status_overall.as_ref().map(|overall| PageStatus {
            indicator: indicator(overall.status_code.0.as_deref()),
            description: overall.status.clone(),
        });
        snapshot.components = Some(raw.status.iter().filter_map(map_component).collect());

        let listed = raw.incidents.len();
        snapshot.incidents = raw.incidents.into_iter().filter_map(map_incident).collect();
        let maintenance = raw.maintenance.unwrap_or_default();
        let maintenances = (maintenance.active.into_iter().map(|m| (m, true)))
            .chain(maintenance.upcoming.into_iter().map(|m| (m, false)));
        snapshot.maintenances = maintenances
            .filter_map(|(m, active)| map_maintenance(m, active))
            .collect();
        if snapshot.incidents.len() == listed {
            snapshot.open_listing = Some(OpenListing {
                as_of: raw.status_overall.and_then(|o| o.updated),
            });
        }
        Ok(snapshot)
    }
}

fn code(text: Option<&str>) -> Option<u32> {
    text.and_then(|t| t.trim().parse().ok())
}

/// The page indicator in Statuspage's words, from the overall status code.
fn indicator(status_code: Option<&str>) -> String {
    match code(status_code) {
        Some(100) => "none".into(),
        Some(200) => "maintenance".into(),
        Some(300) => "minor".into(),
        Some(400) => "major".into(),
        Some(500) => "critical".into(),
        _ => status_code.unwrap_or(UNKNOWN).to_string(),
    }
}

/// Impact of a status code: degraded → minor, partial disruption → major, full
/// disruption → critical; a security event is kept by name.
fn impact_of(status_code: Option<&str>) -> Option<Impact> {
    Some(match code(status_code)? {
        100 => Impact::None,
        200 => Impact::Maintenance,
        300 => Impact::Minor,
        400 => Impact::Major,
        500 => Impact::Critical,
        600 => Impact::from_text("security event"),
        other => Impact::from_text(&other.to_string()),
    })
}

fn component_status(status_code: Option<&str>) -> ComponentStatus {
    match code(status_code) {
        Some(100) => ComponentStatus::Operational,
        Some(200) => ComponentStatus::UnderMaintenance,
        Some(300) => ComponentStatus::DegradedPerformance,
        Some(400) => ComponentStatus::PartialOutage,
        Some(500) => ComponentStatus::MajorOutage,
        _ => ComponentStatus::from_text(status_code.unwrap_or(UNKNOWN)),
    }
}

fn message_state(state: Option<&str>) -> IncidentStatus {
    match code(state) {
        Some(100) => IncidentStatus::Investigating,
        Some(200) => IncidentStatus::Identified,
        Some(300) => IncidentStatus::Monitoring,
        _ => IncidentStatus::from_text(state.unwrap_or(UNKNOWN)),
    }
}

fn map_component(raw: &RawComponent) -> Option<Component> {
    let name = raw.name.clone().or_else(|| raw.id.clone())?;
    Some(Component {
        id: raw.id.clone().unwrap_or_else(|| name.clone()),
        name,
        status: component_status(raw.status_code.0.as_deref()),
        group: false,
        updated_at: raw.updated,
    })
}

fn messages(item_id: &str, messages: Vec<RawMessage>) -> Vec<IncidentUpdate> {
    (messages.into_iter().enumerate())
        .filter_map(|(index, m)| {
            Some(IncidentUpdate {
                id: m.id.clone().unwrap_or_else(|| format!("{item_id}/{index}")),
                status: message_state(m.state.0.as_deref()),
                body: m.details,
                created_at: m.datetime?,
                display_at: None,
                updated_at: None,
                affected_components: Vec::new(),
                promised_by: None,
            })
        })
        .collect()
}

fn map_incident(mut raw: RawItem) -> Option<Incident> {
    let id = raw.id.clone()?;
    // Oldest first, so the first code read is the first impact.
    raw.messages.sort_by_key(|m| m.datetime);
    let codes: Vec<Option<Impact>> = raw
        .messages
        .iter()
        .filter(|m| m.datetime.is_some())
        .map(|m| impact_of(m.status.0.as_deref()))
        .collect();
    let updates = messages(&id, raw.messages);
    let created_at = raw
        .datetime_open
        .or_else(|| updates.first().map(|u| u.created_at))?;
    let seen: Vec<Impact> = codes.into_iter().flatten().collect();
    let impact = impact_of(raw.status_code.0.as_deref())
        .or_else(|| seen.last().cloned())
        .unwrap_or_else(|| Impact::from_text(UNKNOWN));
    let mut incident = Incident {
        id,
        title: raw.name.clone(),
        first_title: raw.name,
        status: updates
            .last()
            .map_or(IncidentStatus::Investigating, |u| u.status.clone()),
        first_impact: seen.first().cloned().unwrap_or_else(|| impact.clone()),
        max_impact: seen
            .iter()
            .fold(impact.clone(), |a, b| Impact::worst(&a, b)),
        impact,
        created_at,
        started_at: None,
        first_started_at: None,
        stated_start: None,
        start_evidence: None,
        updated_at: updates.last().map(|u| u.created_at),
        monitoring_at: (updates.iter())
            .find(|u| u.status == IncidentStatus::Monitoring)
            .map(|u| u.created_at),
        resolved_at: None,
        url: None,
        components: names(&raw.components_affected),
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    incident.sort_updates();
    Some(incident)
}

/// `active` maintenances are in progress, the others upcoming.
fn map_maintenance(raw: RawItem, active: bool) -> Option<Incident> {
    let id = raw.id.clone()?;
    let updates = messages(&id, raw.messages);
    let created_at = raw
        .datetime_open
        .or_else(|| updates.iter().map(|u| u.created_at).min())?;
    let mut maintenance = Incident {
        id,
        title: raw.name.clone(),
        first_title: raw.name,
        status: if active {
            IncidentStatus::InProgress
        } else {
            IncidentStatus::Scheduled
        },
        impact: Impact::Maintenance,
        first_impact: Impact::Maintenance,
        max_impact: Impact::Maintenance,
        created_at,
        started_at: raw.datetime_planned_start,
        first_started_at: None,
        stated_start: None,
        start_evidence: None,
        updated_at: updates.iter().map(|u| u.created_at).max(),
        monitoring_at: None,
        resolved_at: None,
        url: None,
        components: names(&raw.components_affected),
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    maintenance.sort_updates();
    Some(maintenance)
}

fn names(rows: &[RawNamed]) -> Vec<String> {
    rows.iter().filter_map(|r| r.name.clone()).collect()
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawResult {
    #[serde(deserialize_with = "lenient_opt")]
    status_overall: Option<RawOverall>,
    #[serde(deserialize_with = "lenient_vec")]
    status: Vec<RawComponent>,
    #[serde(deserialize_with = "lenient_vec")]
    incidents: Vec<RawItem>,
    #[serde(deserialize_with = "lenient_opt")]
    maintenance: Option<RawMaintenance>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawOverall {
    #[serde(deserialize_with = "opt_time")]
    updated: Option<Timestamp>,
    #[serde(deserialize_with = "opt_string")]
    status: Option<String>,
    status_code: Loose,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawComponent {
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    name: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    updated: Option<Timestamp>,
    status_code: Loose,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawMaintenance {
    #[serde(deserialize_with = "lenient_vec")]
    active: Vec<RawItem>,
    #[serde(deserialize_with = "lenient_vec")]
    upcoming: Vec<RawItem>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawItem {
    #[serde(alias = "_id", deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    name: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    datetime_open: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    datetime_planned_start: Option<Timestamp>,
    status_code: Loose,
    #[serde(deserialize_with = "lenient_vec")]
    messages: Vec<RawMessage>,
    #[serde(deserialize_with = "lenient_vec")]
    components_affected: Vec<RawNamed>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawMessage {
    #[serde(alias = "_id", deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    details: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    datetime: Option<Timestamp>,
    state: Loose,
    status: Loose,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawNamed {
    #[serde(deserialize_with = "opt_string")]
    name: Option<String>,
}

/// Whether a JSON object is a status.io status payload (for content detection).
pub fn looks_like(value: &Value) -> bool {
    value
        .get("result")
        .is_some_and(|r| r.get("status_overall").is_some())
}
