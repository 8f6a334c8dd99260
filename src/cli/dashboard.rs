//! `planb [dashboard]`: the risk dashboard. With an inventory it shows the store's data
//! against it; with neither an inventory nor stored sources it opens the embedded demo.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::Args;

use super::{ColorChoice, Outcome};
use crate::dashboard::{Loader, Origin};
use crate::inventory;
use crate::model::Timestamp;
use crate::store::Store;
use crate::tui::{Theme, jobs::Jobs};

#[derive(Debug, Default, Args)]
pub struct DashboardArgs {
    /// Inventory (CSV or TOML): exposure, risk scores, and the sources `r` pulls.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// DORA register for the Exposure view's readiness line (default: register.toml beside the inventory).
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
}

pub fn run(args: DashboardArgs, store: Store, color: ColorChoice) -> anyhow::Result<Outcome> {
    // A bad inventory is bad input wherever the output goes.
    if let Some(path) = args.register.as_deref().filter(|p| !p.is_file()) {
        eprintln!(
            "error: --register {}: no such file (`planb register init --inventory FILE --out {}` writes one)",
            path.display(),
            path.display()
        );
        return Ok(Outcome::BadInput);
    }
    let loader = match loader(args.inventory.as_deref(), store, Utc::now())? {
        Ok(loader) => {
            // Explicit, else register.toml beside the inventory (it may not exist yet).
            let beside = args
                .inventory
                .as_deref()
                .map(|i| i.with_file_name("register.toml"));
            loader.with_register(args.register.or(beside))
        }
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Outcome::BadInput);
        }
    };
    if !std::io::stdout().is_terminal() {
        println!("planb: the dashboard needs a terminal, and stdout is not one.");
        println!(
            "For files and pipes use `planb report` (CSV, JSON or Markdown), e.g. `planb report --format md`."
        );
        return Ok(Outcome::Ok);
    }
    let export_dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    crate::tui::term::run(
        Jobs {
            loader,
            export_dir,
            live_clock: true,
        },
        theme(color),
    )?;
    Ok(Outcome::Ok)
}

/// The dashboard's data: the store with the inventory if given; the demo when there is
/// no inventory and the store holds no source. `Ok(Err(..))` is bad input.
pub fn loader(
    inventory_path: Option<&Path>,
    store: Store,
    now: Timestamp,
) -> anyhow::Result<Result<Loader, String>> {
    if let Some(path) = inventory_path {
        return Ok(match inventory::load(path) {
            Ok(inv) => Ok(Loader::new(
                store,
                Some(inv),
                Origin::Live {
                    inventory: Some(path.to_path_buf()),
                },
                now,
            )),
            Err(e) => Err(e.to_string()),
        });
    }
    if !store.source_ids()?.is_empty() {
        return Ok(Ok(Loader::new(
            store,
            None,
            Origin::Live { inventory: None },
            now,
        )));
    }
    let cache = directories::ProjectDirs::from("", "", "planb")
        .map_or_else(std::env::temp_dir, |d| d.cache_dir().to_path_buf());
    let demo_store = crate::demo::store(&cache)?;
    let demo_inventory = inventory::demo()
        .map_err(|e| anyhow::anyhow!("the embedded demo inventory is invalid: {e}"))?;
    Ok(Ok(Loader::new(
        demo_store,
        Some(demo_inventory),
        Origin::Demo {
            captured: crate::demo::CAPTURED,
        },
        now,
    )))
}

/// Colour unless `--color never`, or `auto` under NO_COLOR: then modifiers only.
pub fn theme(color: ColorChoice) -> Theme {
    match color {
        ColorChoice::Always => Theme::COLOR,
        ColorChoice::Never => Theme::MONO,
        ColorChoice::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => {
            Theme::MONO
        }
        ColorChoice::Auto => Theme::COLOR,
    }
}
