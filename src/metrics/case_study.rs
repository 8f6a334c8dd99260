//! Curated facts of famous outages (`data/case-studies/*.toml`, compiled in) and their
//! replay against any inventory: which capabilities would have been lost, for how long
//! (per the published restoration milestones), and which response tools with them.
//!
//! The replay is a product-level `what_if`: only the named products fail (April 2022 took
//! Jira, Confluence, Opsgenie and Statuspage, not Bitbucket or Trello), for as long as the
//! vendor took to restore its customers. Which restoration cohort a company would have been
//! in is unknowable, so it is reported at three horizons: first customers back, half
//! restored (interpolated on the milestones), all restored.

use serde::Deserialize;

use super::exposure::{ExposureReport, MANUAL_MITIGATION, OTHER_VENDOR_MITIGATION, ResponseKind};
use crate::inventory::{Criticality, Fallback, normalize};
use crate::model::Timestamp;
use crate::model::same_name;

const ATLASSIAN_2022: &str = include_str!("../../data/case-studies/atlassian-2022.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Stated in the vendor's own public text.
    Vendor,
    /// Press, blogs or analysts; not confirmed by the vendor.
    Secondary,
    Unconfirmed,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub name: String,
    pub catalog_key: Option<String>,
    pub confidence: Confidence,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub at: Timestamp,
    /// False when the source gives only a date (noon UTC assumed).
    #[serde(default = "yes")]
    pub time_known: bool,
    /// Cumulative share restored, when published.
    pub restored_percent: Option<f64>,
    /// What the percentage counts (users, companies, customers).
    pub unit: Option<String>,
    pub what: String,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: Timestamp,
    #[serde(default = "yes")]
    pub time_known: bool,
    pub what: String,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
    pub confidence: Confidence,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseStudy {
    pub id: String,
    pub title: String,
    pub vendor: String,
    pub summary: String,
    pub cause: Option<String>,
    pub start: Timestamp,
    pub start_confidence: Confidence,
    pub all_restored: Timestamp,
    pub all_restored_confidence: Confidence,
    pub customers_affected: Option<u32>,
    pub customers_affected_confidence: Option<Confidence>,
    pub published_rto_hours: Option<f64>,
    pub published_rto_confidence: Option<Confidence>,
    pub published_rpo_hours: Option<f64>,
    pub published_rpo_confidence: Option<Confidence>,
    pub max_data_loss_minutes: Option<f64>,
    pub max_data_loss_confidence: Option<Confidence>,
    pub hosting: Option<String>,
    pub date_note: Option<String>,
    #[serde(rename = "product")]
    pub products: Vec<Product>,
    #[serde(rename = "milestone")]
    pub milestones: Vec<Milestone>,
    #[serde(rename = "communication", default)]
    pub communications: Vec<Event>,
    #[serde(rename = "source", default)]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CaseStudyError {
    #[error("case study is not valid TOML for its schema: {0}")]
    Parse(String),
    #[error("case study `{id}`: {problem}")]
    Invalid { id: String, problem: String },
}

impl CaseStudy {
    pub fn parse(text: &str) -> Result<Self, CaseStudyError> {
        let case: CaseStudy =
            toml::from_str(text).map_err(|e| CaseStudyError::Parse(e.to_string()))?;
        case.validate()?;
        Ok(case)
    }

    fn validate(&self) -> Result<(), CaseStudyError> {
        let invalid = |problem: &str| {
            Err(CaseStudyError::Invalid {
                id: self.id.clone(),
                problem: problem.to_string(),
            })
        };
        if self.all_restored <= self.start {
            return invalid("all_restored must be after start");
        }
        if self.products.is_empty() || self.milestones.is_empty() {
            return invalid("needs at least one product and one milestone");
        }
        let mut last_at = self.start;
        let mut last_percent = 0.0;
        for m in &self.milestones {
            if m.at < last_at || m.at > self.all_restored {
                return invalid("milestones must be in time order, between start and all_restored");
            }
            if let Some(p) = m.restored_percent {
                if !(p.is_finite() && (last_percent..=100.0).contains(&p)) {
                    return invalid("restored_percent must be within 0..=100 and never decrease");
                }
                last_percent = p;
            }
            last_at = m.at;
        }
        Ok(())
    }

    /// Hours from start to the last customer restored (April 2022: ≈ 328 h).
    pub fn actual_hours(&self) -> f64 {
        hours_between(self.start, self.all_restored)
    }

    /// When `percent` of customers were back, interpolating linearly between published
    /// milestones (0 % at the start; 100 % at all_restored).
    pub fn restored_at(&self, percent: f64) -> Timestamp {
        let mut curve: Vec<(Timestamp, f64)> = vec![(self.start, 0.0)];
        curve.extend(
            self.milestones
                .iter()
                .filter_map(|m| m.restored_percent.map(|p| (m.at, p))),
        );
        curve.push((self.all_restored, 100.0));
        for pair in curve.windows(2) {
            let [(t0, p0), (t1, p1)] = pair else { continue };
            if percent <= *p1 && p1 > p0 {
                let fraction = ((percent - p0) / (p1 - p0)).clamp(0.0, 1.0);
                let span_ms = (*t1 - *t0).num_milliseconds() as f64;
                return *t0 + chrono::Duration::milliseconds((span_ms * fraction).round() as i64);
            }
        }
        self.all_restored
    }

    fn is_affected(&self, service_key: &str, service_name: &str) -> Option<&Product> {
        self.products.iter().find(|p| {
            p.catalog_key.as_deref() == Some(service_key)
                || normalize(&p.name) == normalize(service_name)
                || normalize(&p.name) == service_key
        })
    }
}

fn hours_between(from: Timestamp, to: Timestamp) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

/// The built-in Atlassian April 2022 case study.
pub fn atlassian_2022() -> Result<CaseStudy, CaseStudyError> {
    CaseStudy::parse(ATLASSIAN_2022)
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReplayLoss {
    pub line: usize,
    pub service: String,
    pub capability: String,
    pub criticality: Criticality,
    pub fallback: Fallback,
    /// The affected product that matched the row, and how sure we are it was affected.
    pub product: String,
    pub product_confidence: Confidence,
    pub fallback_survives: bool,
    pub mitigation: f64,
    /// 1 − mitigation.
    pub residual: f64,
    pub response: Option<ResponseKind>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Horizon {
    pub label: &'static str,
    pub at: Timestamp,
    pub days: f64,
    /// Σ days × residual.
    pub capability_days: f64,
    /// Σ days × residual × criticality weight.
    pub weighted_capability_days: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    pub case_id: String,
    pub lost: Vec<ReplayLoss>,
    /// First customers back, half restored, all restored.
    pub horizons: Vec<Horizon>,
    /// The vendor's other services in the inventory that this outage did not take.
    pub spared_same_vendor: Vec<(String, String)>,
    pub published_rto_hours: Option<f64>,
    pub actual_hours: f64,
    /// actual / published (≈ 55 for April 2022).
    pub rto_multiple: Option<f64>,
}

impl Replay {
    /// Response tools that would have gone down with the outage.
    pub fn response_tools_down(&self) -> impl Iterator<Item = &ReplayLoss> {
        self.lost.iter().filter(|l| l.response.is_some())
    }
}

/// Replays the case study against an inventory's exposure.
pub fn replay(case: &CaseStudy, report: &ExposureReport) -> Replay {
    let mut lost = Vec::new();
    let mut spared_same_vendor = Vec::new();
    for row in &report.rows {
        let Some(product) = case.is_affected(&row.service_key, &row.service) else {
            if same_name(&row.vendor, &case.vendor) {
                spared_same_vendor.push((row.service.clone(), row.capability.clone()));
            }
            continue;
        };
        let (fallback_survives, mitigation) = match &row.fallback {
            Fallback::None => (false, 0.0),
            Fallback::Manual => (true, MANUAL_MITIGATION),
            Fallback::Service(f) if case.is_affected(&f.key, &f.name).is_some() => (false, 0.0),
            Fallback::Service(_) => (true, OTHER_VENDOR_MITIGATION),
        };
        lost.push(ReplayLoss {
            line: row.line,
            service: row.service.clone(),
            capability: row.capability.clone(),
            criticality: row.criticality,
            fallback: row.fallback.clone(),
            product: product.name.clone(),
            product_confidence: product.confidence,
            fallback_survives,
            mitigation,
            residual: 1.0 - mitigation,
            response: row.response,
        });
    }
    let first_back = case.milestones.first().map_or(case.all_restored, |m| m.at);
    let horizon = |label, at: Timestamp| {
        let days = hours_between(case.start, at) / 24.0;
        Horizon {
            label,
            at,
            days,
            capability_days: lost.iter().map(|l| days * l.residual).sum(),
            weighted_capability_days: lost
                .iter()
                .map(|l| days * l.residual * l.criticality.weight())
                .sum(),
        }
    };
    let horizons = vec![
        horizon("first customers restored", first_back),
        horizon("half restored", case.restored_at(50.0)),
        horizon("all restored", case.all_restored),
    ];
    let actual_hours = case.actual_hours();
    Replay {
        case_id: case.id.clone(),
        horizons,
        spared_same_vendor,
        published_rto_hours: case.published_rto_hours,
        actual_hours,
        rto_multiple: case
            .published_rto_hours
            .filter(|h| *h > 0.0)
            .map(|h| actual_hours / h),
        lost,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_case_study_parses_with_the_key_facts() {
        let case = atlassian_2022().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(case.start.to_rfc3339(), "2022-04-05T07:38:00+00:00");
        assert_eq!(case.customers_affected, Some(775));
        assert_eq!(case.published_rto_hours, Some(6.0));
        assert!(
            (case.actual_hours() - 328.3167).abs() < 0.01,
            "{}",
            case.actual_hours()
        );
        assert!(
            case.products
                .iter()
                .any(|p| p.catalog_key.as_deref() == Some("opsgenie"))
        );
        assert!(
            !case
                .products
                .iter()
                .any(|p| p.catalog_key.as_deref() == Some("bitbucket"))
        );
    }

    #[test]
    fn restoration_curve_interpolates() {
        let case = atlassian_2022().unwrap_or_else(|e| panic!("{e}"));
        // 45 % on 12 April noon, 55 % on 14 April noon: 50 % on 13 April noon.
        assert_eq!(
            case.restored_at(50.0).to_rfc3339(),
            "2022-04-13T12:00:00+00:00"
        );
        assert_eq!(case.restored_at(100.0), case.all_restored);
        assert_eq!(case.restored_at(0.0), case.start);
    }

    #[test]
    fn invalid_case_studies_are_rejected() {
        let broken = ATLASSIAN_2022.replace(
            "all_restored = \"2022-04-18T23:57:00Z\"",
            "all_restored = \"2022-04-01T00:00:00Z\"",
        );
        assert!(matches!(
            CaseStudy::parse(&broken),
            Err(CaseStudyError::Invalid { .. })
        ));
        assert!(matches!(
            CaseStudy::parse("id = 1"),
            Err(CaseStudyError::Parse(_))
        ));
    }
}
