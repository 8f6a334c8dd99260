//! Unit tests of `catalog`.

use super::*;

fn get(key: &str) -> &'static CatalogService {
    Catalog::builtin()
        .services()
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no `{key}` in the catalog"))
}

#[test]
fn builtin_catalog_parses_and_is_large_enough() {
    let catalog = Catalog::parse(BUILTIN).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        catalog.services().len() >= 80,
        "only {} services",
        catalog.services().len()
    );
}

#[test]
fn keys_are_unique_and_capabilities_known() {
    let mut keys = HashSet::new();
    for s in Catalog::builtin().services() {
        assert!(keys.insert(&s.key), "duplicate key {}", s.key);
        for c in &s.capabilities {
            assert!(
                Catalog::capabilities().contains(&c.as_str()),
                "{}: unknown capability {c}",
                s.key
            );
        }
    }
    assert_eq!(Catalog::capabilities().len(), 35);
}

#[test]
fn readable_platforms_have_http_status_urls() {
    for s in Catalog::builtin()
        .services()
        .iter()
        .filter(|s| s.platform.is_some())
    {
        let url = s
            .status_url
            .as_deref()
            .unwrap_or_else(|| panic!("{} has a platform but no status_url", s.key));
        assert!(
            url.starts_with("https://") || url.starts_with("http://"),
            "{}: {url}",
            s.key
        );
        assert!(s.platform_name.is_none(), "{}", s.key);
    }
}

#[test]
fn hosts_are_normalized_and_resolve_to_catalog_services() {
    let known = [
        "AWS",
        "Azure",
        "GCP",
        "Cloudflare",
        "Oracle Cloud",
        "Own data centers",
    ];
    for s in Catalog::builtin().services() {
        for host in &s.hosts {
            assert!(known.contains(&host.as_str()), "{}: host `{host}`", s.key);
        }
    }
    for (host, key) in [
        ("AWS", "aws"),
        ("Azure", "azure"),
        ("GCP", "gcloud"),
        ("Cloudflare", "cloudflare"),
    ] {
        assert_eq!(
            Catalog::builtin().lookup(host).map(|s| s.key.as_str()),
            Some(key)
        );
    }
}

#[test]
fn atlassian_products_share_vendor_host_and_objectives() {
    for key in [
        "jira",
        "confluence",
        "opsgenie",
        "statuspage",
        "bitbucket",
        "trello",
    ] {
        let s = get(key);
        assert_eq!(s.vendor, "Atlassian", "{key}");
        assert_eq!(s.hosts, ["AWS"], "{key}");
        assert_eq!((s.rto_hours, s.rpo_hours), (Some(6.0), Some(1.0)), "{key}");
        assert_eq!(s.platform, Some(Platform::Statuspage), "{key}");
    }
    let align = get("jira-align");
    assert_eq!(
        (align.rto_hours, align.rpo_hours),
        (Some(4.0), Some(0.1667))
    );
    assert_eq!(
        get("opsgenie").end_of_support.as_deref(),
        Some("2027-04-05")
    );
}

#[test]
fn well_known_status_sources() {
    let github = get("github");
    assert_eq!(
        github.status_url.as_deref(),
        Some("https://www.githubstatus.com")
    );
    assert_eq!(github.platform, Some(Platform::Statuspage));
    assert_eq!(get("openai").platform, Some(Platform::Incidentio));
    let slack = get("slack");
    assert_eq!(
        (slack.platform, slack.status_url.as_deref()),
        (Some(Platform::Slack), Some("https://slack-status.com"))
    );
    let google = get("gcloud");
    assert_eq!(
        (google.platform, google.status_url.as_deref()),
        (
            Some(Platform::Gcloud),
            Some("https://status.cloud.google.com")
        )
    );
    let aws = get("aws");
    assert_eq!(
        (aws.platform, aws.status_url.as_deref()),
        (Some(Platform::Aws), Some("https://health.aws.amazon.com"))
    );
    assert_eq!(get("salesforce").platform, Some(Platform::Salesforce));
    assert_eq!(get("azure").platform, Some(Platform::Azure));
    assert_eq!(get("google-workspace").platform, Some(Platform::Gcloud));
    assert_eq!(get("gitlab").platform, Some(Platform::Statusio));
    // Issue 11's target: at least 75 of the catalog's services readable.
    assert!(Catalog::builtin().readable() >= 75);
}

#[test]
fn lookup_ignores_case_spaces_and_punctuation() {
    let catalog = Catalog::builtin();
    for name in [
        "Jira Software",
        "jira",
        "JIRA-software",
        "  jira_software ",
        "Jira",
    ] {
        assert_eq!(
            catalog.lookup(name).map(|s| s.key.as_str()),
            Some("jira"),
            "{name}"
        );
    }
    assert_eq!(
        catalog.lookup("Bitbucket").map(|s| s.key.as_str()),
        Some("bitbucket")
    );
    assert_eq!(
        catalog.lookup("INCIDENT.IO").map(|s| s.key.as_str()),
        Some("incidentio")
    );
    assert_eq!(
        catalog.lookup("ChatGPT").map(|s| s.key.as_str()),
        Some("openai")
    );
    assert_eq!(
        catalog.lookup("monday.com").map(|s| s.key.as_str()),
        Some("monday")
    );
    assert!(catalog.lookup("no such service").is_none());
    assert!(catalog.lookup(" -- ").is_none());
    assert!(catalog.names().any(|n| n == "Jira Software") && catalog.names().any(|n| n == "jira"));
}

#[test]
fn parse_rejects_invalid_entries() {
    let base = "[[service]]\nkey = \"x\"\nname = \"X\"\nvendor = \"V\"\n";
    assert!(Catalog::parse(base).is_ok());
    for (extra, needle) in [
        ("capabilities = [\"teleportation\"]\n", "vocabulary"),
        ("platform = \"statuspage\"\n", "needs a status_url"),
        ("status_url = \"status.x.com\"\n", "not an http(s) URL"),
        ("hosts = [\"AWS\"]\n", "hosts_basis"),
        ("colour = \"red\"\n", "unknown field"),
        ("platform = \"rss\"\n", "unknown variant"),
    ] {
        let err = Catalog::parse(&format!("{base}{extra}")).expect_err(extra);
        assert!(err.contains(needle), "{extra}: {err}");
    }
    let twice = format!("{base}{base}");
    assert!(
        Catalog::parse(&twice)
            .unwrap_err()
            .contains("duplicate key")
    );
    let clash = format!("{base}[[service]]\nkey = \"y\"\nname = \"x!\"\nvendor = \"V\"\n");
    assert!(Catalog::parse(&clash).unwrap_err().contains("ambiguous"));
}
