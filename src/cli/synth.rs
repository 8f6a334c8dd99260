//! `planb synth`: write a synthetic store for benchmarks, marked synthetic in its manifest.

use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use chrono::Utc;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget};

use super::Outcome;
use crate::model::Platform;
use crate::store::{SourceEntry, Store};
use crate::synth::{SynthSpec, incident_counts, source_names, source_tables};

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Number of sources.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub sources: u32,
    /// Incidents in total, spread unevenly over the sources.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=20_000_000))]
    pub incidents: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: SynthArgs, store: Store, data_given: bool) -> anyhow::Result<Outcome> {
    if !data_given {
        eprintln!("error: synth needs --data DIR (it never writes into your real store)");
        return Ok(Outcome::BadInput);
    }
    if !store.source_ids()?.is_empty() {
        eprintln!(
            "error: {} already holds sources; synth writes only into an empty directory",
            store.root().display()
        );
        return Ok(Outcome::BadInput);
    }
    let spec = SynthSpec {
        sources: args.sources as usize,
        incidents: args.incidents as usize,
        seed: args.seed,
        now: Utc::now(),
    };
    let counts = incident_counts(&spec);
    let mut writer = store.writer().context("opening the store for writing")?;
    let progress =
        ProgressBar::with_draw_target(Some(spec.sources as u64), ProgressDrawTarget::stderr());
    let next = AtomicUsize::new(0);
    // Generation and Parquet writes are CPU-bound and independent per source: one worker per core.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= spec.sources {
                            return Ok(());
                        }
                        let tables = source_tables(&spec, n, counts[n]);
                        writer.replace_source(&source_names(n).0, &tables)?;
                        progress.inc(1);
                    }
                })
            })
            .collect();
        for handle in handles {
            handle
                .join()
                .map_err(|_| anyhow::anyhow!("a synth worker panicked"))??;
        }
        Ok(())
    })?;
    progress.finish_and_clear();
    let manifest = writer.manifest_mut();
    manifest.synthetic = true;
    for (n, count) in counts.iter().enumerate() {
        let (id, service, _) = source_names(n);
        let mut entry = SourceEntry::new(Platform::Statuspage);
        entry.name = Some(service);
        entry.incidents = *count;
        entry.last_success = Some(spec.now);
        manifest.sources.insert(id, entry);
    }
    writer.save_manifest()?;
    println!(
        "wrote a synthetic store: {} sources, {} incidents, in {}",
        spec.sources,
        counts.iter().sum::<usize>(),
        store.root().display()
    );
    Ok(Outcome::Ok)
}
