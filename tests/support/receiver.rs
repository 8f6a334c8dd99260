//! A webhook receiver on 127.0.0.1 for `planb watch` tests and `benches/watch.rs`: it
//! records every POST body with its arrival time and answers 200, or accepts and never
//! answers (a dead receiver). Std only, one thread per connection; dropping it stops it.
//! Also `scrape`, a plain GET of a `/metrics` page.
//!
//! Include with `#[path = "../support/receiver.rs"] mod receiver;` (tests/watch) or
//! `#[path = "../tests/support/receiver.rs"] mod receiver;` (benches).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Largest request accepted (head and body).
const MAX_REQUEST: usize = 4 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Post {
    pub at: Instant,
    pub body: String,
}

struct Shared {
    posts: Mutex<Vec<Post>>,
    stop: AtomicBool,
    hang: bool,
}

pub struct Receiver {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl Receiver {
    /// Records each POST and answers 200.
    pub fn start() -> Receiver {
        Self::spawn(false)
    }

    /// Reads each request and never answers (the connection stays open until it stops).
    pub fn hanging() -> Receiver {
        Self::spawn(true)
    }

    fn spawn(hang: bool) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("receiver: bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("receiver: local_addr");
        let shared = Arc::new(Shared {
            posts: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
            hang,
        });
        let sh = Arc::clone(&shared);
        let accept = thread::spawn(move || {
            let mut conns = Vec::new();
            for stream in listener.incoming() {
                if sh.stop.load(SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let sh = Arc::clone(&sh);
                conns.push(thread::spawn(move || serve(stream, &sh)));
            }
            for c in conns {
                let _ = c.join();
            }
        });
        Receiver {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    pub fn posts(&self) -> Vec<Post> {
        self.shared
            .posts
            .lock()
            .map(|p| p.clone())
            .unwrap_or_default()
    }

    /// Every body parsed as JSON, in arrival order.
    pub fn events(&self) -> Vec<(Instant, serde_json::Value)> {
        self.posts()
            .into_iter()
            .map(|p| {
                let value = serde_json::from_str(&p.body)
                    .unwrap_or_else(|e| panic!("webhook body is not JSON ({e}): {}", p.body));
                (p.at, value)
            })
            .collect()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.shared.stop.store(true, SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve(mut stream: TcpStream, sh: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut want: Option<usize> = None;
    while !sh.stop.load(SeqCst) && buf.len() <= MAX_REQUEST {
        if let Some(total) = want
            && buf.len() >= total
        {
            break;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                continue;
            }
            Err(_) => return,
        }
        if want.is_none()
            && let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n")
        {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            want = Some(end + 4 + length);
        }
    }
    let Some(total) = want.filter(|t| buf.len() >= *t) else {
        return;
    };
    if sh.hang {
        while !sh.stop.load(SeqCst) {
            thread::sleep(Duration::from_millis(20));
        }
        return;
    }
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4;
    let body = String::from_utf8_lossy(&buf[head_end..total]).into_owned();
    if let Ok(mut posts) = sh.posts.lock() {
        posts.push(Post {
            at: Instant::now(),
            body,
        });
    }
    let _ =
        stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
}

/// GET `http://addr/metrics`; the body, or `None` if the server did not answer 200.
pub fn scrape(addr: SocketAddr) -> Option<String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: planb\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply).ok()?;
    let (head, body) = reply.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_string())
}
