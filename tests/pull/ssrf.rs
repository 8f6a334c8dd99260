//! Requests where no status page is (SSRF): redirects and inventory URLs that point at
//! link-local addresses or cloud metadata services are refused before any connection.
//!
//! No test here can connect out, even a failing one: the pulls run with the loopback
//! server as their HTTP(S) proxy (`Setup::pull_through_proxy`), so a request that
//! should have been refused reaches 127.0.0.1 and shows in `server.requests`. To check
//! that by hand, run the binary in an empty network namespace with only loopback up:
//! `unshare -n sh -c 'ip link set lo up && exec target/debug/deps/pull-HASH ssrf'`.

use std::sync::Arc;

use planb::fetch::http::guard::Refused;
use planb::fetch::http::resolve::{Lookup, LookupFuture, guarded_lookup};
use planb::fetch::http::{FetchError, Fetched, HttpClient, HttpPolicy};

use super::{Setup, text};
use crate::loopback::{self, Behaviour, Loopback};

const METADATA_PATH: &str = "/latest/meta-data/";

#[test]
fn redirects_to_link_local_or_metadata_hosts_are_refused() {
    for (target, says) in [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/latest/meta-data/", "link-local"),
        (
            "http://metadata.google.internal/latest/meta-data/",
            "metadata",
        ),
        ("http://100.100.100.200/latest/meta-data/", "metadata"),
    ] {
        let setup = Setup::new("ssrf-redirect");
        setup.server.set_behaviour(
            "/cloudflare/api/v2/summary.json",
            Behaviour::RedirectTo(target.into()),
        );
        let out = setup.pull_through_proxy(&["--only", "Cloudflare"]);
        let all = text(&out);
        let row = all
            .lines()
            .find(|l| l.contains("_cloudflare"))
            .expect("cloudflare row");
        assert!(
            row.contains("FAILED") && row.contains("refused") && row.contains(says),
            "{target}: {all}"
        );
        assert_eq!(
            setup.server.requests(METADATA_PATH),
            0,
            "{target} was requested: {all}"
        );
        assert_eq!(out.status.code(), Some(1), "{all}");
    }
}

#[test]
fn inventory_urls_on_link_local_or_metadata_hosts_are_errors() {
    let setup = Setup::new("ssrf-inventory");
    std::fs::write(
        &setup.inventory,
        "service,status_url,platform\nMeta,http://169.254.169.254/latest,statuspage\nGoogle meta,http://Metadata.Google.Internal.,statuspage\nSix,http://[fe80::a9fe:a9fe]/,statuspage\n",
    )
    .expect("write inventory");
    let out = setup.pull_through_proxy(&[]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    let name = setup.inventory.display().to_string();
    for line in 2..=4 {
        assert!(
            all.contains(&format!("{name}:{line}:2: error: field `status_url`")),
            "line {line}: {all}"
        );
    }
    assert!(
        all.contains("link-local") && all.contains("metadata"),
        "{all}"
    );
    assert_eq!(setup.server.total_requests(), 0, "{all}");
}

/// A fixed name table: no lookup leaves the process.
struct Table(Vec<std::net::IpAddr>);

impl Lookup for Table {
    fn lookup(&self, _host: String) -> LookupFuture {
        let found = self.0.clone();
        Box::pin(async move { Ok(found) })
    }
}

/// A host name that resolves to 169.254.169.254 is refused by the resolver, before any
/// connection. Safe even if broken: the guard is checked on its own first (no network),
/// and the name is `localhost`, which the system resolves to 127.0.0.1 should reqwest
/// ever bypass the resolver it is given.
#[test]
fn names_resolving_to_link_local_addresses_are_refused() {
    let server = Loopback::start(loopback::statuspage_cloudflare(
        super::fixtures(),
        "/cloudflare",
    ));
    let url = format!(
        "http://localhost:{}/cloudflare/api/v2/summary.json",
        server.addr().port()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let metadata = Table(vec!["169.254.169.254".parse().expect("ip")]);
    let alone = runtime.block_on(guarded_lookup(&metadata, "localhost".into()));
    assert!(alone.is_err_and(|e| e.is::<Refused>()), "the guard itself");

    let client =
        HttpClient::with_lookup(HttpPolicy::default(), Arc::new(metadata)).expect("client");
    match runtime.block_on(client.get(&url, None)) {
        Err(FetchError::Refused(reason)) => assert!(
            reason.contains("localhost") && reason.contains("169.254.169.254"),
            "{reason}"
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(server.total_requests(), 0);

    // The refused address is dropped, the allowed one used.
    let both = Table(vec![
        "169.254.169.254".parse().expect("ip"),
        "127.0.0.1".parse().expect("ip"),
    ]);
    let client = HttpClient::with_lookup(HttpPolicy::default(), Arc::new(both)).expect("client");
    let fetched = runtime.block_on(client.get(&url, None));
    assert!(matches!(fetched, Ok(Fetched::Body { .. })), "{fetched:?}");
    assert_eq!(server.total_requests(), 1);
}
