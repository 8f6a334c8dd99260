//! What-if outages, risk scores with their factors, and the April 2022 replay.

use super::*;

#[test]
fn what_if_vendor_and_host_outages() {
    let report = demo();
    let atlassian = scenario::find_target(&report, "atlassian").expect("vendor");
    assert_eq!(atlassian, Target::Vendor("Atlassian".into()));
    let two_weeks = scenario::what_if(&report, &atlassian, 14.0, Some(3.5)).expect("what if");
    let lost: Vec<&str> = two_weeks.lost.iter().map(|l| l.service.as_str()).collect();
    assert_eq!(
        lost,
        [
            "Jira Software",
            "Confluence",
            "Opsgenie",
            "Statuspage",
            "Bitbucket Cloud"
        ]
    );
    // 14 days × (Jira 1 + Confluence 0.5 + Opsgenie 1 + Statuspage 0.5 + Bitbucket 0.1 via GitHub).
    assert!(
        close(two_weeks.capability_days, 14.0 * 3.1, 1e-9),
        "{}",
        two_weeks.capability_days
    );
    assert_eq!(
        two_weeks.capability_days_by_criticality[0].0,
        Criticality::Critical
    );
    assert!(close(
        two_weeks.capability_days_by_criticality[0].1,
        14.0 * 2.6,
        1e-9
    ));
    assert_eq!(
        (
            two_weeks.published_rto_hours,
            two_weeks.observed_p90_ttr_hours
        ),
        (Some(6.0), Some(3.5))
    );
    assert!(close(
        two_weeks.rto_multiple().unwrap_or_default(),
        56.0,
        1e-9
    ));

    let aws = scenario::find_target(&report, "AWS").expect("host");
    assert_eq!(aws, Target::Host("AWS".into()));
    let day = scenario::what_if(&report, &aws, 1.0, None).expect("what if");
    assert_eq!(day.lost.len(), 16);
    let zoom = day
        .lost
        .iter()
        .find(|l| l.service == "Zoom")
        .expect("Zoom runs partly on AWS");
    assert!(
        close(zoom.fraction, 1.0 / 3.0, 1e-12)
            && zoom.fallback_survives
            && close(zoom.residual, 0.1 / 3.0, 1e-12)
    );
    let aws_row = day
        .lost
        .iter()
        .find(|l| l.service == "Amazon Web Services")
        .expect("the host itself");
    assert_eq!(aws_row.path, HitPath::Direct);
    // Twilio's SendGrid has no known AWS dependency, so it carries SMS when AWS is down.
    assert!(
        day.lost
            .iter()
            .any(|l| l.service == "Twilio" && l.fallback_survives)
    );
    // Jira 1 + Confluence .5 + Opsgenie 1 + Statuspage .5 + Bitbucket .1 + AWS 1 + Slack 1 + Okta 1
    // + Stripe 1 + Twilio .1 + Zoom .1/3 + Zendesk .5 + Figma 1 + MongoDB 1 + Docker Hub .1 + Snowflake 1.
    assert!(
        close(day.capability_days, 10.8 + 0.1 / 3.0, 1e-9),
        "{}",
        day.capability_days
    );
    // Amazon the vendor reaches the same rows through the hosts it owns.
    let amazon = scenario::blast_radius(&report, &Target::Vendor("Amazon".into()));
    assert_eq!(amazon.lost.len(), 16);
    assert!(
        amazon
            .lost
            .iter()
            .any(|l| l.service == "Slack" && l.path == HitPath::ThroughHost("AWS".into()))
    );
    // Microsoft: GitHub directly, OpenAI through Azure.
    let microsoft = scenario::blast_radius(&report, &Target::Vendor("Microsoft".into()));
    let hit: Vec<(&str, &HitPath)> = microsoft
        .lost
        .iter()
        .map(|l| (l.service.as_str(), &l.path))
        .collect();
    assert_eq!(
        hit,
        [
            ("GitHub", &HitPath::Direct),
            ("OpenAI", &HitPath::ThroughHost("Azure".into()))
        ]
    );
    let radii = scenario::blast_radii(&report);
    assert_eq!(
        radii.first().map(|r| r.target.clone()),
        Some(Target::Vendor("Amazon".into()))
    );
    let unknown = scenario::find_target(&report, "Atlasian").expect_err("typo");
    assert!(
        unknown.to_string().contains("did you mean `Atlassian`"),
        "{unknown}"
    );
    assert!(scenario::what_if(&report, &aws, f64::NAN, None).is_err());
}

#[test]
fn risk_scores_always_carry_their_factors() {
    let report = demo();
    let scores = risk::risk_scores(&report, |vendor| {
        (vendor == "Atlassian").then_some(RiskInputs {
            major_critical_per_90d: Some(2.0),
            p90_ttfc_min: Some(75.0),
            p90_longest_silence_min: Some(60.0),
        })
    });
    assert_eq!(scores.len(), 21);
    let top = &scores[0];
    assert_eq!(top.vendor, "Atlassian");
    let likelihood = 1.0 + 3f64.ln();
    assert!(
        close(top.score, 22.8 / 99.0 * likelihood * 1.25, 1e-12),
        "{top:?}"
    );
    assert!(
        !top.assumed_neutral
            && top.likelihood.value.is_some()
            && top.communication.value == Some(1.25)
    );
    let stripe = scores
        .iter()
        .find(|s| s.vendor == "Stripe")
        .expect("Stripe");
    assert!(
        stripe.assumed_neutral
            && stripe.likelihood.value.is_none()
            && stripe.likelihood.used == 1.0
    );
    assert!(stripe.likelihood.basis.contains("unknown"));
}

#[test]
fn atlassian_2022_replayed_on_the_demo() {
    let case = case_study::atlassian_2022().expect("built-in case study");
    let replay = case_study::replay(&case, &demo());
    let lost: Vec<&str> = replay.lost.iter().map(|l| l.service.as_str()).collect();
    assert_eq!(
        lost,
        ["Jira Software", "Confluence", "Opsgenie", "Statuspage"]
    );
    assert_eq!(
        replay.spared_same_vendor,
        [("Bitbucket Cloud".to_string(), "source control".to_string())]
    );
    let response: Vec<(&str, &str)> = replay
        .response_tools_down()
        .map(|l| (l.service.as_str(), l.capability.as_str()))
        .collect();
    assert_eq!(
        response,
        [
            ("Confluence", "documentation"),
            ("Opsgenie", "on-call alerting"),
            ("Statuspage", "status communication")
        ]
    );
    let days: Vec<f64> = replay.horizons.iter().map(|h| h.days).collect();
    // 5 Apr 07:38 → 8 Apr noon (first back), 13 Apr noon (50 %), 18 Apr 23:57 (all).
    assert!(
        close(days[0], 3.1819, 1e-4)
            && close(days[1], 8.1819, 1e-4)
            && close(days[2], 13.6799, 1e-4),
        "{days:?}"
    );
    // Jira 1 + Confluence 0.5 (manual) + Opsgenie 1 + Statuspage 0.5 (manual) = 3 per day.
    assert!(close(
        replay.horizons[2].capability_days,
        3.0 * days[2],
        1e-9
    ));
    assert!(
        close(replay.rto_multiple.unwrap_or_default(), 54.72, 0.01),
        "{:?}",
        replay.rto_multiple
    );
}
