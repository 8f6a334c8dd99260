//! `planb import` of the round-2 captures through the real binary into a real Parquet
//! store, then `planb report`: what is stored (incidents, updates, stated starts) and
//! the start basis and time to first communication the report derives from it.
//!
//! Expected numbers: counts and times as in the provider tests of this binary (read
//! from the files with Python); the AWS start is the one the update posted
//! 2026-03-01T17:41:11Z states ("At around 4:30 AM PST" = 12:30Z); the Azure starts are
//! the descriptions' "Starting at 16:10 UTC on 07 Sep 2022" and "started on 19 July
//! 2024 at 04:09 UTC". ttfc = first post − stated start, in minutes.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use planb::store::Store;

use super::cli::{self, TempDir, fixture};

/// `planb --data DATA ARGS…`, which must succeed.
fn planb(data: &Path, args: &[&str]) -> Output {
    let out = cli::planb(data, args);
    assert!(out.status.success(), "planb {args:?}: {}", cli::text(&out));
    out
}

/// incidents.csv rows by incident id: (start_basis, impact_start, ttfc_min).
fn report(data: &Path) -> BTreeMap<String, (String, String, String)> {
    let out = data.join("report");
    let out_arg = out.to_str().expect("utf-8");
    planb(
        data,
        &[
            "report", "--window", "all", "--format", "csv", "--out", out_arg,
        ],
    );
    let mut reader = csv::Reader::from_path(out.join("incidents.csv")).expect("incidents.csv");
    let headers = reader.headers().expect("header").clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (id, basis, start, ttfc) = (
        column("incident_id"),
        column("start_basis"),
        column("impact_start"),
        column("ttfc_min"),
    );
    reader
        .records()
        .map(|r| r.expect("row"))
        .map(|r| {
            (
                r[id].to_string(),
                (r[basis].into(), r[start].into(), r[ttfc].into()),
            )
        })
        .collect()
}

fn path(rel: &str) -> String {
    fixture(rel).to_str().expect("utf-8").to_string()
}

#[test]
fn import_aws_salesforce_and_azure_captures() {
    let data = TempDir::new("import");
    let files = [
        path("aws/aws-currentevents-20260702-cyanheads.utf16be.json"),
        path("salesforce"),
        path("azure"),
    ];
    let args: Vec<&str> = ["import"]
        .into_iter()
        .chain(files.iter().map(String::as_str))
        .collect();
    planb(&data, &args);
    let store = Store::at(&data);

    let aws = store
        .load_source("health.aws.amazon.com")
        .expect("aws stored");
    assert_eq!(aws.incidents.len(), 2);
    let updates: Vec<usize> = aws.incidents.iter().map(|i| i.updates.len()).collect();
    assert_eq!(updates.iter().sum::<usize>(), 23 + 13);

    let salesforce = store
        .load_source("status.salesforce.com")
        .expect("salesforce stored");
    assert_eq!(
        (salesforce.incidents.len(), salesforce.maintenances.len()),
        (3, 9)
    );
    let total: usize = salesforce.incidents.iter().map(|i| i.updates.len()).sum();
    assert_eq!(
        total,
        3 + 2 + 3,
        "impact statements, impact ends and events"
    );

    // Two captures of one feed, two incidents (different guids); the quiet feed adds none.
    let azure = store
        .load_source("azure.status.microsoft")
        .expect("azure stored");
    assert_eq!(azure.incidents.len(), 2);

    let rows = report(&data);
    let row = |id: &str| {
        rows.get(id)
            .unwrap_or_else(|| panic!("{id} not in incidents.csv"))
    };
    let stated =
        |start: &str, ttfc: &str| ("stated".to_string(), start.to_string(), ttfc.to_string());
    assert_eq!(*row("10012"), stated("2022-10-04T12:31:00.000Z", "30.707"));
    assert_eq!(*row("10013"), stated("2022-10-04T12:31:00.000Z", "42.739"));
    assert_eq!(*row("10294"), stated("2022-11-03T19:47:00.000Z", "112.573"));
    let central = aws
        .incidents
        .iter()
        .find(|i| i.id.contains("me-central-1"))
        .expect("UAE");
    let south = aws
        .incidents
        .iter()
        .find(|i| i.id.contains("me-south-1"))
        .expect("Bahrain");
    assert_eq!(
        *row(&central.id),
        stated("2026-03-01T12:30:00.000Z", "21.417")
    );
    assert_eq!(
        *row(&south.id),
        ("none".into(), String::new(), String::new())
    );
    // Azure: the start from the text; the first post is bounded by the capture's build
    // date, so these are upper bounds (3 h and 62 h after the stated start).
    assert_eq!(
        *row("azure-front-door-connectivity-issues@2022-09-07T16:10:40Z"),
        stated("2022-09-07T16:10:00.000Z", "186.283")
    );
    assert_eq!(
        *row("crowdstrike-falcon-agent-guidance@2024-07-20T12:59:45Z"),
        stated("2024-07-19T04:09:00.000Z", "3722")
    );
}
