//! Faults a server can throw at a pull, each with the plain reason it must be reported
//! with.

use std::time::{Duration, Instant};

use planb::store::Store;

use super::{Setup, fixtures, text};
use crate::loopback::{self, Behaviour};

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
