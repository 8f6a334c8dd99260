//! Malformed inventories: every problem named with its file, line, field and a fix.

use super::*;

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

/// URL schemes are case-insensitive (RFC 3986 §3.1): `HTTP://` and `Https://` are
/// http(s) URLs; the scheme is stored lower-case.
#[test]
fn upper_case_url_schemes_are_accepted() {
    let inventory = parse(
        "inv.csv",
        "service,status_url,platform\nGitHub,HTTP://www.githubstatus.com,statuspage\nSlack,Https://slack-status.com/,slack\n",
    );
    let urls: Vec<String> = inventory
        .sources()
        .into_iter()
        .map(|s| s.base_url)
        .collect();
    assert_eq!(
        urls,
        ["http://www.githubstatus.com", "https://slack-status.com"]
    );
    let file = Scratch::new(
        "inv.csv",
        b"service,status_url,platform\nGitHub,HTTPS://www.githubstatus.com,statuspage\n",
    );
    let (code, out) = file.check();
    assert_eq!(code, Some(0), "{out}");
}
