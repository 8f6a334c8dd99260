//! The wire shapes of Statuspage's JSON, every field optional: compatible APIs omit many
//! of them, and one odd value must not cost the rest of the payload.

use serde::de::{Deserialize, Deserializer, IgnoredAny};
use serde_json::Value;

use super::super::ParseError;
use super::super::time::{opt_string, opt_time, read_items, read_list};
use crate::model::{SkippedRecord, Timestamp};

/// Read a payload; an incident that does not read is left out and described in the
/// second value. The whole payload is read typed first (the common case costs nothing
/// extra); only when that fails are the incident lists re-read item by item.
pub(super) fn read_payload(body: &[u8]) -> Result<(RawPayload, Vec<SkippedRecord>), ParseError> {
    match serde_json::from_slice::<RawPayload>(body) {
        Ok(raw) => Ok((raw, Vec::new())),
        Err(err) => reread_item_by_item(body).ok_or_else(|| ParseError::from_json(err, body)),
    }
}

/// `None` when the fault is not inside an incident (bad JSON, an odd `page`): the typed
/// read's error says it best.
fn reread_item_by_item(body: &[u8]) -> Option<(RawPayload, Vec<SkippedRecord>)> {
    let Value::Object(mut top) = serde_json::from_slice::<Value>(body).ok()? else {
        return None;
    };
    let incidents = top.remove("incidents");
    let maintenances = top.remove("scheduled_maintenances");
    let single = top.remove("incident");
    let mut raw = RawPayload::deserialize(&Value::Object(top)).ok()?;
    let mut skipped = Vec::new();
    raw.incidents = read_list(incidents, &["id"], &mut skipped).ok()?;
    raw.scheduled_maintenances = read_list(maintenances, &["id"], &mut skipped).ok()?;
    raw.incident = match single {
        None => None,
        Some(Value::Null) => Some(None),
        Some(item) => Some(read_items(vec![item], &["id"], &mut skipped).pop()),
    };
    Some((raw, skipped))
}

/// Present-but-null and absent differ for the known-key check: `Some(None)` is a key
/// whose value is null (incident.io sends `"incidents": null`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawPayload {
    #[serde(deserialize_with = "present")]
    pub(super) page: Option<Option<RawPage>>,
    #[serde(deserialize_with = "present")]
    pub(super) status: Option<Option<RawStatus>>,
    #[serde(deserialize_with = "present")]
    pub(super) components: Option<Option<Vec<RawComponent>>>,
    #[serde(deserialize_with = "present")]
    pub(super) incidents: Option<Option<Vec<RawIncident>>>,
    #[serde(deserialize_with = "present")]
    pub(super) scheduled_maintenances: Option<Option<Vec<RawIncident>>>,
    #[serde(deserialize_with = "present")]
    pub(super) incident: Option<Option<RawIncident>>,
    /// A history page parses to an empty snapshot (its rows carry no usable times).
    #[serde(deserialize_with = "present")]
    pub(super) months: Option<Option<IgnoredAny>>,
}

impl RawPayload {
    pub(super) fn has_known_key(&self) -> bool {
        self.page.is_some()
            || self.status.is_some()
            || self.components.is_some()
            || self.incidents.is_some()
            || self.scheduled_maintenances.is_some()
            || self.incident.is_some()
            || self.months.is_some()
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawPage {
    #[serde(deserialize_with = "opt_string")]
    pub(super) id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) url: Option<String>,
    /// When the page last changed (an incident post or edit bumps it).
    #[serde(deserialize_with = "opt_time")]
    pub(super) updated_at: Option<Timestamp>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawStatus {
    #[serde(deserialize_with = "opt_string")]
    pub(super) indicator: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) description: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawComponent {
    #[serde(deserialize_with = "opt_string")]
    pub(super) id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) status: Option<String>,
    pub(super) group: Option<serde_json::Value>,
    #[serde(deserialize_with = "opt_time")]
    pub(super) updated_at: Option<Timestamp>,
}

impl RawComponent {
    pub(super) fn is_group(&self) -> bool {
        self.group == Some(serde_json::Value::Bool(true))
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawIncident {
    #[serde(deserialize_with = "opt_string")]
    pub(super) id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) status: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) impact: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) shortlink: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) scheduled_for: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    pub(super) created_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    pub(super) started_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    pub(super) updated_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    pub(super) monitoring_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    pub(super) resolved_at: Option<Timestamp>,
    pub(super) incident_updates: Option<Vec<RawUpdate>>,
    pub(super) components: Option<Vec<RawComponent>>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawUpdate {
    #[serde(deserialize_with = "opt_string")]
    pub(super) id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) status: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub(super) body: Option<String>,
    #[serde(deserialize_with = "opt_time")]
    pub(super) created_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    pub(super) display_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_time")]
    pub(super) updated_at: Option<Timestamp>,
    pub(super) affected_components: Option<Vec<RawAffected>>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawAffected {
    #[serde(deserialize_with = "opt_string")]
    pub(super) name: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawHistory {
    pub(super) months: Option<Vec<RawMonth>>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawMonth {
    pub(super) incidents: Option<Vec<RawCode>>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct RawCode {
    #[serde(deserialize_with = "opt_string")]
    pub(super) code: Option<String>,
}
