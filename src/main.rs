//! planb's entry point: parse the command line, set up logging, dispatch, and map
//! the outcome to an exit code (0 ok, 1 partial failure, 2 bad input).

use std::process::ExitCode;

use clap::Parser;
use planb::cli::{Cli, Command, Outcome};
use planb::store::{Store, resolve_root};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    match run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let color = cli.color.enabled();
    let store = Store::at(resolve_root(cli.data.as_deref())?);
    match cli.command {
        Some(Command::Pull(args)) => planb::cli::pull::run(args, store, color),
        Some(Command::Import(args)) => planb::cli::import::run(args, store, color),
        None => {
            eprintln!("the dashboard is not built yet: use `planb pull` or `planb import` (see `planb --help`)");
            Ok(Outcome::BadInput)
        }
    }
}

/// Warnings to stderr; `RUST_LOG` raises the level.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}
