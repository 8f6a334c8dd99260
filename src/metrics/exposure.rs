//! Single-vendor exposure (DESIGN.md "Concentration", "Single-vendor exposure"): weights,
//! shares, HHI and N_eff at service, vendor and host level; SPOFs; correlated failures.
//! Pure functions over a validated inventory: no I/O, no polars.
//!
//! Weight of a row = criticality weight (critical 8, high 4, medium 2, low 1)
//! × (1 − mitigation), where mitigation is 0 without a fallback, 0.5 for a manual one and
//! 0.9 for another service on a *different* vendor. A fallback on the *same* vendor counts
//! 0: vendor-wide failures are the scenario being measured (April 2022 took Jira,
//! Confluence, Opsgenie and Statuspage down together), so a sibling product is no fallback.
//!
//! Host level: a service on several hosts splits its weight equally across them (no
//! public data says how much runs where). A service whose hosts are unknown is counted on
//! an "unknown host (Vendor)" of its own, which keeps unknowns from inflating the known
//! hosts' shares; `unknown_share` says how much weight that is.

mod concentration;
mod correlation;
pub mod scenario;

pub use concentration::{
    BAND_NOTE, Band, ConcentrationRow, HIGH_ABOVE, Level, MODERATE_FROM, Share, UNKNOWN_HOST,
    concentration,
};

pub use scenario::{
    BlastRadius, ExposureError, HitPath, LostCapability, Target, WhatIf, blast_radii, blast_radius,
    find_target, what_if,
};

use crate::inventory::{Criticality, Fallback, Host, Inventory};
use crate::model::same_name;
use concentration::level_concentration;
use correlation::{CriticalIndex, correlations};

/// The weight of what a fallback keeps working (see the module docs).
pub const MANUAL_MITIGATION: f64 = 0.5;
pub const OTHER_VENDOR_MITIGATION: f64 = 0.9;

/// Capabilities needed to run an incident response; losing one together with the
/// critical capability it serves is "the alarm going down with the fire".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResponseKind {
    OnCallAlerting,
    IncidentManagement,
    StatusCommunication,
    TeamChat,
    Documentation,
    IdentitySso,
}

impl ResponseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnCallAlerting => "on-call alerting",
            Self::IncidentManagement => "incident management",
            Self::StatusCommunication => "status communication",
            Self::TeamChat => "team chat",
            Self::Documentation => "documentation/runbooks",
            Self::IdentitySso => "identity/sso",
        }
    }
}

/// The response kind of a capability: the catalog vocabulary's names plus common synonyms,
/// matched exactly (after lowercasing and collapsing spaces) so nothing matches by accident.
pub fn response_kind(capability: &str) -> Option<ResponseKind> {
    use ResponseKind::*;
    let text = capability
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let kind = match text.as_str() {
        "on-call alerting" | "on-call" | "oncall" | "paging" | "alerting" => OnCallAlerting,
        "incident management" | "incident response" => IncidentManagement,
        "status communication"
        | "status page"
        | "status pages"
        | "customer status communication" => StatusCommunication,
        "team chat" | "chat" => TeamChat,
        "documentation"
        | "docs"
        | "runbooks"
        | "docs/runbooks"
        | "documentation/runbooks"
        | "wiki"
        | "knowledge base" => Documentation,
        "identity/sso" | "sso" | "identity" | "single sign-on" => IdentitySso,
        _ => return None,
    };
    Some(kind)
}

/// Share of a capability a fallback keeps working, for a service of `vendor`.
pub fn mitigation(fallback: &Fallback, vendor: &str) -> f64 {
    match fallback {
        Fallback::None => 0.0,
        Fallback::Manual => MANUAL_MITIGATION,
        Fallback::Service(s) if same_name(&s.vendor, vendor) => 0.0,
        Fallback::Service(_) => OTHER_VENDOR_MITIGATION,
    }
}

/// A critical capability that a response row would go down with, and what they share.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    pub line: usize,
    pub service: String,
    pub capability: String,
    /// The shared vendor and/or hosts.
    pub via: Vec<String>,
}

/// One inventory row with its exposure (one line of `exposure.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureRow {
    pub line: usize,
    pub service: String,
    /// Catalog key or normalized name: groups the service level.
    pub service_key: String,
    pub capability: String,
    pub criticality: Criticality,
    pub vendor: String,
    pub hosts: Vec<Host>,
    pub fallback: Fallback,
    pub mitigation: f64,
    pub weight: f64,
    /// Published recovery-time objective (catalog or inventory).
    pub rto_hours: Option<f64>,
    /// Critical or high, with no fallback on another vendor.
    pub spof: bool,
    pub response: Option<ResponseKind>,
    /// For a response capability: the critical capabilities it would go down with.
    pub correlated_with: Vec<Correlation>,
}

impl ExposureRow {
    /// Hosts joined with `; ` (empty when unknown).
    pub fn hosts_label(&self) -> String {
        self.hosts
            .iter()
            .map(|h| h.name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// "Jira Software (ticketing) via Atlassian, AWS; …" — empty when not correlated.
    pub fn correlated_label(&self) -> String {
        let parts: Vec<String> = self
            .correlated_with
            .iter()
            .map(|c| format!("{} ({}) via {}", c.service, c.capability, c.via.join(", ")))
            .collect();
        parts.join("; ")
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExposureReport {
    /// Inventory order.
    pub rows: Vec<ExposureRow>,
    /// Service, vendor and host level; empty when the inventory has no usage rows.
    pub concentration: Vec<ConcentrationRow>,
    pub total_weight: f64,
}

impl ExposureReport {
    /// Exposure of every usage row (none for a sources-only inventory).
    pub fn from_inventory(inventory: &Inventory) -> Self {
        let mut rows: Vec<ExposureRow> = inventory
            .usages()
            .map(|(row, usage)| {
                let mitigation = mitigation(&usage.fallback, &row.vendor);
                let other_vendor = matches!(&usage.fallback, Fallback::Service(s) if !same_name(&s.vendor, &row.vendor));
                ExposureRow {
                    line: row.line,
                    service: row.service.clone(),
                    service_key: row.key.clone(),
                    capability: usage.capability.clone(),
                    criticality: usage.criticality,
                    vendor: row.vendor.clone(),
                    hosts: row.hosts.clone(),
                    fallback: usage.fallback.clone(),
                    mitigation,
                    weight: usage.criticality.weight() * (1.0 - mitigation),
                    rto_hours: row.rto_hours,
                    spof: matches!(usage.criticality, Criticality::Critical | Criticality::High) && !other_vendor,
                    response: response_kind(&usage.capability),
                    correlated_with: Vec::new(),
                }
            })
            .collect();
        let index = CriticalIndex::new(&rows);
        let correlations: Vec<Vec<Correlation>> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| correlations(&rows, &index, i, row))
            .collect();
        for (row, found) in rows.iter_mut().zip(correlations) {
            row.correlated_with = found;
        }
        let total_weight = rows.iter().map(|r| r.weight).sum();
        let concentration = Level::ALL
            .into_iter()
            .filter_map(|level| level_concentration(&rows, level))
            .collect();
        Self {
            rows,
            concentration,
            total_weight,
        }
    }

    pub fn level(&self, level: Level) -> Option<&ConcentrationRow> {
        self.concentration.iter().find(|c| c.level == level)
    }

    pub fn spofs(&self) -> impl Iterator<Item = &ExposureRow> {
        self.rows.iter().filter(|r| r.spof)
    }

    pub fn correlated(&self) -> impl Iterator<Item = &ExposureRow> {
        self.rows.iter().filter(|r| !r.correlated_with.is_empty())
    }

    /// The vendor's share of total weight (0..1), matched ignoring case; 0 when absent.
    pub fn vendor_share(&self, vendor: &str) -> f64 {
        self.level(Level::Vendor)
            .and_then(|c| c.shares.iter().find(|s| same_name(&s.entity, vendor)))
            .map_or(0.0, |s| s.share)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn bands_follow_the_2010_thresholds() {
        assert_eq!(Band::of(1_499.9), Band::Unconcentrated);
        assert_eq!(Band::of(1_500.0), Band::Moderate);
        assert_eq!(Band::of(2_500.0), Band::Moderate);
        assert_eq!(Band::of(2_500.1), Band::High);
    }

    #[test]
    fn response_capabilities_match_vocabulary_and_synonyms_only() {
        assert_eq!(
            response_kind("On-call  Alerting"),
            Some(ResponseKind::OnCallAlerting)
        );
        assert_eq!(response_kind("runbooks"), Some(ResponseKind::Documentation));
        assert_eq!(
            response_kind("identity/sso"),
            Some(ResponseKind::IdentitySso)
        );
        assert_eq!(response_kind("messaging/sms"), None);
        assert_eq!(response_kind("ticketing"), None);
    }

    #[test]
    fn concentration_of_equal_weights_and_empty_input() {
        let weights: BTreeMap<String, f64> = (0..4).map(|i| (format!("v{i}"), 2.0)).collect();
        let row = concentration(Level::Vendor, &weights).expect("weights");
        assert!(
            (row.hhi - 2_500.0).abs() < 1e-9 && (row.n_eff - 4.0).abs() < 1e-9,
            "{row:?}"
        );
        assert_eq!((row.top_entity.as_str(), row.band), ("v0", Band::Moderate));
        assert!(concentration(Level::Vendor, &BTreeMap::new()).is_none());
    }
}
