//! Per-source bookkeeping (last pull, error, counts, freshness) and what is down now: the
//! incidents open on every page planb polls (pull or watch), and what the latest summary
//! of each page says.

use std::collections::BTreeMap;

use crate::metrics::SourceLabel;
use crate::model::{ComponentStatus, Impact, Timestamp, sanitize_text};
use crate::store::{Manifest, Store, StoreError, tables};

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

/// A page with an incident open, or whose latest summary says something is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct DownNow {
    pub source_id: String,
    pub vendor: String,
    pub service: String,
    /// The worst of the page indicator and the open incidents' impacts.
    pub indicator: String,
    /// Components not operational: (name, status), group rows skipped.
    pub components: Vec<(String, String)>,
    /// Incidents open on a page planb polls (an imported capture is no "now"), worst first.
    pub open: Vec<OpenNow>,
    /// When planb last read the page successfully: "right now" means as of then.
    pub as_of: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OpenNow {
    pub title: String,
    pub impact: String,
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

/// Pages with an open incident (those planb polls) or an alerting indicator, with their
/// broken components. Only those sources' tables are read (incidents: five columns), so a
/// store of thousands of imported pages costs nothing here, and one unreadable source is
/// left out (and logged) rather than hiding the others.
pub fn down_now(store: &Store, sources: &[SourceRow]) -> Result<Vec<DownNow>, StoreError> {
    let incident_files: BTreeMap<String, std::path::PathBuf> = store
        .table_paths(tables::INCIDENTS_FILE)?
        .into_iter()
        .collect();
    let mut out = Vec::new();
    for row in sources {
        let alert = is_alert(row.indicator.as_deref());
        let polled = row.last_attempt.is_some();
        if !alert && !polled {
            continue;
        }
        let open = match incident_files.get(&row.source_id).filter(|_| polled) {
            Some(path) => match open_incidents(path) {
                Ok(open) => open,
                // A damaged file is named with its fix by the window's metrics; an
                // alerting page is still shown, the others go on.
                Err(e) => {
                    tracing::warn!(source = %row.source_id, error = %e, "open incidents unreadable");
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        if !alert && open.is_empty() {
            continue;
        }
        let components = if alert {
            match store.load_source(&row.source_id) {
                Ok(tables) => tables
                    .components
                    .iter()
                    .filter(|c| !c.group && c.status != ComponentStatus::Operational)
                    .map(|c| (sanitize_text(&c.name), c.status.as_str().replace('_', " ")))
                    .collect(),
                Err(e) => {
                    tracing::warn!(source = %row.source_id, error = %e, "components unreadable");
                    Vec::new()
                }
            }
        } else {
            Vec::new()
        };
        let page = row.indicator.clone().filter(|_| alert);
        let worst = open
            .iter()
            .map(|o| o.impact.clone())
            .chain(page)
            .max_by_key(|i| Impact::from_text(i).rank())
            .unwrap_or_default();
        out.push(DownNow {
            source_id: row.source_id.clone(),
            vendor: row.vendor.clone(),
            service: row.service.clone(),
            indicator: worst,
            components,
            open,
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

/// The open incidents of one source's incident file, made safe to show, worst first.
fn open_incidents(path: &std::path::Path) -> Result<Vec<OpenNow>, StoreError> {
    let mut open: Vec<OpenNow> = tables::open_incidents(path)?
        .into_iter()
        .map(|o| OpenNow {
            title: sanitize_text(&o.title).replace(['\n', '\t'], " "),
            impact: sanitize_text(&o.impact),
        })
        .collect();
    open.sort_by_key(|o| std::cmp::Reverse(Impact::from_text(&o.impact).rank()));
    Ok(open)
}
