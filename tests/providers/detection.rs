//! Platform detection from a URL alone (issue 11): an inventory row with only
//! `service,status_url` is pulled after planb asks the page which platform it runs on; a
//! miss names every URL tried. Real captures served from 127.0.0.1.

use std::path::PathBuf;
use std::process::Output;

use planb::model::{Platform, source_id_for};
use planb::store::Store;

use super::cli::{FIXTURES, TempDir, command, text};
use super::loopback::{self, Behaviour, Loopback, Route};

fn fixtures() -> PathBuf {
    PathBuf::from(FIXTURES)
}

fn run(args: &[&str]) -> Output {
    command().args(args).output().expect("run planb")
}

#[test]
fn platforms_are_found_by_asking_the_pages() {
    let fx = fixtures();
    let routes = loopback::statuspage_cloudflare(&fx, "/cf")
        .merge(loopback::round2::aws(&fx, "/aws"))
        .merge(loopback::round2::azure(&fx, "/azure"))
        .merge(loopback::gcloud(&fx, "/gcp"))
        .route(
            "/nothing",
            Route::new(b"<!doctype html><p>hi".to_vec(), "text/html"),
        )
        .route(
            "/nothing/api/v2/summary.json",
            Route::behaving(Behaviour::Status(404)),
        );
    let server = Loopback::start(routes);
    let base = server.base_url();
    let dir = TempDir::new("detect");
    let data = dir.join("store");
    let inventory = dir.join("inventory.csv");
    // No platform column; names outside the catalog; the Azure row gives its feed URL.
    let csv = format!(
        "service,status_url\n\
         Edge one,{base}/cf\n\
         Cloud one,{base}/aws/\n\
         Cloud two,{base}/azure/en-us/status/feed/\n\
         Cloud three,{base}/gcp/incidents.json\n\
         Nothing,{base}/nothing\n"
    );
    std::fs::write(&inventory, csv).expect("inventory");
    let inv = inventory.display().to_string();

    let check = run(&["inventory", "check", &inv]);
    let out = text(&check);
    assert_eq!(check.status.code(), Some(0), "{out}");
    assert!(out.contains("5 status URL(s) without a platform"), "{out}");
    for found in [
        format!("Edge one (line 2): statuspage, found at {base}/cf/api/v2/summary.json"),
        format!("Cloud one (line 3): aws, found at {base}/aws/public/currentevents"),
        format!("Cloud two (line 4): azure, found at {base}/azure/en-us/status/feed/"),
        format!("Cloud three (line 5): gcloud, found at {base}/gcp/incidents.json"),
    ] {
        assert!(out.contains(&found), "missing {found:?} in:\n{out}");
    }
    let miss = out
        .lines()
        .find(|l| l.contains("Nothing (line 6)"))
        .expect("the miss");
    assert!(miss.contains("no status platform planb reads"), "{miss}");
    assert!(
        miss.contains(&format!("{base}/nothing (an HTML page, not a feed)")),
        "{miss}"
    );
    assert!(
        miss.contains(&format!("{base}/nothing/api/v2/summary.json (HTTP 404")),
        "{miss}"
    );
    assert!(miss.contains("add a `platform` column"), "{miss}");
    assert!(!data.exists(), "a check writes nothing");

    let pull = run(&[
        "--data",
        &data.display().to_string(),
        "pull",
        "--inventory",
        &inv,
    ]);
    let out = text(&pull);
    assert_eq!(pull.status.code(), Some(1), "one source failed:\n{out}");
    assert!(
        out.contains("5 source(s): 4 stored, 0 not modified, 1 failed"),
        "{out}"
    );
    let manifest = Store::at(&data).manifest().expect("manifest");
    let platform = |url: &str| manifest.sources[&source_id_for(url)].platform;
    assert_eq!(platform(&format!("{base}/cf")), Platform::Statuspage);
    assert_eq!(platform(&format!("{base}/aws")), Platform::Aws);
    assert_eq!(
        platform(&format!("{base}/gcp/incidents.json")),
        Platform::Gcloud
    );
    let gcp = &manifest.sources[&source_id_for(&format!("{base}/gcp/incidents.json"))];
    assert_eq!(
        gcp.base_url.as_deref(),
        Some(format!("{base}/gcp").as_str())
    );

    // The next pull remembers what was found: the pages are not asked again.
    let asked = server.requests("/cf");
    let again = run(&[
        "--data",
        &data.display().to_string(),
        "pull",
        "--inventory",
        &inv,
    ]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert_eq!(server.requests("/cf"), asked);
    assert!(text(&again).contains("Edge one (line 2): statuspage, as found on an earlier pull"));
}
