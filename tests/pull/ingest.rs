//! What ingest does with a pull: an imported page URL is never pulled, an incident gone
//! from a summary closes with a bound, and a raw copy that cannot be saved is reported
//! while the data is kept.

use super::*;

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
    let import = command()
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

    let pull = command()
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
    let jira = Jira::serving(OPEN, "gone");
    let (server, base, data) = (&jira.server, jira.server.base_url(), &jira.data);
    let pull = || jira.pull();
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
    let stored = Store::at(data).load_source(&source).expect("tables");
    let seen = incident(&stored);
    assert_eq!(seen.status.as_str(), "monitoring");
    assert_eq!(seen.closed_unseen, None);
    let last_seen = seen.observed_at.expect("observed");
    assert!(last_seen >= before);

    for (target, route) in loopback::statuspage_summary(fixtures(), "/jira", GONE).iter() {
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
    let closed = incident(&Store::at(data).load_source(&source).expect("tables"));
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
    let again = incident(&Store::at(data).load_source(&source).expect("tables"));
    assert_eq!(again.closed_unseen, Some(bound));
}

/// When the raw copy cannot be saved, the state on disk and the report agree: the tables
/// and the manifest take the new data, and the summary says the raw copy was not kept
/// (issue 12, defect 6; before, the source was reported FAILED while its tables held the
/// new rows and the manifest the old counts). The raw folder is made a file to fail it.
#[test]
fn a_raw_copy_that_cannot_be_saved_is_reported_and_the_data_kept() {
    let jira = Jira::serving(OPEN, "rawfail");
    let (server, base, data) = (&jira.server, jira.server.base_url(), &jira.data);
    let pull = || jira.pull();
    assert_eq!(pull().status.code(), Some(0));
    let source = planb::model::source_id_for(&format!("{base}/jira"));
    let raw = data.join("raw").join(&source);
    std::fs::remove_dir_all(&raw).expect("raw dir");
    std::fs::write(&raw, b"in the way").expect("raw file");

    for (target, route) in loopback::statuspage_summary(fixtures(), "/jira", GONE).iter() {
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
    let tables = Store::at(data).load_source(&source).expect("tables");
    let outage = (tables.incidents.iter())
        .find(|i| i.id == "gms0m979jxbr")
        .expect("kept");
    assert_eq!(
        outage.status.as_str(),
        "closed_unseen",
        "the new data is stored"
    );
    let manifest = Store::at(data).manifest().expect("manifest");
    let entry = &manifest.sources[&source];
    assert_eq!(entry.incidents, tables.incidents.len());
    assert_eq!(entry.last_error, None);
}

/// The real Jira Software summaries: the April 2022 outage open, then gone.
const OPEN: &str = "statuspage/atlassian/jira-software-summary-20220417T2150Z.json";
const GONE: &str = "statuspage/atlassian/jira-software-summary-20220419T0136Z.json";

/// One Jira Software page on a loopback server, a store and an inventory naming it.
struct Jira {
    server: Loopback,
    _dir: TempDir,
    data: PathBuf,
    inventory: PathBuf,
}

impl Jira {
    fn serving(capture: &str, tag: &str) -> Self {
        let server = Loopback::start(loopback::statuspage_summary(fixtures(), "/jira", capture));
        let dir = TempDir::new(tag);
        let (data, inventory) = (dir.join("store"), dir.join("inventory.csv"));
        let base = server.base_url();
        std::fs::write(
            &inventory,
            format!("service,status_url,platform\nJira,{base}/jira,statuspage\n"),
        )
        .expect("inventory");
        Jira {
            server,
            _dir: dir,
            data,
            inventory,
        }
    }

    fn pull(&self) -> Output {
        command()
            .arg("--data")
            .arg(&self.data)
            .args(["pull", "--inventory"])
            .arg(&self.inventory)
            .output()
            .expect("run planb pull")
    }
}
