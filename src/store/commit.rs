//! Committing snapshots into a source's tables: merged in order, incidents a listing of
//! every open incident no longer shows closed, the raw payloads archived first; and the
//! rebuild of a damaged source from its raw archive alone.

use std::collections::HashSet;
use std::fs;

use super::{CommitOutcome, Committed, SourceTables, StoreError, StoreWriter, merge, raw};
use crate::model::{PageStatus, Platform, RawPayload, Snapshot};

/// What applying snapshots to tables did, besides the merge counts.
struct Applied {
    outcome: CommitOutcome,
    components_changed: bool,
    platform: Option<Platform>,
    page_name: Option<String>,
    page_status: Option<PageStatus>,
}

/// Merge each snapshot in order, then close what its listing (if any) no longer shows.
fn apply(tables: &mut SourceTables, steps: Vec<Snapshot>) -> Applied {
    let mut applied = Applied {
        outcome: CommitOutcome::default(),
        components_changed: false,
        platform: None,
        page_name: None,
        page_status: None,
    };
    for snapshot in steps {
        let listing = snapshot.open_listing.and_then(|l| l.as_of).map(|as_of| {
            let ids: HashSet<String> = snapshot.incidents.iter().map(|i| i.id.clone()).collect();
            (ids, as_of)
        });
        let outcome = &mut applied.outcome;
        (outcome.incidents).add(merge::merge_incidents(
            &mut tables.incidents,
            snapshot.incidents,
        ));
        (outcome.maintenances).add(merge::merge_incidents(
            &mut tables.maintenances,
            snapshot.maintenances,
        ));
        if let Some((ids, as_of)) = listing {
            let listed: HashSet<&str> = ids.iter().map(String::as_str).collect();
            outcome.closed_unseen += merge::close_absent(&mut tables.incidents, &listed, as_of);
        }
        if let Some(components) = snapshot.components
            && components != tables.components
        {
            tables.components = components;
            applied.components_changed = true;
        }
        applied.platform = Some(snapshot.platform);
        applied.page_name = snapshot.page.name.or(applied.page_name);
        applied.page_status = snapshot.status.or(applied.page_status);
    }
    applied.outcome.written = applied.outcome.incidents.changed()
        || applied.outcome.maintenances.changed()
        || applied.outcome.closed_unseen > 0
        || applied.components_changed;
    applied
}

impl StoreWriter {
    /// Merge snapshots into a source's tables in the order given (oldest first), closing
    /// the incidents each listing of every open incident shows gone (`merge::close_absent`
    /// at the listing's `as_of`); archive the raw payloads; rewrite the tables only when
    /// something changed. Takes `&self` so several sources can be committed at once (their
    /// fsyncs overlap); `record` the result afterwards.
    pub fn commit_tables(
        &self,
        source_id: &str,
        steps: Vec<Snapshot>,
        raw: &[RawPayload],
    ) -> Result<Committed, StoreError> {
        // The raw copy first: if the disk is full it fails here, before the tables change,
        // and the tables write below then fails too, leaving the previous state whole. A
        // raw copy that fails alone is a warning: the tables are what matters.
        let raw_dir = self.store.root.join("raw").join(source_id);
        let raw_problem = raw::archive(&raw_dir, raw).err().map(|e| {
            format!(
                "the raw copy of this pull was not kept ({}: {e}); the tables hold its data",
                raw_dir.display()
            )
        });
        let mut tables = self.store.load_source(source_id)?;
        let applied = apply(&mut tables, steps);
        if applied.outcome.written {
            self.write_tables(source_id, &tables)?;
        }
        Ok(self.committed(source_id, &tables, applied, raw_problem))
    }

    /// Replace a source's tables with what `steps` alone hold (a rebuild from the raw
    /// archive: `planb repair`). The tables replaced are copied first to
    /// `damaged/<source>-<time>/` under the store root, for inspection.
    pub fn rebuild_tables(
        &self,
        source_id: &str,
        steps: Vec<Snapshot>,
    ) -> Result<Committed, StoreError> {
        let current = self.store.sources_dir().join(source_id);
        if current.is_dir() {
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
            let keep = self
                .store
                .root
                .join("damaged")
                .join(format!("{source_id}-{stamp}"));
            copy_dir(&current, &keep).map_err(|e| StoreError::io(&keep, e))?;
        }
        let mut tables = SourceTables::default();
        let applied = apply(&mut tables, steps);
        self.write_tables(source_id, &tables)?;
        Ok(self.committed(source_id, &tables, applied, None))
    }

    fn committed(
        &self,
        source_id: &str,
        tables: &SourceTables,
        applied: Applied,
        raw_problem: Option<String>,
    ) -> Committed {
        let platform = (applied.platform)
            .or_else(|| self.manifest.sources.get(source_id).map(|e| e.platform))
            .unwrap_or(Platform::Statuspage);
        Committed {
            outcome: applied.outcome,
            warnings: raw_problem.into_iter().collect(),
            platform,
            page_name: applied.page_name,
            page_status: applied.page_status,
            incidents: tables.incidents.len(),
            maintenances: tables.maintenances.len(),
            updates: (tables.incidents.iter().chain(&tables.maintenances))
                .map(|i| i.updates.len())
                .sum(),
        }
    }
}

/// Copy the files of one directory (a source's tables: no subfolders) elsewhere.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}
