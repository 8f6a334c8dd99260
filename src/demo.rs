//! The embedded demo: a facts-only snapshot of public status captures (built by
//! `scripts/build-demo.sh` with `planb import --facts-only`) and a fictional company's
//! inventory, compiled into the binary so `planb` works from any directory.

use std::path::{Path, PathBuf};

use crate::store::{Store, StoreError, atomic};

macro_rules! demo_files {
    ($($path:literal),+ $(,)?) => {
        &[$(($path, include_bytes!(concat!("../data/demo/store/", $path)) as &[u8])),+]
    };
}

/// (path inside the store, bytes).
const STORE_FILES: &[(&str, &[u8])] = include!("demo_files.rs");

/// When the captures were made (see tests/fixtures/PROVENANCE.md): for the banner.
pub const CAPTURED: &str = "public status captures from 2020-11 to 2026-09 (GitHub, Cloudflare, Atlassian incl. April 2022, AWS, Google Cloud, OpenAI)";

/// A fingerprint of the embedded snapshot, so a rebuilt demo never reuses a stale copy.
fn fingerprint() -> u64 {
    STORE_FILES
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, (path, bytes)| {
            path.bytes()
                .chain(bytes.iter().copied())
                .fold(hash, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                })
        })
}

/// Write the demo store under `dir` (once per snapshot) and open it.
pub fn store(dir: &Path) -> Result<Store, StoreError> {
    let root: PathBuf = dir.join(format!(
        "demo-{}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        fingerprint()
    ));
    let complete = root.join(".complete");
    if !complete.exists() {
        for (path, bytes) in STORE_FILES {
            let target = root.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
            }
            atomic::write_file(&target, bytes).map_err(|e| StoreError::io(&target, e))?;
        }
        atomic::write_file(&complete, b"").map_err(|e| StoreError::io(&complete, e))?;
    }
    Ok(Store::at(root))
}
