//! Instatus public page data (`<page>/summary.json`, instatus.com/help/api/public-data):
//! `{page:{name, url, status}, activeIncidents[], activeMaintenances[]}`, the active
//! items only; the two lists are left out entirely when empty.
//!
//! Timing: an incident's `started` is the platform's own start field, set by the author
//! (the documented sample writes it as a JavaScript date string, ISO elsewhere). The
//! public summary has no post time; `updates[].createdAt` (the shape of the
//! authenticated incidents API) are read when present. Without them the first post is
//! unknown, so `created_at` falls back to `started` and no start is claimed before it:
//! time to first communication stays unknown rather than zero.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::lenient::{json_value, lenient_opt, lenient_vec};
use super::time::{UNKNOWN, kind_of, opt_string, parse_timestamp};
use super::{Endpoint, ParseError, Provider, join_url};
use crate::model::{
    Impact, Incident, IncidentStatus, IncidentUpdate, OpenListing, PageInfo, PageStatus, Platform,
    Snapshot, Timestamp,
};

pub struct Instatus;

impl Provider for Instatus {
    fn platform(&self) -> Platform {
        Platform::Instatus
    }

    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        let base = base_url.trim_end_matches('/');
        let base = base.strip_suffix("/summary.json").unwrap_or(base);
        vec![Endpoint {
            name: "summary",
            url: join_url(base, "summary.json"),
        }]
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let value = json_value(body)?;
        if !looks_like(&value) {
            return Err(ParseError::Shape(format!(
                "expected an Instatus summary (an object with `page` and its `status`), found {}",
                kind_of(&value)
            )));
        }
        let raw: RawSummary = serde_json::from_value(value).unwrap_or_default();
        let page = raw.page.unwrap_or_default();
        let mut snapshot = Snapshot::empty(Platform::Instatus);
        snapshot.page = PageInfo {
            id: None,
            name: page.name,
            url: page.url,
        };
        let listed = raw.active_incidents.len();
        snapshot.incidents = raw
            .active_incidents
            .into_iter()
            .filter_map(|i| map_item(i, false))
            .collect();
        snapshot.maintenances = raw
            .active_maintenances
            .into_iter()
            .filter_map(|m| map_item(m, true))
            .collect();
        let worst = snapshot
            .incidents
            .iter()
            .map(|i| i.impact.clone())
            .reduce(|a, b| Impact::worst(&a, &b));
        snapshot.status = page.status.map(|status| PageStatus {
            indicator: indicator(&status, worst),
            description: Some(status),
        });
        if snapshot.incidents.len() == listed {
            snapshot.open_listing = Some(OpenListing { as_of: None });
        }
        Ok(snapshot)
    }
}

/// Whether a JSON value is an Instatus summary (for content detection): a `page` with a
/// `status` word, and none of Statuspage's page fields.
pub fn looks_like(value: &Value) -> bool {
    let page = value.get("page");
    page.and_then(|p| p.get("status"))
        .is_some_and(Value::is_string)
        && page.and_then(|p| p.get("id")).is_none()
        && (value.get("components").is_none() || value.get("activeIncidents").is_some())
}

/// The page indicator in Statuspage's words: `HASISSUES` takes the worst active
/// incident's impact (minor when none can be read).
fn indicator(status: &str, worst: Option<Impact>) -> String {
    match status.trim().to_ascii_uppercase().as_str() {
        "UP" => "none".into(),
        "UNDERMAINTENANCE" => "maintenance".into(),
        "HASISSUES" => match worst {
            Some(i @ (Impact::Minor | Impact::Major | Impact::Critical)) => i.to_string(),
            _ => "minor".into(),
        },
        other => other.to_ascii_lowercase(),
    }
}

/// Impact words are component statuses: a full outage is critical, a partial one major.
fn impact_of(impact: Option<&str>, maintenance: bool) -> Impact {
    if maintenance {
        return Impact::Maintenance;
    }
    match impact.map(|i| i.trim().to_ascii_uppercase()).as_deref() {
        Some("MAJOROUTAGE") => Impact::Critical,
        Some("PARTIALOUTAGE") => Impact::Major,
        Some("MINOROUTAGE" | "DEGRADEDPERFORMANCE") => Impact::Minor,
        Some("UNDERMAINTENANCE") => Impact::Maintenance,
        Some("OPERATIONAL") => Impact::None,
        _ => Impact::from_text(impact.unwrap_or(UNKNOWN)),
    }
}

fn status_of(status: Option<&str>) -> IncidentStatus {
    match status.map(|s| s.trim().to_ascii_uppercase()).as_deref() {
        Some("NOTSTARTEDYET") => IncidentStatus::Scheduled,
        Some("INPROGRESS") => IncidentStatus::InProgress,
        Some(word) => IncidentStatus::from_text(&word.to_ascii_lowercase()),
        None => IncidentStatus::from_text(UNKNOWN),
    }
}

/// ISO 8601, or a JavaScript `Date` string as in the documented sample:
/// `Sat Jun 11 2022 18:55:50 GMT+0000 (Coordinated Universal Time)`.
pub fn parse_date(text: &str) -> Option<Timestamp> {
    parse_timestamp(text).or_else(|| {
        let head = text.split(" (").next()?.trim();
        DateTime::parse_from_str(head, "%a %b %d %Y %H:%M:%S GMT%z")
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// The id the item gives, else the last segment of its URL (`…/incident/<id>`).
fn item_id(raw: &RawItem) -> Option<String> {
    raw.id.clone().or_else(|| {
        let url = raw.url.as_deref()?.trim_end_matches('/');
        let last = url.rsplit('/').next()?;
        (!last.is_empty() && !last.contains(':')).then(|| last.to_string())
    })
}

/// `None` without an id or a usable time.
fn map_item(raw: RawItem, maintenance: bool) -> Option<Incident> {
    let id = item_id(&raw)?;
    let started = raw
        .started
        .as_deref()
        .or(raw.start.as_deref())
        .and_then(parse_date);
    let mut updates: Vec<IncidentUpdate> = (raw.updates.into_iter().enumerate())
        .filter_map(|(index, u)| {
            Some(IncidentUpdate {
                id: u.id.unwrap_or_else(|| format!("{id}/{index}")),
                status: status_of(u.status.as_deref()),
                body: u.message,
                created_at: u.created_at.as_deref().and_then(parse_date)?,
                display_at: u.started.as_deref().and_then(parse_date),
                updated_at: None,
                affected_components: Vec::new(),
                promised_by: None,
            })
        })
        .collect();
    updates.sort_by_key(|u| u.created_at);
    let created_at = updates.first().map(|u| u.created_at).or(started)?;
    let impact = impact_of(raw.impact.as_deref(), maintenance);
    let status = status_of(raw.status.as_deref());
    let resolved_at = raw.resolved.as_deref().and_then(parse_date);
    let mut incident = Incident {
        id,
        title: raw.name.clone(),
        first_title: raw.name,
        status,
        first_impact: impact.clone(),
        max_impact: impact.clone(),
        impact,
        created_at,
        started_at: started,
        first_started_at: started,
        stated_start: None,
        start_evidence: None,
        updated_at: updates.last().map(|u| u.created_at),
        monitoring_at: None,
        resolved_at,
        url: raw.url,
        components: raw.components.into_iter().filter_map(|c| c.name).collect(),
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    incident.sort_updates();
    Some(incident)
}

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawSummary {
    #[serde(deserialize_with = "lenient_opt")]
    page: Option<RawPage>,
    #[serde(deserialize_with = "lenient_vec")]
    active_incidents: Vec<RawItem>,
    #[serde(deserialize_with = "lenient_vec")]
    active_maintenances: Vec<RawItem>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawPage {
    #[serde(deserialize_with = "opt_string")]
    name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    url: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    status: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawItem {
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    started: Option<String>,
    /// Maintenances say `start`.
    #[serde(deserialize_with = "opt_string")]
    start: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    resolved: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    status: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    impact: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    url: Option<String>,
    #[serde(deserialize_with = "lenient_vec")]
    updates: Vec<RawUpdate>,
    #[serde(deserialize_with = "lenient_vec")]
    components: Vec<RawNamed>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawUpdate {
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    message: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    status: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    started: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    created_at: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawNamed {
    #[serde(deserialize_with = "opt_string")]
    name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_and_iso_dates() {
        let at = |t: &str| parse_date(t).map(|t| t.to_rfc3339());
        assert_eq!(
            at("Sat Jun 11 2022 18:55:50 GMT+0000 (Coordinated Universal Time)").as_deref(),
            Some("2022-06-11T18:55:50+00:00")
        );
        assert_eq!(
            at("Sat Jun 11 2022 20:55:50 GMT+0200").as_deref(),
            Some("2022-06-11T18:55:50+00:00")
        );
        assert_eq!(
            at("2020-09-12T19:05:17.398Z").as_deref(),
            Some("2020-09-12T19:05:17.398+00:00")
        );
        assert_eq!(at("Sat Jun 11 2022"), None);
    }

    #[test]
    fn shapes() {
        assert!(looks_like(
            &serde_json::json!({"page":{"name":"x","status":"UP"}})
        ));
        // A Statuspage summary has a page id and no status word on the page.
        assert!(!looks_like(
            &serde_json::json!({"page":{"id":"abc","name":"x"},"status":{}})
        ));
        assert!(matches!(
            Instatus.parse(br#"{"page":{"id":"abc"}}"#),
            Err(ParseError::Shape(_))
        ));
        assert_eq!(
            Instatus.endpoints("https://status.todoist.net/")[0].url,
            "https://status.todoist.net/summary.json"
        );
    }
}
