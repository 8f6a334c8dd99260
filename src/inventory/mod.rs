//! The company's inventory: which services it uses and where their status pages are.
//! CSV or TOML, validated all at once; resolves into the sources to pull.
//!
//! Fields read today: `service`, `status_url`, `platform`. Other columns are kept
//! on the row (`other`) for the fuller inventory (capability, criticality, fallback…).

pub mod catalog;
pub mod problems;
pub mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::fetch::pull::SourceSpec;
use crate::model::{Platform, source_id_for};
pub use problems::{InventoryError, Problem, Severity};
use table::{Cell, RawRow};

/// Inventories beyond this are refused rather than read into memory.
const MAX_INVENTORY_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct InventoryRow {
    pub line: usize,
    pub service: String,
    pub status_url: Option<String>,
    pub platform: Option<Platform>,
    /// Columns not interpreted yet, kept verbatim.
    pub other: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Inventory {
    pub path: PathBuf,
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
                seen.insert(source_id.clone()).then(|| SourceSpec { source_id, name: row.service.clone(), platform, base_url: url.trim_end_matches('/').to_string() })
            })
            .collect()
    }
}

pub fn load(path: &Path) -> Result<Inventory, InventoryError> {
    let fail = |message: String, hint: Option<String>| InventoryError {
        problems: vec![Problem { severity: Severity::Error, file: path.to_path_buf(), line: 0, column: None, field: String::new(), message, hint }],
    };
    let size = std::fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}"), Some("check the path".into())))?.len();
    if size > MAX_INVENTORY_BYTES {
        return Err(fail(format!("{size} bytes is over the {MAX_INVENTORY_BYTES}-byte limit for an inventory"), None));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}"), None))?;
    let text = String::from_utf8(bytes).map_err(|e| fail(format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()), Some("save the file as UTF-8".into())))?;
    let is_toml = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let rows = if is_toml { table::read_toml(path, &text) } else { table::read_csv(path, &text) };
    let rows = rows.map_err(|problems| InventoryError { problems })?;
    validate(path, rows)
}

fn validate(path: &Path, rows: Vec<RawRow>) -> Result<Inventory, InventoryError> {
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    let problem = |severity, line, cell: Option<&Cell>, field: &str, message: String, hint: Option<String>| Problem {
        severity,
        file: path.to_path_buf(),
        line: cell.map_or(line, |c| c.line),
        column: cell.map(|c| c.column),
        field: field.to_string(),
        message,
        hint,
    };
    if rows.is_empty() {
        problems.push(problem(Severity::Error, 1, None, "", "no services listed".into(), Some("add one row per service".into())));
    }
    for mut row in rows {
        let service = row.cells.remove("service");
        let status_url = row.cells.remove("status_url");
        let platform_cell = row.cells.remove("platform");
        let Some(service) = service else {
            problems.push(problem(Severity::Error, row.line, None, "service", "missing".into(), Some("name the service, e.g. `GitHub`".into())));
            continue;
        };
        let mut url = None;
        if let Some(cell) = &status_url {
            let value = cell.value.trim();
            if value.starts_with("https://") || value.starts_with("http://") {
                url = Some(value.to_string());
            } else {
                problems.push(problem(Severity::Error, row.line, Some(cell), "status_url", format!("`{value}` is not an http(s) URL"), Some("write the status page's base URL, e.g. `https://www.githubstatus.com`".into())));
            }
        }
        let platform = match &platform_cell {
            Some(cell) => match Platform::parse(&cell.value) {
                Some(p) => Some(p),
                None => {
                    let names = Platform::ALL.map(|p| p.as_str());
                    let hint = problems::did_you_mean(&cell.value, names).map_or_else(|| format!("one of: {}", names.join(", ")), |s| format!("did you mean `{s}`?"));
                    problems.push(problem(Severity::Error, row.line, Some(cell), "platform", format!("unknown platform `{}`", cell.value), Some(hint)));
                    None
                }
            },
            None => url.as_deref().and_then(platform_from_url),
        };
        if url.is_some() && platform.is_none() && platform_cell.is_none() {
            problems.push(problem(Severity::Error, row.line, status_url.as_ref(), "platform", "missing, and the URL does not tell".into(), Some("add a `platform` column: statuspage, incidentio, gcloud or slack".into())));
        }
        if status_url.is_none() {
            problems.push(problem(Severity::Warning, row.line, Some(&service), "status_url", format!("`{}` has no status page: it will have no history", service.value), Some("add its status page URL and platform".into())));
        }
        let other = row.cells.into_iter().map(|(k, c)| (k, c.value)).collect();
        out.push(InventoryRow { line: row.line, service: service.value, status_url: url, platform, other });
    }
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(InventoryError { problems });
    }
    Ok(Inventory { path: path.to_path_buf(), rows: out, warnings: problems })
}

/// Platforms whose status host is unique to them.
fn platform_from_url(url: &str) -> Option<Platform> {
    let host = url.split("://").nth(1)?.split('/').next()?.to_ascii_lowercase();
    match host.as_str() {
        "status.cloud.google.com" => Some(Platform::Gcloud),
        "slack-status.com" | "status.slack.com" => Some(Platform::Slack),
        h if h.ends_with(".statuspage.io") => Some(Platform::Statuspage),
        _ => None,
    }
}
