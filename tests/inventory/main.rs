//! Inventory, catalog and exposure: the real binary for the CLI (`inventory check`,
//! `catalog`), the library for the math (methodology.md's worked example, the demo
//! company's concentration, SPOFs and correlated failures, what-if, the April 2022 replay).
//! One test binary on purpose: each links polars.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use planb::inventory::{self, Criticality, Fallback, Inventory, InventoryKind};
use planb::metrics::case_study;
use planb::metrics::exposure::scenario::{self, HitPath, Target};
use planb::metrics::exposure::{Band, ExposureReport, Level};
use planb::metrics::risk::{self, RiskInputs};

const PLANB: &str = env!("CARGO_BIN_EXE_planb");

/// A temporary file (and a data dir that must stay unwritten), removed on drop.
struct Scratch {
    file: PathBuf,
    data: PathBuf,
}

impl Scratch {
    fn new(name: &str, contents: &[u8]) -> Self {
        let unique = format!("planb-inv-{}-{}", std::process::id(), fastrand::u64(..));
        let dir = std::env::temp_dir().join(&unique);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join(name);
        std::fs::write(&file, contents).expect("write inventory");
        Self {
            file,
            data: dir.join("store"),
        }
    }

    fn run(&self, args: &[&str]) -> (Option<i32>, String) {
        let out = Command::new(PLANB)
            .arg("--data")
            .arg(&self.data)
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run planb");
        assert!(!self.data.exists(), "a check must write nothing");
        (out.status.code(), text(&out))
    }

    fn check(&self) -> (Option<i32>, String) {
        self.run(&["inventory", "check", &self.file.display().to_string()])
    }

    /// `file:line[:column]: severity: field `x`` as `planb` prints it.
    fn at(&self, position: &str, severity: &str, field: &str) -> String {
        format!(
            "{}:{position}: {severity}: field `{field}`",
            self.file.display()
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = self.file.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn parse(name: &str, text: &str) -> Inventory {
    inventory::parse(Path::new(name), text).unwrap_or_else(|e| panic!("{e}"))
}

fn demo() -> ExposureReport {
    ExposureReport::from_inventory(&inventory::demo().unwrap_or_else(|e| panic!("{e}")))
}

fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance
}

const HEADER: &str = "service,capability,criticality,fallback\n";

mod cli;
mod concentration;
mod malformed;
mod mistakes;
mod scenarios;
