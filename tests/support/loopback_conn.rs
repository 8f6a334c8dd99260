//! Per-connection half of the loopback server (`loopback.rs`): reading and parsing
//! request heads, and writing every kind of response a `Behaviour` asks for.
//! Included from `loopback.rs` via `#[path = "loopback_conn.rs"] mod conn;`.

use chrono::DateTime;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::Ordering::SeqCst;
use std::thread;
use std::time::Duration;

use super::{Behaviour, POLL, Route, Shared, lock};

/// Request heads larger than this are treated as abuse and the connection is dropped.
const MAX_HEAD: usize = 64 * 1024;
/// Request bodies (GET should have none) larger than this drop the connection.
const MAX_BODY: usize = 1 << 20;
/// Chunk size for `Behaviour::Huge` streaming.
const CHUNK: usize = 64 * 1024;
const HTML_PAGE: &[u8] = b"<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head>\n<body><h1>Something went wrong</h1><p>We are having trouble loading this status page. Please try again later.</p></body></html>\n";

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

pub(super) fn serve(s: TcpStream, sh: &Shared) {
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
            Behaviour::Trickle { every_ms } => self.trickle(*every_ms),
            Behaviour::BadGzip => self.full(
                200,
                "application/json",
                &[("Content-Encoding", "gzip")],
                b"{\"page\": this was never gzip-compressed}",
            ),
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

    /// Headers promising 1 MB, then a byte of JSON every `every_ms`, until the client
    /// goes away (a failed write) or the server stops.
    fn trickle(&mut self, every_ms: u64) -> io::Result<bool> {
        self.keep = false;
        self.head(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Content-Length", "1048576"),
            ],
        )?;
        self.send(b"[")?;
        let step = Duration::from_millis(every_ms.max(1));
        while !self.sh.stop.load(SeqCst) {
            thread::sleep(step);
            self.send(b" ")?;
        }
        Ok(false)
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
