//! planb's entry point: parse the command line, set up logging, dispatch, and map
//! the outcome to an exit code (0 ok, 1 partial failure, 2 bad input).

use std::process::ExitCode;

/// polars allocates and frees large buffers constantly; mimalloc keeps that cheaper than glibc's malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use planb::cli::{Cli, Command, Outcome};
use planb::store::{Store, resolve_root};

/// mimalloc's `purge_delay` option (see mimalloc.h `mi_option_e`; the Rust bindings have
/// no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A report is short-lived and allocates in waves: keep freed memory for the next wave
/// instead of returning it to the kernel, whose zeroing of fresh pages measured up to 40 %
/// of a big report's CPU on this VM (page faults halved, ~10-30 % faster).
fn keep_freed_memory() {
    // SAFETY: sets an integer option; mimalloc reads options at each purge decision.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The dashboard owns the terminal: its log goes to a file instead of stderr.
    let dashboard = matches!(cli.command, None | Some(Command::Dashboard(_)));
    init_logging(dashboard && std::io::IsTerminal::is_terminal(&std::io::stdout()));
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
    if cli.inventory.is_some() && !matches!(cli.command, None | Some(Command::Dashboard(_))) {
        eprintln!(
            "error: put --inventory after the subcommand (e.g. `planb pull --inventory FILE`)"
        );
        return Ok(Outcome::BadInput);
    }
    match cli.command {
        Some(Command::Pull(args)) => planb::cli::pull::run(args, store, color),
        Some(Command::Import(args)) => planb::cli::import::run(args, store, color),
        Some(Command::Inventory(args)) => planb::cli::inventory::run(args),
        Some(Command::Catalog(args)) => planb::cli::catalog::run(args),
        Some(Command::Report(args)) => {
            keep_freed_memory();
            planb::cli::report::run(args, store)
        }
        Some(Command::Synth(args)) => planb::cli::synth::run(args, store, cli.data.is_some()),
        Some(Command::Dashboard(mut args)) => {
            args.inventory = args.inventory.or(cli.inventory);
            planb::cli::dashboard::run(args, store, cli.color)
        }
        None => planb::cli::dashboard::run(
            planb::cli::dashboard::DashboardArgs {
                inventory: cli.inventory,
            },
            store,
            cli.color,
        ),
    }
}

/// Warnings to stderr (to `planb.log` in the cache directory while the dashboard runs);
/// `RUST_LOG` raises the level.
fn init_logging(to_file: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    if !to_file {
        builder.with_writer(std::io::stderr).init();
        return;
    }
    let dir = directories::ProjectDirs::from("", "", "planb")
        .map_or_else(std::env::temp_dir, |d| d.cache_dir().to_path_buf());
    let file = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("planb.log"))
    });
    match file {
        Ok(file) => builder
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(file))
            .init(),
        // Nowhere safe to write: drop the log rather than scribble over the screen.
        Err(_) => builder.with_writer(std::io::sink).init(),
    }
}
