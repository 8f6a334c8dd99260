//! The company's inventory: which services it uses, for what, how much each matters and
//! what it does without it. CSV or TOML (`[[service]]` tables), validated all at once,
//! resolved against the built-in catalog, and turned into the sources to pull.
//!
//! Fields: `service` (a catalog key, name or alias, or any name), `capability`,
//! `criticality` (critical | high | medium | low), `fallback` (none | manual | another
//! service), and optional overrides `vendor`, `status_url`, `platform`, `runs_on`
//! (`;`-separated hosts, or a TOML array), `rto_hours`, `owner`, `notes`. A row naming a
//! catalog service inherits vendor, status source, hosts and RTO/RPO; any can be overridden.
//!
//! Two kinds of file. When the header (or, in TOML, every table) has none of
//! `capability`, `criticality` and `fallback`, the file is a *sources-only* inventory:
//! valid for `planb pull`, but it says nothing about exposure. As soon as one of the three
//! appears, all three are required on every row, because exposure metrics computed from
//! half-described rows would be silently wrong.

pub mod catalog;
mod cells;
mod checker;
mod fields;
mod links;
pub mod problems;
mod quotes;
mod resolve;
pub mod table;
mod table_toml;
mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::model::SourceSpec;
use crate::model::{Platform, source_id_for};
pub use problems::{InventoryError, Problem, Severity};

/// Inventories beyond this are refused rather than read into memory.
const MAX_INVENTORY_BYTES: u64 = 64 * 1024 * 1024;

/// The demo company's inventory, embedded so the demo works from any directory.
pub const DEMO_INVENTORY: &str = include_str!("../../data/demo/inventory.csv");

/// How much a capability matters to the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Criticality {
    Critical,
    High,
    Medium,
    Low,
}

impl Criticality {
    pub const ALL: [Criticality; 4] = [Self::Critical, Self::High, Self::Medium, Self::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let wanted = text.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(wanted))
    }

    /// Concentration weight (DESIGN.md "Concentration"): each step doubles.
    pub fn weight(self) -> f64 {
        match self {
            Self::Critical => 8.0,
            Self::High => 4.0,
            Self::Medium => 2.0,
            Self::Low => 1.0,
        }
    }
}

impl std::fmt::Display for Criticality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the company does when the service is gone.
#[derive(Debug, Clone, PartialEq)]
pub enum Fallback {
    None,
    /// People work around it by hand (slower, error-prone).
    Manual,
    /// Another service takes over; its vendor and hosts decide whether it survives an outage.
    Service(FallbackService),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FallbackService {
    /// As written in the inventory.
    pub name: String,
    /// Identity of the fallback (see `InventoryRow::key`).
    pub key: String,
    pub vendor: String,
    pub hosts: Vec<Host>,
}

impl Fallback {
    /// `none`, `manual` or the fallback service's name.
    pub fn label(&self) -> &str {
        match self {
            Self::None => "none",
            Self::Manual => "manual",
            Self::Service(s) => &s.name,
        }
    }
}

/// A fourth party a service runs on. "Own data centers" is keyed per vendor
/// ("Own data centers (Zoom Communications)") because one vendor's own infrastructure
/// shares nothing with another's.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Host {
    pub name: String,
    /// The company that runs the host (AWS → Amazon), when known: a vendor outage takes
    /// its hosts down with it.
    pub owner: Option<String>,
}

/// What the company uses a service for; absent in a sources-only inventory.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    /// Lowercase, spaces collapsed.
    pub capability: String,
    pub criticality: Criticality,
    pub fallback: Fallback,
}

/// Where a resolved row's vendor, hosts and source came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// From the catalog entry with this key; `overrides` lists fields the row replaced.
    Catalog {
        key: String,
        overrides: Vec<&'static str>,
    },
    /// Not in the catalog: everything comes from the row itself.
    Inventory,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InventoryRow {
    pub line: usize,
    /// As written.
    pub service: String,
    /// Identity used for duplicates and grouping: the catalog key, else the name in
    /// lowercase letters and digits only.
    pub key: String,
    pub usage: Option<Usage>,
    /// Ultimate parent; the service's own name when neither row nor catalog says.
    pub vendor: String,
    pub status_url: Option<String>,
    pub platform: Option<Platform>,
    /// The catalog's name for a status platform planb cannot read yet ("own", "status.io").
    pub platform_name: Option<String>,
    pub hosts: Vec<Host>,
    /// "stated", "unconfirmed", "oct-25-outage" (catalog) or "inventory" (runs_on).
    pub hosts_basis: Option<String>,
    pub rto_hours: Option<f64>,
    pub rpo_hours: Option<f64>,
    pub owner: Option<String>,
    pub notes: Option<String>,
    pub origin: Origin,
    /// Columns planb does not interpret, kept verbatim.
    pub other: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InventoryKind {
    /// Every row has capability, criticality and fallback.
    Exposure,
    /// Only services and status pages: enough for `pull`, not for exposure.
    SourcesOnly,
}

/// A status URL of the inventory whose platform is not known yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndetectedSource {
    pub source_id: String,
    pub name: String,
    pub url: String,
    /// The inventory line that names it.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Inventory {
    pub path: PathBuf,
    pub kind: InventoryKind,
    pub rows: Vec<InventoryRow>,
    /// Non-fatal findings (a service without a status page has no history).
    pub warnings: Vec<Problem>,
}

impl Inventory {
    /// Distinct sources to pull, in inventory order.
    pub fn sources(&self) -> Vec<SourceSpec> {
        let mut seen = std::collections::HashSet::new();
        self.rows
            .iter()
            .filter_map(|row| {
                let url = row.status_url.as_ref()?;
                let platform = row.platform?;
                let source_id = source_id_for(url);
                seen.insert(source_id.clone()).then(|| SourceSpec {
                    source_id,
                    name: row.service.clone(),
                    platform,
                    base_url: url.trim_end_matches('/').to_string(),
                })
            })
            .collect()
    }

    /// Distinct status URLs whose platform neither the row, the catalog nor the URL's host
    /// says: `pull` and `inventory check` find it by asking the page (`fetch::discover`).
    pub fn undetected_sources(&self) -> Vec<UndetectedSource> {
        let mut seen = std::collections::HashSet::new();
        self.rows
            .iter()
            .filter(|row| row.platform.is_none())
            .filter_map(|row| {
                let url = row.status_url.as_ref()?.trim_end_matches('/').to_string();
                let source_id = source_id_for(&url);
                seen.insert(source_id.clone()).then(|| UndetectedSource {
                    source_id,
                    name: row.service.clone(),
                    url,
                    line: row.line,
                })
            })
            .collect()
    }

    /// Rows that describe a use (all of them in an exposure inventory), with their usage.
    pub fn usages(&self) -> impl Iterator<Item = (&InventoryRow, &Usage)> {
        self.rows
            .iter()
            .filter_map(|row| row.usage.as_ref().map(|u| (row, u)))
    }
}

/// Reads and validates an inventory file (`.toml` as TOML, anything else as CSV).
pub fn load(path: &Path) -> Result<Inventory, InventoryError> {
    let fail = |message: String, hint: Option<String>| InventoryError {
        problems: vec![Problem {
            severity: Severity::Error,
            file: path.to_path_buf(),
            line: 0,
            column: None,
            field: String::new(),
            message,
            hint,
        }],
    };
    let size = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read: {e}"), Some("check the path".into())))?
        .len();
    if size > MAX_INVENTORY_BYTES {
        return Err(fail(
            format!("{size} bytes is over the {MAX_INVENTORY_BYTES}-byte limit for an inventory"),
            None,
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}"), None))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            return Err(InventoryError {
                problems: vec![not_utf8(path, e)],
            });
        }
    };
    parse(path, &text)
}

/// Bytes that are not UTF-8, named at their line and their place in it (not as a column:
/// in CSV a column is a field, and fields cannot be read yet).
fn not_utf8(path: &Path, e: std::string::FromUtf8Error) -> Problem {
    let at = e.utf8_error().valid_up_to();
    let bytes = e.as_bytes();
    let good = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line = good.matches('\n').count() + 1;
    let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Problem {
        severity: Severity::Error,
        file: path.to_path_buf(),
        line,
        column: None,
        field: String::new(),
        message: format!(
            "not UTF-8 text: byte 0x{:02x} at character {column} of the line (byte {} of the file)",
            bytes[at],
            at + 1
        ),
        hint: Some("save the file as UTF-8 (in a spreadsheet: CSV UTF-8)".into()),
    }
}

/// Validates inventory text; `path` names it in messages and its extension picks the format.
pub fn parse(path: &Path, text: &str) -> Result<Inventory, InventoryError> {
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let table = if is_toml {
        table_toml::read_toml(path, text)
    } else {
        table::read_csv(path, text)
    };
    let table = table.map_err(|problems| InventoryError { problems })?;
    resolve::resolve(path, table, catalog::Catalog::builtin())
}

/// The built-in demo company (`data/demo/inventory.csv`).
pub fn demo() -> Result<Inventory, InventoryError> {
    parse(Path::new("data/demo/inventory.csv"), DEMO_INVENTORY)
}

/// Lowercase ASCII letters and digits only: the catalog's matching rule.
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
