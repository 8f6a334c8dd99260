//! The state a pull of one source starts from: what the store already holds for it.

use crate::fetch::pull::KnownState;
use crate::model::SourceSpec;
use crate::store::{Manifest, StoreError, StoreWriter};

/// Conditional-GET validators (only for the URL they were stored for), whether a history
/// walk has finished before, and, for a backfill, the incident ids already stored.
pub fn known_state(
    writer: &StoreWriter,
    spec: &SourceSpec,
    backfill: bool,
) -> Result<KnownState, StoreError> {
    let mut known = known_from(writer.manifest(), spec);
    if backfill {
        let tables = writer.store().load_source(&spec.source_id)?;
        known.incident_ids = tables
            .incidents
            .iter()
            .chain(&tables.maintenances)
            .map(|i| i.id.clone())
            .collect();
    }
    Ok(known)
}

/// What the manifest alone says about a source: its validators (only for the URL they
/// were stored for) and whether a history walk has finished. Needs no lock: `watch`
/// reads it once at start and then keeps it up to date itself.
pub fn known_from(manifest: &Manifest, spec: &SourceSpec) -> KnownState {
    let entry = manifest.sources.get(&spec.source_id);
    let validators = entry
        .filter(|e| e.base_url.as_deref() == Some(&spec.base_url))
        .map(|e| e.validators.clone())
        .unwrap_or_default();
    KnownState {
        validators,
        history_complete: entry.is_some_and(|e| e.history_complete_at.is_some()),
        ..KnownState::default()
    }
}
