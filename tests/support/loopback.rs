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
//! let fx = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures"));
//! let lb = Loopback::start(statuspage_github(fx, "/github").merge(gcloud(fx, "/gcp")));
//! lb.set_behaviour("/github/api/v2/incidents.json", Behaviour::FailThenOk { failures: 2, status: 500 });
//! let url = lb.url("/github/api/v2/incidents.json");
//! ```
//!
//! Routes match exactly on the request target (path + query). Only GET is served (others
//! get 405); unknown targets get 404. Bad client input just drops the connection. Every
//! blocking call polls the shutdown flag, so dropping the `Loopback` ends all threads.
#![allow(dead_code, unused_imports)]

#[path = "fixture_sites.rs"]
pub mod sites;
pub use sites::{
    gcloud, github_incident_ids, github_incidents_route, incidentio_openai, statuspage_cloudflare,
    statuspage_github, statuspage_github_window,
};

use chrono::{DateTime, TimeZone, Utc};
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Socket read/write timeout: how often blocked connection threads re-check shutdown.
const POLL: Duration = Duration::from_millis(25);
/// Request heads larger than this are treated as abuse and the connection is dropped.
const MAX_HEAD: usize = 64 * 1024;
/// Request bodies (GET should have none) larger than this drop the connection.
const MAX_BODY: usize = 1 << 20;
/// Chunk size for `Behaviour::Huge` streaming.
const CHUNK: usize = 64 * 1024;
const HTML_PAGE: &[u8] = b"<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head>\n<body><h1>Something went wrong</h1><p>We are having trouble loading this status page. Please try again later.</p></body></html>\n";

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
            .spawn(move || serve(stream, &sh));
        if let Ok(h) = spawned {
            conns.push(h);
        }
    }
    for h in conns {
        let _ = h.join();
    }
}

struct Request {
    method: String,
    target: String,
    keep_alive: bool,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
}

/// One client connection: the socket, unparsed input, and whether the request being
/// answered allows keep-alive.
struct Conn<'a> {
    s: TcpStream,
    sh: &'a Shared,
    buf: Vec<u8>,
    keep: bool,
}

fn serve(s: TcpStream, sh: &Shared) {
    let _ = s.set_nodelay(true);
    if s.set_nonblocking(false).is_err()
        || s.set_read_timeout(Some(POLL)).is_err()
        || s.set_write_timeout(Some(POLL)).is_err()
    {
        return;
    }
    let mut c = Conn {
        s,
        sh,
        buf: Vec::new(),
        keep: true,
    };
    while let Some(req) = c.read_request() {
        sh.total.fetch_add(1, SeqCst);
        *lock(&sh.hits).entry(req.target.clone()).or_insert(0) += 1;
        c.keep = req.keep_alive;
        pause(sh);
        match c.respond(&req) {
            Ok(true) if c.keep && !sh.stop.load(SeqCst) => {}
            _ => break,
        }
    }
    let _ = c.s.shutdown(Shutdown::Write);
}

fn retryable(e: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(e.kind(), WouldBlock | TimedOut | Interrupted)
}

fn pause(sh: &Shared) {
    let mut left = Duration::from_nanos(sh.latency_ns.load(SeqCst));
    while !left.is_zero() && !sh.stop.load(SeqCst) {
        let step = left.min(POLL);
        thread::sleep(step);
        left -= step;
    }
}

fn parse_head(head: &str) -> Option<(Request, usize)> {
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") || method.is_empty() {
        return None;
    }
    // Absolute-form (proxy style) targets: keep only path + query.
    let target = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None if target.starts_with('/') => target,
        None => return None,
    };
    let mut req = Request {
        method: method.to_owned(),
        target: target.to_owned(),
        keep_alive: version != "HTTP/1.0",
        if_none_match: None,
        if_modified_since: None,
    };
    let mut body_len = 0;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "connection" if value.to_ascii_lowercase().contains("close") => req.keep_alive = false,
            "connection" if value.to_ascii_lowercase().contains("keep-alive") => {
                req.keep_alive = true
            }
            "if-none-match" => req.if_none_match = Some(value.to_owned()),
            "if-modified-since" => req.if_modified_since = Some(value.to_owned()),
            "content-length" => body_len = value.parse().ok()?,
            // Chunked request bodies are not parsed: answer, then close.
            "transfer-encoding" => req.keep_alive = false,
            _ => {}
        }
    }
    Some((req, body_len))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

impl Conn<'_> {
    /// Reads more bytes into `buf`; `None` on EOF, error or shutdown.
    fn fill(&mut self) -> Option<()> {
        let mut tmp = [0u8; 8192];
        loop {
            match self.s.read(&mut tmp) {
                Ok(0) => return None,
                Ok(n) => {
                    self.buf.extend_from_slice(tmp.get(..n)?);
                    return Some(());
                }
                Err(e) if retryable(&e) && !self.sh.stop.load(SeqCst) => {}
                Err(_) => return None,
            }
        }
    }

    /// Reads one request head (partial reads and pipelining are fine: leftover bytes stay
    /// in `buf`) and discards any `Content-Length` body.
    fn read_request(&mut self) -> Option<Request> {
        let end = loop {
            if let Some(i) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            if self.buf.len() > MAX_HEAD {
                return None;
            }
            self.fill()?;
        };
        let (req, body_len) = parse_head(std::str::from_utf8(self.buf.get(..end)?).ok()?)?;
        self.buf.drain(..end + 4);
        if body_len > MAX_BODY {
            return None;
        }
        while self.buf.len() < body_len {
            self.fill()?;
        }
        self.buf.drain(..body_len);
        Some(req)
    }

    /// Writes all of `data`, counting every byte the kernel accepted.
    fn send(&mut self, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            match self.s.write(data) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => {
                    self.sh.bytes.fetch_add(n as u64, SeqCst);
                    data = data.get(n..).unwrap_or(&[]);
                }
                Err(e) if retryable(&e) && !self.sh.stop.load(SeqCst) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn head(&mut self, status: u16, headers: &[(&str, &str)]) -> io::Result<()> {
        let mut h = format!(
            "HTTP/1.1 {status} {}\r\nServer: planb-loopback\r\n",
            reason(status)
        );
        for (k, v) in headers {
            h.push_str(&format!("{k}: {v}\r\n"));
        }
        if !self.keep {
            h.push_str("Connection: close\r\n");
        }
        h.push_str("\r\n");
        self.send(h.as_bytes())
    }

    /// A complete `Content-Length` response; `Ok(true)`: the connection may be reused.
    fn full(
        &mut self,
        status: u16,
        ctype: &str,
        extra: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<bool> {
        let len = body.len().to_string();
        let mut headers = vec![("Content-Type", ctype), ("Content-Length", len.as_str())];
        headers.extend_from_slice(extra);
        self.head(status, &headers)?;
        self.send(body)?;
        Ok(true)
    }

    /// A short text body; none for 204/304, which must not carry one.
    fn short(&mut self, status: u16, extra: &[(&str, &str)]) -> io::Result<bool> {
        if matches!(status, 204 | 304) {
            self.head(status, extra)?;
            return Ok(true);
        }
        let body = format!("{status} {}\n", reason(status));
        self.full(status, "text/plain; charset=utf-8", extra, body.as_bytes())
    }

    fn respond(&mut self, req: &Request) -> io::Result<bool> {
        if req.method != "GET" {
            return self.short(405, &[("Allow", "GET")]);
        }
        let found = lock(&self.sh.routes).get_mut(&req.target).map(|slot| {
            slot.served += 1;
            (slot.route.clone(), slot.served - 1)
        });
        let Some((route, served)) = found else {
            return self.short(404, &[]);
        };
        match &route.behaviour {
            Behaviour::FailThenOk { failures, status } if served < *failures => {
                self.short(*status, &[])
            }
            Behaviour::RetryAfter { failures, seconds } if served < *failures => {
                self.short(429, &[("Retry-After", &seconds.to_string())])
            }
            Behaviour::Ok | Behaviour::FailThenOk { .. } | Behaviour::RetryAfter { .. } => {
                self.ok(req, &route)
            }
            Behaviour::Hang => self.hang(),
            Behaviour::Truncated => {
                self.keep = false;
                let len = route.body.len().to_string();
                self.head(
                    200,
                    &[
                        ("Content-Type", &route.content_type),
                        ("Content-Length", &len),
                    ],
                )?;
                self.send(route.body.get(..route.body.len() / 2).unwrap_or(&[]))?;
                Ok(false)
            }
            Behaviour::Html => self.full(200, "text/html; charset=utf-8", &[], HTML_PAGE),
            Behaviour::Huge { bytes } => self.huge(*bytes),
            Behaviour::RedirectTo(to) => {
                self.full(302, "text/plain; charset=utf-8", &[("Location", to)], b"")
            }
            Behaviour::Status(code) => self.short(*code, &[]),
        }
    }

    /// 200 or, when the client's validators match, 304 (If-None-Match wins over
    /// If-Modified-Since, as RFC 9110 §13.2.2 requires).
    fn ok(&mut self, req: &Request, route: &Route) -> io::Result<bool> {
        let (etag, date) = (route.etag(), route.http_date());
        let validators = [("ETag", etag), ("Last-Modified", date.as_str())];
        let fresh = match (&req.if_none_match, &req.if_modified_since) {
            (Some(inm), _) => inm
                .split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.trim_start_matches("W/") == etag),
            (None, Some(ims)) => {
                DateTime::parse_from_rfc2822(ims).is_ok_and(|t| t.to_utc() >= route.last_modified)
            }
            (None, None) => false,
        };
        if fresh {
            self.head(304, &validators)?;
            return Ok(true);
        }
        self.full(200, &route.content_type, &validators, &route.body)
    }

    /// Never answers; returns (closing) when the client closes or the server stops.
    fn hang(&mut self) -> io::Result<bool> {
        let mut tmp = [0u8; 1024];
        while !self.sh.stop.load(SeqCst) {
            match self.s.read(&mut tmp) {
                Ok(0) => break,
                Err(e) if !retryable(&e) => break,
                _ => {}
            }
        }
        Ok(false)
    }

    /// Streams `[{filler},{filler},...   ]`, exactly `n` bytes, chunked (trailing spaces
    /// pad to the exact size; `n < 2` sends only spaces). Stops early on shutdown.
    fn huge(&mut self, n: u64) -> io::Result<bool> {
        const UNIT: &[u8] =
            br#"{"id":"filler00000","name":"filler incident","impact":"none","status":"resolved"}"#;
        self.head(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Transfer-Encoding", "chunked"),
            ],
        )?;
        let bracketed = n >= 2;
        let reserve = u64::from(bracketed); // room kept for the closing ']'
        let mut block: Vec<u8> = Vec::with_capacity(CHUNK + 256);
        let mut pos = reserve; // the '[' (pushed below) counts as written
        if bracketed {
            block.push(b'[');
        }
        let mut first = true;
        loop {
            let room = n - reserve - pos;
            let piece = UNIT.len() as u64 + u64::from(!first);
            let done = room == 0;
            if done {
                block.extend_from_slice(if bracketed { b"]" } else { b"" });
            } else if room >= piece {
                block.extend_from_slice(if first { b"" } else { b"," });
                block.extend_from_slice(UNIT);
                (pos, first) = (pos + piece, false);
            } else {
                let k = room.min(CHUNK as u64) as usize;
                block.resize(block.len() + k, b' ');
                pos += k as u64;
            }
            if (done || block.len() >= CHUNK) && !block.is_empty() {
                let mut chunk = format!("{:x}\r\n", block.len()).into_bytes();
                chunk.extend_from_slice(&block);
                chunk.extend_from_slice(b"\r\n");
                self.send(&chunk)?;
                block.clear();
                if self.sh.stop.load(SeqCst) {
                    return Ok(false);
                }
            }
            if done {
                break;
            }
        }
        self.send(b"0\r\n\r\n")?;
        Ok(true)
    }
}
