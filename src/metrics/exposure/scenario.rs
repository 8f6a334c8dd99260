//! Outage scenarios over an exposure report: the blast radius of a vendor or host and
//! `what_if(target, days)`.
//!
//! A vendor is down: its own services are lost directly, and services on hosts it runs
//! (AWS for Amazon, its own data centers) are lost through `runs_on`. A host is down:
//! services on it are lost, and so is the service that *is* the host (the AWS row).
//! A service on n hosts loses 1/n of itself per host down (the same equal split as the
//! host-level shares). Dependencies are followed one level deep.
//!
//! Fallbacks are judged against the scenario, not statically: a fallback service works
//! unless the same target takes it down too (a fallback on the same vendor, or on the
//! host that failed, is no fallback in that scenario).

use crate::inventory::problems::did_you_mean;
use crate::inventory::{Criticality, Fallback, FallbackService, Host, normalize};

use super::{ExposureReport, ExposureRow, MANUAL_MITIGATION, OTHER_VENDOR_MITIGATION};
use crate::model::same_name;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Vendor(String),
    Host(String),
}

impl Target {
    pub fn name(&self) -> &str {
        match self {
            Self::Vendor(name) | Self::Host(name) => name,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Vendor(_) => "vendor",
            Self::Host(_) => "host",
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExposureError {
    #[error("no vendor or host named `{name}` in the inventory{}", suggestion.as_ref().map_or_else(String::new, |s| format!(" (did you mean `{s}`?)")))]
    UnknownTarget {
        name: String,
        suggestion: Option<String>,
    },
    #[error("days must be a finite number ≥ 0, got {0}")]
    InvalidDays(f64),
}

/// How a row is reached by the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HitPath {
    /// The service belongs to the vendor, or is the host.
    Direct,
    /// Through `runs_on`: the named host is down.
    ThroughHost(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LostCapability {
    pub line: usize,
    pub service: String,
    pub capability: String,
    pub criticality: Criticality,
    pub fallback: Fallback,
    pub path: HitPath,
    /// Share of the service that goes down: 1 when direct, k/n when k of its n hosts are down.
    pub fraction: f64,
    pub fallback_survives: bool,
    /// Mitigation in this scenario (0, 0.5 or 0.9).
    pub mitigation: f64,
    /// fraction × (1 − mitigation): how much of the capability is lost.
    pub residual: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BlastRadius {
    pub target: Target,
    pub lost: Vec<LostCapability>,
    /// Σ criticality weight × residual.
    pub weight_lost: f64,
    /// weight_lost / the report's total weight.
    pub share_of_total: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WhatIf {
    pub target: Target,
    pub days: f64,
    pub lost: Vec<LostCapability>,
    /// Σ days × residual over lost capabilities: capability-days lost after fallbacks.
    pub capability_days: f64,
    /// The same, per criticality (all four, critical first).
    pub capability_days_by_criticality: Vec<(Criticality, f64)>,
    /// Σ days × residual × criticality weight.
    pub weighted_capability_days: f64,
    /// Vendor: the longest RTO its services in the inventory publish. Host: the RTO of
    /// the service that is the host, if any.
    pub published_rto_hours: Option<f64>,
    /// Passed in by the caller (computed from the store by the metrics).
    pub observed_p90_ttr_hours: Option<f64>,
}

impl WhatIf {
    /// Scenario length as a multiple of the published RTO (April 2022: ≈ 55×).
    pub fn rto_multiple(&self) -> Option<f64> {
        self.published_rto_hours
            .filter(|h| *h > 0.0)
            .map(|rto| self.days * 24.0 / rto)
    }

    /// Scenario length as a multiple of the vendor's observed p90 time to resolve.
    pub fn p90_ttr_multiple(&self) -> Option<f64> {
        self.observed_p90_ttr_hours
            .filter(|h| *h > 0.0)
            .map(|ttr| self.days * 24.0 / ttr)
    }
}

/// How `target` reaches a service of `vendor` on `hosts` named `service_key`; with the
/// fraction of the service that goes down.
fn hit(target: &Target, service_key: &str, vendor: &str, hosts: &[Host]) -> Option<(HitPath, f64)> {
    match target {
        Target::Vendor(v) if same_name(vendor, v) => Some((HitPath::Direct, 1.0)),
        Target::Vendor(v) => {
            let down: Vec<&Host> = hosts
                .iter()
                .filter(|h| h.owner.as_deref().is_some_and(|o| same_name(o, v)))
                .collect();
            let first = down.first()?;
            Some((
                HitPath::ThroughHost(first.name.clone()),
                down.len() as f64 / hosts.len() as f64,
            ))
        }
        Target::Host(h) if normalize(h) == service_key => Some((HitPath::Direct, 1.0)),
        Target::Host(h) => {
            let on = hosts.iter().find(|x| same_name(&x.name, h))?;
            Some((
                HitPath::ThroughHost(on.name.clone()),
                1.0 / hosts.len() as f64,
            ))
        }
    }
}

/// Whether a fallback service keeps working when `target` is down.
pub fn fallback_survives(fallback: &FallbackService, target: &Target) -> bool {
    hit(target, &fallback.key, &fallback.vendor, &fallback.hosts).is_none()
}

fn lost_capability(row: &ExposureRow, target: &Target) -> Option<LostCapability> {
    let (path, fraction) = hit(target, &row.service_key, &row.vendor, &row.hosts)?;
    let (survives, mitigation) = match &row.fallback {
        Fallback::None => (false, 0.0),
        Fallback::Manual => (true, MANUAL_MITIGATION),
        Fallback::Service(f) if fallback_survives(f, target) => (true, OTHER_VENDOR_MITIGATION),
        Fallback::Service(_) => (false, 0.0),
    };
    Some(LostCapability {
        line: row.line,
        service: row.service.clone(),
        capability: row.capability.clone(),
        criticality: row.criticality,
        fallback: row.fallback.clone(),
        path,
        fraction,
        fallback_survives: survives,
        mitigation,
        residual: fraction * (1.0 - mitigation),
    })
}

/// Every capability lost when `target` is down, in inventory order.
pub fn blast_radius(report: &ExposureReport, target: &Target) -> BlastRadius {
    let lost: Vec<LostCapability> = report
        .rows
        .iter()
        .filter_map(|row| lost_capability(row, target))
        .collect();
    let weight_lost = lost
        .iter()
        .map(|l| l.criticality.weight() * l.residual)
        .sum();
    let share_of_total = if report.total_weight > 0.0 {
        weight_lost / report.total_weight
    } else {
        0.0
    };
    BlastRadius {
        target: target.clone(),
        lost,
        weight_lost,
        share_of_total,
    }
}

/// Every vendor and host in the report, largest weight lost first (ties by kind, name).
pub fn blast_radii(report: &ExposureReport) -> Vec<BlastRadius> {
    let mut radii: Vec<BlastRadius> = targets(report)
        .iter()
        .map(|t| blast_radius(report, t))
        .collect();
    radii.sort_by(|a, b| {
        b.weight_lost
            .total_cmp(&a.weight_lost)
            .then_with(|| a.target.cmp(&b.target))
    });
    radii
}

/// Distinct vendors (and vendors that own hosts), then distinct hosts, as first written.
pub fn targets(report: &ExposureReport) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    let mut push = |target: Target| {
        if !out
            .iter()
            .any(|t| t.kind() == target.kind() && same_name(t.name(), target.name()))
        {
            out.push(target);
        }
    };
    for row in &report.rows {
        push(Target::Vendor(row.vendor.clone()));
    }
    for row in &report.rows {
        for host in &row.hosts {
            push(Target::Host(host.name.clone()));
        }
    }
    out
}

/// A vendor or host by name, ignoring case; vendors first ("Cloudflare" is both, with the
/// same blast radius).
pub fn find_target(report: &ExposureReport, name: &str) -> Result<Target, ExposureError> {
    let all = targets(report);
    let wanted = name.trim();
    let owners = report
        .rows
        .iter()
        .flat_map(|r| r.hosts.iter().filter_map(|h| h.owner.clone()));
    if let Some(owner) = owners.into_iter().find(|o| same_name(o, wanted))
        && !all
            .iter()
            .any(|t| matches!(t, Target::Vendor(v) if same_name(v, wanted)))
    {
        // A host owner not itself in the inventory (Amazon when only AWS-hosted services are).
        return Ok(Target::Vendor(owner));
    }
    if let Some(found) = all.iter().find(|t| same_name(t.name(), wanted)) {
        return Ok(found.clone());
    }
    let suggestion = did_you_mean(wanted, all.iter().map(Target::name)).map(str::to_string);
    Err(ExposureError::UnknownTarget {
        name: wanted.to_string(),
        suggestion,
    })
}

/// Capability-days lost if `target` is down for `days`, after fallbacks, next to the
/// published RTO and the observed p90 time to resolve the caller passes in.
pub fn what_if(
    report: &ExposureReport,
    target: &Target,
    days: f64,
    observed_p90_ttr_hours: Option<f64>,
) -> Result<WhatIf, ExposureError> {
    if !(days.is_finite() && days >= 0.0) {
        return Err(ExposureError::InvalidDays(days));
    }
    let lost = blast_radius(report, target).lost;
    let by = |c: Criticality| {
        lost.iter()
            .filter(|l| l.criticality == c)
            .map(|l| days * l.residual)
            .sum::<f64>()
    };
    let capability_days_by_criticality: Vec<(Criticality, f64)> =
        Criticality::ALL.into_iter().map(|c| (c, by(c))).collect();
    let capability_days = capability_days_by_criticality.iter().map(|(_, d)| d).sum();
    let weighted_capability_days = lost
        .iter()
        .map(|l| days * l.residual * l.criticality.weight())
        .sum();
    let published_rto_hours = match target {
        Target::Vendor(v) => report
            .rows
            .iter()
            .filter(|r| same_name(&r.vendor, v))
            .filter_map(|r| r.rto_hours)
            .reduce(f64::max),
        Target::Host(h) => report
            .rows
            .iter()
            .filter(|r| r.service_key == normalize(h))
            .filter_map(|r| r.rto_hours)
            .reduce(f64::max),
    };
    Ok(WhatIf {
        target: target.clone(),
        days,
        lost,
        capability_days,
        capability_days_by_criticality,
        weighted_capability_days,
        published_rto_hours,
        observed_p90_ttr_hours: observed_p90_ttr_hours.filter(|h| h.is_finite() && *h >= 0.0),
    })
}
