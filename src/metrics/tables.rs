//! The metrics' plain-data output: what the report writers and the TUI consume.
//! No polars types cross this boundary.

use serde::Serialize;

use crate::model::Timestamp;

/// The period a report covers, counted back from "now" by incident creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "&'static str")]
pub enum Window {
    Days30,
    Days90,
    Year,
    All,
}

impl Window {
    pub const ALL: [Window; 4] = [Self::Days30, Self::Days90, Self::Year, Self::All];

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "30d" => Some(Self::Days30),
            "90d" => Some(Self::Days90),
            "1y" | "365d" => Some(Self::Year),
            "all" => Some(Self::All),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Days30 => "30d",
            Self::Days90 => "90d",
            Self::Year => "1y",
            Self::All => "all",
        }
    }

    pub fn days(self) -> Option<i64> {
        match self {
            Self::Days30 => Some(30),
            Self::Days90 => Some(90),
            Self::Year => Some(365),
            Self::All => None,
        }
    }
}

impl From<Window> for &'static str {
    fn from(window: Window) -> Self {
        window.label()
    }
}

/// One definition gives both the weights the metrics apply and the policy text printed
/// beside the number, so the two cannot disagree.
macro_rules! downtime_policy {
    ($name:literal; $first:ident => $first_weight:literal $(, $impact:ident => $weight:literal)*) => {
        /// Impact weights for downtime hours (an impact not listed weighs 0).
        pub const DOWNTIME_WEIGHTS: &[(&str, f64)] = &[
            (stringify!($first), $first_weight as f64)
            $(, (stringify!($impact), $weight as f64))*
        ];
        /// The weights as one named policy, printed beside every weighted number.
        pub const WEIGHTING_POLICY: &str = concat!(
            $name, ": ", stringify!($first), " ", stringify!($first_weight)
            $(, ", ", stringify!($impact), " ", stringify!($weight))*
        );
    };
}

downtime_policy!("impact-weighted v1"; critical => 1.0, major => 1.0, minor => 0.3, none => 0);

/// A distribution summary; `n` counts the incidents that had a value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Dist {
    pub n: u32,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImpactCounts {
    pub critical: u32,
    pub major: u32,
    pub minor: u32,
    pub none: u32,
    pub other: u32,
}

/// Aggregates over one group of incidents (a source or a vendor) in the window.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupStats {
    pub key: String,
    pub incidents: u32,
    /// Counted by the maximum impact seen.
    pub by_impact: ImpactCounts,
    pub ttfc_min: Dist,
    pub longest_silence_min: Dist,
    pub ttr_min: Dist,
    /// Share of incidents with a ttfc whose ttfc was at most 30 minutes.
    pub ttfc_within_30_share: Option<f64>,
    pub postmortem_rate: Option<f64>,
    pub retroactive_share: Option<f64>,
    pub backfilled: u32,
    pub promises_made: u32,
    pub promises_kept: u32,
    /// Resolution hours weighted by `WEIGHTING_POLICY`.
    pub downtime_hours_weighted: f64,
    pub first_incident_at: Option<Timestamp>,
    pub last_incident_at: Option<Timestamp>,
    /// ttfc values below zero clamped to zero (a first update before the stated start).
    pub ttfc_clamped: u32,
    /// How sure the figures are: incidents by how their impact start is known.
    pub start_basis: StartBases,
}

/// Incidents counted by `StartBasis`; n is their sum (the group's incidents).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StartBases {
    pub stated: u32,
    pub backdated: u32,
    pub none: u32,
}

impl StartBases {
    pub fn n(&self) -> u32 {
        self.stated + self.backdated + self.none
    }

    /// The share of incidents with this basis; `None` without incidents.
    pub fn share(&self, basis: StartBasis) -> Option<f64> {
        let count = match basis {
            StartBasis::Stated => self.stated,
            StartBasis::Backdated => self.backdated,
            StartBasis::None => self.none,
        };
        (self.n() > 0).then(|| f64::from(count) / f64::from(self.n()))
    }
}

/// One source's line in the report: its stats plus who it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceReport {
    pub source_id: String,
    pub vendor: String,
    pub service: String,
    pub platform: String,
    pub stats: GroupStats,
}

/// How `impact_start` was known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StartBasis {
    Stated,
    Backdated,
    None,
}

impl StartBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stated => "stated",
            Self::Backdated => "backdated",
            Self::None => "none",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "stated" => Self::Stated,
            "backdated" => Self::Backdated,
            _ => Self::None,
        }
    }
}

/// Per-incident metrics (DESIGN.md "Metric definitions"), owned: one row taken out of
/// an `IncidentTable` (see `IncidentRef`, whose fields these mirror).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRow {
    pub source_id: String,
    pub vendor: String,
    pub service: String,
    pub incident_id: String,
    /// The vendor's title, or a generated label ("major · Git Operations") when text was not kept.
    pub title: String,
    pub impact: String,
    pub first_impact: String,
    pub max_impact: String,
    pub status: String,
    pub created_at: Timestamp,
    pub first_update_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub impact_start: Option<Timestamp>,
    pub start_basis: StartBasis,
    pub ttfc_min: Option<f64>,
    pub longest_silence_min: Option<f64>,
    pub ttr_min: Option<f64>,
    pub updates: u32,
    pub postmortem: bool,
    pub postmortem_delay_min: Option<f64>,
    pub retroactive: bool,
    pub backfilled: bool,
    pub promises_made: u32,
    pub promises_kept: u32,
    pub url: Option<String>,
    /// Closed without a word (`closed_unseen`): last seen open, first seen gone.
    pub closed_after: Option<Timestamp>,
    pub closed_before: Option<Timestamp>,
}

/// Everything `planb report` and the dashboard show about communication and recovery.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommunicationReport {
    pub window: Window,
    pub generated_at: Timestamp,
    /// Per-incident rows (empty when computed with `IncidentRows::Skip`).
    pub incidents: super::IncidentTable,
    /// Incidents in the window, whether or not their rows were kept.
    pub incident_count: usize,
    pub sources: Vec<SourceReport>,
    pub vendors: Vec<GroupStats>,
    /// The store was made by `planb synth`: numbers are not about real vendors.
    pub synthetic: bool,
    /// Sources left out because a stored file could not be read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub damaged: Vec<DamagedSource>,
}

/// A source whose stored file could not be read: left out of every number, and how to
/// get it back (`planb repair` rebuilds its tables from the raw archive).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DamagedSource {
    pub source_id: String,
    pub file: std::path::PathBuf,
    pub reason: String,
}

impl DamagedSource {
    /// One line for the user: what is damaged, and the one-source fix.
    pub fn advice(&self) -> String {
        format!(
            "source {} left out: {} cannot be read ({}); rebuild it from its raw archive with `planb repair {}` (the other sources are unaffected)",
            self.source_id,
            self.file.display(),
            self.reason,
            self.source_id
        )
    }
}
