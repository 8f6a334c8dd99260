//! Guess which platform produced a saved payload, from its content alone
//! (`planb import` gets files without URLs).

use serde_json::{Map, Value};

use super::lenient::decode_text;
use super::salesforce::is_record;
use super::time::first_byte;
use super::{betterstack, instatus, statusio};
use crate::model::Platform;

/// Statuspage top-level keys (besides `page`) that identify its payloads.
const STATUSPAGE_KEYS: [&str; 5] = [
    "incidents",
    "incident",
    "scheduled_maintenances",
    "components",
    "months",
];

/// The platform whose provider should parse `body`, or `None` when it is not JSON or
/// matches no known shape.
pub fn detect_platform(body: &[u8]) -> Option<Platform> {
    // AWS serves UTF-16 with a byte-order mark; everything else is UTF-8.
    let body = decode_text(body);
    if first_byte(&body) == Some(b'<') {
        return is_rss(&body).then_some(Platform::Azure);
    }
    match serde_json::from_slice::<Value>(&body).ok()? {
        Value::Array(rows) => detect_array(&rows),
        Value::Object(map) => detect_object(&map),
        _ => None,
    }
}

/// An RSS document: the `<rss` root within the first kilobyte (after the XML
/// declaration and comments). The only RSS feed planb reads is Azure's.
fn is_rss(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start();
    !(head.starts_with("<!doctype html") || head.starts_with("<html")) && head.contains("<rss")
}

fn detect_array(rows: &[Value]) -> Option<Platform> {
    let first = rows.first()?.as_object()?;
    if first.contains_key("arn") || first.contains_key("event_log") {
        Some(Platform::Aws)
    } else if is_record(first) {
        Some(Platform::Salesforce)
    } else if first.contains_key("external_desc") || first.contains_key("begin") {
        Some(Platform::Gcloud)
    } else if ["date_created", "notes", "title"]
        .iter()
        .any(|key| first.contains_key(*key))
    {
        Some(Platform::Slack)
    } else {
        None
    }
}

fn detect_object(map: &Map<String, Value>) -> Option<Platform> {
    if map.contains_key("active_incidents") {
        return Some(Platform::Slack);
    }
    if is_record(map) {
        return Some(Platform::Salesforce);
    }
    let value = Value::Object(map.clone());
    if statusio::looks_like(&value) {
        return Some(Platform::Statusio);
    }
    if betterstack::looks_like(&value) {
        return Some(Platform::Betterstack);
    }
    if instatus::looks_like(&value) {
        return Some(Platform::Instatus);
    }
    if let Some(page) = map.get("page").and_then(Value::as_object) {
        return Some(statuspage_or_incidentio(page, map));
    }
    if map.contains_key("page") || STATUSPAGE_KEYS.iter().any(|key| map.contains_key(*key)) {
        return Some(if incident_ids(map).any(is_ulid) {
            Platform::Incidentio
        } else {
            Platform::Statuspage
        });
    }
    None
}

/// incident.io pages use ULIDs for page and incident ids and carry no `time_zone`;
/// Statuspage ids are 12-char base-36.
fn statuspage_or_incidentio(page: &Map<String, Value>, map: &Map<String, Value>) -> Platform {
    let page_ulid = page.get("id").and_then(Value::as_str).is_some_and(is_ulid);
    let ulid_incidents = !page.contains_key("time_zone") && incident_ids(map).any(is_ulid);
    if page_ulid || ulid_incidents {
        Platform::Incidentio
    } else {
        Platform::Statuspage
    }
}

/// Ids of the incidents in a Statuspage-shaped object (list, summary or single).
fn incident_ids<'a>(map: &'a Map<String, Value>) -> impl Iterator<Item = &'a str> + 'a {
    let listed = ["incidents", "scheduled_maintenances"]
        .into_iter()
        .filter_map(|key| map.get(key).and_then(Value::as_array))
        .flatten();
    listed
        .chain(map.get("incident"))
        .filter_map(|incident| incident.get("id").and_then(Value::as_str))
}

/// A ULID: 26 characters of Crockford base-32 (no I, L, O, U), first digit 0–7.
fn is_ulid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 26
        && matches!(bytes[0], b'0'..=b'7')
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || (b.is_ascii_alphabetic() && !b"IiLlOoUu".contains(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(
            detect_platform(br#"[{"begin":"x"}]"#),
            Some(Platform::Gcloud)
        );
        assert_eq!(
            detect_platform(br#"[{"id":1,"notes":[]}]"#),
            Some(Platform::Slack)
        );
        assert_eq!(
            detect_platform(br#"{"status":"ok","active_incidents":[]}"#),
            Some(Platform::Slack)
        );
        assert_eq!(
            detect_platform(br#"{"page":{"id":"kctbh9vrtdwd","time_zone":"Etc/UTC"}}"#),
            Some(Platform::Statuspage)
        );
        assert_eq!(
            detect_platform(br#"{"page":{"id":"01JMDK9XYNY6RXSED6SDWW50WY"}}"#),
            Some(Platform::Incidentio)
        );
        assert_eq!(
            detect_platform(br#"{"months":[]}"#),
            Some(Platform::Statuspage)
        );
        assert_eq!(
            detect_platform(br#"[{"arn":"arn:aws:health:us-east-1::event/X","date":"1"}]"#),
            Some(Platform::Aws)
        );
        assert_eq!(
            detect_platform(br#"[{"id":1,"IncidentImpacts":[]}]"#),
            Some(Platform::Salesforce)
        );
        assert_eq!(
            detect_platform(br#"{"id":1,"plannedStartTime":"x"}"#),
            Some(Platform::Salesforce)
        );
        assert_eq!(
            detect_platform(br#"{"result":{"status_overall":{}}}"#),
            Some(Platform::Statusio)
        );
        assert_eq!(
            detect_platform(br#"{"page":{"name":"x","url":"https://x","status":"UP"}}"#),
            Some(Platform::Instatus)
        );
        assert_eq!(
            detect_platform(br#"{"data":{"type":"status_page","attributes":{}}}"#),
            Some(Platform::Betterstack)
        );
        assert_eq!(
            detect_platform(
                b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<rss version=\"2.0\"><channel/></rss>"
            ),
            Some(Platform::Azure)
        );
        assert_eq!(
            detect_platform(b"<feed xmlns=\"http://www.w3.org/2005/Atom\"/>"),
            None
        );
        assert_eq!(detect_platform(b"[]"), None);
        assert_eq!(detect_platform(b"<html>"), None);
        assert_eq!(detect_platform(br#"{"foo":1}"#), None);
    }
}
