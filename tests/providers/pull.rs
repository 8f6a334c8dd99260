//! `planb pull --inventory` of AWS, Salesforce and Azure from a real HTTP server on
//! 127.0.0.1 serving the captures byte for byte (AWS as UTF-16BE), through the same
//! fetch policy as every other platform: conditional GETs on the second pull.

use std::path::PathBuf;
use std::process::{Command, Output};

use planb::model::source_id_for;
use planb::store::Store;

use super::loopback::{self, Loopback};

const PLANB: &str = env!("CARGO_BIN_EXE_planb");

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

struct Paths {
    data: PathBuf,
    inventory: PathBuf,
}

impl Drop for Paths {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data);
        let _ = std::fs::remove_file(&self.inventory);
    }
}

fn pull(paths: &Paths) -> Output {
    Command::new(PLANB)
        .arg("--data")
        .arg(&paths.data)
        .arg("pull")
        .arg("--inventory")
        .arg(&paths.inventory)
        .env("NO_COLOR", "1")
        .output()
        .expect("run planb pull")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn pull_aws_salesforce_and_azure_from_loopback() {
    let fx = fixtures();
    let routes = loopback::round2::aws(&fx, "/aws")
        .merge(loopback::round2::salesforce(&fx, "/salesforce"))
        .merge(loopback::round2::azure(&fx, "/azure"));
    let server = Loopback::start(routes);
    let base = server.base_url();
    let unique = format!("{}-{}", std::process::id(), fastrand::u64(..));
    let paths = Paths {
        data: std::env::temp_dir().join(format!("planb-pull-round2-{unique}")),
        inventory: std::env::temp_dir().join(format!("planb-pull-round2-{unique}.csv")),
    };
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
