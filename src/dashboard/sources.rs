//! Per-source bookkeeping (last pull, error, counts, freshness) and what the latest
//! `summary.json` of each page says is down.

use std::collections::BTreeMap;

use crate::metrics::SourceLabel;
use crate::model::{ComponentStatus, Timestamp, sanitize_text};
use crate::store::{Manifest, Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    pub source_id: String,
    pub name: String,
    pub vendor: String,
    pub service: String,
    pub platform: String,
    pub base_url: Option<String>,
    /// The page URL an imported file named (never pulled).
    pub seen_url: Option<String>,
    pub last_attempt: Option<Timestamp>,
    pub last_success: Option<Timestamp>,
    pub last_error: Option<String>,
    /// The page-wide indicator of the latest summary (`none`, `minor`, `major`, …).
    pub indicator: Option<String>,
    pub incidents: usize,
    pub maintenances: usize,
    pub updates: usize,
    pub history_complete_at: Option<Timestamp>,
}

/// A page that said something is wrong in its latest summary.
#[derive(Debug, Clone, PartialEq)]
pub struct DownNow {
    pub source_id: String,
    pub vendor: String,
    pub service: String,
    pub indicator: String,
    /// Components not operational: (name, status), group rows skipped.
    pub components: Vec<(String, String)>,
    /// When planb last read the page: "right now" means as of then.
    pub as_of: Option<Timestamp>,
}

pub fn rows(manifest: &Manifest, labels: &BTreeMap<String, SourceLabel>) -> Vec<SourceRow> {
    manifest
        .sources
        .iter()
        .map(|(id, e)| {
            let label = labels.get(id);
            let name = sanitize_text(e.name.as_deref().unwrap_or(id));
            SourceRow {
                source_id: id.clone(),
                vendor: label.map_or_else(|| name.clone(), |l| l.vendor.clone()),
                service: label.map_or_else(|| name.clone(), |l| l.service.clone()),
                name,
                platform: e.platform.to_string(),
                base_url: e.base_url.as_deref().map(sanitize_text),
                seen_url: e.seen_url.as_deref().map(sanitize_text),
                last_attempt: e.last_attempt,
                last_success: e.last_success,
                last_error: e.last_error.as_deref().map(sanitize_text),
                indicator: e.page_status.as_ref().map(|s| sanitize_text(&s.indicator)),
                incidents: e.incidents,
                maintenances: e.maintenances,
                updates: e.updates,
                history_complete_at: e.history_complete_at,
            }
        })
        .collect()
}

/// Whether an indicator says something is wrong (anything but `none`/empty).
pub fn is_alert(indicator: Option<&str>) -> bool {
    indicator.is_some_and(|i| !i.trim().is_empty() && !i.eq_ignore_ascii_case("none"))
}

/// Pages whose indicator is up, with their broken components. Only those sources' tables
/// are read, so a store of thousands of quiet pages costs nothing here.
pub fn down_now(store: &Store, sources: &[SourceRow]) -> Result<Vec<DownNow>, StoreError> {
    let mut out = Vec::new();
    for row in sources.iter().filter(|r| is_alert(r.indicator.as_deref())) {
        // A source whose tables cannot be read is shown without its components (the
        // window's metrics name the damaged file and the fix); the others go on.
        let tables = match store.load_source(&row.source_id) {
            Ok(tables) => tables,
            Err(e) => {
                tracing::warn!(source = %row.source_id, error = %e, "down now: tables unreadable");
                Default::default()
            }
        };
        let components = tables
            .components
            .iter()
            .filter(|c| !c.group && c.status != ComponentStatus::Operational)
            .map(|c| (sanitize_text(&c.name), c.status.as_str().replace('_', " ")))
            .collect();
        out.push(DownNow {
            source_id: row.source_id.clone(),
            vendor: row.vendor.clone(),
            service: row.service.clone(),
            indicator: row.indicator.clone().unwrap_or_default(),
            components,
            as_of: row.last_success.or(row.last_attempt),
        });
    }
    // Worst first: critical, major, minor, then anything else.
    let rank = |i: &str| match i {
        "critical" => 0,
        "major" => 1,
        "minor" => 2,
        _ => 3,
    };
    out.sort_by(|a, b| {
        rank(&a.indicator)
            .cmp(&rank(&b.indicator))
            .then_with(|| a.vendor.cmp(&b.vendor))
    });
    Ok(out)
}
