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

fn main() {
    let fixtures = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures"));
    // Every source serves the real GitHub captures: summary.json and a 50-incident list.
    let summary = std::fs::read(fixtures.join("statuspage/github-summary-20260817T2110Z.json")).expect("summary fixture");
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
        csv.push_str(&format!("vendor {n},{}/s{n},statuspage\n", server.base_url()));
    }
    std::fs::write(&inventory, csv).expect("inventory");
    let data = work.join("data");

    let pull = || {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_planb"))
            .arg("--data")
            .arg(&data)
            .args(["pull", "--concurrency", &CONCURRENCY.to_string(), "--inventory"])
            .arg(&inventory)
            .output()
            .expect("run planb");
        let took = started.elapsed();
        let tail = String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or_default().to_string();
        assert!(out.status.success(), "pull failed: {tail}\n{}", String::from_utf8_lossy(&out.stderr));
        (took, tail)
    };

    let rounds = SOURCES.div_ceil(CONCURRENCY) as u32;
    let bound = LATENCY * rounds;
    let (first, summary_line) = pull();
    let first_bytes = server.bytes_sent();
    let (second, second_line) = pull();
    let second_bytes = server.bytes_sent() - first_bytes;

    println!("pull benchmark: {SOURCES} sources, concurrency {CONCURRENCY}, {} ms added latency per response", LATENCY.as_millis());
    println!("  first pull:  {:>7.2} s   bound latency x ceil({SOURCES}/{CONCURRENCY}) = {:.2} s   ratio {:.2} (target <= 1.20)", first.as_secs_f64(), bound.as_secs_f64(), first.as_secs_f64() / bound.as_secs_f64());
    println!("               {summary_line}");
    println!("  second pull: {:>7.2} s   {second_line}", second.as_secs_f64());
    println!(
        "  bytes moved: first {:.1} MB, second (conditional) {:.1} kB = {:.2}% of the first (target <= 5%)",
        first_bytes as f64 / 1e6,
        second_bytes as f64 / 1e3,
        100.0 * second_bytes as f64 / first_bytes as f64
    );
    let _ = std::fs::remove_dir_all(&work);
}
