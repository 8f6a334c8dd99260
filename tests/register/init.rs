//! `planb register init`: the skeleton has one provider per vendor and host, one
//! contract per vendor, one function per capability; re-running it keeps every byte
//! the user wrote and appends only what the inventory gained.

use super::{TempDir, demo_inventory, planb, text};

fn init(inventory: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    planb(
        &[
            "register",
            "init",
            "--inventory",
            inventory.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    )
}

fn names(table: &toml::Table, kind: &str, key: &str) -> Vec<String> {
    table[kind]
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t[key].as_str().expect("string").to_string())
        .collect()
}

#[test]
fn the_skeleton_lists_what_the_inventory_needs_and_leaves_identifiers_empty() {
    let out_dir = TempDir::new("init");
    let out = out_dir.join("register.toml");
    let output = init(&demo_inventory(), &out);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let written = std::fs::read_to_string(&out).expect("written");
    let table: toml::Table = toml::from_str(&written).expect("valid TOML");
    let inventory = planb::inventory::load(&demo_inventory()).expect("inventory");
    let mut vendors: Vec<String> = inventory.rows.iter().map(|r| r.vendor.clone()).collect();
    vendors.dedup();
    let providers = names(&table, "provider", "name");
    for vendor in &vendors {
        assert!(providers.contains(vendor), "{vendor} has a [[provider]]");
    }
    for host in ["AWS", "Azure", "GCP", "Oracle Cloud"] {
        assert!(
            providers.contains(&host.to_string()),
            "host {host} has a [[provider]]"
        );
    }
    assert!(
        !providers.iter().any(|p| p.starts_with("Own data centers")),
        "a vendor's own data centers are not a third party"
    );
    assert_eq!(providers.len(), 25);
    let mut contract_providers = names(&table, "contract", "provider");
    contract_providers.sort();
    let mut sorted_vendors = vendors.clone();
    sorted_vendors.sort();
    sorted_vendors.dedup();
    assert_eq!(
        contract_providers, sorted_vendors,
        "one contract per vendor"
    );
    let ids = names(&table, "function", "id");
    let expected: Vec<String> = (1..=25).map(|i| format!("F{i}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(names(&table, "function", "capability")[0], "ticketing");
    // planb never invents an identifier: every code, reference and LEI is empty.
    assert_eq!(table["entity"]["lei"].as_str(), Some(""));
    assert!(
        names(&table, "provider", "code")
            .iter()
            .all(String::is_empty)
    );
    assert!(
        names(&table, "contract", "ref")
            .iter()
            .all(String::is_empty)
    );
}

#[test]
fn running_init_again_keeps_what_was_filled_in_and_adds_what_is_new() {
    let dir = TempDir::new("reinit");
    let out = dir.join("register.toml");
    assert_eq!(init(&demo_inventory(), &out).status.code(), Some(0));
    let filled = std::fs::read_to_string(&out)
        .expect("skeleton")
        .replacen(
            "lei = \"\"",
            "lei = \"PLNB00FICTBANK000029\"  # fictional",
            1,
        )
        .replacen("code = \"\"", "code = \"PLNB00FICTATLASSIA77\"", 1);
    std::fs::write(&out, &filled).expect("fill in");

    let inventory = dir.join("inventory.csv");
    let mut rows = std::fs::read_to_string(demo_inventory()).expect("demo");
    rows.push_str("Notion,project management,medium,none,,PMO,Roadmaps\n");
    std::fs::write(&inventory, rows).expect("inventory");
    let output = init(&inventory, &out);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("1 provider(s), 1 contract(s), 1 function(s) added"),
        "{}",
        text(&output.stdout)
    );
    let extended = std::fs::read_to_string(&out).expect("extended");
    assert!(
        extended.starts_with(&filled),
        "every byte the user wrote is kept"
    );
    let table: toml::Table = toml::from_str(&extended).expect("valid TOML");
    assert!(names(&table, "provider", "name").contains(&"Notion Labs".to_string()));
    assert_eq!(
        names(&table, "function", "id").last().map(String::as_str),
        Some("F26")
    );
    assert_eq!(
        names(&table, "function", "capability")
            .last()
            .map(String::as_str),
        Some("project management")
    );

    let again = init(&inventory, &out);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        text(&again.stdout).contains("already has every provider"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(std::fs::read_to_string(&out).expect("unchanged"), extended);
}

#[test]
fn init_refuses_a_sources_only_inventory_and_an_unreadable_register() {
    let dir = TempDir::new("initbad");
    let sources = dir.join("sources.csv");
    std::fs::write(&sources, "service\nGitHub\n").expect("write");
    let out = dir.join("register.toml");
    let output = init(&sources, &out);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("sources only"),
        "{}",
        text(&output.stderr)
    );
    assert!(!out.exists());

    std::fs::write(&out, "[entity]\nlei = \"unterminated\n").expect("write");
    let output = init(&demo_inventory(), &out);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains(&format!("{}:2:", out.display())),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&out).expect("kept"),
        "[entity]\nlei = \"unterminated\n",
        "left as it was"
    );
}
