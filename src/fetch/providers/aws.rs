//! AWS Health Dashboard, `https://health.aws.amazon.com/public/currentevents`: a JSON
//! array of the events open now, served as UTF-16BE with a byte-order mark (UTF-8 is
//! accepted too). AWS publishes no history, so the store is the history: every pull
//! adds what is current.
//!
//! Per event: `date` (epoch seconds as a string) is the first public post, equal to
//! `event_log[0].timestamp`, not a stated start (there is no start field; the start is
//! only in prose, which ingest reads from the update bodies). `event_log[]` entries are
//! the updates (epoch seconds). `impacted_service_status_changes[]` carry epoch
//! milliseconds. Status codes, top level and per entry: 0 resolved, 1 informational,
//! 2 degraded, 3 disrupted. The region is segment 3 of the event ARN.

use std::collections::BTreeMap;

use serde_json::Value;

use super::lenient::{decode_text, json_value, lenient_vec, opt_epoch, records};
use super::time::{Loose, UNKNOWN, kind_of, opt_string};
use super::{Endpoint, ParseError, Provider, join_url};
use crate::model::{
    Impact, Incident, IncidentStatus, IncidentUpdate, OpenListing, PageInfo, Platform, Snapshot,
    Timestamp,
};

/// The dashboard's host: the source every AWS payload belongs to.
const PAGE_URL: &str = "https://health.aws.amazon.com";

pub struct Aws;

impl Provider for Aws {
    fn platform(&self) -> Platform {
        Platform::Aws
    }

    /// `base_url` is the dashboard host; the human page (`…/health/status`) or the feed
    /// URL itself are accepted too.
    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        let base = base_url.trim_end_matches('/');
        let root = ["/public/currentevents", "/health/status"]
            .iter()
            .find_map(|suffix| base.strip_suffix(suffix))
            .unwrap_or(base);
        vec![Endpoint {
            name: "currentevents",
            url: join_url(root, "public/currentevents"),
        }]
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        let text = decode_text(body);
        let rows = match json_value(&text)? {
            Value::Array(rows) => rows,
            other => {
                return Err(ParseError::Shape(format!(
                    "expected a JSON array of AWS Health events, found {}",
                    kind_of(&other)
                )));
            }
        };
        let mut snapshot = Snapshot::empty(Platform::Aws);
        snapshot.page = PageInfo {
            id: None,
            name: Some("AWS Health Dashboard".to_string()),
            url: Some(PAGE_URL.to_string()),
        };
        let listed = rows.len();
        snapshot.incidents = records::<RawEvent>(rows)
            .into_iter()
            .filter_map(map_event)
            .collect();
        // The feed lists every open event (and states no time of its own), but only a
        // feed read in full is a listing: an event left out must not look ended.
        if snapshot.incidents.len() == listed {
            snapshot.open_listing = Some(OpenListing { as_of: None });
        }
        Ok(snapshot)
    }
}

/// Severity codes as planb impacts. AWS has one level above "degraded" and does not
/// tell a partial from a full disruption, so "disrupted" is `major`, never `critical`.
/// Code 0 says the event is over, not how bad it was: `None` here.
fn impact_of(code: &str) -> Option<Impact> {
    match code.trim() {
        "0" => None,
        "1" => Some(Impact::None),
        "2" => Some(Impact::Minor),
        "3" => Some(Impact::Major),
        other => Some(Impact::from_text(other)),
    }
}

/// An update's status: 0 closes the event; the other codes are severities, kept by name.
fn update_status(code: &str) -> IncidentStatus {
    match code.trim() {
        "0" => IncidentStatus::Resolved,
        "1" => IncidentStatus::from_text("informational"),
        "2" => IncidentStatus::from_text("degraded"),
        "3" => IncidentStatus::from_text("disrupted"),
        other => IncidentStatus::from_text(other),
    }
}

/// The region code from an event ARN (`arn:aws:health:me-central-1::event/…`).
pub fn region_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.trim().is_empty())
}

/// `None` when the event has no ARN or no usable time.
fn map_event(raw: RawEvent) -> Option<Incident> {
    let id = raw.arn.clone()?;
    let region = region_of(&id).map(str::to_string);

    let mut log: Vec<(Timestamp, RawLogEntry)> = (raw.event_log.into_iter())
        .filter_map(|entry| entry.timestamp.map(|t| (t, entry)))
        .collect();
    log.sort_by_key(|(time, _)| *time);
    let codes: Vec<String> = log
        .iter()
        .map(|(_, e)| e.status.0.clone().unwrap_or_default())
        .collect();
    let updates = log_updates(&id, log);

    let created_at = raw.date.or_else(|| updates.first().map(|u| u.created_at))?;
    let top_code = raw.status.0.clone().unwrap_or_default();
    let seen: Vec<Impact> = codes.iter().filter_map(|c| impact_of(c)).collect();
    let impact = impact_of(&top_code)
        .or_else(|| seen.last().cloned())
        .unwrap_or_else(|| Impact::from_text(UNKNOWN));
    let first_impact = seen.first().cloned().unwrap_or_else(|| impact.clone());
    let max_impact = seen
        .iter()
        .fold(impact.clone(), |a, b| Impact::worst(&a, b));

    let summary_resolved = (raw.summary.as_deref()).is_some_and(|s| {
        s.trim_start()
            .to_ascii_uppercase()
            .starts_with("[RESOLVED]")
    });
    let log_resolved = codes.last().is_some_and(|c| c.trim() == "0");
    let resolved = top_code.trim() == "0" || log_resolved || summary_resolved;
    // The resolving post: the first of the status-0 entries that end the log.
    let resolved_at = if log_resolved {
        let open_posts = codes.iter().rev().take_while(|c| c.trim() == "0").count();
        updates
            .get(updates.len() - open_posts)
            .map(|u| u.created_at)
    } else {
        None
    };

    let changed_at = (raw.impacted_service_status_changes.iter())
        .filter_map(|c| c.timestamp)
        .max();
    let updated_at = updates.last().map(|u| u.created_at).max(changed_at);

    let mut incident = Incident {
        id,
        title: raw.summary.clone(),
        first_title: raw.summary,
        status: if resolved {
            IncidentStatus::Resolved
        } else {
            IncidentStatus::Investigating
        },
        impact,
        first_impact,
        max_impact,
        created_at,
        started_at: None,
        first_started_at: None,
        stated_start: None,
        start_evidence: None,
        updated_at,
        monitoring_at: None,
        resolved_at,
        url: None,
        components: components(&raw.impacted_services, raw.service_name, region.as_deref()),
        updates,
        observed_at: None,
        closed_unseen: None,
    };
    incident.sort_updates();
    Some(incident)
}

/// Log entries as updates, ids from the event and the post time (stable as AWS appends).
fn log_updates(event_id: &str, log: Vec<(Timestamp, RawLogEntry)>) -> Vec<IncidentUpdate> {
    let mut seen: BTreeMap<i64, usize> = BTreeMap::new();
    log.into_iter()
        .map(|(created_at, entry)| {
            let second = created_at.timestamp();
            let repeat = seen.entry(second).or_insert(0);
            let id = match *repeat {
                0 => format!("{event_id}/{second}"),
                n => format!("{event_id}/{second}.{n}"),
            };
            *repeat += 1;
            IncidentUpdate {
                id,
                status: update_status(entry.status.0.as_deref().unwrap_or(UNKNOWN)),
                // The post's text; its heading (`summary`) only when there is no text.
                body: entry.message.or(entry.summary),
                created_at,
                display_at: None,
                updated_at: None,
                affected_components: Vec::new(),
                promised_by: None,
            }
        })
        .collect()
}

/// Impacted services as "Name (region)": AWS names a service the same in every region,
/// and the region is what a customer's exposure turns on. Services outside the event's
/// region (global ones, whose slug lacks the region suffix) keep their plain name.
fn components(
    impacted: &Value,
    event_service: Option<String>,
    region: Option<&str>,
) -> Vec<String> {
    let label = |slug: &str, name: &str| match region {
        Some(r) if slug.ends_with(&format!("-{r}")) => format!("{name} ({r})"),
        _ => name.to_string(),
    };
    let mut names: Vec<String> = impacted
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(slug, service)| {
            let name = service.get("service_name").and_then(Value::as_str)?;
            (!name.trim().is_empty()).then(|| label(slug, name.trim()))
        })
        .collect();
    names.dedup();
    if names.is_empty()
        && let Some(name) = event_service.filter(|n| !n.trim().is_empty())
    {
        names.push(match region {
            Some(r) => format!("{name} ({r})"),
            None => name,
        });
    }
    names
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawEvent {
    #[serde(deserialize_with = "opt_epoch")]
    date: Option<Timestamp>,
    #[serde(deserialize_with = "opt_string")]
    arn: Option<String>,
    status: Loose,
    #[serde(deserialize_with = "opt_string")]
    service_name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    summary: Option<String>,
    #[serde(deserialize_with = "lenient_vec")]
    event_log: Vec<RawLogEntry>,
    impacted_services: Value,
    #[serde(deserialize_with = "lenient_vec")]
    impacted_service_status_changes: Vec<RawChange>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawLogEntry {
    #[serde(deserialize_with = "opt_string")]
    summary: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    message: Option<String>,
    status: Loose,
    #[serde(deserialize_with = "opt_epoch")]
    timestamp: Option<Timestamp>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawChange {
    #[serde(deserialize_with = "opt_epoch")]
    timestamp: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_accept_host_page_or_feed() {
        for base in [
            "https://health.aws.amazon.com",
            "https://health.aws.amazon.com/",
            "https://health.aws.amazon.com/health/status",
            "https://health.aws.amazon.com/public/currentevents",
        ] {
            assert_eq!(
                Aws.endpoints(base)[0].url,
                "https://health.aws.amazon.com/public/currentevents",
                "{base}"
            );
        }
    }

    #[test]
    fn resolved_event_and_odd_records() {
        // Shape as in the capture; one resolving post, one record that is not an object,
        // one without an ARN, and an event whose log is not a list.
        let body = br#"[
          {"arn":"arn:aws:health:us-east-1::event/EC2/X/1","date":1700000000,"status":"0",
           "summary":"[RESOLVED] Increased API error rates","service_name":"Amazon EC2",
           "event_log":[{"status":2,"timestamp":1700000000,"message":"We are investigating."},
                        {"status":"0","timestamp":"1700003600000","message":"Resolved."},
                        {"status":1,"timestamp":"never"}],
           "impacted_services":{"ec2-us-east-1":{"service_name":"Amazon EC2","current":"0","max":"2"},
                                "iam":{"service_name":"AWS IAM","current":"0","max":"1"}}},
          "garbage",
          {"date":"1700000000","summary":"no arn"},
          {"arn":"arn:aws:health:eu-west-1::event/S3/Y/2","date":"1700000000","status":"2","event_log":"odd"}
        ]"#;
        let snap = Aws.parse(body).expect("parses");
        assert_eq!(snap.incidents.len(), 2);
        let ec2 = &snap.incidents[0];
        assert_eq!(ec2.status, IncidentStatus::Resolved);
        assert_eq!(ec2.updates.len(), 2);
        assert_eq!(
            ec2.resolved_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2023-11-14T23:13:20+00:00")
        );
        assert_eq!(
            (ec2.first_impact.clone(), ec2.max_impact.clone()),
            (Impact::Minor, Impact::Minor)
        );
        assert_eq!(ec2.components, ["Amazon EC2 (us-east-1)", "AWS IAM"]);
        let s3 = &snap.incidents[1];
        assert_eq!((s3.updates.len(), s3.impact.clone()), (0, Impact::Minor));
        assert_eq!(s3.status, IncidentStatus::Investigating);
        assert_eq!(snap.open_listing, None, "two records were unreadable");
        assert!(Aws.parse(br#"{"events":[]}"#).is_err());
        let quiet = Aws.parse(b"[]").expect("quiet feed");
        assert!(quiet.incidents.is_empty() && quiet.open_listing.is_some());
    }
}
