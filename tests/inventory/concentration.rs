//! The math on the demo company: methodology.md's worked example, concentration, SPOFs, correlated failures.

use super::*;

#[test]
fn methodology_worked_example_reproduces() {
    // Ten equally weighted critical capabilities, four on Atlassian, six on six other parents.
    let rows = [
        "Jira",
        "Confluence",
        "JSM",
        "Bitbucket",
        "GitHub",
        "Slack",
        "Okta",
        "Datadog",
        "Stripe",
        "Cloudflare",
    ];
    let csv: String = rows
        .iter()
        .map(|s| format!("{s},capability of {s},critical,none\n"))
        .collect();
    let report = ExposureReport::from_inventory(&parse("worked.csv", &format!("{HEADER}{csv}")));
    let vendor = report.level(Level::Vendor).expect("vendor level");
    assert!(close(vendor.hhi, 2_200.0, 1e-9), "{vendor:?}");
    assert!(close(vendor.n_eff, 10_000.0 / 2_200.0, 1e-9) && close(vendor.n_eff, 4.5, 0.05));
    assert_eq!(
        (vendor.band, vendor.top_entity.as_str()),
        (Band::Moderate, "Atlassian")
    );
    assert!(close(vendor.top_share, 0.4, 1e-12));
    let service = report.level(Level::Service).expect("service level");
    assert!(
        close(service.hhi, 1_000.0, 1e-9) && close(service.n_eff, 10.0, 1e-9),
        "{service:?}"
    );
    assert_eq!(service.band, Band::Unconcentrated);
}

#[test]
fn demo_concentration_by_vendor_and_host() {
    let report = demo();
    assert_eq!(report.rows.len(), 25);
    // Weights (criticality × (1 − mitigation)), total 99:
    //   Atlassian: Jira 8 + Confluence 4 (manual) + Opsgenie 8 + Statuspage 2 (high, manual)
    //     + Bitbucket 0.8 (fallback GitHub, another vendor) = 22.8
    //   8 each: Amazon, Salesforce (Slack), Alphabet, Okta, Cloudflare, Stripe, MongoDB
    //   4 each: Datadog, Twilio (fallback SendGrid is Twilio too: no mitigation)
    //   2 each: Sentry, Zendesk (high, manual), HubSpot, Snowflake
    //   1 each: Figma, DocuSign (medium, manual), Intuit (Mailchimp)
    //   0.4 each: Microsoft (GitHub, fallback Bitbucket), Docker Inc. (fallback Quay.io)
    //   0.2 each: Zoom Communications (fallback Google Workspace), OpenAI (fallback Anthropic)
    // Vendor HHI = 10,000/99² × (22.8² + 7·8² + 2·4² + 4·2² + 3·1² + 2·0.4² + 2·0.2²)
    //            = 10,000/9,801 × 1,019.24 = 1,039.93 → N_eff 9.62, unconcentrated.
    assert!(close(report.total_weight, 99.0, 1e-9));
    let vendor = report.level(Level::Vendor).expect("vendor level");
    assert!(
        close(vendor.hhi, 1_039.93, 0.01) && close(vendor.n_eff, 9.616, 0.001),
        "{vendor:?}"
    );
    assert_eq!(
        (vendor.band, vendor.top_entity.as_str()),
        (Band::Unconcentrated, "Atlassian")
    );
    assert!(close(vendor.top_share, 22.8 / 99.0, 1e-12));
    // Hosts (a service on n hosts puts weight/n on each; unknown hosts count per vendor):
    //   AWS = 22.8 (Atlassian) + 8 AWS + 8 Slack + 8 Okta + 8 Stripe + 4 Twilio + 2 Zendesk
    //         + 1 Figma + 8 MongoDB Atlas (runs_on) + 0.4 Docker Hub + 2 Snowflake (runs_on)
    //         + 0.2/3 Zoom = 72.27 (73.0 %)
    //   GCP 10 (Google Workspace 8, Sentry 2); Cloudflare 8; unknown: Datadog 4, HubSpot 2,
    //   DocuSign 1, Intuit 1; Azure 0.4 (GitHub 0.2, OpenAI 0.2); Own data centers
    //   (Microsoft) 0.2; Oracle Cloud and Own data centers (Zoom) 0.2/3 each.
    // Host HHI = 10,000/9,801 × (72.27² + 10² + 8² + 4² + 2² + 1 + 1 + 0.4² + 0.2² + 2·(0.2/3)²)
    //          = 10,000/9,801 × 5,408.68 = 5,518.50 → N_eff 1.81, highly concentrated.
    let host = report.level(Level::Host).expect("host level");
    assert!(
        close(host.hhi, 5_518.50, 0.01) && close(host.n_eff, 1.812, 0.001),
        "{host:?}"
    );
    assert_eq!((host.band, host.top_entity.as_str()), (Band::High, "AWS"));
    assert!(close(host.top_share, (1084.0 / 15.0) / 99.0, 1e-12));
    assert!(close(host.unknown_share, 8.0 / 99.0, 1e-12));
    assert!(
        host.shares
            .iter()
            .any(|s| s.entity == "Own data centers (Zoom Communications)")
    );
    let service = report.level(Level::Service).expect("service level");
    assert!(close(service.hhi, 661.20, 0.01), "{service:?}");
}

#[test]
fn demo_spofs() {
    let report = demo();
    let spofs: Vec<&str> = report.spofs().map(|r| r.service.as_str()).collect();
    // Critical or high without a fallback on another vendor. Bitbucket (→ GitHub), GitHub
    // (→ Bitbucket) and Docker Hub (→ Quay.io) are covered; Twilio's SendGrid is the same vendor.
    let expected = [
        "Jira Software",
        "Confluence",
        "Opsgenie",
        "Statuspage",
        "Amazon Web Services",
        "Slack",
        "Google Workspace",
        "Okta",
        "Datadog",
        "Cloudflare",
        "Stripe",
        "Twilio",
        "Zendesk",
        "MongoDB Atlas",
    ];
    assert_eq!(spofs, expected);
}

#[test]
fn demo_correlated_response_tools() {
    let report = demo();
    let flagged: Vec<&str> = report.correlated().map(|r| r.service.as_str()).collect();
    assert_eq!(
        flagged,
        ["Confluence", "Opsgenie", "Statuspage", "Slack", "Okta"]
    );
    let row = |name: &str| {
        report
            .rows
            .iter()
            .find(|r| r.service == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let with = |name: &str, other: &str| {
        row(name)
            .correlated_with
            .iter()
            .find(|c| c.service == other)
            .map(|c| c.via.clone())
    };
    // The alarm goes down with the fire: Atlassian's on-call and status page with Jira and Confluence.
    for tool in ["Opsgenie", "Statuspage"] {
        assert_eq!(
            with(tool, "Jira Software"),
            Some(vec!["Atlassian".to_string(), "AWS".to_string()]),
            "{tool}"
        );
        assert_eq!(
            with(tool, "Confluence"),
            Some(vec!["Atlassian".to_string(), "AWS".to_string()]),
            "{tool}"
        );
    }
    // Through AWS, under most of the stack: chat and SSO go down with payments and the database.
    for tool in ["Slack", "Okta", "Opsgenie"] {
        assert_eq!(
            with(tool, "Stripe"),
            Some(vec!["AWS".to_string()]),
            "{tool}"
        );
        assert_eq!(
            with(tool, "MongoDB Atlas"),
            Some(vec!["AWS".to_string()]),
            "{tool}"
        );
    }
    assert_eq!(with("Okta", "Jira Software"), Some(vec!["AWS".to_string()]));
    assert!(
        with("Okta", "Google Workspace").is_none(),
        "GCP shares nothing with Okta"
    );
    assert!(
        row("Opsgenie")
            .correlated_label()
            .contains("Jira Software (ticketing) via Atlassian, AWS")
    );
    assert!(
        row("Jira Software").correlated_with.is_empty(),
        "ticketing is not a response capability"
    );
}

#[test]
fn a_response_tool_whose_fallback_survives_is_not_correlated() {
    let csv = format!(
        "{HEADER}Jira,ticketing,critical,none\nSlack,team chat,critical,Microsoft Teams\nOkta,identity/sso,high,Zoom\n"
    );
    let report = ExposureReport::from_inventory(&parse("inv.csv", &csv));
    // Teams runs on Azure: it still works when AWS, under Slack and Jira, is down.
    assert!(
        report.rows[1].correlated_with.is_empty(),
        "{:?}",
        report.rows[1].correlated_with
    );
    // Zoom runs partly on AWS, so Okta's fallback goes down with Jira.
    assert_eq!(
        report.rows[2]
            .correlated_with
            .iter()
            .map(|c| c.service.as_str())
            .collect::<Vec<_>>(),
        ["Jira", "Slack"]
    );
    assert!(!report.rows[1].spof && !report.rows[2].spof && report.rows[0].spof);
}
