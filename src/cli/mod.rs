//! Command line: one file per subcommand. Each returns an `Outcome` that `main` maps
//! to an exit code; errors from modules arrive typed and leave here as `anyhow`.

pub mod import;
pub mod pull;
pub mod summary;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "planb", version, about = "If one of our vendors goes dark, what do we lose, and how well will that vendor tell us?")]
pub struct Cli {
    /// Store directory (default: $PLANB_DATA, else the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Colour in output: auto (terminal and no NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
            Self::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch status histories of the inventory's vendors into the store.
    Pull(pull::PullArgs),
    /// Ingest saved status-page payload files or folders, exactly as a pull would.
    Import(import::ImportArgs),
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
