//! Faults a server can throw at a pull, each with the plain reason it must be reported
//! with (see also the `fault_*` tests in main.rs).

use super::{Setup, text};
use crate::loopback::Behaviour;

/// The Cloudflare row of a pull through the loopback proxy, with its exit code.
fn cloudflare_fails_with(setup: &Setup, args: &[&str], reason: &str) -> String {
    let out = setup.pull_through_proxy(args);
    let all = text(&out);
    let row = all
        .lines()
        .find(|l| l.contains("_cloudflare"))
        .expect("cloudflare row")
        .to_string();
    assert!(
        row.contains("FAILED") && row.contains(reason),
        "`{reason}` missing: {all}"
    );
    assert_eq!(out.status.code(), Some(1), "{all}");
    row
}

#[test]
fn redirect_to_a_non_http_url_is_refused_not_reported_as_302() {
    for target in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://127.0.0.1/summary.json",
    ] {
        let setup = Setup::new("file-redirect");
        setup.server.set_behaviour(
            "/cloudflare/api/v2/summary.json",
            Behaviour::RedirectTo(target.into()),
        );
        let row = cloudflare_fails_with(
            &setup,
            &["--only", "Cloudflare"],
            "redirect to a non-http(s) URL refused",
        );
        assert!(!row.contains("HTTP 302"), "{target}: {row}");
        assert_eq!(
            setup.server.requests("/cloudflare/api/v2/summary.json"),
            1,
            "{target}: not retried"
        );
    }
}

#[test]
fn a_body_that_does_not_decompress_is_a_bad_body_not_a_dropped_connection() {
    let setup = Setup::new("badgzip");
    setup
        .server
        .set_behaviour("/cloudflare/api/v2/summary.json", Behaviour::BadGzip);
    let row = cloudflare_fails_with(
        &setup,
        &["--only", "Cloudflare", "--retries", "2"],
        "bad response body",
    );
    assert!(
        row.contains("gzip") && !row.contains("connection dropped"),
        "{row}"
    );
    assert_eq!(
        setup.server.requests("/cloudflare/api/v2/summary.json"),
        1,
        "a bad body is not retried: {row}"
    );
}

/// A body that trickles in forever: each attempt times out (`--timeout 2`), and
/// without an overall limit four attempts and their backoff would hold the source for
/// about 11 s (123 s with the default 30 s timeout). The source's deadline ends it.
#[test]
fn a_trickling_body_is_cut_off_by_the_source_deadline() {
    let setup = Setup::new("trickle");
    setup.server.set_behaviour(
        "/cloudflare/api/v2/summary.json",
        Behaviour::Trickle { every_ms: 100 },
    );
    let started = std::time::Instant::now();
    let row = cloudflare_fails_with(
        &setup,
        &[
            "--only",
            "Cloudflare",
            "--timeout",
            "2",
            "--retries",
            "3",
            "--deadline",
            "3",
        ],
        "deadline",
    );
    let took = started.elapsed();
    assert!(row.contains("3 s"), "the deadline is named: {row}");
    assert!(
        took < std::time::Duration::from_secs(7),
        "the source took {took:?} past a 3 s deadline"
    );
}
