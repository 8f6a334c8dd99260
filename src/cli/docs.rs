//! `planb completions SHELL` and `planb man`: generated from the clap definitions, so they
//! never drift from the commands.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory};

use super::{Cli, Outcome};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for (install e.g. `planb completions bash > /etc/bash_completion.d/planb`).
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write planb.1 and one page per subcommand (planb-pull.1, …) into DIR instead of
    /// printing planb.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn completions(args: CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "planb", &mut out);
    out.flush()?;
    Ok(Outcome::Ok)
}

pub fn man(args: ManArgs) -> anyhow::Result<Outcome> {
    let command = Cli::command();
    match args.out {
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(command).render(&mut out)?;
            out.flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            clap_mangen::generate_to(command, &dir)?;
            println!("man pages written to {}", dir.display());
        }
    }
    Ok(Outcome::Ok)
}
