//! `manifest.json`: per-source bookkeeping (platform, URL, validators, last outcome, counts).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{PageStatus, Platform, Timestamp, Validators};

use super::{StoreError, atomic};

pub const MANIFEST_FILE: &str = "manifest.json";
const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceEntry {
    pub platform: Platform,
    /// Base URL for pulls, as an inventory named it; `None` for sources known only from
    /// imported files.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The page URL an imported payload names: shown, never pulled (untrusted until an
    /// inventory names it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_url: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub validators: BTreeMap<String, Validators>,
    #[serde(default)]
    pub last_attempt: Option<Timestamp>,
    #[serde(default)]
    pub last_success: Option<Timestamp>,
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(default)]
    pub page_status: Option<PageStatus>,
    /// When a `--backfill` walk last reached the end of the history.
    #[serde(default)]
    pub history_complete_at: Option<Timestamp>,
    #[serde(default)]
    pub incidents: usize,
    #[serde(default)]
    pub maintenances: usize,
    #[serde(default)]
    pub updates: usize,
}

impl SourceEntry {
    pub fn new(platform: Platform) -> Self {
        Self {
            platform,
            base_url: None,
            seen_url: None,
            name: None,
            validators: BTreeMap::new(),
            last_attempt: None,
            last_success: None,
            last_error: None,
            page_status: None,
            history_complete_at: None,
            incidents: 0,
            maintenances: 0,
            updates: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// Set by `planb synth`: numbers from this store are not about real vendors.
    #[serde(default)]
    pub synthetic: bool,
    /// Set by `import --facts-only`: vendor-written text was dropped.
    #[serde(default)]
    pub facts_only: bool,
    #[serde(default)]
    pub sources: BTreeMap<String, SourceEntry>,
}

impl Default for Manifest {
    fn default() -> Self {
        Self {
            format: FORMAT,
            synthetic: false,
            facts_only: false,
            sources: BTreeMap::new(),
        }
    }
}

impl Manifest {
    pub fn load(root: &Path) -> Result<Self, StoreError> {
        let path = root.join(MANIFEST_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
                path: path.clone(),
                reason: format!(
                    "{e}; move it aside and run `planb pull` to rebuild the bookkeeping"
                ),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(StoreError::io(&path, e)),
        }
    }

    pub fn save(&self, root: &Path) -> Result<(), StoreError> {
        let path = root.join(MANIFEST_FILE);
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        atomic::write_file(&path, &bytes).map_err(|e| StoreError::io(&path, e))
    }
}
