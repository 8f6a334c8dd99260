//! One window's worth of dashboard data: the communication report, and per vendor its
//! risk score with the three factors, exposure share, capabilities, stats and a
//! per-month incident count.

use std::collections::HashMap;

use super::labels::vendor_key;
use super::{Base, months};
use crate::inventory::Inventory;
use crate::metrics::risk::{self, RiskInputs, RiskScore};
use crate::metrics::{CommunicationReport, GroupStats, Window};
use crate::model::{IncidentStatus, Timestamp};

#[derive(Debug, Clone, PartialEq)]
pub struct VendorRow {
    pub vendor: String,
    pub in_inventory: bool,
    /// Capabilities the inventory puts on this vendor's services.
    pub capabilities: Vec<String>,
    /// `None` without an exposure inventory (unknown, not zero).
    pub exposure_share: Option<f64>,
    pub risk: Option<RiskScore>,
    /// `None` when no stored source belongs to the vendor: nothing is known.
    pub stats: Option<GroupStats>,
    pub sources: Vec<String>,
    /// Incidents per month, the `SPARK_MONTHS` months up to the window's end, oldest first.
    pub monthly: Vec<u32>,
    pub open_incidents: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WindowData {
    pub window: Window,
    pub now: Timestamp,
    pub report: CommunicationReport,
    pub vendors: Vec<VendorRow>,
    /// Month index of `now` (the sparkline's last month).
    pub last_month: i32,
    /// First sparkline position inside the window: months before it were not counted.
    pub spark_start: usize,
    /// Indices into `report.incidents` per vendor key, newest first.
    pub by_vendor: HashMap<String, Vec<usize>>,
    /// Functions whose RTO is shorter than a vendor's p90 time to resolve (register.rs).
    pub rto_gaps: Vec<super::RtoGap>,
}

impl WindowData {
    pub fn vendor(&self, name: &str) -> Option<&VendorRow> {
        let key = vendor_key(name);
        self.vendors.iter().find(|v| vendor_key(&v.vendor) == key)
    }

    pub fn incidents_of(&self, vendor: &str) -> &[usize] {
        self.by_vendor
            .get(&vendor_key(vendor))
            .map_or(&[], Vec::as_slice)
    }
}

pub fn assemble(
    report: CommunicationReport,
    base: &Base,
    inventory: Option<&Inventory>,
    now: Timestamp,
) -> WindowData {
    // Incident indices per vendor, newest first (one lowercase per distinct name, not per row).
    let mut keys: HashMap<&str, String> = HashMap::new();
    let mut by_vendor: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, row) in report.incidents.iter().enumerate() {
        let key = keys
            .entry(row.vendor)
            .or_insert_with(|| vendor_key(row.vendor));
        by_vendor.entry(key.clone()).or_default().push(i);
    }
    for indices in by_vendor.values_mut() {
        indices.sort_by(|a, b| {
            report
                .incidents
                .created_at(*b)
                .cmp(&report.incidents.created_at(*a))
        });
    }

    // Vendors: the inventory's (by exposure share), then any other vendor with stored sources.
    let mut order: Vec<(String, bool)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let exposure = base.exposure.as_ref().map(|e| &e.report);
    if let Some(shares) = exposure.and_then(|r| r.level(crate::metrics::exposure::Level::Vendor)) {
        for s in &shares.shares {
            if seen.insert(vendor_key(&s.entity)) {
                order.push((s.entity.clone(), true));
            }
        }
    }
    for row in inventory.map(|i| i.rows.as_slice()).unwrap_or_default() {
        if seen.insert(vendor_key(&row.vendor)) {
            order.push((row.vendor.clone(), true));
        }
    }
    for name in base
        .sources
        .iter()
        .map(|s| &s.vendor)
        .chain(report.vendors.iter().map(|v| &v.key))
    {
        if seen.insert(vendor_key(name)) {
            order.push((name.clone(), false));
        }
    }

    let mut sources_of: HashMap<String, Vec<String>> = HashMap::new();
    for s in &base.sources {
        sources_of
            .entry(vendor_key(&s.vendor))
            .or_default()
            .push(s.source_id.clone());
    }
    let stats_of: HashMap<String, &GroupStats> = report
        .vendors
        .iter()
        .map(|g| (vendor_key(&g.key), g))
        .collect();
    let last_month = months::index(now);

    let vendors = order
        .into_iter()
        .map(|(vendor, in_inventory)| {
            let key = vendor_key(&vendor);
            let sources = sources_of.get(&key).cloned().unwrap_or_default();
            // A vendor with stored sources but no incident in the window has zero incidents, not unknown.
            let stats = stats_of.get(&key).map(|g| (*g).clone()).or_else(|| {
                (!sources.is_empty()).then(|| GroupStats {
                    key: vendor.clone(),
                    ..GroupStats::default()
                })
            });
            let indices = by_vendor.get(&key).map_or(&[][..], Vec::as_slice);
            let monthly = months::counts(
                indices.iter().map(|&i| report.incidents.created_at(i)),
                last_month,
                months::SPARK_MONTHS,
            );
            let open_incidents = indices
                .iter()
                .filter(|&&i| !IncidentStatus::closes(report.incidents.row(i).status))
                .count() as u32;
            let capabilities = exposure.map(|r| {
                let mut caps: Vec<String> = Vec::new();
                for row in r.rows.iter().filter(|row| vendor_key(&row.vendor) == key) {
                    if !caps.contains(&row.capability) {
                        caps.push(row.capability.clone());
                    }
                }
                caps
            });
            let exposure_share = exposure.map(|r| r.vendor_share(&vendor));
            let risk = exposure_share.map(|share| {
                risk::risk_score(
                    &vendor,
                    share,
                    &risk_inputs(stats.as_ref(), report.window, now),
                )
            });
            VendorRow {
                vendor,
                in_inventory,
                capabilities: capabilities.unwrap_or_default(),
                exposure_share,
                risk,
                stats,
                sources,
                monthly,
                open_incidents,
            }
        })
        .collect();
    let first_spark = last_month - months::SPARK_MONTHS as i32 + 1;
    let spark_start = report.window.days().map_or(0, |d| {
        (months::index(now - chrono::Duration::days(d)) - first_spark)
            .clamp(0, months::SPARK_MONTHS as i32) as usize
    });
    WindowData {
        window: report.window,
        now,
        report,
        vendors,
        last_month,
        spark_start,
        by_vendor,
        rto_gaps: Vec::new(),
    }
}

/// The risk score's inputs from a vendor's stats; unknown without stored sources.
fn risk_inputs(stats: Option<&GroupStats>, window: Window, now: Timestamp) -> RiskInputs {
    let Some(stats) = stats else {
        return RiskInputs::default();
    };
    let serious = f64::from(stats.by_impact.major + stats.by_impact.critical);
    // `all` has no fixed length: the vendor's own observed span, at least a day.
    let days = window.days().map_or_else(
        || {
            stats.first_incident_at.map_or(1.0, |first| {
                ((now - first).num_hours() as f64 / 24.0).max(1.0)
            })
        },
        |d| d as f64,
    );
    RiskInputs {
        major_critical_per_90d: Some(serious / days * 90.0),
        p90_ttfc_min: stats.ttfc_min.p90,
        p90_longest_silence_min: stats.longest_silence_min.p90,
    }
}
