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

/// A report is short-lived, allocates in waves and touches every page it gets once:
/// - keep freed memory for the next wave instead of returning it to the kernel, whose
///   zeroing of fresh pages measured up to 40 % of a big report's CPU on this VM (page
///   faults halved, ~10-30 % faster);
/// - no transparent huge pages (Linux): mimalloc asks for them, and with the kernel's
///   `defrag = madvise` a huge-page fault may first compact memory. On the 1M-incident
///   store (md, all windows) that made runs bimodal, 0.47-0.5 s or 0.9-1.4 s (a third to
///   a half of them), with system time 0.15-1.2 s; with 4 KiB pages runs take 0.59-0.93 s
///   with system time 0.32-0.57 s. Steady beats a fast best case for a 0.9 s target.
fn tune_memory_for_report() {
    // SAFETY: sets an integer option; mimalloc reads options at each purge decision.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag on this
    // process's address space, checked at each later page fault. A failure (old kernel)
    // leaves huge pages on, which is only slower.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Commands that only print to stdout die quietly when the reader goes away (`planb man |
/// head`), as Unix tools do, instead of panicking on the broken pipe. Not for commands with
/// sockets or a store writer: they must finish what they started.
fn quiet_on_broken_pipe(command: Option<&Command>) {
    let prints_only = matches!(
        command,
        Some(
            Command::Catalog(_)
                | Command::Inventory(_)
                | Command::Report(_)
                | Command::Completions(_)
                | Command::Man(_)
        )
    );
    #[cfg(unix)]
    if prints_only {
        // SAFETY: restores the default disposition of one signal before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    quiet_on_broken_pipe(cli.command.as_ref());
    // The dashboard owns the terminal: its log goes to a file instead of stderr.
    let dashboard = matches!(cli.command, None | Some(Command::Dashboard(_)));
    init_logging(dashboard && std::io::IsTerminal::is_terminal(&std::io::stdout()));
    match run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) => {
            eprintln!("error: {}", describe(&err));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes on one line, each cause once: module errors often name their
/// cause in their own message already ("path: File exists"), and printing the chain again
/// would repeat it.
fn describe(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let color = cli.color.enabled();
    let root = resolve_root(cli.data.as_deref())?;
    let uses_store = !matches!(
        cli.command,
        Some(Command::Inventory(_) | Command::Catalog(_))
    );
    if let Some(problem) = uses_store
        .then(|| not_a_store_dir(&root, cli.data.is_some()))
        .flatten()
    {
        eprintln!("error: {problem}");
        return Ok(Outcome::BadInput);
    }
    let store = Store::at(root);
    if cli.inventory.is_some() && !matches!(cli.command, None | Some(Command::Dashboard(_))) {
        eprintln!(
            "error: put --inventory after the subcommand (e.g. `planb pull --inventory FILE`)"
        );
        return Ok(Outcome::BadInput);
    }
    match cli.command {
        Some(Command::Pull(args)) => planb::cli::pull::run(args, store, color),
        Some(Command::Import(args)) => planb::cli::import::run(args, store, color),
        Some(Command::Repair(args)) => planb::cli::repair::run(args, store),
        Some(Command::Inventory(args)) => planb::cli::inventory::run(args),
        Some(Command::Catalog(args)) => planb::cli::catalog::run(args),
        Some(Command::Report(args)) => {
            tune_memory_for_report();
            planb::cli::report::run(args, store)
        }
        Some(Command::Register(args)) => planb::cli::register::run(args, store),
        Some(Command::Watch(args)) => planb::cli::watch::run(args, store),
        Some(Command::Synth(args)) => planb::cli::synth::run(args, store, cli.data.is_some()),
        Some(Command::Completions(args)) => planb::cli::docs::completions(args),
        Some(Command::Man(args)) => planb::cli::docs::man(args),
        Some(Command::Dashboard(mut args)) => {
            args.inventory = args.inventory.or(cli.inventory);
            planb::cli::dashboard::run(args, store, cli.color)
        }
        None => planb::cli::dashboard::run(
            planb::cli::dashboard::DashboardArgs {
                inventory: cli.inventory,
                ..Default::default()
            },
            store,
            cli.color,
        ),
    }
}

/// Why `root` cannot be the store's directory: it, or the nearest part of it that exists,
/// is not a directory. Said before anything is read or written.
fn not_a_store_dir(root: &std::path::Path, from_flag: bool) -> Option<String> {
    let blocker = root.ancestors().find(|p| p.symlink_metadata().is_ok())?;
    if blocker.is_dir() {
        return None;
    }
    let origin = if from_flag {
        "--data"
    } else if std::env::var_os("PLANB_DATA").is_some_and(|v| !v.is_empty()) {
        "PLANB_DATA"
    } else {
        "the data directory"
    };
    let what = if blocker == root {
        format!("{origin} {} is a file", root.display())
    } else {
        format!(
            "{origin} {}: {} is a file",
            root.display(),
            blocker.display()
        )
    };
    Some(format!(
        "{what}, and planb keeps its store in a directory (fix: point --data or PLANB_DATA at a directory; a missing one is created)"
    ))
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
