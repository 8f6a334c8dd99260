//! `planb watch` end to end: the real binary polling a real HTTP server on 127.0.0.1 that
//! serves captured Atlassian summaries (swapped at runtime to make incidents appear and
//! vanish), posting to webhook receivers on 127.0.0.1, serving `/metrics`, and writing a
//! real store. Nothing leaves loopback.

#[path = "../support/loopback.rs"]
mod loopback;
#[path = "../support/receiver.rs"]
mod receiver;

mod bad_input;
mod events;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "../support/cli.rs"]
mod cli;
use cli::{FIXTURES, PLANB, TempDir};

fn fixtures() -> &'static Path {
    Path::new(FIXTURES)
}

/// A fresh path (not created: a test can check that nothing was written there) inside a
/// temporary directory that is removed on drop.
struct Temp(PathBuf, #[allow(dead_code)] TempDir);

impl Temp {
    fn new(tag: &str) -> Self {
        let dir = TempDir::new(tag);
        Temp(dir.join(tag), dir)
    }
}

/// A running `planb watch`, its output collected line by line.
struct Watch {
    child: Child,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
    metrics: Option<SocketAddr>,
}

fn collect(stream: impl std::io::Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            sink.lock().expect("lines").push(line);
        }
    });
    lines
}

impl Watch {
    /// Start it and wait for its banner (the signal handlers are in place by then).
    fn start(data: &Path, inventory: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(PLANB)
            .arg("--data")
            .arg(data)
            .arg("watch")
            .arg("--inventory")
            .arg(inventory)
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start planb watch");
        let stdout = collect(child.stdout.take().expect("stdout"));
        let stderr = collect(child.stderr.take().expect("stderr"));
        let mut watch = Watch {
            child,
            stdout,
            stderr,
            metrics: None,
        };
        let banner = wait_for(Duration::from_secs(30), || {
            watch
                .stderr
                .lock()
                .expect("stderr")
                .iter()
                .find(|l| l.starts_with("planb watch:"))
                .cloned()
        })
        .unwrap_or_else(|| panic!("no banner; stderr: {:?}", watch.stderr_text()));
        watch.metrics = banner
            .split("metrics at http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|addr| addr.parse().ok());
        watch
    }

    fn stdout_lines(&self) -> Vec<String> {
        self.stdout.lock().expect("stdout").clone()
    }

    fn stderr_text(&self) -> String {
        self.stderr.lock().expect("stderr").join("\n")
    }

    fn scrape(&self) -> String {
        receiver::scrape(self.metrics.expect("watch started with --listen")).expect("GET /metrics")
    }

    /// SIGTERM, then wait for the exit (at most `within`).
    fn stop(mut self, within: Duration) -> (ExitStatus, Duration) {
        let started = Instant::now();
        // SAFETY: sends a signal to our own child, whose pid we hold.
        let sent = unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        assert_eq!(sent, 0, "kill(SIGTERM)");
        let status = wait_for(within, || self.child.try_wait().ok().flatten())
            .unwrap_or_else(|| panic!("watch still running {within:?} after SIGTERM"));
        (status, started.elapsed())
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Poll `check` every 20 ms until it gives a value or `timeout` passes.
fn wait_for<T>(timeout: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
