//! Slack Status API v2.0.0: `history` is a JSON array of incidents; `current` is
//! `{status, date_created, date_updated, active_incidents[]}`. Times carry Pacific
//! offsets (`-07:00` / `-08:00`) and are converted to UTC. Notes come newest first and
//! have no status of their own.

use serde::Deserialize;
use serde_json::Value;

use super::time::{
    UNKNOWN, first_byte, no_incident_readable, opt_string, opt_time, read_items, read_list,
};
use super::{Endpoint, ParseError, Provider, join_url};
use crate::model::{
    Impact, Incident, IncidentStatus, IncidentUpdate, PageInfo, PageStatus, Platform,
    SkippedRecord, Snapshot, Timestamp,
};

pub struct Slack;

impl Provider for Slack {
    fn platform(&self) -> Platform {
        Platform::Slack
    }

    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        vec![
            Endpoint {
                name: "current",
                url: join_url(base_url, "api/v2.0.0/current"),
            },
            Endpoint {
                name: "history",
                url: join_url(base_url, "api/v2.0.0/history"),
            },
        ]
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let json_err = |e| ParseError::from_json(e, body);
        let mut snapshot = Snapshot::empty(Platform::Slack);
        snapshot.page = PageInfo {
            id: None,
            name: Some("Slack".to_string()),
            url: Some("https://status.slack.com".to_string()),
        };
        let rows = match first_byte(body) {
            Some(b'[') => match serde_json::from_slice::<Vec<RawIncident>>(body) {
                Ok(rows) => rows,
                // Only when the typed read fails: item by item, skipping the odd incident.
                Err(err) => match serde_json::from_slice::<Vec<Value>>(body) {
                    Ok(items) => read_items(items, &["id"], &mut snapshot.skipped),
                    Err(_) => return Err(json_err(err)),
                },
            },
            Some(b'{') => {
                let current = match serde_json::from_slice::<RawCurrent>(body) {
                    Ok(current) => current,
                    Err(err) => {
                        reread_current(body, &mut snapshot.skipped).ok_or_else(|| json_err(err))?
                    }
                };
                if current.status.is_none() && current.active_incidents.is_none() {
                    return Err(ParseError::Shape(
                        "expected Slack `current` (an object with status and active_incidents) or `history` (an array)"
                            .to_string(),
                    ));
                }
                snapshot.status = current.status.map(|status| PageStatus {
                    // "ok" is Slack's all-clear; anything else is kept verbatim.
                    indicator: if status.eq_ignore_ascii_case("ok") {
                        "none".to_string()
                    } else {
                        status.clone()
                    },
                    description: Some(status),
                });
                current.active_incidents.unwrap_or_default()
            }
            _ => {
                let value = serde_json::from_slice::<serde_json::Value>(body).map_err(json_err)?;
                return Err(ParseError::Shape(format!(
                    "expected a Slack status object or an array of incidents, found {}",
                    super::time::kind_of(&value)
                )));
            }
        };
        for raw in rows {
            let Some((incident, is_maintenance)) = map_incident(raw) else {
                continue;
            };
            if is_maintenance {
                snapshot.maintenances.push(incident);
            } else {
                snapshot.incidents.push(incident);
            }
        }
        let usable = snapshot.status.is_some();
        no_incident_readable(snapshot, usable)
    }
}

/// `current` re-read with its incidents one by one; `None` when the fault is elsewhere.
fn reread_current(body: &[u8], skipped: &mut Vec<SkippedRecord>) -> Option<RawCurrent> {
    let Value::Object(mut top) = serde_json::from_slice::<Value>(body).ok()? else {
        return None;
    };
    let active = top.remove("active_incidents");
    let mut current = RawCurrent::deserialize(&Value::Object(top)).ok()?;
    current.active_incidents = read_list(active, &["id"], skipped).ok()?.flatten();
    Some(current)
}

/// Slack's only severity signal is `type`: outage → major, incident → minor,
/// notice → none, maintenance → maintenance; anything else is kept as `Other`.
fn impact_of(kind: Option<&str>) -> Impact {
    match kind.map(|k| k.trim().to_ascii_lowercase()).as_deref() {
        Some("outage") => Impact::Major,
        Some("incident") => Impact::Minor,
        Some("notice") => Impact::None,
        Some("maintenance") => Impact::Maintenance,
        _ => Impact::from_text(kind.unwrap_or(UNKNOWN)),
    }
}

/// `None` when the incident has no id or no usable time; the flag marks maintenance.
fn map_incident(raw: RawIncident) -> Option<(Incident, bool)> {
    let id = raw.id?;
    let mut timed: Vec<(Timestamp, Option<String>)> = (raw.notes.unwrap_or_default().into_iter())
        .filter_map(|n| n.date_created.map(|t| (t, n.body)))
        .collect();
    timed.sort_by_key(|(time, _)| *time);
    let updates: Vec<IncidentUpdate> = (timed.into_iter().enumerate())
        .map(|(index, (created_at, body))| IncidentUpdate {
            id: format!("{id}/{index}"),
            status: IncidentStatus::from_text(UNKNOWN),
            body,
            created_at,
            display_at: None,
            updated_at: None,
            affected_components: Vec::new(),
            promised_by: None,
        })
        .collect();
    let created_at = raw
        .date_created
        .or_else(|| updates.first().map(|u| u.created_at))?;

    let impact = impact_of(raw.kind.as_deref());
    let is_maintenance = impact == Impact::Maintenance;
    let status = match raw.status.as_deref().map(str::trim) {
        Some(text) if text.eq_ignore_ascii_case("active") => IncidentStatus::Investigating,
        Some(text) => IncidentStatus::from_text(text),
        None => IncidentStatus::from_text(UNKNOWN),
    };
    let resolved_at = if status == IncidentStatus::Resolved {
        raw.date_updated
    } else {
        None
    };

    let mut incident = Incident {
        id,
        title: raw.title.clone(),
        first_title: raw.title,
        status,
        first_impact: impact.clone(),
        max_impact: impact.clone(),
        impact,
        created_at,
        started_at: None,
        first_started_at: None,
        stated_start: None,
        start_evidence: None,
        updated_at: raw.date_updated,
        monitoring_at: None,
        resolved_at,
        url: raw.url,
        components: raw
            .services
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| s.0)
            .collect(),
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    incident.sort_updates();
    Some((incident, is_maintenance))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawCurrent {
    #[serde(deserialize_with = "opt_string")]
    status: Option<String>,
    active_incidents: Option<Vec<RawIncident>>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawIncident {
    /// An integer in the documented shape; strings are accepted too.
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    date_created: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    date_updated: Option<Timestamp>,
    #[serde(deserialize_with = "opt_string")]
    title: Option<String>,
    #[serde(rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    status: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    url: Option<String>,
    services: Option<Vec<super::time::Loose>>,
    notes: Option<Vec<RawNote>>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawNote {
    #[serde(deserialize_with = "opt_time")]
    date_created: Option<Timestamp>,
    #[serde(deserialize_with = "opt_string")]
    body: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_ok_and_shapes() {
        let ok =
            br#"{"status":"ok","active_incidents":[],"date_created":"2018-09-07T18:34:15-07:00"}"#;
        let snap = Slack.parse(ok).expect("parses");
        assert_eq!(snap.status.map(|s| s.indicator).as_deref(), Some("none"));
        assert!(matches!(
            Slack.parse(br#"{"foo":1}"#),
            Err(ParseError::Shape(_))
        ));
        assert!(matches!(Slack.parse(b"42"), Err(ParseError::Shape(_))));
        assert_eq!(impact_of(Some("storm")), Impact::Other("storm".into()));
    }
}
