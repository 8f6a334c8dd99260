//! A real HTTP/1.1 server on 127.0.0.1 for integration tests and `benches/pull.rs`.
//!
//! Why a real server: the fetch layer must be exercised over real sockets (keep-alive,
//! conditional requests, truncated bodies, hangs), not against a mock of its own client.
//! Std only (`std::net` + one thread per connection) so it needs no async runtime and
//! compiles into any test binary via
//! `#[path = "support/loopback.rs"] mod loopback;` (tests) or
//! `#[path = "../tests/support/loopback.rs"] mod loopback;` (benches).
//!
//! ```ignore
//! let fx = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
//! let lb = Loopback::start(statuspage_github(fx, "/github").merge(gcloud(fx, "/gcp")));
//! lb.set_behaviour("/github/api/v2/incidents.json", Behaviour::FailThenOk { failures: 2, status: 500 });
//! let url = lb.url("/github/api/v2/incidents.json");
//! ```
//!
//! Routes match exactly on the request target (path + query). Only GET is served (others
//! get 405); unknown targets get 404. Bad client input just drops the connection. Every
//! blocking call polls the shutdown flag, so dropping the `Loopback` ends all threads.
#![allow(dead_code, unused_imports)]

#[path = "loopback_conn.rs"]
mod conn;
#[path = "round2_sites.rs"]
pub mod round2;
#[path = "fixture_sites.rs"]
pub mod sites;
pub use sites::{
    gcloud, github_incident_ids, github_incidents_route, incidentio_openai, statuspage_cloudflare,
    statuspage_github, statuspage_github_window, statuspage_summary,
};

use chrono::{DateTime, TimeZone, Utc};
use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Socket read/write timeout: how often blocked connection threads re-check shutdown.
const POLL: Duration = Duration::from_millis(25);

/// How a route answers. Counters for `FailThenOk`/`RetryAfter` are per route and reset
/// when the route is replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// 200 with a strong `ETag` (hash of the body) and `Last-Modified`; a matching
    /// `If-None-Match` (or, without it, a not-older `If-Modified-Since`) gets 304, no body.
    Ok,
    /// The first `failures` requests get `status` with a short body, then behaves as `Ok`.
    FailThenOk { failures: usize, status: u16 },
    /// The first `failures` requests get 429 with `Retry-After: <seconds>`, then `Ok`.
    RetryAfter { failures: usize, seconds: u64 },
    /// Reads the request and never answers; the socket stays open until the client
    /// closes it or the server shuts down.
    Hang,
    /// Headers with the full `Content-Length`, half of the body, then close.
    Truncated,
    /// 200 `text/html` with a small HTML error page (a CDN/maintenance page in place of JSON).
    Html,
    /// 200 `application/json`, chunked (no `Content-Length`), exactly `bytes` body bytes
    /// of a JSON array of filler objects, generated while streaming.
    Huge { bytes: u64 },
    /// 302 with `Location: <target>`; two routes pointing at each other make a loop.
    RedirectTo(String),
    /// That status with a short text body.
    Status(u16),
}

/// A body, its content type and a behaviour. Cloning is cheap (the body is shared).
#[derive(Clone, Debug)]
pub struct Route {
    body: Arc<[u8]>,
    content_type: String,
    /// Computed on first use and shared by clones: hashing every mounted body up front
    /// would cost tens of milliseconds per server in debug builds.
    etag: Arc<OnceLock<String>>,
    last_modified: DateTime<Utc>,
    pub behaviour: Behaviour,
}

impl Route {
    /// `application/json` body served with `Behaviour::Ok`.
    pub fn json(body: impl Into<Arc<[u8]>>) -> Route {
        Route::new(body, "application/json; charset=utf-8")
    }
    /// Any body and content type, served with `Behaviour::Ok`.
    pub fn new(body: impl Into<Arc<[u8]>>, content_type: &str) -> Route {
        Route {
            body: body.into(),
            etag: Arc::new(OnceLock::new()),
            content_type: content_type.to_owned(),
            last_modified: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            behaviour: Behaviour::Ok,
        }
    }
    /// An empty JSON route that only exists to misbehave (`Hang`, `Status(503)`, ...).
    pub fn behaving(behaviour: Behaviour) -> Route {
        Route::json(Vec::new()).with(behaviour)
    }
    /// The same route with another behaviour.
    pub fn with(mut self, behaviour: Behaviour) -> Route {
        self.behaviour = behaviour;
        self
    }
    /// Sets `Last-Modified` (truncated to whole seconds, as HTTP dates are).
    pub fn last_modified(mut self, t: DateTime<Utc>) -> Route {
        self.last_modified = Utc.timestamp_opt(t.timestamp(), 0).single().unwrap_or(t);
        self
    }
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// The quoted strong ETag sent with 200/304 responses.
    pub fn etag(&self) -> &str {
        self.etag.get_or_init(|| {
            // FNV-1a 64: deterministic across runs, so tests can predict and replay ETags.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for &b in self.body.iter() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            format!("\"{h:016x}-{:x}\"", self.body.len())
        })
    }
    /// The `Last-Modified` header value.
    pub fn http_date(&self) -> String {
        self.last_modified
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string()
    }
}

/// Path+query → route table. Build with `route`, combine sites with `merge`.
#[derive(Clone, Debug, Default)]
pub struct Routes {
    map: HashMap<String, Route>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }
    /// Adds (or replaces) a route; builder form.
    pub fn route(mut self, target: impl Into<String>, route: Route) -> Routes {
        self.insert(target, route);
        self
    }
    pub fn insert(&mut self, target: impl Into<String>, route: Route) {
        self.map.insert(target.into(), route);
    }
    /// Puts another site on the same table. Panics on a duplicate target, because two
    /// sites claiming one path is a mistake in the test (use distinct prefixes).
    pub fn merge(mut self, other: Routes) -> Routes {
        for (target, route) in other.map {
            assert!(
                !self.map.contains_key(&target),
                "loopback: duplicate route {target}"
            );
            self.map.insert(target, route);
        }
        self
    }
    pub fn get(&self, target: &str) -> Option<&Route> {
        self.map.get(target)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Route)> {
        self.map.iter().map(|(t, r)| (t.as_str(), r))
    }
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
    pub fn len(&self) -> usize {
        self.map.len()
    }
}

struct Slot {
    route: Route,
    served: usize,
}

struct Shared {
    routes: Mutex<HashMap<String, Slot>>,
    hits: Mutex<HashMap<String, usize>>,
    total: AtomicUsize,
    bytes: AtomicU64,
    latency_ns: AtomicU64,
    stop: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The running server. Dropping it stops accepting, ends every connection thread
/// (within about `POLL`) and joins them.
pub struct Loopback {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl Loopback {
    /// Binds 127.0.0.1 on an ephemeral port and starts serving `routes`.
    pub fn start(routes: Routes) -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0").expect("loopback: bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("loopback: local_addr");
        let slots = routes
            .map
            .into_iter()
            .map(|(t, route)| (t, Slot { route, served: 0 }));
        let shared = Arc::new(Shared {
            routes: Mutex::new(slots.collect()),
            hits: Mutex::new(HashMap::new()),
            total: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            latency_ns: AtomicU64::new(0),
            stop: AtomicBool::new(false),
        });
        let sh = Arc::clone(&shared);
        let accept = thread::Builder::new()
            .name("loopback-accept".into())
            .spawn(move || accept_loop(listener, sh))
            .expect("loopback: spawn accept thread");
        Loopback {
            addr,
            shared,
            accept: Some(accept),
        }
    }
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// `base_url()` + `target`.
    pub fn url(&self, target: &str) -> String {
        format!("http://{}{target}", self.addr)
    }
    /// Every byte written to client sockets so far: status lines, headers and bodies.
    pub fn bytes_sent(&self) -> u64 {
        self.shared.bytes.load(SeqCst)
    }
    /// Requests seen for an exact target (path + query), any method, known or not.
    pub fn requests(&self, target: &str) -> usize {
        lock(&self.shared.hits).get(target).copied().unwrap_or(0)
    }
    pub fn total_requests(&self) -> usize {
        self.shared.total.load(SeqCst)
    }
    /// Adds or replaces a route while running (its failure counter starts again at 0).
    pub fn set_route(&self, target: &str, route: Route) {
        lock(&self.shared.routes).insert(target.to_owned(), Slot { route, served: 0 });
    }
    /// Changes only the behaviour of a route, keeping its body (an unknown target gets
    /// an empty JSON body). Resets its failure counter.
    pub fn set_behaviour(&self, target: &str, behaviour: Behaviour) {
        let mut routes = lock(&self.shared.routes);
        let route = match routes.remove(target) {
            Some(slot) => slot.route.with(behaviour),
            None => Route::behaving(behaviour),
        };
        routes.insert(target.to_owned(), Slot { route, served: 0 });
    }
    /// A copy of the current route for a target (e.g. to read its ETag).
    pub fn route(&self, target: &str) -> Option<Route> {
        lock(&self.shared.routes)
            .get(target)
            .map(|s| s.route.clone())
    }
    /// Delay added before every response (after the request has been read).
    pub fn set_latency(&self, d: Duration) {
        let ns = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.shared.latency_ns.store(ns, SeqCst);
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.shared.stop.store(true, SeqCst);
        // Wake the blocking accept() with a throwaway connection.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn accept_loop(listener: TcpListener, sh: Arc<Shared>) {
    let mut conns: Vec<JoinHandle<()>> = Vec::new();
    while !sh.stop.load(SeqCst) {
        let Ok((stream, _)) = listener.accept() else {
            thread::sleep(Duration::from_millis(5)); // e.g. EMFILE: back off, re-check stop
            continue;
        };
        if sh.stop.load(SeqCst) {
            break;
        }
        conns.retain(|h| !h.is_finished());
        let sh = Arc::clone(&sh);
        let spawned = thread::Builder::new()
            .name("loopback-conn".into())
            .spawn(move || conn::serve(stream, &sh));
        if let Ok(h) = spawned {
            conns.push(h);
        }
    }
    for h in conns {
        let _ = h.join();
    }
}
