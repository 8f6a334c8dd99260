//! A writer killed mid-way leaves staging files: `.tmp-*` beside the manifest in the store
//! root, in `raw/<source>/` beside the archive, in `sources/`. The next writer to open the
//! store removes every one of them, and nothing else.

use super::*;

/// Every staging or swap leftover (`.tmp-*`, `.old-*`) anywhere under `root`.
pub fn staging_entries(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".tmp-") || name.starts_with(".old-") {
                found.push(entry.path());
            } else if entry.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(entry.path());
            }
        }
    }
    found
}

#[test]
fn opening_a_writer_removes_every_staging_file_left_by_a_kill() {
    let data = TempDir::new("staging");
    let out = planb(
        &data,
        &[
            "import",
            fixture("statuspage/github-incidents-by-id/00km0kwpz23b.json")
                .to_str()
                .expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let source = Store::at(&data).source_ids().expect("sources").remove(0);
    let raw = data.join("raw").join(&source);
    let tables = data.join("sources").join(&source);
    // Names as atomic::temp_sibling makes them, from a process that no longer runs.
    let planted = [
        data.join(".tmp-file-4194303-manifest.json"),
        raw.join(".tmp-file-4194303-20261120T100000.000Z-import.json.gz"),
        tables.join(".tmp-file-4194303-incidents.parquet"),
        data.join("sources")
            .join(format!(".tmp-src-4194303-{source}")),
    ];
    for path in &planted[..3] {
        std::fs::write(path, b"half written").expect("plant");
    }
    std::fs::create_dir_all(&planted[3]).expect("plant a staged directory");
    // What is not staging stays: the archive, the tables, a file of the user's own.
    let kept: Vec<PathBuf> = std::fs::read_dir(&raw)
        .expect("raw")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .chain([tables.join("incidents.parquet"), data.join("manifest.json")])
        .collect();
    let own = data.join("notes-tmp.txt");
    std::fs::write(&own, b"mine").expect("user file");

    drop(Store::at(&data).writer().expect("writer"));
    for path in &planted {
        assert!(!path.exists(), "{} survived recovery", path.display());
    }
    assert_eq!(staging_entries(&data), Vec::<PathBuf>::new());
    for path in kept.iter().chain([&own]) {
        assert!(path.exists(), "{} was removed", path.display());
    }
    // The store still reads and reports as before.
    let out = planb(&data, &["report", "--window", "all", "--format", "md"]);
    assert!(out.status.success(), "{out:?}");
}
