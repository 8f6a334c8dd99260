//! `planb inventory check FILE`: validate an inventory and print how each row resolved
//! (service → vendor, hosts, status source) and every problem. Exit 2 on errors.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Outcome;
use crate::fetch::http::HttpPolicy;
use crate::ingest::discover::detect_platforms;
use crate::inventory::{
    self, Inventory, InventoryKind, InventoryRow, Origin, Severity, UndetectedSource,
};
use crate::model::sanitize_text;

#[derive(Debug, Args)]
pub struct InventoryArgs {
    #[command(subcommand)]
    pub action: InventoryAction,
}

#[derive(Debug, Subcommand)]
pub enum InventoryAction {
    /// Validate an inventory (CSV or TOML) and show how each row resolves against the catalog.
    Check {
        /// The inventory file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn run(args: InventoryArgs) -> anyhow::Result<Outcome> {
    let InventoryAction::Check { file } = args.action;
    match inventory::load(&file) {
        Ok(inventory) => {
            print!("{}", render(&inventory));
            let undetected = inventory.undetected_sources();
            if !undetected.is_empty() {
                print!("{}", render_detections(undetected)?);
            }
            Ok(Outcome::Ok)
        }
        Err(err) => {
            let errors = err
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count();
            let warnings = err.problems.len() - errors;
            let mut out = format!(
                "{}: {errors} error(s), {warnings} warning(s); nothing can use this inventory until the errors are fixed\n",
                clean(&file.display().to_string())
            );
            for problem in &err.problems {
                let _ = writeln!(out, "{}", clean(&problem.to_string()));
            }
            print!("{out}");
            eprintln!(
                "error: {} has {errors} error(s)",
                clean(&file.display().to_string())
            );
            Ok(Outcome::BadInput)
        }
    }
}

/// Status URLs without a platform: what asking each page found (or what was tried).
fn render_detections(undetected: Vec<UndetectedSource>) -> anyhow::Result<String> {
    let mut out = format!(
        "\n{} status URL(s) without a platform; asked the pages:\n",
        undetected.len()
    );
    for detection in detect_platforms(None, undetected, HttpPolicy::default())? {
        let mark = if detection.found.is_some() {
            "found"
        } else {
            "warning"
        };
        let _ = writeln!(out, "  {mark}: {}", clean(&detection.describe()));
    }
    Ok(out)
}

/// The resolved table, then the warnings.
pub fn render(inventory: &Inventory) -> String {
    let services: std::collections::HashSet<&str> =
        inventory.rows.iter().map(|r| r.key.as_str()).collect();
    let vendors: std::collections::HashSet<String> = inventory
        .rows
        .iter()
        .map(|r| r.vendor.to_ascii_lowercase())
        .collect();
    let kind = match inventory.kind {
        InventoryKind::Exposure => "exposure inventory",
        InventoryKind::SourcesOnly => {
            "sources-only inventory (no capability, criticality or fallback columns: fine for `planb pull`, no exposure metrics)"
        }
    };
    let mut out = format!(
        "{}: {kind}\n{} row(s), {} service(s), {} vendor(s), {} readable status source(s)\n\n",
        clean(&inventory.path.display().to_string()),
        inventory.rows.len(),
        services.len(),
        vendors.len(),
        inventory.sources().len()
    );
    let with_usage = inventory.kind == InventoryKind::Exposure;
    let mut headers = vec!["line", "service"];
    if with_usage {
        headers.extend(["capability", "criticality", "fallback"]);
    }
    headers.extend([
        "vendor",
        "hosts",
        "platform",
        "status page",
        "resolved from",
    ]);
    let rows: Vec<Vec<String>> = inventory
        .rows
        .iter()
        .map(|row| cells(row, with_usage))
        .collect();
    out.push_str(&table(&headers, &rows));
    let warnings = inventory.warnings.len();
    let _ = writeln!(out, "\nno errors, {warnings} warning(s)");
    for warning in &inventory.warnings {
        let _ = writeln!(out, "{}", clean(&warning.to_string()));
    }
    out
}

fn cells(row: &InventoryRow, with_usage: bool) -> Vec<String> {
    let mut cells = vec![row.line.to_string(), row.service.clone()];
    if with_usage {
        match &row.usage {
            Some(u) => cells.extend([
                u.capability.clone(),
                u.criticality.to_string(),
                u.fallback.label().to_string(),
            ]),
            None => cells.extend(["".into(), "".into(), "".into()]),
        }
    }
    let hosts = if row.hosts.is_empty() {
        "unknown".to_string()
    } else {
        row.hosts
            .iter()
            .map(|h| h.name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let hosts = match row.hosts_basis.as_deref() {
        Some(basis) if basis != "stated" && !row.hosts.is_empty() => format!("{hosts} ({basis})"),
        _ => hosts,
    };
    let platform = match (row.platform, &row.platform_name, &row.status_url) {
        (Some(platform), _, _) => platform.to_string(),
        (None, Some(name), _) => format!("{name}: no reader yet"),
        (None, None, Some(_)) => "to detect (below)".to_string(),
        (None, None, None) => "—".to_string(),
    };
    let page = row
        .status_url
        .clone()
        .unwrap_or_else(|| "none: no history".to_string());
    let from = match &row.origin {
        Origin::Catalog { key, overrides } if overrides.is_empty() => format!("catalog `{key}`"),
        Origin::Catalog { key, overrides } => {
            format!("catalog `{key}`, overrides {}", overrides.join(", "))
        }
        Origin::Inventory => "inventory only".to_string(),
    };
    cells.extend([row.vendor.clone(), hosts, platform, page, from]);
    cells
}

/// Text safe for a terminal on one line.
pub(crate) fn clean(text: &str) -> String {
    sanitize_text(text).replace(['\n', '\t'], " ")
}

/// Longest cell shown before it is cut with `…`.
const MAX_CELL: usize = 60;

/// Left-aligned columns separated by two spaces; every cell is sanitized and cut to `MAX_CELL`.
pub(crate) fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let cut = |text: &str| {
        let text = clean(text);
        if text.chars().count() > MAX_CELL {
            text.chars().take(MAX_CELL - 1).chain(['…']).collect()
        } else {
            text
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    push_line(&mut out, &widths, headers.iter().copied());
    for row in &rows {
        push_line(&mut out, &widths, row.iter().map(String::as_str));
    }
    out
}

fn push_line<'a>(out: &mut String, widths: &[usize], cells: impl Iterator<Item = &'a str>) {
    let mut text = String::new();
    for (cell, width) in cells.zip(widths.iter().copied()) {
        let _ = write!(text, "{cell:<width$}  ");
    }
    out.push_str(text.trim_end());
    out.push('\n');
}
