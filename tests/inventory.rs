//! Inventory, catalog and exposure: the real binary for the CLI (`inventory check`,
//! `catalog`), the library for the math (methodology.md's worked example, the demo
//! company's concentration, SPOFs and correlated failures, what-if, the April 2022 replay).
//! One test binary on purpose: each links polars.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use planb::inventory::{self, Criticality, Fallback, Inventory, InventoryKind};
use planb::metrics::case_study;
use planb::metrics::exposure::scenario::{self, HitPath, Target};
use planb::metrics::exposure::{Band, ExposureReport, Level};
use planb::metrics::risk::{self, RiskInputs};

const PLANB: &str = env!("CARGO_BIN_EXE_planb");

/// A temporary file (and a data dir that must stay unwritten), removed on drop.
struct Scratch {
    file: PathBuf,
    data: PathBuf,
}

impl Scratch {
    fn new(name: &str, contents: &[u8]) -> Self {
        let unique = format!("planb-inv-{}-{}", std::process::id(), fastrand::u64(..));
        let dir = std::env::temp_dir().join(&unique);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join(name);
        std::fs::write(&file, contents).expect("write inventory");
        Self {
            file,
            data: dir.join("store"),
        }
    }

    fn run(&self, args: &[&str]) -> (Option<i32>, String) {
        let out = Command::new(PLANB)
            .arg("--data")
            .arg(&self.data)
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run planb");
        assert!(!self.data.exists(), "a check must write nothing");
        (out.status.code(), text(&out))
    }

    fn check(&self) -> (Option<i32>, String) {
        self.run(&["inventory", "check", &self.file.display().to_string()])
    }

    /// `file:line[:column]: severity: field `x`` as `planb` prints it.
    fn at(&self, position: &str, severity: &str, field: &str) -> String {
        format!(
            "{}:{position}: {severity}: field `{field}`",
            self.file.display()
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = self.file.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn parse(name: &str, text: &str) -> Inventory {
    inventory::parse(Path::new(name), text).unwrap_or_else(|e| panic!("{e}"))
}

fn demo() -> ExposureReport {
    ExposureReport::from_inventory(&inventory::demo().unwrap_or_else(|e| panic!("{e}")))
}

fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance
}

const HEADER: &str = "service,capability,criticality,fallback\n";

// ---------------------------------------------------------------- the math

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

// ---------------------------------------------------------------- malformed inventories

#[test]
fn missing_column_is_named_with_a_rename_hint() {
    let near = Scratch::new(
        "inv.csv",
        b"service,capability,critcality,fallback\nJira,ticketing,critical,none\n",
    );
    let (code, out) = near.check();
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains(&near.at("1:3", "error", "criticality")) && out.contains("missing column"),
        "{out}"
    );
    assert!(
        out.contains("did you mean `criticality`? rename column `critcality`"),
        "{out}"
    );
    let absent = Scratch::new(
        "inv.csv",
        b"service,capability,fallback\nJira,ticketing,none\n",
    );
    let (code, out) = absent.check();
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains(&absent.at("1", "error", "criticality"))
            && out.contains("critical, high, medium or low"),
        "{out}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let csv = format!(
        "{HEADER}Jira,ticketing,hihg,none\nConfluence,documentation,critical,manul\nJira Software,ticketing,critical,Linaer\nLinear,ticketing,low,none\nSlack,,critical,none\n"
    );
    let s = Scratch::new("inv.csv", csv.as_bytes());
    let (code, out) = s.check();
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains(&s.at("2:3", "error", "criticality"))
            && out.contains("`hihg` is not a criticality")
            && out.contains("did you mean `high`?"),
        "{out}"
    );
    assert!(
        out.contains(&s.at("3:4", "error", "fallback")) && out.contains("did you mean `manual`?"),
        "{out}"
    );
    assert!(
        out.contains(&s.at("4:4", "error", "fallback"))
            && out.contains("unknown fallback `Linaer`")
            && out.contains("did you mean `Linear`?"),
        "{out}"
    );
    // "Jira" and "Jira Software" are the same catalog service.
    assert!(
        out.contains(&s.at("4:1", "error", "service"))
            && out.contains("duplicate row")
            && out.contains("lines 2 and 4"),
        "{out}"
    );
    assert!(
        out.contains(&s.at("6:2", "error", "capability")) && out.contains("missing"),
        "{out}"
    );
    assert!(out.contains("5 error(s)"), "{out}");
}

#[test]
fn bom_crlf_and_quoted_commas_work() {
    let csv = "\u{feff}service,capability,criticality,fallback,notes,runs_on\r\nJira,ticketing,critical,none,\"tickets, sprints, bugs\",\r\nAcme Billing,payments,high,manual,\"in-house, on \"\"Hetzner\"\"\",Hetzner;AWS\r\n";
    let inventory = parse("inv.csv", csv);
    assert_eq!(inventory.kind, InventoryKind::Exposure);
    assert_eq!(inventory.rows.len(), 2);
    assert_eq!(
        inventory.rows[0].notes.as_deref(),
        Some("tickets, sprints, bugs")
    );
    assert_eq!(
        inventory.rows[1].notes.as_deref(),
        Some("in-house, on \"Hetzner\"")
    );
    let hosts: Vec<&str> = inventory.rows[1]
        .hosts
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(hosts, ["Hetzner", "AWS"]);
    assert_eq!(
        inventory.rows[1].vendor, "Acme Billing",
        "no vendor given: the service is its own vendor"
    );
    let warning = inventory
        .warnings
        .iter()
        .find(|w| w.field == "service")
        .expect("no-history warning");
    assert_eq!((warning.line, warning.column), (3, Some(1)));
    // CRLF keeps line numbers right in errors too.
    let s = Scratch::new(
        "inv.csv",
        format!(
            "\u{feff}{}Jira,ticketing,critical,none\r\nSlack,chat,urgent,none\r\n",
            HEADER.replace('\n', "\r\n")
        )
        .as_bytes(),
    );
    let (code, out) = s.check();
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains(&s.at("3:3", "error", "criticality")), "{out}");
    let extra = Scratch::new(
        "inv.csv",
        format!("{HEADER}Jira,ticketing,critical,none,tickets, sprints\n").as_bytes(),
    );
    let (code, out) = extra.check();
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("6 fields but the header names 4") && out.contains("double quotes"),
        "{out}"
    );
}

#[test]
fn empty_and_header_only_files_are_errors() {
    for (contents, message) in [
        (&b""[..], "the file is empty"),
        (b"\xef\xbb\xbf \n\n", "the file is empty"),
        (HEADER.as_bytes(), "no services listed"),
    ] {
        let s = Scratch::new("inv.csv", contents);
        let (code, out) = s.check();
        assert_eq!(code, Some(2), "{out}");
        assert!(out.contains(message), "{out}");
    }
    let binary = Scratch::new("inv.csv", b"service\n\xff\xfe\n");
    let (code, out) = binary.check();
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("not UTF-8"), "{out}");
}

#[test]
fn hundred_thousand_rows_validate() {
    let services = [
        "GitHub",
        "Slack",
        "Jira",
        "Datadog",
        "Stripe",
        "Okta",
        "Cloudflare",
        "Zoom",
        "Acme Internal",
    ];
    let criticalities = ["critical", "high", "medium", "low"];
    let mut csv = String::from("service,capability,criticality,fallback,status_url,platform\n");
    for i in 0..100_000 {
        let fallback = match i % 3 {
            0 => "none",
            1 => "manual",
            _ => "Google Workspace",
        };
        let url = if i % 9 == 8 {
            "https://status.acme.example,statuspage"
        } else {
            ","
        };
        csv.push_str(&format!(
            "{},capability {i},{},{fallback},{url}\n",
            services[i % 9],
            criticalities[i % 4]
        ));
    }
    let started = Instant::now();
    let inventory = parse("big.csv", &csv);
    let elapsed = started.elapsed();
    assert_eq!(inventory.rows.len(), 100_000);
    // Typically 0.5–0.9 s in a debug build on a 2-core machine. The bound only catches
    // something quadratic (that takes minutes); it is not a benchmark.
    assert!(elapsed.as_secs_f64() < 30.0, "validation took {elapsed:?}");
    eprintln!("100,000 rows validated in {elapsed:?}");
    assert!(
        matches!(inventory.rows[2].usage.as_ref().map(|u| &u.fallback), Some(Fallback::Service(f)) if f.vendor == "Alphabet")
    );
    let report = ExposureReport::from_inventory(&inventory);
    assert!(report.level(Level::Host).is_some());
}

#[test]
fn toml_inventories_report_value_positions() {
    let good = "[[service]]\nservice = \"Zoom\"\ncapability = \"video meetings\"\ncriticality = \"medium\"\nfallback = \"none\"\nruns_on = [\"AWS\", \"own data centers\"]\n";
    let inventory = parse("inv.toml", good);
    let hosts: Vec<&str> = inventory.rows[0]
        .hosts
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(hosts, ["AWS", "Own data centers (Zoom Communications)"]);
    let s = Scratch::new(
        "inv.toml",
        good.replace("\"medium\"", "\"meduim\"").as_bytes(),
    );
    let (code, out) = s.check();
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains(&s.at("4:15", "error", "criticality"))
            && out.contains("did you mean `medium`?"),
        "{out}"
    );
}

#[test]
fn sources_only_inventories_still_pull_and_bad_ones_write_nothing() {
    let inventory = parse(
        "inv.csv",
        "service,status_url,platform\nGitHub,http://127.0.0.1:9/github,statuspage\nAcme,,\n",
    );
    assert_eq!(inventory.kind, InventoryKind::SourcesOnly);
    assert_eq!(inventory.sources().len(), 1);
    assert!(
        ExposureReport::from_inventory(&inventory)
            .concentration
            .is_empty()
    );
    let bad = Scratch::new(
        "inv.csv",
        format!("{HEADER}Jira,ticketing,hihg,none\n").as_bytes(),
    );
    let (code, out) = bad.run(&["pull", "--inventory", &bad.file.display().to_string()]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains(&bad.at("2:3", "error", "criticality")),
        "{out}"
    );
}

// ---------------------------------------------------------------- CLI output

#[test]
fn inventory_check_prints_the_resolved_demo() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/inventory.csv");
    let s = Scratch::new("unused.csv", b"");
    let (code, out) = s.run(&["inventory", "check", &demo.display().to_string()]);
    assert_eq!(code, Some(0), "{out}");
    for needle in [
        "exposure inventory",
        "25 row(s), 25 service(s), 21 vendor(s)",
        "https://jira-software.status.atlassian.com",
        "catalog `jira`",
        "Own data centers (Microsoft); Azure",
        "AWS (inventory)",
        "catalog `mongodb-atlas`, overrides runs_on",
        "own: no reader yet",
        "no errors, 0 warning(s)",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    let line = out
        .lines()
        .find(|l| l.contains("Opsgenie"))
        .expect("Opsgenie row");
    assert!(
        line.contains("on-call alerting")
            && line.contains("Atlassian")
            && line.contains("AWS")
            && line.contains("statuspage"),
        "{line}"
    );
}

#[test]
fn inventory_check_warns_and_sanitizes() {
    let csv =
        format!("{HEADER}Evil\u{1b}[31mCorp,ticketing,high,none\nJira,ticketting,critical,none\n");
    let s = Scratch::new("inv.csv", csv.as_bytes());
    let (code, out) = s.check();
    assert_eq!(code, Some(0), "warnings alone do not fail: {out}");
    assert!(
        !out.contains('\u{1b}'),
        "escape sequence reached the terminal: {out:?}"
    );
    assert!(
        out.contains("is not in the catalog and has no status_url: it will have no history"),
        "{out}"
    );
    assert!(
        out.contains(&s.at("3:2", "warning", "capability"))
            && out.contains("did you mean `ticketing`?"),
        "{out}"
    );
}

#[test]
fn catalog_show_and_list() {
    let s = Scratch::new("unused.csv", b"");
    let (code, out) = s.run(&["catalog", "show", "jira"]);
    assert_eq!(code, Some(0), "{out}");
    for needle in [
        "key:",
        "jira",
        "name:",
        "Jira Software",
        "vendor:",
        "Atlassian",
        "https://jira-software.status.atlassian.com (statuspage)",
        "hosts:",
        "AWS (stated)",
        "6 h / 1 h",
        "ticketing",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    let (code, out) = s.run(&["catalog", "show", "Jirra"]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("no service `Jirra`") && out.contains("did you mean `jira`"),
        "{out}"
    );
    let (code, out) = s.run(&["catalog"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.lines().count() > 80 && out.contains("opsgenie") && out.contains("Google Workspace"),
        "{out}"
    );
}
