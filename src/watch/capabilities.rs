//! Capabilities whose every path is down, by criticality: a capability is down when every
//! inventory row providing it has its service down and its fallback down too (or none).
//! A manual fallback keeps a capability alive (slowly); a service nobody watches, or a
//! source planb cannot read, counts as up: an unknown is never reported as an outage.

use std::collections::BTreeMap;

use super::context::{FallbackPath, Use};
use crate::inventory::Criticality;

/// Down capabilities per criticality (every criticality present, zero when none).
/// `is_down(source_id)` says whether a watched service is down now.
pub fn down_by_criticality(
    uses: &[(Option<String>, Use)],
    is_down: impl Fn(&str) -> bool,
) -> BTreeMap<Criticality, usize> {
    // Capability → (its highest criticality, every path of it down so far).
    let mut capabilities: BTreeMap<&str, (Criticality, bool)> = BTreeMap::new();
    for (source, used) in uses {
        let service_down = source.as_deref().is_some_and(&is_down);
        let fallback_down = match &used.fallback {
            FallbackPath::None => true,
            FallbackPath::Manual => false,
            FallbackPath::Service { source, .. } => source.as_deref().is_some_and(&is_down),
        };
        let path_down = service_down && fallback_down;
        let entry = capabilities
            .entry(used.capability.as_str())
            .or_insert((used.criticality, true));
        // `Criticality` orders critical first: the smaller is the higher.
        entry.0 = entry.0.min(used.criticality);
        entry.1 &= path_down;
    }
    let mut counts: BTreeMap<Criticality, usize> =
        Criticality::ALL.into_iter().map(|c| (c, 0)).collect();
    for (criticality, down) in capabilities.into_values() {
        if down {
            *counts.entry(criticality).or_default() += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(
        source: &str,
        capability: &str,
        criticality: Criticality,
        fallback: FallbackPath,
    ) -> (Option<String>, Use) {
        (
            Some(source.to_string()),
            Use {
                service: source.to_string(),
                capability: capability.to_string(),
                criticality,
                fallback,
                response: None,
            },
        )
    }

    fn other(source: Option<&str>) -> FallbackPath {
        FallbackPath::Service {
            name: "other".into(),
            source: source.map(str::to_string),
        }
    }

    #[test]
    fn every_path_must_be_down() {
        let uses = vec![
            path(
                "jira",
                "ticketing",
                Criticality::Critical,
                FallbackPath::None,
            ),
            path(
                "confluence",
                "documentation",
                Criticality::High,
                FallbackPath::Manual,
            ),
            path(
                "bitbucket",
                "source control",
                Criticality::Critical,
                other(Some("github")),
            ),
            path("slack", "team chat", Criticality::Medium, other(None)),
            // Two services provide email: one of them up keeps it alive.
            path("gmail", "email", Criticality::Critical, FallbackPath::None),
            path("outlook", "email", Criticality::Low, FallbackPath::None),
        ];
        let everything = |_: &str| true;
        let counts = down_by_criticality(&uses, everything);
        // Ticketing, source control (GitHub down too) and email (both down); the manual
        // fallback and the unwatched fallback keep their capabilities up.
        assert_eq!(counts[&Criticality::Critical], 3);
        assert_eq!(counts[&Criticality::High], 0);
        assert_eq!(counts[&Criticality::Medium], 0);
        assert_eq!(counts[&Criticality::Low], 0);

        let only_jira_and_bitbucket = |s: &str| s == "jira" || s == "bitbucket" || s == "gmail";
        let counts = down_by_criticality(&uses, only_jira_and_bitbucket);
        assert_eq!(
            counts[&Criticality::Critical],
            1,
            "GitHub and Outlook are up"
        );
    }

    #[test]
    fn a_service_without_a_source_is_never_down() {
        let uses = vec![(
            None,
            Use {
                service: "Own tool".into(),
                capability: "billing".into(),
                criticality: Criticality::Critical,
                fallback: FallbackPath::None,
                response: None,
            },
        )];
        assert_eq!(
            down_by_criticality(&uses, |_| true)[&Criticality::Critical],
            0
        );
    }
}
