//! Which sources a pull covers: the inventory's, else every pullable source the store
//! knows, narrowed by `--only`.

use crate::inventory::{Inventory, UndetectedSource, problems::did_you_mean};
use crate::model::SourceSpec;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Bad input: the message says what to change.
    #[error("{0}")]
    Input(String),
}

/// What a pull covers: sources with a known platform, and the inventory's status URLs
/// whose platform must be found first (`ingest::discover`).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub specs: Vec<SourceSpec>,
    pub undetected: Vec<UndetectedSource>,
}

/// The sources of `inventory`, or without one every source in the manifest with a URL.
pub fn select_sources(
    inventory: Option<&Inventory>,
    store: &Store,
    only: &[String],
) -> Result<Selection, SelectError> {
    let (specs, undetected) = match inventory {
        Some(inventory) => (inventory.sources(), inventory.undetected_sources()),
        None => (pullable_in_store(store)?, Vec::new()),
    };
    if specs.is_empty() && undetected.is_empty() {
        return Err(SelectError::Input(
            "nothing to pull: pass --inventory FILE listing services with a status_url".into(),
        ));
    }
    narrow(specs, undetected, only).map_err(SelectError::Input)
}

/// Every source in the manifest that an inventory pull has fetched before. An imported
/// file's URL is never pulled (older versions stored it as the URL to pull: an entry
/// that was never attempted has such a URL).
fn pullable_in_store(store: &Store) -> Result<Vec<SourceSpec>, StoreError> {
    Ok(store
        .manifest()?
        .sources
        .into_iter()
        .filter(|(_, entry)| entry.last_attempt.is_some())
        .filter_map(|(id, entry)| {
            Some(SourceSpec {
                name: entry.name.unwrap_or_else(|| id.clone()),
                source_id: id,
                platform: entry.platform,
                base_url: entry.base_url?,
            })
        })
        .collect())
}

/// Keep the sources named in `only` (service names, any case, or source ids); a name
/// that matches nothing is an error with the nearest name.
fn narrow(
    mut specs: Vec<SourceSpec>,
    mut undetected: Vec<UndetectedSource>,
    only: &[String],
) -> Result<Selection, String> {
    if only.is_empty() {
        return Ok(Selection { specs, undetected });
    }
    let wanted: Vec<String> = only.iter().map(|s| s.trim().to_ascii_lowercase()).collect();
    let matches = |name: &str, source_id: &str, wanted: &str| {
        name.to_ascii_lowercase() == wanted || source_id == wanted
    };
    let names = || {
        (specs.iter().map(|s| s.name.as_str())).chain(undetected.iter().map(|u| u.name.as_str()))
    };
    for name in &wanted {
        let known = specs.iter().any(|s| matches(&s.name, &s.source_id, name))
            || undetected
                .iter()
                .any(|u| matches(&u.name, &u.source_id, name));
        if !known {
            let hint = did_you_mean(name, names())
                .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
            return Err(format!(
                "--only: no service named `{name}` in the inventory{hint}"
            ));
        }
    }
    specs.retain(|s| wanted.iter().any(|w| matches(&s.name, &s.source_id, w)));
    undetected.retain(|u| wanted.iter().any(|w| matches(&u.name, &u.source_id, w)));
    Ok(Selection { specs, undetected })
}
