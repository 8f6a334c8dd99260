//! Correlated failures: a response capability on the same vendor or host as a critical
//! capability it would be needed for.

use std::collections::HashMap;

use super::{Correlation, ExposureRow, scenario};
use crate::inventory::{Criticality, Fallback};
use crate::model::{name_key, same_name};

/// Critical rows by vendor and by host (lowercase), so correlation is not a scan of
/// every pair of rows.
pub(super) struct CriticalIndex {
    by_vendor: HashMap<String, Vec<usize>>,
    by_host: HashMap<String, Vec<usize>>,
}

impl CriticalIndex {
    pub(super) fn new(rows: &[ExposureRow]) -> Self {
        let mut index = Self {
            by_vendor: HashMap::new(),
            by_host: HashMap::new(),
        };
        for (i, row) in rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.criticality == Criticality::Critical)
        {
            index
                .by_vendor
                .entry(name_key(&row.vendor))
                .or_default()
                .push(i);
            for host in &row.hosts {
                index
                    .by_host
                    .entry(name_key(&host.name))
                    .or_default()
                    .push(i);
            }
        }
        index
    }

    /// Critical rows sharing the vendor or a host with `row`, in inventory order.
    fn sharing(&self, row: &ExposureRow) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .by_vendor
            .get(&name_key(&row.vendor))
            .cloned()
            .unwrap_or_default();
        for host in &row.hosts {
            found.extend(
                self.by_host
                    .get(&name_key(&host.name))
                    .into_iter()
                    .flatten(),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Critical rows (other than `row` itself) that share a vendor or host with a response
/// row. Skipped when the response row's fallback service survives every shared failure:
/// then the alarm does not go down with the fire.
pub(super) fn correlations(
    rows: &[ExposureRow],
    index: &CriticalIndex,
    at: usize,
    row: &ExposureRow,
) -> Vec<Correlation> {
    if row.response.is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for j in index.sharing(row).into_iter().filter(|&j| j != at) {
        let other = &rows[j];
        let mut via = Vec::new();
        let mut targets = Vec::new();
        if same_name(&other.vendor, &row.vendor) {
            via.push(row.vendor.clone());
            targets.push(scenario::Target::Vendor(row.vendor.clone()));
        }
        for host in row
            .hosts
            .iter()
            .filter(|h| other.hosts.iter().any(|o| same_name(&o.name, &h.name)))
        {
            via.push(host.name.clone());
            targets.push(scenario::Target::Host(host.name.clone()));
        }
        let covered = match &row.fallback {
            Fallback::Service(f) => targets.iter().all(|t| scenario::fallback_survives(f, t)),
            _ => false,
        };
        if !via.is_empty() && !covered {
            found.push(Correlation {
                line: other.line,
                service: other.service.clone(),
                capability: other.capability.clone(),
                via,
            });
        }
    }
    found
}
