//! Concentration at service, vendor and host level: shares, HHI = Σ (100·share)²,
//! N_eff = 10,000 / HHI, and the merger-review bands.

use std::collections::BTreeMap;

use super::ExposureRow;
use crate::model::name_key;

/// Band thresholds from the 2010 US Horizontal Merger Guidelines.
pub const MODERATE_FROM: f64 = 1_500.0;
pub const HIGH_ABOVE: f64 = 2_500.0;
/// Shown next to every band: where the thresholds come from and what they are not.
pub const BAND_NOTE: &str = "bands < 1,500 / 1,500–2,500 / > 2,500 are a heuristic borrowed from merger review (2010 US Horizontal Merger Guidelines; the 2023 guidelines use 1,800), not a rule for a vendor portfolio; small portfolios score high mechanically";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Service,
    Vendor,
    Host,
}

impl Level {
    pub const ALL: [Level; 3] = [Self::Service, Self::Vendor, Self::Host];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Service => "service",
            Self::Vendor => "vendor",
            Self::Host => "host",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Unconcentrated,
    Moderate,
    High,
}

impl Band {
    pub fn of(hhi: f64) -> Self {
        if hhi > HIGH_ABOVE {
            Self::High
        } else if hhi >= MODERATE_FROM {
            Self::Moderate
        } else {
            Self::Unconcentrated
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unconcentrated => "unconcentrated",
            Self::Moderate => "moderately concentrated",
            Self::High => "highly concentrated",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub entity: String,
    pub weight: f64,
    /// 0..1.
    pub share: f64,
}

/// One line of `concentration.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConcentrationRow {
    pub level: Level,
    /// Σ (100 · share)², 0..10,000.
    pub hhi: f64,
    /// 10,000 / HHI: "your critical stack behaves like N providers".
    pub n_eff: f64,
    pub band: Band,
    pub top_entity: String,
    pub top_share: f64,
    /// Largest first (ties by name).
    pub shares: Vec<Share>,
    /// Host level: share of weight on services whose hosts are unknown (0 elsewhere).
    pub unknown_share: f64,
}

/// Concentration of weights grouped by entity; `None` when there is no weight at all.
pub fn concentration(level: Level, weights: &BTreeMap<String, f64>) -> Option<ConcentrationRow> {
    let total: f64 = weights.values().sum();
    if !(total > 0.0 && total.is_finite()) {
        return None;
    }
    let mut shares: Vec<Share> = weights
        .iter()
        .map(|(entity, &weight)| Share {
            entity: entity.clone(),
            weight,
            share: weight / total,
        })
        .collect();
    shares.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then_with(|| a.entity.cmp(&b.entity))
    });
    let hhi: f64 = shares.iter().map(|s| (100.0 * s.share).powi(2)).sum();
    let top = shares.first()?;
    Some(ConcentrationRow {
        level,
        hhi,
        n_eff: 10_000.0 / hhi,
        band: Band::of(hhi),
        top_entity: top.entity.clone(),
        top_share: top.share,
        unknown_share: 0.0,
        shares,
    })
}

/// Prefix of the host entity for services whose hosts are unknown.
pub const UNKNOWN_HOST: &str = "unknown host";

pub(super) fn level_concentration(rows: &[ExposureRow], level: Level) -> Option<ConcentrationRow> {
    let mut weights: BTreeMap<String, f64> = BTreeMap::new();
    let mut unknown = 0.0;
    // Entities are grouped by a key (catalog key, vendor ignoring case) but named as first written.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut add = |key: String, name: &str, weight: f64| {
        let name = names.entry(key).or_insert_with(|| name.to_string()).clone();
        *weights.entry(name).or_insert(0.0) += weight;
    };
    for row in rows {
        match level {
            Level::Service => add(row.service_key.clone(), &row.service, row.weight),
            Level::Vendor => add(name_key(&row.vendor), &row.vendor, row.weight),
            Level::Host if row.hosts.is_empty() => {
                unknown += row.weight;
                add(
                    format!("\u{0}{}", name_key(&row.vendor)),
                    &format!("{UNKNOWN_HOST} ({})", row.vendor),
                    row.weight,
                );
            }
            Level::Host => {
                let part = row.weight / row.hosts.len() as f64;
                for host in &row.hosts {
                    add(name_key(&host.name), &host.name, part);
                }
            }
        }
    }
    let total: f64 = weights.values().sum();
    let mut row = concentration(level, &weights)?;
    row.unknown_share = if total > 0.0 { unknown / total } else { 0.0 };
    Some(row)
}
