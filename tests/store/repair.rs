//! One damaged file never hides the other sources, and the advice rebuilds that one
//! source from its raw archive (issue 12, defect 4): `planb report` goes on without it,
//! `planb repair SOURCE` brings it back, and the report is then what it was.

use super::*;

fn report(data: &Path, out: &Path) -> std::process::Output {
    planb(
        data,
        &[
            "report",
            "--window",
            "all",
            "--as-of",
            "2026-09-01T00:00:00Z",
            "--out",
            &out.display().to_string(),
        ],
    )
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("report file")
}

#[test]
fn a_damaged_source_is_left_out_and_repaired_from_its_raw_archive() {
    let data = TempDir::new("repair");
    let imported = planb(
        &data,
        &[
            "import",
            &fixture("statuspage/github-incidents-by-id")
                .display()
                .to_string(),
            // RSS and UTF-16 JSON: archived as base64, and read back.
            &fixture("azure/azure-status-feed-20220907T1947Z-wayback.xml")
                .display()
                .to_string(),
            &fixture("aws/aws-currentevents-20260702-cyanheads.utf16be.json")
                .display()
                .to_string(),
        ],
    );
    assert!(imported.status.success(), "{imported:?}");
    let before = data.join("before");
    assert!(report(&data, &before).status.success());

    for (source, file) in [
        ("www.githubstatus.com", "incidents.parquet"),
        ("azure.status.microsoft", "updates.parquet"),
        ("health.aws.amazon.com", "incidents.parquet"),
    ] {
        let path = data.join("sources").join(source).join(file);
        let bytes = std::fs::read(&path).expect("table");
        std::fs::write(&path, &bytes[..bytes.len() / 3]).expect("cut short");
        let damaged = data.join(format!("damaged-{source}"));
        let out = report(&data, &damaged);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "partial: {stderr}");
        assert!(
            stderr.contains(&format!("source {source} left out")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("planb repair {source}")),
            "{stderr}"
        );
        // The other sources are still reported.
        let sources = read(&damaged, "sources.csv");
        assert!(!sources.contains(source), "{sources}");
        assert_eq!(
            sources.lines().count(),
            read(&before, "sources.csv").lines().count() - 1
        );

        let repaired = planb(&data, &["repair", source]);
        let text = String::from_utf8_lossy(&repaired.stdout);
        assert!(repaired.status.success(), "{repaired:?}");
        assert!(
            text.starts_with(&format!("rebuilt {source} from ")),
            "{text}"
        );
    }
    let after = data.join("after");
    assert!(report(&data, &after).status.success());
    for name in ["incidents.csv", "sources.csv", "vendors.csv"] {
        assert_eq!(read(&before, name), read(&after, name), "{name}");
    }
    // The replaced tables are kept for inspection.
    assert_eq!(
        std::fs::read_dir(data.join("damaged"))
            .expect("kept")
            .count(),
        3
    );

    let unknown = planb(&data, &["repair", "no.such.example"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no source `no.such.example`"));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_facts_only_source_has_no_archive_to_repair_from_and_says_so() {
    let data = TempDir::new("repair-facts");
    let file = fixture("statuspage/github-incidents-by-id/00km0kwpz23b.json");
    let imported = planb(
        &data,
        &["import", "--facts-only", &file.display().to_string()],
    );
    assert!(imported.status.success());
    let out = planb(&data, &["repair", "www.githubstatus.com"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no raw archive to rebuild from"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&data);
}
