//! `planb pull --inventory` of AWS, Salesforce and Azure from a real HTTP server on
//! 127.0.0.1 serving the captures byte for byte (AWS as UTF-16BE), through the same
//! fetch policy as every other platform: conditional GETs on the second pull.

use std::path::PathBuf;
use std::process::Output;

use planb::model::source_id_for;
use planb::store::Store;

use super::cli::{FIXTURES, TempDir, command, text};
use super::loopback::{self, Loopback};

fn fixtures() -> PathBuf {
    PathBuf::from(FIXTURES)
}

/// A store and an inventory in one temporary directory (removed on drop).
struct Paths {
    _dir: TempDir,
    data: PathBuf,
    inventory: PathBuf,
}

impl Paths {
    fn new(tag: &str) -> Self {
        let dir = TempDir::new(tag);
        Paths {
            data: dir.join("store"),
            inventory: dir.join("inventory.csv"),
            _dir: dir,
        }
    }
}

fn pull(paths: &Paths) -> Output {
    command()
        .arg("--data")
        .arg(&paths.data)
        .arg("pull")
        .arg("--inventory")
        .arg(&paths.inventory)
        .output()
        .expect("run planb pull")
}

#[test]
fn pull_aws_salesforce_and_azure_from_loopback() {
    let fx = fixtures();
    let routes = loopback::round2::aws(&fx, "/aws")
        .merge(loopback::round2::salesforce(&fx, "/salesforce"))
        .merge(loopback::round2::azure(&fx, "/azure"));
    let server = Loopback::start(routes);
    let base = server.base_url();
    let paths = Paths::new("pull-round2");
    // Service names outside the catalog, so every field is the row's own.
    let csv = format!(
        "service,status_url,platform\n\
         Cloud one,{base}/aws,aws\n\
         CRM one,{base}/salesforce,salesforce\n\
         Cloud two,{base}/azure,azure\n"
    );
    std::fs::write(&paths.inventory, csv).expect("write inventory");

    let first = pull(&paths);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert!(
        text(&first).contains("3 source(s): 3 stored, 0 not modified, 0 failed"),
        "{}",
        text(&first)
    );
    assert_eq!(server.requests("/aws/public/currentevents"), 1);
    assert_eq!(server.requests("/salesforce/v1/incidents"), 1);
    assert_eq!(server.requests("/salesforce/v1/maintenances"), 1);
    assert_eq!(server.requests("/azure/en-us/status/feed/"), 1);

    let store = Store::at(&paths.data);
    let load = |prefix: &str| {
        store
            .load_source(&source_id_for(&format!("{base}{prefix}")))
            .unwrap_or_else(|e| panic!("{prefix}: {e}"))
    };
    let aws = load("/aws");
    assert_eq!(aws.incidents.len(), 2, "both open AWS events");
    assert_eq!(
        aws.incidents.iter().map(|i| i.updates.len()).sum::<usize>(),
        23 + 13
    );
    let salesforce = load("/salesforce");
    assert_eq!(
        (salesforce.incidents.len(), salesforce.maintenances.len()),
        (3, 9)
    );
    let azure = load("/azure");
    assert_eq!(azure.incidents.len(), 1);
    assert_eq!(
        azure.incidents[0]
            .stated_start
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2022-09-07T16:10:00+00:00"),
        "the start read from the description"
    );

    // Second pull: every endpoint answers 304 to the conditional GET.
    let second = pull(&paths);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    assert!(
        text(&second).contains("3 not modified"),
        "{}",
        text(&second)
    );
    assert_eq!(server.requests("/aws/public/currentevents"), 2);
}
