//! Risk score per vendor (DESIGN.md "Risk score"):
//!
//! score = exposure share × likelihood factor × communication factor
//!
//! - exposure share: the vendor's share of total weight (0..1, `ExposureReport`).
//! - likelihood = 1 + ln(1 + r), r = major + critical incidents per 90 days. Log-scaled
//!   because incident counts are heavy-tailed and partly a matter of how openly a vendor
//!   posts: 0 → 1.0, 1 → 1.69, 5 → 2.79, 20 → 4.04.
//! - communication = 1 + mean of two penalties, each rising linearly from 0 at its
//!   threshold to 1 at four times it: p90 time to first communication against 30 min
//!   (full penalty at 2 h), p90 longest silence against 60 min (full at 4 h, the DORA
//!   initial-notification clock). 1.0 when both are within their thresholds, 2.0 at worst;
//!   with one known it alone decides.
//!
//! Inputs are plain numbers from the communication metrics. An unknown input leaves its
//! factor `None`; the score then uses a neutral 1.0 for it and says so (`assumed_neutral`).
//! The three factors are always returned next to the score.

use super::exposure::ExposureReport;

pub const TTFC_THRESHOLD_MIN: f64 = 30.0;
pub const SILENCE_THRESHOLD_MIN: f64 = 60.0;
/// A penalty is full at this multiple of its threshold.
pub const FULL_PENALTY_AT: f64 = 4.0;

/// What the metrics know about a vendor's incidents; `None` = not measurable.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RiskInputs {
    pub major_critical_per_90d: Option<f64>,
    pub p90_ttfc_min: Option<f64>,
    pub p90_longest_silence_min: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// `None` when the inputs are unknown.
    pub value: Option<f64>,
    /// What the score used: the value, or a neutral 1.0.
    pub used: f64,
    /// How it was derived, e.g. "1 + ln(1 + 2.0 incidents/90d)" or "unknown: no incidents in the store".
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RiskScore {
    pub vendor: String,
    pub exposure_share: f64,
    pub likelihood: Factor,
    pub communication: Factor,
    pub score: f64,
    /// A factor was unknown and taken as 1.0: the score is a floor, not an estimate.
    pub assumed_neutral: bool,
}

/// Usable input: finite and ≥ 0; anything else counts as unknown.
fn known(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite() && *v >= 0.0)
}

pub fn likelihood_factor(major_critical_per_90d: Option<f64>) -> Factor {
    match known(major_critical_per_90d) {
        Some(rate) => {
            let value = 1.0 + rate.ln_1p();
            Factor {
                value: Some(value),
                used: value,
                basis: format!("1 + ln(1 + {rate:.2} major/critical incidents per 90 days)"),
            }
        }
        None => Factor {
            value: None,
            used: 1.0,
            basis: "unknown: no incident rate for this vendor; 1.0 assumed".into(),
        },
    }
}

/// 0 at or under the threshold, 1 at `FULL_PENALTY_AT` × threshold and beyond.
fn penalty(value: f64, threshold: f64) -> f64 {
    ((value - threshold) / (threshold * (FULL_PENALTY_AT - 1.0))).clamp(0.0, 1.0)
}

pub fn communication_factor(
    p90_ttfc_min: Option<f64>,
    p90_longest_silence_min: Option<f64>,
) -> Factor {
    let ttfc = known(p90_ttfc_min).map(|v| (v, penalty(v, TTFC_THRESHOLD_MIN)));
    let silence = known(p90_longest_silence_min).map(|v| (v, penalty(v, SILENCE_THRESHOLD_MIN)));
    let (value, basis) = match (ttfc, silence) {
        (Some((t, pt)), Some((s, ps))) => (
            1.0 + (pt + ps) / 2.0,
            format!(
                "p90 ttfc {t:.0} min vs {TTFC_THRESHOLD_MIN:.0}, p90 silence {s:.0} min vs {SILENCE_THRESHOLD_MIN:.0}"
            ),
        ),
        (Some((t, pt)), None) => (
            1.0 + pt,
            format!("p90 ttfc {t:.0} min vs {TTFC_THRESHOLD_MIN:.0} (silence unknown)"),
        ),
        (None, Some((s, ps))) => (
            1.0 + ps,
            format!("p90 silence {s:.0} min vs {SILENCE_THRESHOLD_MIN:.0} (ttfc unknown)"),
        ),
        (None, None) => {
            return Factor {
                value: None,
                used: 1.0,
                basis: "unknown: no measurable ttfc or silence; 1.0 assumed".into(),
            };
        }
    };
    Factor {
        value: Some(value),
        used: value,
        basis,
    }
}

pub fn risk_score(vendor: &str, exposure_share: f64, inputs: &RiskInputs) -> RiskScore {
    let likelihood = likelihood_factor(inputs.major_critical_per_90d);
    let communication = communication_factor(inputs.p90_ttfc_min, inputs.p90_longest_silence_min);
    let share = if exposure_share.is_finite() {
        exposure_share.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let assumed_neutral = likelihood.value.is_none() || communication.value.is_none();
    RiskScore {
        vendor: vendor.to_string(),
        exposure_share: share,
        score: share * likelihood.used * communication.used,
        likelihood,
        communication,
        assumed_neutral,
    }
}

/// A score for every vendor in the report, highest first (ties by name). `inputs` gives
/// each vendor's numbers (matched ignoring case); vendors without any get neutral factors.
pub fn risk_scores(
    report: &ExposureReport,
    inputs: impl Fn(&str) -> Option<RiskInputs>,
) -> Vec<RiskScore> {
    let Some(vendors) = report.level(super::exposure::Level::Vendor) else {
        return Vec::new();
    };
    let mut scores: Vec<RiskScore> = vendors
        .shares
        .iter()
        .map(|s| risk_score(&s.entity, s.share, &inputs(&s.entity).unwrap_or_default()))
        .collect();
    scores.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.vendor.cmp(&b.vendor))
    });
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likelihood_is_log_scaled() {
        assert_eq!(likelihood_factor(Some(0.0)).value, Some(1.0));
        let five = likelihood_factor(Some(5.0)).used;
        assert!((five - (1.0 + 6f64.ln())).abs() < 1e-12, "{five}");
        let unknown = likelihood_factor(None);
        assert_eq!((unknown.value, unknown.used), (None, 1.0));
        assert_eq!(likelihood_factor(Some(f64::NAN)).value, None);
        assert_eq!(likelihood_factor(Some(-1.0)).value, None);
    }

    #[test]
    fn communication_is_neutral_within_thresholds_and_capped_at_two() {
        assert_eq!(
            communication_factor(Some(10.0), Some(45.0)).value,
            Some(1.0)
        );
        assert_eq!(
            communication_factor(Some(30.0), Some(60.0)).value,
            Some(1.0)
        );
        assert_eq!(
            communication_factor(Some(500.0), Some(10_000.0)).value,
            Some(2.0)
        );
        // 75 min ttfc is half-way to full (30 → 120); silence fine: 1 + 0.5 / 2.
        assert_eq!(
            communication_factor(Some(75.0), Some(30.0)).value,
            Some(1.25)
        );
        assert_eq!(communication_factor(None, Some(240.0)).value, Some(2.0));
        assert_eq!(communication_factor(None, None).value, None);
    }

    #[test]
    fn score_multiplies_and_flags_unknowns() {
        let inputs = RiskInputs {
            major_critical_per_90d: Some(0.0),
            p90_ttfc_min: Some(120.0),
            p90_longest_silence_min: Some(240.0),
        };
        let score = risk_score("Atlassian", 0.4, &inputs);
        assert!(
            (score.score - 0.8).abs() < 1e-12 && !score.assumed_neutral,
            "{score:?}"
        );
        let unknown = risk_score("X", 0.25, &RiskInputs::default());
        assert_eq!((unknown.score, unknown.assumed_neutral), (0.25, true));
        assert_eq!(risk_score("Y", f64::NAN, &inputs).score, 0.0);
    }
}
