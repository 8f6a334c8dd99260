//! Pull benchmark: 1,000 Statuspage sources on a loopback server that adds 100 ms to
//! every response. Prints the wall time of a first pull next to the latency bound
//! `latency × ceil(sources / concurrency)`, and the bytes a second, conditional pull
//! moves compared with the first. Run: `cargo bench --bench pull`.

#[path = "../tests/support/loopback.rs"]
mod loopback;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use loopback::{Loopback, Route, Routes};

const SOURCES: usize = 1000;
const CONCURRENCY: usize = 16;
const LATENCY: Duration = Duration::from_millis(100);
const RUNS: usize = 3;

fn main() {
    let fixtures = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    // Every source serves the real GitHub captures: summary.json and a 50-incident list.
    let summary = std::fs::read(fixtures.join("statuspage/github-summary-20260817T2110Z.json"))
        .expect("summary fixture");
    let summary = Route::json(summary);
    let incidents = loopback::github_incidents_route(fixtures, 0, 50);
    let mut routes = Routes::new();
    for n in 0..SOURCES {
        routes.insert(format!("/s{n}/api/v2/summary.json"), summary.clone());
        routes.insert(format!("/s{n}/api/v2/incidents.json"), incidents.clone());
    }
    let server = Loopback::start(routes);
    server.set_latency(LATENCY);

    let work = std::env::temp_dir().join(format!("planb-bench-pull-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work dir");
    let inventory = work.join("inventory.csv");
    let mut csv = String::from("service,status_url,platform\n");
    for n in 0..SOURCES {
        csv.push_str(&format!(
            "vendor {n},{}/s{n},statuspage\n",
            server.base_url()
        ));
    }
    std::fs::write(&inventory, csv).expect("inventory");
    let pull = |data: &std::path::Path| {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_planb"))
            .arg("--data")
            .arg(data)
            .args([
                "pull",
                "--concurrency",
                &CONCURRENCY.to_string(),
                "--inventory",
            ])
            .arg(&inventory)
            .output()
            .expect("run planb");
        let took = started.elapsed();
        let tail = String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string();
        assert!(
            out.status.success(),
            "pull failed: {tail}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (took, tail)
    };

    let rounds = SOURCES.div_ceil(CONCURRENCY) as u32;
    let bound = LATENCY * rounds;
    println!(
        "pull benchmark: {SOURCES} sources, concurrency {CONCURRENCY}, {} ms added latency per response",
        LATENCY.as_millis()
    );
    // Three rounds, each into a fresh store: disk and fsync times vary from run to run.
    // Stores are deleted only at the end: a big delete (with `discard`) slows the next round.
    let mut firsts = Vec::new();
    for round in 0..RUNS {
        let data = work.join(format!("data-{round}"));
        let sent_before = server.bytes_sent();
        let (first, summary_line) = pull(&data);
        let first_bytes = server.bytes_sent() - sent_before;
        let (second, second_line) = pull(&data);
        let second_bytes = server.bytes_sent() - sent_before - first_bytes;
        println!(
            "  round {}: first {:>6.2} s ({:.2} x bound)   second {:>5.2} s   bytes first {:.1} MB, second {:.1} kB = {:.2}%",
            round + 1,
            first.as_secs_f64(),
            first.as_secs_f64() / bound.as_secs_f64(),
            second.as_secs_f64(),
            first_bytes as f64 / 1e6,
            second_bytes as f64 / 1e3,
            100.0 * second_bytes as f64 / first_bytes as f64
        );
        if round == 0 {
            println!("           {summary_line}\n           {second_line}");
        }
        firsts.push(first);
    }
    firsts.sort();
    let median = firsts[firsts.len() / 2];
    println!(
        "  first pull median {:.2} s (min {:.2}, max {:.2}) vs bound latency x ceil({SOURCES}/{CONCURRENCY}) = {:.2} s: ratio {:.2} (target <= 1.20)",
        median.as_secs_f64(),
        firsts[0].as_secs_f64(),
        firsts[firsts.len() - 1].as_secs_f64(),
        bound.as_secs_f64(),
        median.as_secs_f64() / bound.as_secs_f64()
    );
    println!("  conditional second pulls: target <= 5% of the first's bytes (per round above)");
    let _ = std::fs::remove_dir_all(&work);
}
