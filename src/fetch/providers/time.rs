//! Lenient readers shared by the providers: timestamps with any offset, scalars that
//! arrive as string or number, lists read item by item, and the top-level check of a
//! body. Vendors mix formats and JSON types, and one odd field must never fail a whole
//! payload.

use chrono::{DateTime, Utc};
use serde::de::{
    Deserialize, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;

use super::ParseError;
use crate::model::{SkippedRecord, Snapshot, Timestamp, sanitize_text};

/// Text used for a status or impact the payload does not give (kept as `Other`, so it
/// never poses as a real value such as `investigating` or `none`).
pub const UNKNOWN: &str = "unknown";

/// RFC 3339 with any offset (`Z`, `+00:00`, `-07:00`), with or without fractional
/// seconds; also a space for `T` and offsets without a colon. Anything else is `None`
/// (no offset means no time: assuming UTC would shift Pacific or local-time pages), and
/// so is a time outside `possible` (said in the log with the text).
pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let time = match DateTime::parse_from_rfc3339(text) {
        Ok(time) => time.with_timezone(&Utc),
        Err(_) => {
            let normalized = text.replacen(' ', "T", 1);
            DateTime::parse_from_str(&normalized, "%Y-%m-%dT%H:%M:%S%.f%z")
                .ok()?
                .with_timezone(&Utc)
        }
    };
    if let Err(why) = possible(time) {
        tracing::warn!(
            "ignored the time `{}` in a payload: {why}",
            crate::model::sanitize_text(text)
        );
        return None;
    }
    Some(time)
}

/// Times a status page can have written: from 1995 (before any status page, and before
/// the web services they report on) to the end of 2099. Outside it a time is a typo or
/// a placeholder (`1900-01-01`, `9999-12-31`): read as a time it would become an impact
/// start 126 years back or a resolution never reached, and every metric built on it
/// wrong. A fixed range, not one relative to the clock: saved payloads are re-read years
/// later, and tests stamp payloads in the future.
pub fn possible(time: Timestamp) -> Result<(), &'static str> {
    const EARLIEST_MS: i64 = 788_918_400_000; // 1995-01-01T00:00:00Z
    const LATEST_MS: i64 = 4_102_444_800_000; // 2100-01-01T00:00:00Z
    match time.timestamp_millis() {
        ms if ms < EARLIEST_MS => Err("before 1995, older than any status page"),
        ms if ms >= LATEST_MS => {
            Err("in the year 2100 or later, no time a status page has written")
        }
        _ => Ok(()),
    }
}

/// A scalar read leniently: strings as they are, numbers as their decimal text, and
/// anything else (null, bool, array, object) as `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loose(pub Option<String>);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.is_finite().then(|| v.to_string()))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// Serde helper for a field that may be a string or an integer (GCP `number`, Slack
/// `id`); blank text counts as missing.
pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let Loose(text) = Loose::deserialize(deserializer)?;
    Ok(text.filter(|t| !t.trim().is_empty()))
}

/// Serde helper for a timestamp field: unparseable or mistyped values become `None`.
pub fn opt_time<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Timestamp>, D::Error> {
    Ok(opt_string(deserializer)?
        .as_deref()
        .and_then(parse_timestamp))
}

/// Strip a UTF-8 byte-order mark and check the top-level JSON kind before the typed
/// parse, so that valid JSON of the wrong kind is a plain `Shape` error rather than a
/// serde message. `open` is `b'{'` or `b'['`; `expected` names what should be there.
pub fn check_top<'a>(body: &'a [u8], open: u8, expected: &str) -> Result<&'a [u8], ParseError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if first_byte(body) == Some(open) {
        return Ok(body);
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Err(err) => Err(ParseError::from_json(err, body)),
        Ok(value) => Err(ParseError::Shape(format!(
            "expected {expected}, found {}",
            kind_of(&value)
        ))),
    }
}

/// The first non-whitespace byte of a body.
pub fn first_byte(body: &[u8]) -> Option<u8> {
    body.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// The items of a JSON array read one by one: an item that does not read as `T` is left
/// out and described in `skipped`. Providers come here only when reading the whole
/// payload typed has failed, so well-formed payloads pay nothing for it.
pub fn read_items<T: DeserializeOwned>(
    items: Vec<Value>,
    id_keys: &[&str],
    skipped: &mut Vec<SkippedRecord>,
) -> Vec<T> {
    let mut read = Vec::with_capacity(items.len());
    for item in items {
        match T::deserialize(&item) {
            Ok(value) => read.push(value),
            Err(_) => skipped.push(describe_odd::<T>(&item, id_keys)),
        }
    }
    read
}

/// A JSON value's list, leniently: absent → `None`, null → `Some(None)`, an array →
/// its readable items. Anything else is `Err`: the list itself is malformed.
pub fn read_list<T: DeserializeOwned>(
    value: Option<Value>,
    id_keys: &[&str],
    skipped: &mut Vec<SkippedRecord>,
) -> Result<Option<Option<Vec<T>>>, ()> {
    match value {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::Array(items)) => Ok(Some(Some(read_items(items, id_keys, skipped)))),
        Some(_) => Err(()),
    }
}

/// A payload whose every listed incident was skipped, with nothing else usable in it
/// (`usable`: page components or status), fails: storing it would say "no incidents".
pub fn no_incident_readable(snapshot: Snapshot, usable: bool) -> Result<Snapshot, ParseError> {
    let Some(first) = snapshot.skipped.first() else {
        return Ok(snapshot);
    };
    if usable || !snapshot.incidents.is_empty() || !snapshot.maintenances.is_empty() {
        return Ok(snapshot);
    }
    let more = match snapshot.skipped.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Err(ParseError::Shape(format!(
        "no incident in the payload could be read: {first}{more}"
    )))
}

/// One step of the path to an odd value.
enum Step {
    Key(String),
    Index(usize),
}

/// Say which field of an unreadable item is odd, and what it holds. All wire fields are
/// optional, so the item cut down to one path still reads unless that path is the
/// culprit: follow the first failing key (or list index) down while the container itself
/// reads when empty (a container of the wrong kind is the culprit itself).
fn describe_odd<T: DeserializeOwned>(item: &Value, id_keys: &[&str]) -> SkippedRecord {
    let reads = |path: &[Step], leaf: Value| T::deserialize(&wrap(path, leaf)).is_ok();
    let mut path: Vec<Step> = Vec::new();
    let mut current = item;
    // A depth bound: vendor payloads nest three or four levels.
    for _ in 0..8 {
        let next = match current {
            Value::Object(map) if reads(&path, Value::Object(Default::default())) => {
                map.iter().find_map(|(key, child)| {
                    path.push(Step::Key(key.clone()));
                    let odd = !reads(&path, child.clone());
                    path.pop();
                    odd.then(|| (Step::Key(key.clone()), child))
                })
            }
            Value::Array(items) if reads(&path, Value::Array(Vec::new())) => {
                items.iter().enumerate().find_map(|(index, child)| {
                    path.push(Step::Index(index));
                    let odd = !reads(&path, child.clone());
                    path.pop();
                    odd.then_some((Step::Index(index), child))
                })
            }
            _ => None,
        };
        let Some((step, child)) = next else { break };
        path.push(step);
        current = child;
    }
    let error = T::deserialize(&wrap(&path, current.clone())).err();
    let expected = match error.map(|e| e.to_string()) {
        Some(m) if m.contains("expected a sequence") => " where a list belongs",
        Some(m) if m.contains("expected struct") || m.contains("expected a map") => {
            " where an object belongs"
        }
        _ => "",
    };
    let incident_id = match item {
        Value::Object(map) => id_keys.iter().find_map(|key| match map.get(*key) {
            Some(Value::String(text)) if !text.trim().is_empty() => Some(text.clone()),
            Some(Value::Number(number)) => Some(number.to_string()),
            _ => None,
        }),
        _ => None,
    };
    // Ids and keys are vendor text: no control characters into summaries or the log.
    SkippedRecord {
        incident_id: incident_id.map(|id| sanitize_text(&id).replace('\n', " ")),
        field: sanitize_text(&path_text(&path)).replace('\n', " "),
        found: format!("{}{expected}", in_words(current)),
    }
}

/// `leaf` placed at `path` inside otherwise empty containers; indexes become one-item lists.
fn wrap(path: &[Step], leaf: Value) -> Value {
    path.iter().rev().fold(leaf, |inner, step| match step {
        Step::Key(key) => Value::Object([(key.clone(), inner)].into_iter().collect()),
        Step::Index(_) => Value::Array(vec![inner]),
    })
}

fn path_text(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// A value in words, with a short excerpt of scalars: `a string "API"`, `a number 42`.
fn in_words(value: &Value) -> String {
    const EXCERPT: usize = 40;
    match value {
        Value::String(text) if text.chars().count() > EXCERPT => {
            let cut: String = text.chars().take(EXCERPT).collect();
            format!("a string {:?}", format!("{cut}…"))
        }
        Value::String(text) => format!("a string {text:?}"),
        Value::Number(number) => format!("a number {number}"),
        Value::Bool(flag) => format!("a boolean {flag}"),
        Value::Array(items) => format!("a list of {} item(s)", items.len()),
        other => kind_of(other).to_string(),
    }
}

/// Plain name of a JSON value's kind, for error messages.
pub fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> String {
        parse_timestamp(text)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default()
    }

    #[test]
    fn offsets_and_fractions() {
        assert_eq!(
            utc("2025-11-18T11:48:27.144Z"),
            "2025-11-18T11:48:27.144+00:00"
        );
        assert_eq!(utc("2026-09-29T17:52:52Z"), "2026-09-29T17:52:52+00:00");
        assert_eq!(
            utc("2022-07-01T13:37:44+00:00"),
            "2022-07-01T13:37:44+00:00"
        );
        assert_eq!(
            utc("2018-09-07T18:34:15-07:00"),
            "2018-09-08T01:34:15+00:00"
        );
        assert_eq!(utc("2018-09-07 18:34:15-0700"), "2018-09-08T01:34:15+00:00");
        // The edges of the possible range.
        assert_eq!(utc("1995-01-01T00:00:00Z"), "1995-01-01T00:00:00+00:00");
        assert_eq!(utc("2099-12-31T23:59:59Z"), "2099-12-31T23:59:59+00:00");
    }

    #[test]
    fn garbage_is_none() {
        for text in [
            "",
            "  ",
            "null",
            "yesterday",
            "2018-09-07T18:34:15",
            "2018-13-40T00:00:00Z",
            "1900-01-01T00:00:00Z",
            "1994-12-31T23:59:59Z",
            "2100-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00+00:00",
        ] {
            assert_eq!(parse_timestamp(text), None, "{text}");
        }
    }

    #[test]
    fn loose_scalars() {
        let read = |json: &str| {
            serde_json::from_str::<Loose>(json)
                .map(|l| l.0)
                .ok()
                .flatten()
        };
        assert_eq!(read("20008"), Some("20008".into()));
        assert_eq!(
            read("\"15267780622191605299\""),
            Some("15267780622191605299".into())
        );
        assert_eq!(read("null"), None);
        assert_eq!(read("{\"a\":[1,2]}"), None);
    }
}
