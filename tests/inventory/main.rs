//! Inventory, catalog and exposure: the real binary for the CLI (`inventory check`,
//! `catalog`), the library for the math (methodology.md's worked example, the demo
//! company's concentration, SPOFs and correlated failures, what-if, the April 2022 replay).
//! One test binary on purpose: each links polars.

use std::path::{Path, PathBuf};
use std::time::Instant;

use planb::inventory::{self, Criticality, Fallback, Inventory, InventoryKind};
use planb::metrics::case_study;
use planb::metrics::exposure::scenario::{self, HitPath, Target};
use planb::metrics::exposure::{Band, ExposureReport, Level};
use planb::metrics::risk::{self, RiskInputs};

#[path = "../support/cli.rs"]
mod cli;
use cli::{TempDir, command, text};

/// A temporary file (and a data dir that must stay unwritten), removed on drop.
struct Scratch {
    _dir: TempDir,
    file: PathBuf,
    data: PathBuf,
}

impl Scratch {
    fn new(name: &str, contents: &[u8]) -> Self {
        let dir = TempDir::new("inventory");
        let file = dir.join(name);
        std::fs::write(&file, contents).expect("write inventory");
        Self {
            file,
            data: dir.join("store"),
            _dir: dir,
        }
    }

    fn run(&self, args: &[&str]) -> (Option<i32>, String) {
        let out = command()
            .arg("--data")
            .arg(&self.data)
            .args(args)
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

mod commands;
mod concentration;
mod malformed;
mod mistakes;
mod scenarios;
