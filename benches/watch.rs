//! Watch benchmark: `planb watch` over 5,000 Statuspage sources on a loopback server that
//! adds 50 ms to every response and answers conditional requests with 304, at the
//! default 60 s interval. After the first sweep (which stores all 5,000), it measures over
//! whole intervals: CPU per polling cycle (the watch's own `getrusage`, read from its
//! /metrics), polls per cycle, peak RSS (from /metrics and from `getrusage` of the exited
//! child), and the delay from a change on the server (an incident appears in a summary)
//! to its webhook post, for changes made at random moments. Nothing leaves 127.0.0.1.
//! Run: `cargo bench --bench watch` (about five minutes; `PLANB_BENCH_SOURCES=N` for a
//! smaller check of the bench itself).

#[path = "../tests/support/loopback.rs"]
mod loopback;
#[path = "../tests/support/receiver.rs"]
mod receiver;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use loopback::{Loopback, Routes};
use receiver::{Receiver, scrape};

const SOURCES_DEFAULT: usize = 5_000;
const LATENCY: Duration = Duration::from_millis(50);
const INTERVAL: Duration = Duration::from_secs(60);
/// Measured cycles after the first sweep.
const CYCLES: u32 = 2;
/// Sources whose summary gets an incident during the measurement, one at a time.
const CHANGES: usize = 3;
const QUIET: &str = "statuspage/atlassian/jira-software-summary-20220419T0136Z.json";
const OPEN: &str = "statuspage/atlassian/jira-software-summary-20220417T2150Z.json";

fn metric(page: &str, name: &str) -> f64 {
    page.lines()
        .filter(|l| l.starts_with(name) && !l.starts_with('#'))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

fn main() {
    // A smaller run for checking the bench itself (the figures are for 5,000).
    let sources: usize = std::env::var("PLANB_BENCH_SOURCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SOURCES_DEFAULT);
    let fixtures = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let quiet = loopback::statuspage_summary(fixtures, "/x", QUIET);
    let open = loopback::statuspage_summary(fixtures, "/x", OPEN);
    let mut routes = Routes::new();
    for n in 0..sources {
        for (target, route) in quiet.iter() {
            routes.insert(target.replacen("/x", &format!("/s{n}"), 1), route.clone());
        }
    }
    let server = Loopback::start(routes);
    server.set_latency(LATENCY);
    let hook = Receiver::start();

    let work = std::env::temp_dir().join(format!("planb-bench-watch-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work dir");
    let inventory = work.join("inventory.csv");
    let mut csv = String::from("service,capability,criticality,fallback,status_url,platform\n");
    for n in 0..sources {
        csv.push_str(&format!(
            "vendor {n},capability {n},high,none,{}/s{n},statuspage\n",
            server.base_url()
        ));
    }
    std::fs::write(&inventory, csv).expect("inventory");
    let data = work.join("data");

    let mut child = Command::new(env!("CARGO_BIN_EXE_planb"))
        .arg("--data")
        .arg(&data)
        .args([
            "watch",
            "--interval",
            "60s",
            "--listen",
            "127.0.0.1:0",
            "--json",
        ])
        .arg("--inventory")
        .arg(&inventory)
        .arg("--webhook")
        .arg(hook.url())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start planb watch");
    let banner: Arc<Mutex<Option<String>>> = Arc::default();
    let seen = Arc::clone(&banner);
    let stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("planb watch:") {
                *seen.lock().expect("banner") = Some(line.clone());
            }
            eprintln!("  [watch] {line}");
        }
    });
    let started = Instant::now();
    let addr: SocketAddr = loop {
        if let Some(line) = banner.lock().expect("banner").clone() {
            let addr = line
                .split("metrics at http://")
                .nth(1)
                .and_then(|r| r.split('/').next());
            break addr
                .and_then(|a| a.parse().ok())
                .expect("metrics address in the banner");
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no banner");
        std::thread::sleep(Duration::from_millis(50));
    };
    let page = || scrape(addr).expect("GET /metrics");
    println!(
        "watch benchmark: {sources} Statuspage sources (2 endpoints each) on one loopback host, {} ms added latency, interval {} s",
        LATENCY.as_millis(),
        INTERVAL.as_secs()
    );

    // First sweep: every source fetched (200) and stored.
    loop {
        let p = page();
        if metric(&p, "planb_watch_polls_total") >= sources as f64 {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    std::thread::sleep(Duration::from_secs(3));
    let p = page();
    println!(
        "  first sweep (all {sources} fetched and stored): {:.1} s wall, {:.2} s CPU, RSS {:.0} MiB (peak {:.0} MiB)",
        started.elapsed().as_secs_f64(),
        metric(&p, "process_cpu_seconds_total"),
        metric(&p, "process_resident_memory_bytes") / 1048576.0,
        metric(&p, "planb_watch_max_rss_bytes") / 1048576.0
    );

    // Steady state: whole intervals, with a few changes at random moments.
    let mut changes: Vec<(usize, Instant)> = Vec::new();
    let mut change_at: Vec<Duration> = (0..CHANGES)
        .map(|_| INTERVAL.mul_f64(fastrand::f64() * f64::from(CYCLES) * 0.9))
        .collect();
    change_at.sort();
    let window = Instant::now();
    let (cpu0, polls0) = (
        metric(&p, "process_cpu_seconds_total"),
        metric(&p, "planb_watch_polls_total"),
    );
    let mut cycle_cpu = Vec::new();
    let (mut cpu_prev, mut polls_prev) = (cpu0, polls0);
    for cycle in 1..=CYCLES {
        let end = window + INTERVAL * cycle;
        while Instant::now() < end {
            if let Some(&due) = change_at.first()
                && window.elapsed() >= due
            {
                change_at.remove(0);
                let source = fastrand::usize(..sources);
                for (target, route) in open.iter() {
                    server.set_route(
                        &target.replacen("/x", &format!("/s{source}"), 1),
                        route.clone(),
                    );
                }
                changes.push((source, Instant::now()));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let p = page();
        let (cpu, polls) = (
            metric(&p, "process_cpu_seconds_total"),
            metric(&p, "planb_watch_polls_total"),
        );
        println!(
            "  cycle {cycle}: {:.2} s CPU for {} polls, RSS {:.0} MiB ({:.0} not modified, {:.0} fetched, {:.0} failed so far)",
            cpu - cpu_prev,
            polls - polls_prev,
            metric(&p, "process_resident_memory_bytes") / 1048576.0,
            metric(&p, "planb_watch_polls_total{result=\"not_modified\"}"),
            metric(&p, "planb_watch_polls_total{result=\"fetched\"}"),
            metric(&p, "planb_watch_polls_total{result=\"failed\"}"),
        );
        cycle_cpu.push(cpu - cpu_prev);
        (cpu_prev, polls_prev) = (cpu, polls);
    }
    // Let the last change land (at most an interval plus a few seconds).
    let mut delays = Vec::new();
    for (source, at) in &changes {
        let wanted = format!("{}/s{source}", server.base_url());
        let id = planb::model::source_id_for(&wanted);
        let deadline = *at + INTERVAL * 2;
        let arrived = loop {
            let found = hook
                .events()
                .into_iter()
                .find(|(_, e)| e["event"] == "new_incident" && e["source"] == id.as_str())
                .map(|(when, _)| when);
            if found.is_some() || Instant::now() > deadline {
                break found;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        match arrived {
            Some(when) => delays.push(when.duration_since(*at)),
            None => println!("  change on source {source}: no webhook within two intervals"),
        }
    }
    let p = page();
    let rss_metric = metric(&p, "planb_watch_max_rss_bytes");
    // SAFETY: signals our own child by its pid.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let stopping = Instant::now();
    let status = child.wait().expect("wait");
    let stop_took = stopping.elapsed();
    // SAFETY: getrusage writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_CHILDREN with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };

    let worst_cycle = cycle_cpu.iter().copied().fold(0.0, f64::max);
    println!(
        "  CPU per cycle: {} (max {worst_cycle:.2} s; target <= 3 s)",
        cycle_cpu
            .iter()
            .map(|c| format!("{c:.2} s"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  peak RSS: {:.1} MiB (/metrics), {:.1} MiB (getrusage of the exited child; target <= 150 MiB)",
        rss_metric / 1048576.0,
        usage.ru_maxrss as f64 / 1024.0
    );
    delays.sort();
    println!(
        "  change -> webhook: {} of {} changes, delays {} (max {:.1} s; target <= interval + 5 s = {} s)",
        delays.len(),
        changes.len(),
        delays
            .iter()
            .map(|d| format!("{:.1} s", d.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", "),
        delays.last().map_or(f64::NAN, Duration::as_secs_f64),
        INTERVAL.as_secs() + 5
    );
    println!(
        "  SIGTERM -> exit {:?} in {:.2} s; server answered {} requests",
        status.code(),
        stop_took.as_secs_f64(),
        server.total_requests()
    );
    let _ = std::fs::remove_dir_all(&work);
}
