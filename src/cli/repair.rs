//! `planb repair SOURCE`: rebuild one source's tables from its raw archive when a stored
//! file is damaged. The other sources are never touched.

use clap::Args;

use super::Outcome;
use crate::ingest::repair::{RepairError, repair};
use crate::model::sanitize_text;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct RepairArgs {
    /// The source to rebuild (its source_id, as `planb report` and the dashboard name it).
    #[arg(value_name = "SOURCE")]
    pub source: String,
}

pub fn run(args: RepairArgs, store: Store) -> anyhow::Result<Outcome> {
    let source = args.source.trim();
    let repaired = match repair(&store, source) {
        Ok(repaired) => repaired,
        Err(e @ (RepairError::NoSource(_) | RepairError::NoArchive(_))) => {
            eprintln!("error: {e}");
            return Ok(Outcome::BadInput);
        }
        Err(e) => return Err(e.into()),
    };
    let c = &repaired.committed;
    println!(
        "rebuilt {} from {} archived payload(s): {} incident(s), {} maintenance(s), {} update(s) (the manifest counted {} incident(s) before); the replaced tables are kept under {}",
        sanitize_text(source),
        repaired.payloads,
        c.incidents,
        c.maintenances,
        c.updates,
        repaired.before,
        store.root().join("damaged").display()
    );
    if c.incidents < repaired.before {
        println!(
            "note: {} incident(s) the store held are not in the raw archive (it keeps each source's newest 64 pulls): import their saved payloads again to get them back",
            repaired.before - c.incidents
        );
    }
    for problem in &repaired.unreadable {
        eprintln!("warning: {}", sanitize_text(problem));
    }
    Ok(if repaired.unreadable.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}
