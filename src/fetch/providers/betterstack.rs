//! Better Stack status pages, `<page>/index.json` (betterstack.com/docs "JSON API
//! status"): a JSON:API document. `data.attributes` carries the page (`company_name`,
//! `custom_domain`, `aggregate_state`, `updated_at`); `included[]` holds the sections,
//! the resources (monitors, each with its current `status`) and, while they are shown,
//! the status reports and their status updates.
//!
//! Timing (docs "Status page reports API response params" and "status updates"): a
//! report's `starts_at` is set by its author (it defaults to the creation time) and is
//! the platform's own start field; `ends_at` often stays empty on resolved reports, so
//! the report's `aggregate_state` decides whether it is over. Updates carry
//! `published_at` (the first can be backdated by the author) and the resource statuses
//! they set; the first `published_at` is the first post.

use serde_json::Value;

use super::lenient::{json_value, lenient_vec};
use super::time::{Loose, UNKNOWN, kind_of, opt_string, opt_time};
use super::{Endpoint, ParseError, Provider, join_url};
use crate::model::{
    Component, ComponentStatus, Impact, Incident, IncidentStatus, IncidentUpdate, OpenListing,
    PageInfo, PageStatus, Platform, Snapshot, Timestamp,
};

pub struct Betterstack;

impl Provider for Betterstack {
    fn platform(&self) -> Platform {
        Platform::Betterstack
    }

    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        let base = base_url.trim_end_matches('/');
        let base = base.strip_suffix("/index.json").unwrap_or(base);
        vec![Endpoint {
            name: "index",
            url: join_url(base, "index.json"),
        }]
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let value = json_value(body)?;
        if !looks_like(&value) {
            return Err(ParseError::Shape(format!(
                "expected a Better Stack index.json (JSON:API `data` of type status_page), found {}",
                kind_of(&value)
            )));
        }
        let raw: RawDocument = serde_json::from_value(value).unwrap_or_default();
        let page = raw.data.attributes;
        let mut snapshot = Snapshot::empty(Platform::Betterstack);
        snapshot.page = PageInfo {
            id: raw.data.id,
            name: page.company_name,
            url: page
                .custom_domain
                .map(|d| format!("https://{}", d.trim_end_matches('/'))),
        };
        snapshot.status = page.aggregate_state.map(|state| PageStatus {
            indicator: indicator(&state),
            description: Some(state),
        });

        let mut updates: Vec<RawResource> = Vec::new();
        let mut reports = Vec::new();
        let mut components = Vec::new();
        for item in raw.included {
            match item.kind.as_deref() {
                Some("status_page_resource") => components.extend(map_component(item)),
                Some("status_report") => reports.push(item),
                Some("status_update") => updates.push(item),
                _ => {}
            }
        }
        snapshot.components = Some(components);
        let listed = reports.len();
        for report in reports {
            // An update names its report, or the report lists its updates (JSON:API).
            let linked = report.linked_updates();
            let (own, rest): (Vec<RawResource>, Vec<RawResource>) =
                updates.into_iter().partition(|u| {
                    u.attributes.status_report_id.0.is_some()
                        && u.attributes.status_report_id.0 == report.id
                        || u.id.as_ref().is_some_and(|id| linked.contains(id))
                });
            updates = rest;
            let Some((incident, maintenance)) = map_report(report, own) else {
                continue;
            };
            if maintenance {
                snapshot.maintenances.push(incident);
            } else {
                snapshot.incidents.push(incident);
            }
        }
        if snapshot.incidents.len() + snapshot.maintenances.len() == listed {
            snapshot.open_listing = Some(OpenListing {
                as_of: page.updated_at,
            });
        }
        Ok(snapshot)
    }
}

/// Whether a JSON value is a Better Stack index.json (for content detection).
pub fn looks_like(value: &Value) -> bool {
    value
        .get("data")
        .and_then(|d| d.get("type"))
        .and_then(Value::as_str)
        == Some("status_page")
}

/// The page indicator in Statuspage's words.
fn indicator(state: &str) -> String {
    match state.trim().to_ascii_lowercase().as_str() {
        "operational" => "none".into(),
        "degraded" => "minor".into(),
        "downtime" => "major".into(),
        other => other.to_string(),
    }
}

/// Resource states as impacts. Better Stack has one level above "degraded" and does not
/// tell a partial from a full outage, so "downtime" is `major`, never `critical`.
fn impact_of(state: &str) -> Option<Impact> {
    match state.trim().to_ascii_lowercase().as_str() {
        "operational" | "not_monitored" | "" => None,
        "degraded" => Some(Impact::Minor),
        "downtime" => Some(Impact::Major),
        "maintenance" => Some(Impact::Maintenance),
        other => Some(Impact::from_text(other)),
    }
}

fn component_status(state: Option<&str>) -> ComponentStatus {
    match state.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("operational") => ComponentStatus::Operational,
        Some("degraded") => ComponentStatus::DegradedPerformance,
        Some("downtime") => ComponentStatus::MajorOutage,
        Some("maintenance") => ComponentStatus::UnderMaintenance,
        other => ComponentStatus::from_text(other.unwrap_or(UNKNOWN)),
    }
}

fn map_component(item: RawResource) -> Option<Component> {
    let id = item.id?;
    Some(Component {
        name: item.attributes.public_name.unwrap_or_else(|| id.clone()),
        id,
        status: component_status(item.attributes.status.as_deref()),
        group: false,
        updated_at: None,
    })
}

/// Worst impact among the resource statuses an update or report sets.
fn worst(affected: &[RawAffected]) -> Option<Impact> {
    affected
        .iter()
        .filter_map(|a| impact_of(a.status.as_deref().unwrap_or("")))
        .reduce(|a, b| Impact::worst(&a, &b))
}

/// A report and its updates; the flag marks a maintenance. `None` without an id or time.
fn map_report(report: RawResource, raw_updates: Vec<RawResource>) -> Option<(Incident, bool)> {
    let id = report.id?;
    let attributes = report.attributes;
    let maintenance = attributes.report_type.as_deref() == Some("maintenance");
    let mut timed: Vec<(Timestamp, RawResource)> = raw_updates
        .into_iter()
        .filter_map(|u| u.attributes.published_at.map(|t| (t, u)))
        .collect();
    timed.sort_by_key(|(t, _)| *t);
    let impacts: Vec<Impact> = timed
        .iter()
        .filter_map(|(_, u)| worst(&u.attributes.affected_resources))
        .collect();
    let updates: Vec<IncidentUpdate> = (timed.into_iter().enumerate())
        .map(|(index, (created_at, u))| IncidentUpdate {
            id: u.id.unwrap_or_else(|| format!("{id}/{index}")),
            status: IncidentStatus::from_text(UNKNOWN),
            body: u.attributes.message,
            created_at,
            display_at: None,
            updated_at: None,
            affected_components: Vec::new(),
            promised_by: None,
        })
        .collect();
    let created_at = updates
        .first()
        .map(|u| u.created_at)
        .or(attributes.starts_at)?;
    let state = attributes.aggregate_state.unwrap_or_default();
    let over = state.eq_ignore_ascii_case("operational");
    let impact = if maintenance {
        Impact::Maintenance
    } else {
        impact_of(&state)
            .or_else(|| impacts.last().cloned())
            .or_else(|| worst(&attributes.affected_resources))
            .unwrap_or_else(|| Impact::from_text(UNKNOWN))
    };
    let max_impact = impacts
        .iter()
        .fold(impact.clone(), |a, b| Impact::worst(&a, b));
    // Over: the stated end, else the last post (the one that set everything operational).
    let resolved_at = over
        .then(|| attributes.ends_at.or(updates.last().map(|u| u.created_at)))
        .flatten();
    let status = match (over, maintenance) {
        (true, true) => IncidentStatus::Completed,
        (true, false) => IncidentStatus::Resolved,
        (false, true) => IncidentStatus::InProgress,
        (false, false) => IncidentStatus::Investigating,
    };
    let mut incident = Incident {
        id,
        title: attributes.title.clone(),
        first_title: attributes.title,
        status,
        first_impact: impacts.first().cloned().unwrap_or_else(|| impact.clone()),
        max_impact,
        impact,
        created_at,
        started_at: attributes.starts_at,
        first_started_at: attributes.starts_at,
        stated_start: None,
        start_evidence: None,
        updated_at: updates.last().map(|u| u.created_at),
        monitoring_at: None,
        resolved_at,
        url: None,
        components: Vec::new(),
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    incident.sort_updates();
    Some((incident, maintenance))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawDocument {
    data: RawPage,
    #[serde(deserialize_with = "lenient_vec")]
    included: Vec<RawResource>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawPage {
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    attributes: RawPageAttributes,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawPageAttributes {
    #[serde(deserialize_with = "opt_string")]
    company_name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    custom_domain: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    aggregate_state: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    updated_at: Option<Timestamp>,
}

/// Any `included[]` entry: section, resource, report or update (JSON:API keeps the
/// kind in `type` and the fields in `attributes`).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawResource {
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
    attributes: RawAttributes,
    relationships: Value,
}

impl RawResource {
    /// Ids in `relationships.status_updates.data[]`.
    fn linked_updates(&self) -> Vec<String> {
        let rows = self.relationships.pointer("/status_updates/data");
        (rows.and_then(Value::as_array).into_iter().flatten())
            .filter_map(|row| match row.get("id")? {
                Value::String(id) => Some(id.clone()),
                Value::Number(id) => Some(id.to_string()),
                _ => None,
            })
            .collect()
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawAttributes {
    #[serde(deserialize_with = "opt_string")]
    public_name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    status: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    title: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    report_type: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    starts_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    ends_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_string")]
    aggregate_state: Option<String>,
    #[serde(deserialize_with = "lenient_vec")]
    affected_resources: Vec<RawAffected>,
    #[serde(deserialize_with = "opt_string")]
    message: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    published_at: Option<Timestamp>,
    status_report_id: Loose,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawAffected {
    #[serde(deserialize_with = "opt_string")]
    status: Option<String>,
}
