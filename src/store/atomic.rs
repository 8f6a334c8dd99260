//! Crash-safe file operations: every write goes to a temporary name, is flushed to
//! disk, then renamed into place, so a reader sees the previous or the new state.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Flush a directory entry change (a rename or a create) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// A temporary sibling name that no other writer uses.
pub fn temp_sibling(path: &Path, tag: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".tmp-{tag}-{}-{name}", std::process::id()))
}

/// Write `bytes` to `path` atomically and durably.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file_inner(path, bytes, true)
}

/// Write `bytes` to `path` atomically; the rename is made durable by the caller's later
/// `sync_dir` of the parent (or, for the raw archive, may be lost to a power cut, leaving
/// the previous state). Rename is atomic either way: a reader sees old or new, never half.
pub fn write_file_deferred(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file_inner(path, bytes, false)
}

fn write_file_inner(path: &Path, bytes: &[u8], sync_parent: bool) -> io::Result<()> {
    let tmp = temp_sibling(path, "file");
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        if sync_parent {
            sync_dir(path.parent().unwrap_or(Path::new(".")))
        } else {
            Ok(())
        }
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn old_name(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.with_file_name(format!(".old-{name}"))
}

/// Replace directory `target` by the fully written, synced directory `staged`.
/// Two renames; `recover` undoes a crash between them. A first write (no previous
/// `target`) leaves the parent's fsync to the caller, who syncs once for many sources
/// before recording them in the manifest.
pub fn swap_dir(staged: &Path, target: &Path) -> io::Result<()> {
    let parent = target.parent().unwrap_or(Path::new("."));
    sync_dir(staged)?;
    let old = old_name(target);
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    let had_target = target.exists();
    if had_target {
        fs::rename(target, &old)?;
    }
    fs::rename(staged, target)?;
    if had_target {
        // The new name must be durable before the old copy goes.
        sync_dir(parent)?;
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}

/// The directory to read for `target`: itself, or the previous state if a swap was cut short.
pub fn readable_dir(target: &Path) -> Option<PathBuf> {
    if target.is_dir() {
        return Some(target.to_path_buf());
    }
    let old = old_name(target);
    old.is_dir().then_some(old)
}

/// Clean up after writers killed mid-way, across a store: interrupted swaps in `sources`
/// put back (`recover`), and the staging files of `write_file` (`.tmp-*`) removed from
/// the root (the manifest's), from every directory in `sources` and in `archives` (the
/// raw archive's). Call with the lock held: no other writer can be staging then.
pub fn recover_store(root: &Path, sources: &Path, archives: &Path) -> io::Result<()> {
    recover(sources)?;
    remove_staging_files(root)?;
    for parent in [sources, archives] {
        let Ok(entries) = fs::read_dir(parent) else {
            continue;
        };
        for entry in entries.flatten() {
            let visible = !entry.file_name().to_string_lossy().starts_with('.');
            if visible && entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_staging_files(&entry.path())?;
            }
        }
    }
    Ok(())
}

/// Delete the staging files (`.tmp-*`, regular files only: never a link's target) in `dir`.
fn remove_staging_files(dir: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    let mut removed = false;
    for entry in entries.flatten() {
        let staging = entry.file_name().to_string_lossy().starts_with(".tmp-");
        if staging && entry.file_type().is_ok_and(|t| t.is_file()) {
            fs::remove_file(entry.path())?;
            removed = true;
        }
    }
    if removed { sync_dir(dir) } else { Ok(()) }
}

/// Put interrupted swaps back and delete leftovers of interrupted writes. Call with the lock held.
pub fn recover(parent: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if let Some(original) = name.strip_prefix(".old-") {
            let target = parent.join(original);
            if target.exists() {
                fs::remove_dir_all(&path)?;
            } else {
                fs::rename(&path, &target)?;
            }
        } else if name.starts_with(".tmp-") {
            if path.is_dir() {
                fs::remove_dir_all(&path)?
            } else {
                fs::remove_file(&path)?
            }
        }
    }
    sync_dir(parent)
}
