//! Exposure for the dashboard: the inventory's exposure report, the blast radius of every
//! vendor and host (the matrix's columns), the Atlassian 2022 replay, and warnings that
//! spell single-vendor exposure out in plain words.

use crate::inventory::{Criticality, Inventory};
use crate::metrics::case_study::{self, CaseStudy, Replay};
use crate::metrics::exposure::scenario::{self, BlastRadius, Target};
use crate::metrics::exposure::{ExposureReport, Level, ResponseKind};

#[derive(Debug, Clone, PartialEq)]
pub struct ExposureView {
    pub report: ExposureReport,
    /// Matrix columns per axis, largest share first, each with its blast radius.
    pub vendors: Vec<BlastRadius>,
    pub hosts: Vec<BlastRadius>,
    pub case: Option<CaseStudy>,
    pub replay: Option<Replay>,
}

impl ExposureView {
    pub fn build(inventory: &Inventory) -> Self {
        let report = ExposureReport::from_inventory(inventory);
        let radius = |t: Target| scenario::blast_radius(&report, &t);
        let ordered = |level: Level| {
            report
                .level(level)
                .map(|c| {
                    c.shares
                        .iter()
                        .map(|s| s.entity.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        let vendors = ordered(Level::Vendor)
            .into_iter()
            .map(|v| radius(Target::Vendor(v)))
            .collect();
        let hosts = ordered(Level::Host)
            .into_iter()
            .filter(|h| !h.starts_with(crate::metrics::exposure::UNKNOWN_HOST))
            .map(|h| radius(Target::Host(h)))
            .collect();
        let case = case_study::atlassian_2022().ok();
        let replay = case.as_ref().map(|c| case_study::replay(c, &report));
        Self {
            report,
            vendors,
            hosts,
            case,
            replay,
        }
    }

    pub fn spofs(&self) -> usize {
        self.report
            .spofs()
            .filter(|r| r.criticality == Criticality::Critical)
            .count()
    }

    pub fn correlated(&self) -> usize {
        self.report.correlated().count()
    }
}

/// One plain-words finding for the warnings panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Vendor or host the finding is about.
    pub subject: String,
    pub text: String,
    /// Share of the company's weighted capabilities lost with it (orders the panel).
    pub weight_share: f64,
}

/// Vendors and hosts carrying two or more capabilities, or a response tool correlated
/// with what it serves: "Atlassian: ticketing, documentation, on-call alerting — on-call
/// alerting goes down with what it alerts on".
pub fn warnings(view: &ExposureView) -> Vec<Warning> {
    let mut out: Vec<(Vec<usize>, Warning)> = Vec::new();
    for (radius, kind) in view
        .vendors
        .iter()
        .map(|r| (r, ""))
        .chain(view.hosts.iter().map(|r| (r, " (host)")))
    {
        let name = format!("{}{kind}", radius.target.name());
        let down: Vec<_> = radius
            .lost
            .iter()
            .filter(|l| !l.fallback_survives)
            .collect();
        // A response tool really down, correlated with a critical capability down with it.
        let response = down
            .iter()
            .filter(|l| {
                view.report
                    .rows
                    .iter()
                    .any(|r| r.line == l.line && !r.correlated_with.is_empty())
            })
            .filter(|l| {
                down.iter()
                    .any(|o| o.criticality == Criticality::Critical && o.line != l.line)
            })
            .find_map(|l| crate::metrics::exposure::response_kind(&l.capability));
        if down.is_empty() || (radius.lost.len() < 2 && response.is_none()) {
            continue;
        }
        let mut lines: Vec<usize> = radius.lost.iter().map(|l| l.line).collect();
        lines.sort_unstable();
        // A vendor and the host it owns often take down the same set (Amazon, AWS): say it once.
        if let Some((_, earlier)) = out.iter_mut().find(|(l, _)| *l == lines) {
            earlier.text = earlier.text.replacen(
                &earlier.subject,
                &format!("{} / {name}", earlier.subject),
                1,
            );
            earlier.subject = format!("{} / {name}", earlier.subject);
            continue;
        }
        let mut caps: Vec<String> = Vec::new();
        for l in &radius.lost {
            if !caps.contains(&l.capability) {
                caps.push(l.capability.clone());
            }
        }
        let shown = caps.iter().take(6).cloned().collect::<Vec<_>>().join(", ");
        let more = if caps.len() > 6 {
            format!(" and {} more", caps.len() - 6)
        } else {
            String::new()
        };
        let mut text = format!("{name}: {shown}{more}");
        if let Some(kind) = response {
            text.push_str(" — ");
            text.push_str(consequence(kind));
        }
        out.push((
            lines,
            Warning {
                subject: name,
                text,
                weight_share: radius.share_of_total,
            },
        ));
    }
    let mut out: Vec<Warning> = out.into_iter().map(|(_, w)| w).collect();
    out.sort_by(|a, b| {
        b.weight_share
            .total_cmp(&a.weight_share)
            .then_with(|| a.subject.cmp(&b.subject))
    });
    out
}

/// What losing a response tool together with what it serves means, in a few words.
fn consequence(kind: ResponseKind) -> &'static str {
    match kind {
        ResponseKind::OnCallAlerting => "on-call alerting goes down with what it alerts on",
        ResponseKind::IncidentManagement => {
            "incident management goes down with the incident it should track"
        }
        ResponseKind::StatusCommunication => {
            "the status page cannot tell customers about the outage it is part of"
        }
        ResponseKind::TeamChat => "team chat: the incident channel goes down with the incident",
        ResponseKind::Documentation => {
            "documentation: the runbooks go down with the systems they describe"
        }
        ResponseKind::IdentitySso => {
            "identity/SSO: nobody can log in to the tools needed to fix it"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_warns_about_atlassian_in_plain_words() {
        let inventory = crate::inventory::demo().unwrap_or_else(|e| panic!("{e}"));
        let view = ExposureView::build(&inventory);
        let warnings = warnings(&view);
        let atlassian = warnings
            .iter()
            .find(|w| w.subject == "Atlassian")
            .unwrap_or_else(|| panic!("{warnings:?}"));
        assert!(
            atlassian.text.contains("ticketing")
                && atlassian
                    .text
                    .contains("on-call alerting goes down with what it alerts on"),
            "{}",
            atlassian.text
        );
        assert!(view.replay.as_ref().is_some_and(|r| r.lost.len() >= 4));
    }
}
