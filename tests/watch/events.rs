//! The watch's promise: a new incident is told once, with what it takes down, within two
//! intervals, on stdout, to every webhook, in `/metrics` and in the store; its end is told
//! once; a failing page is told once when it starts failing and once when it recovers; a
//! restart repeats nothing; SIGTERM ends it promptly with exit 0, a dead webhook receiver
//! notwithstanding.

use std::time::{Duration, Instant};

use planb::model::source_id_for;
use planb::store::Store;
use serde_json::Value;

use super::loopback::{self, Behaviour, Loopback};
use super::receiver::Receiver;
use super::{Temp, Watch, fixtures, wait_for};

/// Jira Software with nothing open (April 19, 2022), and with the April 17 incident open
/// ("Multiple sites showing down/under maintenance", monitoring, minor).
const JIRA_QUIET: &str = "statuspage/atlassian/jira-software-summary-20220419T0136Z.json";
const JIRA_OPEN: &str = "statuspage/atlassian/jira-software-summary-20220417T2150Z.json";
const INCIDENT: &str = "gms0m979jxbr";
/// Opsgenie with a major incident open (September 2025).
const OPSGENIE: &str = "statuspage/atlassian/opsgenie-summary-20250911T1517Z.json";
const INTERVAL: Duration = Duration::from_secs(2);

fn serve(server: &Loopback, prefix: &str, capture: &str) {
    for (target, route) in loopback::statuspage_summary(fixtures(), prefix, capture).iter() {
        server.set_route(target, route.clone());
    }
}

fn set_opsgenie(server: &Loopback, behaviour: Behaviour) {
    for endpoint in ["summary", "incidents"] {
        server.set_behaviour(
            &format!("/opsgenie/api/v2/{endpoint}.json"),
            behaviour.clone(),
        );
    }
}

/// Webhook events of `kind` for `source`.
fn of(hook: &Receiver, kind: &str, source: &str) -> Vec<(Instant, Value)> {
    hook.events()
        .into_iter()
        .filter(|(_, e)| e["event"] == kind && e["source"] == source)
        .collect()
}

/// Wait until the server has answered `polls` more requests for `target`.
fn polls(server: &Loopback, target: &str, more: usize) {
    let goal = server.requests(target) + more;
    let waited = wait_for(INTERVAL * (more as u32 + 3), || {
        (server.requests(target) >= goal).then_some(())
    });
    assert!(
        waited.is_some(),
        "{target} was not polled {more} more times"
    );
}

#[test]
fn incidents_and_failures_are_told_once_each_across_a_restart() {
    let server = Loopback::start(loopback::statuspage_summary(
        fixtures(),
        "/jira",
        JIRA_QUIET,
    ));
    serve(&server, "/opsgenie", OPSGENIE);
    set_opsgenie(&server, Behaviour::Status(503));
    let base = server.base_url();
    let (jira, opsgenie) = (
        source_id_for(&format!("{base}/jira")),
        source_id_for(&format!("{base}/opsgenie")),
    );
    let (data, inventory) = (Temp::new("data"), Temp::new("inventory.csv"));
    std::fs::write(
        &inventory.0,
        format!(
            "service,capability,criticality,fallback,status_url,platform\n\
             Jira Software,ticketing,critical,none,{base}/jira,statuspage\n\
             Jira Software,incident management,high,manual,{base}/jira,statuspage\n\
             Opsgenie,on-call alerting,critical,none,{base}/opsgenie,statuspage\n"
        ),
    )
    .expect("inventory");
    let (hook, dead) = (Receiver::start(), Receiver::hanging());
    let (hook_url, dead_url) = (hook.url(), dead.url());
    let args = [
        "--interval",
        "2s",
        "--retries",
        "0",
        "--listen",
        "127.0.0.1:0",
        "--webhook",
        &hook_url,
        "--webhook",
        &dead_url,
    ];
    let watch = Watch::start(&data.0, &inventory.0, &args);
    let store = Store::at(&data.0);

    // The first poll stores Jira as it is: nothing open, so nothing to tell.
    let stored = wait_for(Duration::from_secs(20), || {
        let manifest = store.manifest().ok()?;
        manifest.sources.get(&jira)?.last_success
    });
    assert!(
        stored.is_some(),
        "Jira never stored; stderr:\n{}",
        watch.stderr_text()
    );
    // Opsgenie fails from the start: told once.
    let failing = wait_for(Duration::from_secs(20), || {
        Some(of(&hook, "source_failing", &opsgenie)).filter(|v| !v.is_empty())
    })
    .expect("a source_failing event");
    assert!(
        failing[0].1["text"]
            .as_str()
            .unwrap_or("")
            .contains("HTTP 503"),
        "{:?}",
        failing[0].1
    );
    assert!(of(&hook, "new_incident", &jira).is_empty());
    // The lock is free between commits: another writer gets it within moments.
    let writer = planb::ingest::lock::writer_within(&store, Duration::from_secs(5));
    assert!(writer.is_ok(), "store lock held outside commits");
    drop(writer);

    // The April 17 incident appears on the page.
    let changed = Instant::now();
    serve(&server, "/jira", JIRA_OPEN);
    let new = wait_for(INTERVAL * 2, || {
        Some(of(&hook, "new_incident", &jira)).filter(|v| !v.is_empty())
    })
    .unwrap_or_else(|| {
        panic!(
            "no new_incident within two intervals; stderr:\n{}",
            watch.stderr_text()
        )
    });
    let (at, event) = &new[0];
    assert!(at.duration_since(changed) <= INTERVAL * 2);
    assert_eq!(event["vendor"], "Atlassian");
    assert_eq!(event["service"], "Jira Software");
    assert_eq!(event["incident"]["id"], INCIDENT);
    assert_eq!(event["incident"]["impact"], "minor");
    let capabilities: Vec<&str> = event["capabilities"]
        .as_array()
        .expect("capabilities")
        .iter()
        .filter_map(|c| c["capability"].as_str())
        .collect();
    assert_eq!(capabilities, ["ticketing", "incident management"]);
    assert_eq!(event["response_tools"][0], "incident management");
    let text = event["text"].as_str().expect("text");
    assert!(
        text.starts_with("Atlassian posted a minor incident on Jira Software: \"Multiple sites showing down/under maintenance\" (monitoring). Ticketing (critical, no fallback) and incident management (high, fallback manual) may be affected."),
        "{text}"
    );
    // stdout has the same sentence; /metrics and the store have the incident.
    assert!(
        watch
            .stdout_lines()
            .iter()
            .any(|l| l.contains(" new_incident ") && l.contains(text))
    );
    let metrics = watch.scrape();
    let open_line = format!(
        "planb_open_incidents{{vendor=\"Atlassian\",service=\"Jira Software\",source=\"{jira}\",impact=\"minor\"}} 1"
    );
    assert!(metrics.contains(&open_line), "{metrics}");
    assert!(metrics.contains(&format!("planb_source_up{{source=\"{opsgenie}\"}} 0")));
    let tables = store.load_source(&jira).expect("jira tables");
    let stored = tables
        .incidents
        .iter()
        .find(|i| i.id == INCIDENT)
        .expect("incident stored");
    assert_eq!(stored.status.as_str(), "monitoring");

    // More polls: nothing new to tell.
    polls(&server, "/jira/api/v2/summary.json", 3);
    assert_eq!(of(&hook, "new_incident", &jira).len(), 1);
    assert_eq!(
        of(&hook, "source_failing", &opsgenie).len(),
        1,
        "one event, not one per poll"
    );

    // A restart picks up from the store: no event is told twice.
    let (status, took) = watch.stop(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0));
    assert!(
        took < Duration::from_secs(5),
        "SIGTERM took {took:?} (a dead webhook receiver must not hold the exit)"
    );
    let watch = Watch::start(&data.0, &inventory.0, &args);
    polls(&server, "/jira/api/v2/summary.json", 2);
    polls(&server, "/opsgenie/api/v2/summary.json", 2);
    assert_eq!(
        of(&hook, "new_incident", &jira).len(),
        1,
        "restart repeated the incident"
    );
    assert_eq!(
        of(&hook, "source_failing", &opsgenie).len(),
        1,
        "restart repeated the failure"
    );
    assert!(
        watch.scrape().contains(&open_line),
        "restored open incidents"
    );

    // The incident leaves the page without a resolution post: it closed unseen.
    serve(&server, "/jira", JIRA_QUIET);
    let resolved = wait_for(INTERVAL * 3, || {
        Some(of(&hook, "resolution", &jira)).filter(|v| !v.is_empty())
    })
    .expect("a resolution event");
    assert_eq!(resolved[0].1["incident"]["status"], "closed_unseen");
    assert!(resolved[0].1["incident"]["closed_unseen"]["first_absent"].is_string());
    assert!(
        !watch.scrape().contains("source=\"".to_string().as_str())
            || !watch.scrape().contains(&open_line)
    );
    let tables = store.load_source(&jira).expect("jira tables");
    let closed = tables
        .incidents
        .iter()
        .find(|i| i.id == INCIDENT)
        .expect("incident kept");
    assert_eq!(closed.status.as_str(), "closed_unseen");

    // Opsgenie reads again, with a major incident open: on-call alerting (critical, no
    // fallback) is down with every path.
    set_opsgenie(&server, Behaviour::Ok);
    let recovered = wait_for(INTERVAL * 3, || {
        Some(of(&hook, "source_recovered", &opsgenie)).filter(|v| !v.is_empty())
    })
    .expect("a source_recovered event");
    assert_eq!(recovered.len(), 1);
    let major = wait_for(INTERVAL * 2, || {
        Some(of(&hook, "new_incident", &opsgenie)).filter(|v| !v.is_empty())
    })
    .expect("Opsgenie's open incident");
    assert_eq!(major[0].1["incident"]["impact"], "major");
    assert!(major[0].1["text"].as_str().unwrap_or("").contains("On-call alerting (critical, no fallback) is down. Response tools among them: on-call alerting."));
    let metrics = watch.scrape();
    assert!(
        metrics.contains("planb_capabilities_down{criticality=\"critical\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains(&format!("planb_source_up{{source=\"{opsgenie}\"}} 1")));

    eprintln!(
        "{}\n{}",
        watch.stdout_lines().join("\n"),
        watch.stderr_text()
    );
    let (status, took) = watch.stop(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0));
    assert!(took < Duration::from_secs(5), "SIGTERM took {took:?}");
    // Each event exactly once, in all.
    let kinds: Vec<String> = hook
        .events()
        .iter()
        .map(|(_, e)| {
            format!(
                "{} {}",
                e["event"].as_str().unwrap_or(""),
                e["source"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            format!("source_failing {opsgenie}"),
            format!("new_incident {jira}"),
            format!("resolution {jira}"),
            format!("source_recovered {opsgenie}"),
            format!("new_incident {opsgenie}"),
        ]
    );
}
