//! Command line: one file per subcommand. Each returns an `Outcome` that `main` maps
//! to an exit code; errors from modules arrive typed and leave here as `anyhow`.

pub mod catalog;
pub mod dashboard;
pub mod docs;
pub mod import;
pub mod inventory;
pub mod pull;
pub mod register;
pub mod repair;
pub mod report;
pub mod summary;
pub mod synth;
pub mod watch;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "planb",
    version,
    about = "If one of our vendors goes dark, what do we lose, and how well will that vendor tell us?"
)]
pub struct Cli {
    /// Store directory (default: $PLANB_DATA, else the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Colour in output: auto (terminal and no NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Inventory for the dashboard when no subcommand is given (`planb --inventory FILE`).
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<std::path::PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout, honouring NO_COLOR for `auto`.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The risk dashboard (the default): exposure, vendor track records, incident timelines.
    Dashboard(dashboard::DashboardArgs),
    /// Fetch status histories of the inventory's vendors into the store.
    Pull(pull::PullArgs),
    /// Ingest saved status-page payload files or folders, exactly as a pull would.
    Import(import::ImportArgs),
    /// Validate an inventory and show how it resolves against the catalog.
    Inventory(inventory::InventoryArgs),
    /// The built-in service catalog: `list` (default) or `show SERVICE`.
    Catalog(catalog::CatalogArgs),
    /// Rebuild one source's tables from its raw archive (when a stored file is damaged).
    Repair(repair::RepairArgs),
    /// Communication and recovery metrics per incident, source and vendor (CSV, JSON, Markdown).
    Report(report::ReportArgs),
    /// The DORA Register of Information: `init`, `check`, or write the xBRL-CSV package.
    Register(register::RegisterArgs),
    /// Poll the inventory's status pages on an interval; report every change (stdout, webhooks, /metrics).
    Watch(watch::WatchArgs),
    /// Write a synthetic store (for benchmarks), marked synthetic in its manifest.
    Synth(synth::SynthArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(docs::CompletionsArgs),
    /// Print the man page (or write one per subcommand with --out DIR).
    Man(docs::ManArgs),
}

/// How a command ended; `main` turns it into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked: exit 0.
    Ok,
    /// Some sources failed, the rest were stored: exit 1.
    Partial,
    /// Bad usage or bad input, nothing written: exit 2.
    BadInput,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Ok => 0,
            Self::Partial => 1,
            Self::BadInput => 2,
        }
    }
}
