//! `planb register`: the DORA Register of Information. `init` writes (or extends) the
//! register.toml skeleton, `check` runs the pre-flight alone, and the bare command
//! writes the xBRL-CSV package with evidence.csv beside it. Any blocking problem: exit
//! 2 and nothing written, unless `--draft`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

use super::Outcome;
use crate::inventory::{self, Inventory, InventoryKind};
use crate::metrics::{self, Window};
use crate::register::{
    self, Assessment, Problem, Readiness, RegisterFile, evidence, init, one_line,
};
use crate::store::Store;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct RegisterArgs {
    #[command(subcommand)]
    pub action: Option<RegisterAction>,
    /// Inventory (CSV or TOML) with capability, criticality and fallback.
    #[arg(long, value_name = "FILE", required = true)]
    pub inventory: Option<PathBuf>,
    /// The register file (`planb register init` writes one).
    #[arg(long, value_name = "FILE", default_value = "register.toml")]
    pub register: PathBuf,
    /// Directory for the package and evidence.csv (created if missing).
    #[arg(long, value_name = "DIR", required = true)]
    pub out: Option<PathBuf>,
    /// Write the package even with blocking problems, named DRAFT-…zip, with problems.txt.
    #[arg(long)]
    pub draft: bool,
    /// Metrics window for evidence.csv: 30d, 90d, 1y or all.
    #[arg(long, default_value = "1y", value_parser = parse_window)]
    pub window: Window,
}

#[derive(Debug, Subcommand)]
pub enum RegisterAction {
    /// Write register.toml from the inventory, or add what the inventory gained to it.
    Init {
        /// Inventory (CSV or TOML) with capability, criticality and fallback.
        #[arg(long, value_name = "FILE")]
        inventory: PathBuf,
        /// The register file to write, or to extend when it exists.
        #[arg(long, value_name = "FILE", default_value = "register.toml")]
        out: PathBuf,
    },
    /// Run the pre-flight (rules 805-808, code lists, LEI check digits) and list the problems.
    Check {
        /// Inventory (CSV or TOML) with capability, criticality and fallback.
        #[arg(long, value_name = "FILE")]
        inventory: PathBuf,
        /// The register file.
        #[arg(long, value_name = "FILE", default_value = "register.toml")]
        register: PathBuf,
    },
}

fn parse_window(text: &str) -> Result<Window, String> {
    Window::parse(text).ok_or_else(|| format!("`{text}` is not a window: use 30d, 90d, 1y or all"))
}

const EXTRACT_NOTE: &str = "This is a DORA-aligned extract: the entity must validate it (EBA taxonomy DORA 4.0 and its validation rules) before filing.";

pub fn run(args: RegisterArgs, store: Store) -> anyhow::Result<Outcome> {
    match args.action {
        Some(RegisterAction::Init { inventory, out }) => run_init(&inventory, &out),
        Some(RegisterAction::Check {
            inventory,
            register,
        }) => run_check(&inventory, &register),
        None => {
            let (Some(inventory), Some(out)) = (args.inventory.as_deref(), args.out.as_deref())
            else {
                eprintln!("error: `planb register` needs --inventory FILE and --out DIR");
                return Ok(Outcome::BadInput);
            };
            run_write(
                inventory,
                &args.register,
                out,
                args.draft,
                args.window,
                &store,
            )
        }
    }
}

fn load_inventory(path: &Path) -> Option<Inventory> {
    match inventory::load(path) {
        Ok(inv) if inv.kind == InventoryKind::Exposure => Some(inv),
        Ok(_) => {
            eprintln!(
                "error: {}: the inventory lists sources only; the register needs capability, criticality and fallback on every row",
                path.display()
            );
            None
        }
        Err(e) => {
            eprintln!("error: {}", one_line_keep_breaks(&e.to_string()));
            None
        }
    }
}

/// Multi-line module errors keep their lines, but nothing else unsafe.
fn one_line_keep_breaks(text: &str) -> String {
    text.lines().map(one_line).collect::<Vec<_>>().join("\n")
}

fn load_register(path: &Path) -> Option<RegisterFile> {
    match register::file::load(path) {
        Ok(file) => Some(file),
        Err(problems) => {
            print_problems(&problems);
            eprintln!("nothing written");
            None
        }
    }
}

fn print_problems(problems: &[Problem]) {
    for p in problems {
        eprintln!("{}", one_line(&p.to_string()));
    }
}

fn run_init(inventory_path: &Path, out: &Path) -> anyhow::Result<Outcome> {
    let Some(inventory) = load_inventory(inventory_path) else {
        return Ok(Outcome::BadInput);
    };
    let (text, added) = if out.exists() {
        let Some(existing) = load_register(out) else {
            return Ok(Outcome::BadInput);
        };
        let text =
            std::fs::read_to_string(out).with_context(|| format!("reading {}", out.display()))?;
        let (text, added) = init::extend(&text, &existing, &inventory);
        if added.total() == 0 {
            println!(
                "{}: already has every provider, contract and function the inventory needs",
                out.display()
            );
            return Ok(Outcome::Ok);
        }
        (text, added)
    } else {
        init::skeleton(&inventory)
    };
    // The result must read back: a skeleton planb cannot parse would be a planb bug.
    if let Err(problems) = register::file::parse(out, &text) {
        print_problems(&problems);
        anyhow::bail!("bug: the register.toml planb made does not parse; nothing written");
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    crate::store::atomic::write_file(out, text.as_bytes())
        .with_context(|| format!("writing {}", out.display()))?;
    println!(
        "wrote {}: {} provider(s), {} contract(s), {} function(s) added; fill in the empty strings, then `planb register check --inventory {} --register {}`",
        out.display(),
        added.providers,
        added.contracts,
        added.functions,
        inventory_path.display(),
        out.display()
    );
    Ok(Outcome::Ok)
}

/// Everything the pre-flight finds, including rule 808 on the package as it would be.
fn preflight<'a>(
    inventory: &'a Inventory,
    register: &'a RegisterFile,
    created: DateTime<Utc>,
    draft: bool,
) -> anyhow::Result<(Assessment<'a>, register::Package)> {
    let today = created.format("%Y-%m-%d").to_string();
    let mut assessment = register::assess(inventory, register, &today);
    let package =
        register::package(&assessment, created, draft).context("assembling the package")?;
    assessment.problems.extend(package.problems.iter().cloned());
    register::problem::sort(&mut assessment.problems);
    Ok((assessment, package))
}

fn summary(assessment: &Assessment) -> String {
    let r = Readiness::of(assessment);
    format!(
        "{} blocking problem(s), {} warning(s); providers with codes {}/{}, functions assessed {}/{}",
        r.blocking,
        r.warnings,
        r.providers_with_codes,
        r.providers_needed,
        r.functions_assessed,
        r.functions_needed
    )
}

fn run_check(inventory_path: &Path, register_path: &Path) -> anyhow::Result<Outcome> {
    let Some(inventory) = load_inventory(inventory_path) else {
        return Ok(Outcome::BadInput);
    };
    let Some(register) = load_register(register_path) else {
        return Ok(Outcome::BadInput);
    };
    let (assessment, _) = preflight(&inventory, &register, Utc::now(), false)?;
    for p in &assessment.problems {
        println!("{}", one_line(&p.to_string()));
    }
    println!("{}", summary(&assessment));
    Ok(if assessment.blocking() > 0 {
        Outcome::BadInput
    } else {
        Outcome::Ok
    })
}

fn run_write(
    inventory_path: &Path,
    register_path: &Path,
    out: &Path,
    draft: bool,
    window: Window,
    store: &Store,
) -> anyhow::Result<Outcome> {
    if out.exists() && !out.is_dir() {
        eprintln!(
            "error: --out {}: is a file; --out takes a directory (created if missing)",
            out.display()
        );
        return Ok(Outcome::BadInput);
    }
    let Some(inventory) = load_inventory(inventory_path) else {
        return Ok(Outcome::BadInput);
    };
    let Some(register) = load_register(register_path) else {
        return Ok(Outcome::BadInput);
    };
    let created = Utc::now();
    let (assessment, package) = preflight(&inventory, &register, created, draft)?;
    print_problems(&assessment.problems);
    eprintln!("{}", summary(&assessment));
    let blocking = assessment.blocking();
    if blocking > 0 && !draft {
        eprintln!(
            "nothing written: fix the blocking problems above, or pass --draft for a DRAFT package with problems.txt"
        );
        return Ok(Outcome::BadInput);
    }
    // Evidence before any write: a store that cannot be read stops everything.
    let manifest = store.manifest()?;
    let labels = metrics::source_labels(&manifest, Some(&inventory));
    // Every stored source, grouped by vendor as the dashboard does; evidence.csv names
    // the status pages behind each number.
    let report = metrics::communication(
        store,
        &labels,
        None,
        window,
        created,
        metrics::IncidentRows::Skip,
    )
    .context("computing the evidence metrics")?;
    for damaged in &report.damaged {
        eprintln!("warning: evidence.csv: {}", damaged.advice());
    }
    let rows = evidence::rows(&assessment.linked, Some(&report), window.label());
    let mut files = vec![
        (package.file_name.clone(), package.bytes),
        ("evidence.csv".to_string(), evidence::csv(&rows)),
    ];
    if draft {
        files.push((
            "problems.txt".into(),
            register::problems_text(&assessment.problems).into_bytes(),
        ));
    }
    for path in register::package::write_all(out, &files)
        .with_context(|| format!("writing into {}", out.display()))?
    {
        println!("wrote {}", path.display());
    }
    let missing = evidence::vendors_without_data(&assessment.linked, Some(&report));
    if !missing.is_empty() {
        println!(
            "evidence.csv: no stored incidents in window {} for {}: their metric cells are empty (unknown, not zero); `planb pull --inventory {}` fetches them",
            window.label(),
            one_line(&missing.join(", ")),
            inventory_path.display()
        );
    }
    println!("{EXTRACT_NOTE}");
    Ok(if blocking > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}
