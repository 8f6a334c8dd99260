//! The store's column names, written once: the table writer, the reader and the metrics
//! all name stored columns through these constants, so a rename cannot drift between them.

pub const SOURCE_ID: &str = "source_id";
/// `incident` or `maintenance` (`KIND_INCIDENT`, `KIND_MAINTENANCE`).
pub const KIND: &str = "kind";
pub const INCIDENT_ID: &str = "incident_id";
/// A 64-bit hash of (source, incident): metrics join and group on it.
pub const INCIDENT_KEY: &str = "incident_key";
pub const TITLE: &str = "title";
pub const FIRST_TITLE: &str = "first_title";
pub const STATUS: &str = "status";
pub const IMPACT: &str = "impact";
pub const FIRST_IMPACT: &str = "first_impact";
pub const MAX_IMPACT: &str = "max_impact";
pub const CREATED_AT: &str = "created_at";
pub const STARTED_AT: &str = "started_at";
pub const FIRST_STARTED_AT: &str = "first_started_at";
pub const STATED_START: &str = "stated_start";
/// How `stated_start` was known: JSON of `model::StartEvidence` (absent in older stores).
pub const START_EVIDENCE: &str = "start_evidence";
pub const UPDATED_AT: &str = "updated_at";
pub const MONITORING_AT: &str = "monitoring_at";
pub const RESOLVED_AT: &str = "resolved_at";
pub const OBSERVED_AT: &str = "observed_at";
/// An incident closed without a word (`closed_unseen`): last seen open, first seen gone.
/// Absent from stores written before they existed (read as null).
pub const CLOSED_AFTER: &str = "closed_after";
pub const CLOSED_BEFORE: &str = "closed_before";
pub const URL: &str = "url";
/// Component names, one cell, newline-separated.
pub const COMPONENTS: &str = "components";
/// The number of updates an incident has.
pub const UPDATES: &str = "updates";
pub const UPDATE_ID: &str = "update_id";
pub const BODY: &str = "body";
pub const DISPLAY_AT: &str = "display_at";
pub const PROMISED_BY: &str = "promised_by";
pub const AFFECTED_COMPONENTS: &str = "affected_components";
pub const COMPONENT_ID: &str = "component_id";
pub const NAME: &str = "name";
pub const GROUP: &str = "group";

pub const KIND_INCIDENT: &str = "incident";
pub const KIND_MAINTENANCE: &str = "maintenance";

/// `incidents.parquet`, in the order written.
pub const INCIDENT_COLUMNS: [&str; 24] = [
    SOURCE_ID,
    KIND,
    INCIDENT_ID,
    INCIDENT_KEY,
    TITLE,
    FIRST_TITLE,
    STATUS,
    IMPACT,
    FIRST_IMPACT,
    MAX_IMPACT,
    CREATED_AT,
    STARTED_AT,
    FIRST_STARTED_AT,
    STATED_START,
    START_EVIDENCE,
    UPDATED_AT,
    MONITORING_AT,
    RESOLVED_AT,
    OBSERVED_AT,
    URL,
    COMPONENTS,
    UPDATES,
    CLOSED_AFTER,
    CLOSED_BEFORE,
];

/// `updates.parquet`, in the order written.
pub const UPDATE_COLUMNS: [&str; 12] = [
    SOURCE_ID,
    KIND,
    INCIDENT_ID,
    INCIDENT_KEY,
    UPDATE_ID,
    STATUS,
    BODY,
    CREATED_AT,
    DISPLAY_AT,
    UPDATED_AT,
    PROMISED_BY,
    AFFECTED_COMPONENTS,
];

/// `components.parquet`, in the order written.
pub const COMPONENT_COLUMNS: [&str; 6] = [SOURCE_ID, COMPONENT_ID, NAME, STATUS, GROUP, UPDATED_AT];
