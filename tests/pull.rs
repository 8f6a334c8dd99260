//! `planb pull` end to end: the real binary against a real HTTP server on 127.0.0.1
//! serving the captured payloads at their real paths, healthy and misbehaving.

#[path = "support/loopback.rs"]
mod loopback;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime};

use loopback::{Behaviour, Loopback};
use planb::store::{SourceTables, Store};

const PLANB: &str = env!("CARGO_BIN_EXE_planb");

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

struct Setup {
    server: Loopback,
    data: PathBuf,
    inventory: PathBuf,
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data);
        let _ = std::fs::remove_file(&self.inventory);
    }
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
        let unique = format!("{tag}-{}-{}", std::process::id(), fastrand::u64(..));
        let data = std::env::temp_dir().join(format!("planb-pull-{unique}"));
        let inventory = std::env::temp_dir().join(format!("planb-pull-{unique}.csv"));
        let csv = format!(
            "service,status_url,platform\nGitHub,{base}/github,statuspage\nCloudflare,{base}/cloudflare,statuspage\nOpenAI,{base}/openai,incidentio\nGoogle Cloud,{base}/gcloud,gcloud\n"
        );
        std::fs::write(&inventory, csv).expect("write inventory");
        Self {
            server,
            data,
            inventory,
        }
    }

    fn source_id(&self, prefix: &str) -> String {
        planb::model::source_id_for(&format!("{}{prefix}", self.server.base_url()))
    }

    fn pull(&self, extra: &[&str]) -> Output {
        Command::new(PLANB)
            .arg("--data")
            .arg(&self.data)
            .arg("pull")
            .arg("--inventory")
            .arg(&self.inventory)
            .args(extra)
            .env("NO_COLOR", "1")
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

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
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

/// Pull once healthy, break Cloudflare's summary endpoint, pull again: Cloudflare fails
/// with `reason`, the other sources succeed, and Cloudflare's stored data is unchanged.
fn assert_fault(tag: &str, behaviour: Behaviour, args: &[&str], reason: &str) -> Duration {
    let setup = Setup::new(tag);
    assert_eq!(setup.pull(&[]).status.code(), Some(0));
    let before = setup.tables("/cloudflare");
    // A fresh feed for GitHub so "the others succeed" means stored, not only 304.
    setup.server.set_route(
        "/github/api/v2/incidents.json",
        loopback::github_incidents_route(fixtures(), 50, 50),
    );
    setup
        .server
        .set_behaviour("/cloudflare/api/v2/summary.json", behaviour);
    let started = Instant::now();
    let out = setup.pull(args);
    let took = started.elapsed();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "partial failure exits 1: {all}");
    let line = all
        .lines()
        .find(|l| l.contains("_cloudflare"))
        .expect("cloudflare row");
    assert!(
        line.contains("FAILED") && line.contains(reason),
        "reason `{reason}` missing: {line}"
    );
    assert!(all.contains("1 failed"), "{all}");
    let github = all
        .lines()
        .find(|l| l.contains("_github"))
        .expect("github row");
    assert!(
        github.contains("stored") && github.contains(" 50 "),
        "{github}"
    );
    assert_eq!(
        setup.tables("/cloudflare"),
        before,
        "failed source's data changed"
    );
    let manifest = Store::at(&setup.data).manifest().expect("manifest");
    let entry = &manifest.sources[&setup.source_id("/cloudflare")];
    assert!(
        entry
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains(reason)),
        "{entry:?}"
    );
    took
}

#[test]
fn fault_500_then_200_is_retried() {
    let setup = Setup::new("retry500");
    setup.server.set_behaviour(
        "/cloudflare/api/v2/summary.json",
        Behaviour::FailThenOk {
            failures: 1,
            status: 500,
        },
    );
    let out = setup.pull(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        setup.server.requests("/cloudflare/api/v2/summary.json"),
        2,
        "{}",
        text(&out)
    );
    assert_eq!(setup.tables("/cloudflare").incidents.len(), 1);
}

#[test]
fn fault_429_waits_for_retry_after() {
    let setup = Setup::new("retry429");
    setup.server.set_behaviour(
        "/cloudflare/api/v2/summary.json",
        Behaviour::RetryAfter {
            failures: 1,
            seconds: 2,
        },
    );
    let started = Instant::now();
    let out = setup.pull(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "did not wait for Retry-After"
    );
    assert_eq!(setup.server.requests("/cloudflare/api/v2/summary.json"), 2);
}

#[test]
fn fault_persistent_503_fails_after_retries() {
    assert_fault(
        "503",
        Behaviour::Status(503),
        &["--retries", "2"],
        "HTTP 503",
    );
}

#[test]
fn fault_hung_response_times_out() {
    let took = assert_fault(
        "hang",
        Behaviour::Hang,
        &["--timeout", "2", "--retries", "0"],
        "timed out",
    );
    assert!(
        took < Duration::from_secs(20),
        "the hang held the pull for {took:?}"
    );
}

#[test]
fn fault_truncated_json() {
    assert_fault(
        "truncated",
        Behaviour::Truncated,
        &["--retries", "1"],
        "connection dropped",
    );
}

#[test]
fn fault_html_instead_of_json() {
    assert_fault("html", Behaviour::Html, &[], "received HTML");
}

#[test]
fn fault_body_over_the_cap() {
    assert_fault(
        "huge",
        Behaviour::Huge {
            bytes: 3 * 1024 * 1024,
        },
        &["--max-body-mb", "2"],
        "larger than the 2 MB cap",
    );
}

#[test]
fn fault_redirect_loop() {
    let setup_check = assert_fault(
        "redirect",
        Behaviour::RedirectTo("/cloudflare/api/v2/summary.json".into()),
        &[],
        "redirects",
    );
    let _ = setup_check;
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

/// An imported file's page URL is never pulled: only an inventory names what is fetched
/// (issue 12, defect 5). Before, import stored it as the URL to pull and a plain
/// `planb pull` fetched it.
#[test]
fn an_imported_page_url_is_never_pulled() {
    let setup = Setup::new("import-url");
    let payload = setup.data.with_extension("payload.json");
    let page_url = format!("{}/github", setup.server.base_url());
    std::fs::write(
        &payload,
        format!(r#"{{"page":{{"id":"x","url":"{page_url}"}},"incidents":[{{"id":"i1","created_at":"2026-11-20T10:00:00Z","incident_updates":[]}}]}}"#),
    )
    .expect("write payload");
    let import = Command::new(PLANB)
        .arg("--data")
        .arg(&setup.data)
        .arg("import")
        .arg(&payload)
        .output()
        .expect("run planb import");
    let _ = std::fs::remove_file(&payload);
    assert_eq!(import.status.code(), Some(0), "{}", text(&import));

    let manifest = Store::at(&setup.data).manifest().expect("manifest");
    let entry = &manifest.sources[&setup.source_id("/github")];
    assert_eq!(entry.base_url, None);
    assert_eq!(entry.seen_url.as_deref(), Some(page_url.as_str()));

    let pull = Command::new(PLANB)
        .arg("--data")
        .arg(&setup.data)
        .arg("pull")
        .output()
        .expect("run planb pull");
    assert_eq!(pull.status.code(), Some(2), "{}", text(&pull));
    assert!(text(&pull).contains("nothing to pull"), "{}", text(&pull));
    assert_eq!(setup.server.total_requests(), 0);
}

/// An incident that a later pull of a feed listing every open incident no longer shows is
/// closed with an inferred bound (last seen, first absent), never an invented time
/// (issue 11). Served: the real Jira Software summary of 2022-04-17 (the April 2022 outage
/// open), then the real one of 2022-04-19 (gone).
#[test]
fn an_incident_gone_from_the_summary_closes_with_a_bound() {
    let fx = fixtures();
    let open = "statuspage/atlassian/jira-software-summary-20220417T2150Z.json";
    let gone = "statuspage/atlassian/jira-software-summary-20220419T0136Z.json";
    let server = Loopback::start(loopback::statuspage_summary(fx, "/jira", open));
    let base = server.base_url();
    let unique = format!("gone-{}-{}", std::process::id(), fastrand::u64(..));
    let data = std::env::temp_dir().join(format!("planb-pull-{unique}"));
    let inventory = std::env::temp_dir().join(format!("planb-pull-{unique}.csv"));
    std::fs::write(
        &inventory,
        format!("service,status_url,platform\nJira,{base}/jira,statuspage\n"),
    )
    .expect("inventory");
    let pull = || {
        Command::new(PLANB)
            .arg("--data")
            .arg(&data)
            .args(["pull", "--inventory"])
            .arg(&inventory)
            .env("NO_COLOR", "1")
            .output()
            .expect("run planb pull")
    };
    let source = planb::model::source_id_for(&format!("{base}/jira"));
    let incident = |tables: &SourceTables| {
        tables
            .incidents
            .iter()
            .find(|i| i.id == "gms0m979jxbr")
            .cloned()
            .expect("the April 2022 incident")
    };

    let before = chrono::Utc::now();
    let first = pull();
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let stored = Store::at(&data).load_source(&source).expect("tables");
    let seen = incident(&stored);
    assert_eq!(seen.status.as_str(), "monitoring");
    assert_eq!(seen.closed_unseen, None);
    let last_seen = seen.observed_at.expect("observed");
    assert!(last_seen >= before);

    for (target, route) in loopback::statuspage_summary(fx, "/jira", gone).iter() {
        server.set_route(target, route.clone());
    }
    let second = pull();
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    assert!(
        text(&second).contains("1 incident(s) gone from the feed"),
        "{}",
        text(&second)
    );
    let after = chrono::Utc::now();
    let closed = incident(&Store::at(&data).load_source(&source).expect("tables"));
    assert_eq!(closed.status.as_str(), "closed_unseen");
    assert_eq!(closed.resolved_at, None, "no invented resolution time");
    let bound = closed.closed_unseen.expect("a bound");
    assert_eq!(bound.last_seen, last_seen);
    assert!(bound.first_absent > last_seen && bound.first_absent <= after);
    // Updates are kept: nothing stored is removed.
    assert_eq!(closed.updates.len(), seen.updates.len());

    // A third pull of the same feed changes nothing.
    let third = pull();
    assert_eq!(third.status.code(), Some(0), "{}", text(&third));
    let again = incident(&Store::at(&data).load_source(&source).expect("tables"));
    assert_eq!(again.closed_unseen, Some(bound));
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_file(&inventory);
}

/// When the raw copy cannot be saved, the state on disk and the report agree: the tables
/// and the manifest take the new data, and the summary says the raw copy was not kept
/// (issue 12, defect 6; before, the source was reported FAILED while its tables held the
/// new rows and the manifest the old counts). The raw folder is made a file to fail it.
#[test]
fn a_raw_copy_that_cannot_be_saved_is_reported_and_the_data_kept() {
    let fx = fixtures();
    let open = "statuspage/atlassian/jira-software-summary-20220417T2150Z.json";
    let gone = "statuspage/atlassian/jira-software-summary-20220419T0136Z.json";
    let server = Loopback::start(loopback::statuspage_summary(fx, "/jira", open));
    let base = server.base_url();
    let unique = format!("rawfail-{}-{}", std::process::id(), fastrand::u64(..));
    let data = std::env::temp_dir().join(format!("planb-pull-{unique}"));
    let inventory = std::env::temp_dir().join(format!("planb-pull-{unique}.csv"));
    std::fs::write(
        &inventory,
        format!("service,status_url,platform\nJira,{base}/jira,statuspage\n"),
    )
    .expect("inventory");
    let pull = || {
        Command::new(PLANB)
            .arg("--data")
            .arg(&data)
            .args(["pull", "--inventory"])
            .arg(&inventory)
            .env("NO_COLOR", "1")
            .output()
            .expect("run planb pull")
    };
    assert_eq!(pull().status.code(), Some(0));
    let source = planb::model::source_id_for(&format!("{base}/jira"));
    let raw = data.join("raw").join(&source);
    std::fs::remove_dir_all(&raw).expect("raw dir");
    std::fs::write(&raw, b"in the way").expect("raw file");

    for (target, route) in loopback::statuspage_summary(fx, "/jira", gone).iter() {
        server.set_route(target, route.clone());
    }
    let out = pull();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("stored with problems"), "{all}");
    assert!(
        all.contains("the raw copy of this pull was not kept"),
        "{all}"
    );
    let tables = Store::at(&data).load_source(&source).expect("tables");
    let outage = (tables.incidents.iter())
        .find(|i| i.id == "gms0m979jxbr")
        .expect("kept");
    assert_eq!(
        outage.status.as_str(),
        "closed_unseen",
        "the new data is stored"
    );
    let manifest = Store::at(&data).manifest().expect("manifest");
    let entry = &manifest.sources[&source];
    assert_eq!(entry.incidents, tables.incidents.len());
    assert_eq!(entry.last_error, None);
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_file(&inventory);
}
