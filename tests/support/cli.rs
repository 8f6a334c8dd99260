//! What every integration test binary shares: a temporary directory that removes itself,
//! the captured fixtures, and running the built `planb`. Included with
//! `#[path = "../support/cli.rs"] mod cli;`.
#![allow(dead_code)] // each test binary uses a different part

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PLANB: &str = env!("CARGO_BIN_EXE_planb");
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// A captured payload under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(FIXTURES).join(rel)
}

/// A fresh directory under the system temp dir, removed (with everything in it) on drop,
/// also when the test fails.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// `tag` names the test in the directory's name. The name has a fixed length (the
    /// tag cut or padded to 12), so a path shown on screen wraps the same in every run.
    pub fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "planb-{:_<12.12}-{:016x}",
            tag.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A directory for what lives as long as the test process (a store shared through a
/// `static`, which is never dropped): under cargo's per-target temp dir, not /tmp, so
/// nothing piles up outside `target/`.
pub fn process_dir(tag: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("process dir");
    dir
}

/// `planb` with colour off and nothing from the caller's environment that changes output.
pub fn command() -> Command {
    let mut command = Command::new(PLANB);
    command.env("NO_COLOR", "1").env_remove("PLANB_DATA");
    command
}

/// `planb --data DATA ARGS…`, run to completion.
pub fn planb(data: &Path, args: &[&str]) -> Output {
    command()
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run planb")
}

/// Stdout and stderr of a run, for assertion messages.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
