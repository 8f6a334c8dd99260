//! Domain types shared by every module: plain data, no I/O.

mod names;
mod payload;
mod snapshot;
mod text;

pub use names::{name_key, same_name};
pub use payload::{RawPayload, Validators};
pub use snapshot::{OpenListing, SkippedRecord, Snapshot};
pub use text::{is_hidden_control, sanitize_text, source_id_for};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub type Timestamp = DateTime<Utc>;

/// The status-page software a source runs on; decides which provider parses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Statuspage,
    Incidentio,
    Gcloud,
    Slack,
    Aws,
    Azure,
    Salesforce,
    Statusio,
    Instatus,
    Betterstack,
}

impl Platform {
    pub const ALL: [Platform; 10] = [
        Self::Statuspage,
        Self::Incidentio,
        Self::Gcloud,
        Self::Slack,
        Self::Aws,
        Self::Azure,
        Self::Salesforce,
        Self::Statusio,
        Self::Instatus,
        Self::Betterstack,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Statuspage => "statuspage",
            Self::Incidentio => "incidentio",
            Self::Gcloud => "gcloud",
            Self::Slack => "slack",
            Self::Aws => "aws",
            Self::Azure => "azure",
            Self::Salesforce => "salesforce",
            Self::Statusio => "statusio",
            Self::Instatus => "instatus",
            Self::Betterstack => "betterstack",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let wanted = text.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|p| p.as_str() == wanted)
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An enum whose set of values is owned by a third party: known values get a
/// variant, anything else is kept verbatim instead of failing the parse.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            Other(String),
        }

        impl $name {
            pub fn from_text(text: &str) -> Self {
                let norm = text.trim().to_ascii_lowercase();
                match norm.as_str() {
                    $($text => Self::$variant,)+
                    _ => Self::Other(text.trim().to_string()),
                }
            }

            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(text) => text.as_str(),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

open_enum!(
    /// Vendor-declared impact of an incident.
    Impact {
        None => "none",
        Minor => "minor",
        Major => "major",
        Critical => "critical",
        Maintenance => "maintenance",
    }
);

impl Impact {
    /// Severity order used for "maximum impact seen"; unknown values rank lowest.
    pub fn rank(&self) -> u8 {
        match self {
            Self::Critical => 4,
            Self::Major => 3,
            Self::Minor => 2,
            Self::None => 1,
            Self::Maintenance | Self::Other(_) => 0,
        }
    }

    pub fn worst(a: &Impact, b: &Impact) -> Impact {
        if b.rank() > a.rank() {
            b.clone()
        } else {
            a.clone()
        }
    }
}

open_enum!(
    /// Status of an incident or of one update on it (maintenance statuses included).
    IncidentStatus {
        Investigating => "investigating",
        Identified => "identified",
        Monitoring => "monitoring",
        Resolved => "resolved",
        Postmortem => "postmortem",
        Scheduled => "scheduled",
        InProgress => "in_progress",
        Verifying => "verifying",
        Completed => "completed",
        ClosedUnseen => "closed_unseen",
    }
);

impl IncidentStatus {
    /// Whether the incident is over at this status.
    pub fn is_closed(&self) -> bool {
        Self::closes(self.as_str())
    }

    /// `is_closed` for a stored status text (no parsing: metrics call it per update row).
    pub fn closes(status: &str) -> bool {
        matches!(
            status,
            "resolved" | "postmortem" | "completed" | "closed_unseen"
        )
    }
}

open_enum!(
    /// Current state of one status-page component.
    ComponentStatus {
        Operational => "operational",
        DegradedPerformance => "degraded_performance",
        PartialOutage => "partial_outage",
        MajorOutage => "major_outage",
        UnderMaintenance => "under_maintenance",
    }
);

/// One public post on an incident.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentUpdate {
    pub id: String,
    pub status: IncidentStatus,
    /// Vendor-written text; `None` when imported facts-only.
    pub body: Option<String>,
    /// When the update was actually entered: the time used for every metric.
    pub created_at: Timestamp,
    /// The time shown to readers; vendors backdate and edit it.
    pub display_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    /// Names of the components the update lists as affected.
    pub affected_components: Vec<String>,
    /// When the text promised the next update by (extracted at ingest, kept without the text).
    pub promised_by: Option<Timestamp>,
}

/// One vendor-declared incident (or scheduled maintenance) on a source.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub id: String,
    /// Latest title; `None` when imported facts-only.
    pub title: Option<String>,
    /// Title when first seen (titles change mid-incident).
    pub first_title: Option<String>,
    pub status: IncidentStatus,
    /// Latest impact.
    pub impact: Impact,
    /// Impact when first seen.
    pub first_impact: Impact,
    /// Worst impact ever seen.
    pub max_impact: Impact,
    pub created_at: Timestamp,
    /// The platform's own start field (Statuspage `started_at`), latest value.
    pub started_at: Option<Timestamp>,
    /// `started_at` when first seen (vendors edit it later).
    pub first_started_at: Option<Timestamp>,
    /// A start time the vendor states outright (Google Cloud `begin`, or text).
    pub stated_start: Option<Timestamp>,
    /// Where `stated_start` came from: the field, or the sentence that stated it.
    pub start_evidence: Option<StartEvidence>,
    pub updated_at: Option<Timestamp>,
    pub monitoring_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub url: Option<String>,
    /// Names of the components the incident affects.
    pub components: Vec<String>,
    /// Updates, oldest first by `created_at`.
    pub updates: Vec<IncidentUpdate>,
    /// The latest moment planb saw the incident in a payload: the silence of an incident
    /// still open is measured up to here, not up to "now" (a stale capture is not silence).
    pub observed_at: Option<Timestamp>,
    /// Set when the incident left a feed that lists every open incident without a
    /// resolution post: it closed inside this bound (status `closed_unseen`).
    pub closed_unseen: Option<ClosedUnseen>,
}

/// An incident seen open in one listing of every open incident and absent from a later
/// one: it closed in between. The vendor's own resolution time is unknown and never
/// invented; only the bound is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedUnseen {
    /// When planb last saw it open (a pull's fetch time, or a saved file's newest time).
    pub last_seen: Timestamp,
    /// When a listing first showed it gone (a pull's fetch time, or the file's own time).
    pub first_absent: Timestamp,
}

impl Incident {
    /// Sort updates oldest first; providers call this once after mapping.
    pub fn sort_updates(&mut self) {
        self.updates.sort_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then_with(|| a.id.cmp(&b.id))
        });
    }

    /// Drop vendor-written prose, keeping ids, times, statuses, impacts and component names
    /// (and the kind of phrase that stated the start, without its sentence).
    pub fn strip_text(&mut self) {
        self.title = None;
        self.first_title = None;
        if let Some(evidence) = self.start_evidence.as_mut() {
            evidence.sentence = None;
        }
        for update in &mut self.updates {
            update.body = None;
        }
    }
}

/// How a stated start was known; kept beside it so every number can be explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartEvidence {
    /// `field:<name>` for a platform's own field (Google Cloud `field:begin`); else the
    /// kind of phrase: `range`, `start-word`, `as-of`, `impact-at` or `label`.
    pub kind: String,
    /// The update whose text stated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_id: Option<String>,
    /// The sentence (markup removed, bounded); `None` once the text is dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
}

impl StartEvidence {
    /// A platform's own start field, named as the platform names it.
    pub fn field(name: &str) -> Self {
        Self {
            kind: format!("field:{name}"),
            update_id: None,
            sentence: None,
        }
    }
}

/// One component of a status page, as last reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub status: ComponentStatus,
    /// Group rows are containers, not services: skip them when counting.
    pub group: bool,
    pub updated_at: Option<Timestamp>,
}

/// The page-wide indicator (`none | minor | major | critical`, or whatever the page says).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageStatus {
    pub indicator: String,
    pub description: Option<String>,
}

/// One source to pull: a status feed the inventory (or the manifest) names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpec {
    pub source_id: String,
    pub name: String,
    pub platform: Platform,
    pub base_url: String,
}

/// Identity of the page a payload came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageInfo {
    pub id: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_values_are_kept_as_text() {
        assert_eq!(Impact::from_text("Critical"), Impact::Critical);
        assert_eq!(
            Impact::from_text("catastrophic"),
            Impact::Other("catastrophic".into())
        );
        assert_eq!(
            IncidentStatus::from_text("in_progress"),
            IncidentStatus::InProgress
        );
        assert_eq!(IncidentStatus::from_text("AVAILABLE").as_str(), "AVAILABLE");
    }

    #[test]
    fn worst_impact_ignores_unknown_values() {
        assert_eq!(
            Impact::worst(&Impact::Minor, &Impact::Critical),
            Impact::Critical
        );
        assert_eq!(
            Impact::worst(&Impact::Major, &Impact::Other("x".into())),
            Impact::Major
        );
    }
}
