//! The DORA register end to end, through the real binary: `planb register init`,
//! `check` and the package writer, on the demo inventory, the demo store (real Parquet
//! written by `planb::demo::store`) and a FICTIONAL filled register.toml committed beside
//! this file. The package is read back with the `zip` crate and the `csv` crate and
//! checked by rules written here, independently of planb's writer.

use std::path::{Path, PathBuf};
use std::process::Output;

mod bad_input;
mod ctpp;
mod dashboard;
mod evidence;
mod init;
mod package;
mod tables;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn demo_inventory() -> PathBuf {
    root().join("data/demo/inventory.csv")
}

/// The filled, fictional register for the demo company.
fn fixture_register() -> PathBuf {
    root().join("tests/register/register.toml")
}

#[path = "../support/cli.rs"]
mod cli;
use cli::TempDir;

/// Runs planb with `args`; the store is `data` (a fresh empty one when `None`), never
/// the user's.
fn planb(args: &[&str], data: Option<&Path>) -> Output {
    let empty;
    let data = match data {
        Some(d) => d,
        None => {
            empty = TempDir::new("nostore");
            empty.path()
        }
    };
    cli::command()
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run planb")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// ISO 17442 check digits, computed here with a different method from planb's (the
/// whole number as decimal digits, reduced nine digits at a time).
fn lei_ok(code: &str) -> bool {
    if code.len() != 20
        || !code
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        return false;
    }
    let digits: String = code
        .chars()
        .map(|c| c.to_digit(36).expect("alphanumeric").to_string())
        .collect();
    let mut rest: u64 = 0;
    for chunk in digits.as_bytes().chunks(9) {
        let part = std::str::from_utf8(chunk).expect("ascii");
        rest = format!("{rest}{part}").parse::<u64>().expect("digits") % 97;
    }
    rest == 1
}

/// The 1-based line of the first line of `text` that starts with `prefix`, after `from`.
fn line_of(text: &str, prefix: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| l.starts_with(prefix))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no line starting with {prefix:?}"))
}

#[test]
fn the_independent_lei_check_agrees_on_known_codes() {
    assert!(lei_ok("506700GE1G29325QX363"), "GLEIF's own LEI");
    assert!(!lei_ok("506700GE1G29325QX364"));
    assert!(lei_ok("PLNB00FICTBANK000029"));
}
