//! Guess which platform produced a saved payload, from its content alone
//! (`planb import` gets files without URLs).

use serde_json::{Map, Value};

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
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    match serde_json::from_slice::<Value>(body).ok()? {
        Value::Array(rows) => detect_array(&rows),
        Value::Object(map) => detect_object(&map),
        _ => None,
    }
}

fn detect_array(rows: &[Value]) -> Option<Platform> {
    let first = rows.first()?.as_object()?;
    if first.contains_key("external_desc") || first.contains_key("begin") {
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
        assert_eq!(detect_platform(b"[]"), None);
        assert_eq!(detect_platform(b"<html>"), None);
        assert_eq!(detect_platform(br#"{"foo":1}"#), None);
    }
}
