//! evidence.csv beside the package: per inventory use, where its numbers come from and the
//! numbers themselves, empty (never 0) where the store does not know them.

use super::demo_inventory;
use super::package::{read_csv, written};

#[test]
fn evidence_has_the_metrics_where_the_store_has_them_and_empty_cells_elsewhere() {
    let w = written();
    let (header, rows) = read_csv(&w.evidence);
    assert_eq!(header.len(), 18);
    assert_eq!(rows.len(), 25, "one row per inventory use");
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let github = rows
        .iter()
        .find(|r| r[col("service")] == "GitHub")
        .expect("GitHub");
    // The same metrics the library computes over the same store.
    let inventory = planb::inventory::load(&demo_inventory()).expect("inventory");
    let manifest = w.store.manifest().expect("manifest");
    let labels = planb::metrics::source_labels(&manifest, Some(&inventory));
    let report = planb::metrics::communication(
        &w.store,
        &labels,
        None,
        planb::metrics::Window::All,
        chrono::Utc::now(),
        planb::metrics::IncidentRows::Skip,
    )
    .expect("metrics");
    let microsoft = report
        .vendors
        .iter()
        .find(|v| v.key == "Microsoft")
        .expect("Microsoft stats");
    let p90_hours: f64 = github[col("ttr_p90_hours")].parse().expect("a number");
    assert!((p90_hours - microsoft.ttr_min.p90.expect("p90") / 60.0).abs() < 0.006);
    let p90_ttfc: f64 = github[col("ttfc_p90_min")].parse().expect("a number");
    assert!((p90_ttfc - microsoft.ttfc_min.p90.expect("p90")).abs() < 0.006);
    assert_eq!(github[col("ttr_n")], microsoft.ttr_min.n.to_string());
    assert_eq!(
        github[col("ctpp")],
        "Microsoft Ireland Operations (operates host Azure)"
    );
    assert_eq!(
        github[col("status_sources")],
        "www.githubstatus.com",
        "where the numbers come from"
    );
    let workspace = rows
        .iter()
        .find(|r| r[col("service")] == "Google Workspace")
        .expect("Workspace");
    assert_eq!(
        workspace[col("status_sources")],
        "status.cloud.google.com",
        "Alphabet's stored page: named, since it is not Workspace's own"
    );

    // Okta: no stored history at all, so every metric is unknown (empty), never 0.
    let okta = rows
        .iter()
        .find(|r| r[col("service")] == "Okta")
        .expect("Okta");
    for metric in [
        "incidents",
        "ttfc_n",
        "ttfc_p90_min",
        "ttr_n",
        "ttr_p90_hours",
        "ttr_p90_exceeds_function_rto",
    ] {
        assert_eq!(
            okta[col(metric)],
            "",
            "no stored history for Okta: {metric} unknown, not 0"
        );
    }
    assert!(
        okta[col("note")].contains("no stored status history"),
        "{}",
        okta[col("note")]
    );

    // Atlassian: the demo's summary captures hold 17 incidents, none with a stated start
    // and none resolved with a post (the April 2022 ones closed unseen): the counts are
    // real zeros, the percentiles unknown, and the note says why.
    let jira = rows
        .iter()
        .find(|r| r[col("service")] == "Jira Software")
        .expect("Jira");
    let cells: Vec<&str> = [
        "incidents",
        "ttfc_n",
        "ttfc_p90_min",
        "ttr_n",
        "ttr_p90_hours",
    ]
    .iter()
    .map(|m| jira[col(m)].as_str())
    .collect();
    assert_eq!(cells, ["17", "0", "", "0", ""]);
    assert_eq!(jira[col("ttr_p90_exceeds_function_rto")], "");
    assert!(
        jira[col("note")].contains("time to resolve unknown")
            && jira[col("note")].contains("time to first communication unknown"),
        "{}",
        jira[col("note")]
    );
    assert_eq!(
        (
            jira[col("published_rto_hours")].as_str(),
            jira[col("function_rto_hours")].as_str()
        ),
        ("6", "4")
    );
    assert_eq!(
        jira[col("published_rto_exceeds_function_rto")],
        "yes",
        "Atlassian publishes 6 h, the function needs 4 h"
    );
    assert_eq!(
        jira[col("ctpp")],
        "Amazon Web Services EMEA (operates host AWS)"
    );
    let okta = rows
        .iter()
        .find(|r| r[col("service")] == "Okta")
        .expect("Okta");
    assert!(
        okta[col("ctpp")].contains("hosting unconfirmed"),
        "{}",
        okta[col("ctpp")]
    );
    assert!(
        !w.out.join("problems.txt").exists(),
        "problems.txt only for a draft"
    );
}
