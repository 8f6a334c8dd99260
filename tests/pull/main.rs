//! `planb pull` end to end: the real binary against a real HTTP server on 127.0.0.1
//! serving the captured payloads at their real paths, healthy and misbehaving.

#[path = "../support/loopback.rs"]
mod loopback;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::SystemTime;

use loopback::Loopback;
use planb::store::{SourceTables, Store};

#[path = "../support/cli.rs"]
mod cli;
use cli::{FIXTURES, TempDir, command, text};

fn fixtures() -> &'static Path {
    Path::new(FIXTURES)
}

/// A loopback server, and a store and inventory in a temporary directory (removed on drop).
struct Setup {
    server: Loopback,
    _dir: TempDir,
    data: PathBuf,
    inventory: PathBuf,
}

impl Setup {
    /// GitHub, Cloudflare (Statuspage), OpenAI (incident.io) and Google Cloud on one server.
    fn new(tag: &str) -> Self {
        let fx = fixtures();
        let routes = loopback::statuspage_github(fx, "/github")
            .merge(loopback::statuspage_cloudflare(fx, "/cloudflare"))
            .merge(loopback::incidentio_openai(fx, "/openai"))
            .merge(loopback::gcloud(fx, "/gcloud"));
        let server = Loopback::start(routes);
        let base = server.base_url();
        let dir = TempDir::new(tag);
        let data = dir.join("store");
        let inventory = dir.join("inventory.csv");
        let csv = format!(
            "service,status_url,platform\nGitHub,{base}/github,statuspage\nCloudflare,{base}/cloudflare,statuspage\nOpenAI,{base}/openai,incidentio\nGoogle Cloud,{base}/gcloud,gcloud\n"
        );
        std::fs::write(&inventory, csv).expect("write inventory");
        Self {
            server,
            _dir: dir,
            data,
            inventory,
        }
    }

    fn source_id(&self, prefix: &str) -> String {
        planb::model::source_id_for(&format!("{}{prefix}", self.server.base_url()))
    }

    /// `planb --data … pull --inventory … EXTRA`, not yet run.
    fn pull_command(&self, extra: &[&str]) -> std::process::Command {
        let mut pull = command();
        pull.arg("--data")
            .arg(&self.data)
            .arg("pull")
            .arg("--inventory")
            .arg(&self.inventory)
            .args(extra);
        pull
    }

    fn pull(&self, extra: &[&str]) -> Output {
        self.pull_command(extra).output().expect("run planb pull")
    }

    /// `pull` with every plain and TLS request sent through the loopback server as an
    /// HTTP proxy: a request planb should refuse, if it were made anyway, lands on
    /// 127.0.0.1 (and in `server.requests`) instead of leaving the machine.
    fn pull_through_proxy(&self, extra: &[&str]) -> Output {
        let proxy = self.server.base_url();
        self.pull_command(extra)
            .env("http_proxy", &proxy)
            .env("HTTP_PROXY", &proxy)
            .env("https_proxy", &proxy)
            .env("HTTPS_PROXY", &proxy)
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .output()
            .expect("run planb pull")
    }

    fn tables(&self, prefix: &str) -> SourceTables {
        Store::at(&self.data)
            .load_source(&self.source_id(prefix))
            .expect("source readable")
    }

    /// Modification times of every stored data file, to prove nothing was rewritten.
    fn data_file_times(&self) -> Vec<(PathBuf, SystemTime)> {
        let mut out = Vec::new();
        for dir in ["sources", "raw"] {
            walk(&self.data.join(dir), &mut out);
        }
        out.sort();
        out
    }
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, SystemTime)>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            let modified = entry.metadata().and_then(|m| m.modified()).expect("mtime");
            out.push((path, modified));
        }
    }
}

#[test]
fn pull_stores_then_304_rewrites_nothing_then_old_incidents_stay() {
    let setup = Setup::new("basic");
    let first = setup.pull(&[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert!(
        text(&first).contains("4 source(s): 4 stored, 0 not modified, 0 failed"),
        "{}",
        text(&first)
    );
    // 50 listed plus the summary's open incident (2026, newer than the by-id captures).
    assert_eq!(setup.tables("/github").incidents.len(), 51);
    let cloudflare = setup.tables("/cloudflare");
    assert_eq!(
        (cloudflare.incidents.len(), cloudflare.maintenances.len()),
        (1, 53)
    );
    assert!(cloudflare.components.len() > 400, "page components stored");
    assert_eq!(setup.tables("/openai").incidents.len(), 2);
    assert_eq!(
        setup.tables("/gcloud").incidents.len() + setup.tables("/gcloud").maintenances.len(),
        159
    );

    // Second pull: every endpoint answers 304, so no data file is touched.
    let before = setup.data_file_times();
    let sent_before = setup.server.bytes_sent();
    let second = setup.pull(&[]);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    assert!(
        text(&second).contains("4 not modified"),
        "{}",
        text(&second)
    );
    assert_eq!(setup.data_file_times(), before, "a 304 pull rewrote files");
    let second_bytes = setup.server.bytes_sent() - sent_before;
    assert!(
        second_bytes < sent_before / 20,
        "conditional pull moved {second_bytes} of {sent_before} bytes"
    );

    // The feed moves on: the 10 newest drop in, the oldest 10 drop out of the 50-item window.
    let newer = loopback::github_incidents_route(fixtures(), 0, 40);
    setup
        .server
        .set_route("/github/api/v2/incidents.json", newer);
    let ids = loopback::github_incident_ids(fixtures());
    let third = setup.pull(&["--only", "GitHub"]);
    assert_eq!(third.status.code(), Some(0), "{}", text(&third));
    let github = setup.tables("/github");
    assert_eq!(github.incidents.len(), 51, "nothing listed before is lost");
    assert!(
        ids[..50]
            .iter()
            .all(|id| github.incidents.iter().any(|i| &i.id == id))
    );
}

#[test]
fn window_shift_adds_new_incidents_and_keeps_unlisted_ones() {
    let setup = Setup::new("window");
    setup.server.set_route(
        "/github/api/v2/incidents.json",
        loopback::github_incidents_route(fixtures(), 10, 50),
    );
    assert_eq!(setup.pull(&["--only", "github"]).status.code(), Some(0));
    setup.server.set_route(
        "/github/api/v2/incidents.json",
        loopback::github_incidents_route(fixtures(), 0, 50),
    );
    let out = setup.pull(&["--only", "github"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let row = stdout
        .lines()
        .find(|l| l.contains("_github"))
        .expect("github row");
    let numbers: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        &numbers[1..4],
        ["10", "0", "40"],
        "new / updated / unchanged (summary.json answered 304): {row}"
    );
    assert_eq!(setup.tables("/github").incidents.len(), 61);
}

#[test]
fn backfill_walks_history_and_then_stops_at_the_first_page_with_nothing_new() {
    let setup = Setup::new("backfill");
    let out = setup.pull(&["--only", "GitHub", "--backfill"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let github = setup.tables("/github");
    assert_eq!(
        github.incidents.len(),
        1283,
        "1,282 by id plus the summary's open incident: {}",
        text(&out)
    );
    // 2,801 updates by id plus the open incident's 35 from summary.json.
    assert_eq!(
        github
            .incidents
            .iter()
            .map(|i| i.updates.len())
            .sum::<usize>(),
        2801 + 35
    );
    let by_id = |server: &Loopback| {
        loopback::github_incident_ids(fixtures())
            .iter()
            .map(|id| server.requests(&format!("/github/api/v2/incidents/{id}.json")))
            .sum::<usize>()
    };
    assert_eq!(
        by_id(&setup.server),
        1282 - 50,
        "the 50 listed incidents are not fetched again by id"
    );

    let again = setup.pull(&["--only", "GitHub", "--backfill"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    assert_eq!(
        by_id(&setup.server),
        1282 - 50,
        "a second backfill fetches nothing by id"
    );
    assert_eq!(
        setup.server.requests("/github/history?page=2"),
        1,
        "it stops after page 1"
    );
}

#[test]
fn bad_inventory_exits_2_and_writes_nothing() {
    let setup = Setup::new("badinv");
    std::fs::write(&setup.inventory, "service,status_url,platform\nGitHub,https://www.githubstatus.com,statuspgae\nSlack,slack-status.com,slack\n").expect("write");
    let out = setup.pull(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let all = text(&out);
    let name = setup.inventory.display().to_string();
    assert!(
        all.contains(&format!("{name}:2:3: error: field `platform`"))
            && all.contains("did you mean `statuspage`?"),
        "{all}"
    );
    assert!(
        all.contains(&format!("{name}:3:2: error: field `status_url`")),
        "{all}"
    );
    assert!(
        !setup.data.join("sources").exists() && !setup.data.join("manifest.json").exists(),
        "something was written"
    );
    assert_eq!(setup.server.total_requests(), 0);
}

mod faults;
mod ingest;
mod odd_records;
mod ssrf;
