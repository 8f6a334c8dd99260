//! Noticing that the store changed under the dashboard (a `planb watch`, or a pull in
//! another terminal): every writer ends by replacing `manifest.json`, so its identity
//! and modification time are a cheap generation stamp, read without opening the store.

use std::time::SystemTime;

use crate::store::Store;
use crate::store::manifest::MANIFEST_FILE;

/// What identifies one version of the manifest; equal stamps mean nothing was committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    /// The file is replaced by a rename: a new inode even within one mtime tick.
    inode: u64,
}

/// The manifest's stamp; `None` while there is no manifest.
pub fn stamp(store: &Store) -> Option<Stamp> {
    let meta = std::fs::metadata(store.root().join(MANIFEST_FILE)).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Stamp {
        modified: meta.modified().ok(),
        len: meta.len(),
        inode,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Manifest;

    #[test]
    fn a_saved_manifest_changes_the_stamp() {
        let root = std::env::temp_dir().join(format!("planb-stamp-{:x}", fastrand::u64(..)));
        std::fs::create_dir_all(&root).expect("root");
        let store = Store::at(&root);
        assert_eq!(stamp(&store), None);
        Manifest::default().save(&root).expect("save");
        let first = stamp(&store).expect("stamp");
        assert_eq!(
            stamp(&store),
            Some(first),
            "stable while nothing is written"
        );
        Manifest::default().save(&root).expect("save again");
        assert_ne!(stamp(&store), Some(first), "same bytes, new file");
        let _ = std::fs::remove_dir_all(&root);
    }
}
