//! The report files: columns, hand-checked numbers, spreadsheet safety, facts-only and
//! synthetic stores, promises, older stores, damaged files and output problems.

use std::path::Path;

use super::*;

#[test]
fn three_github_incidents_match_hand_arithmetic() {
    let data = TempDir::new("github");
    let out = TempDir::new("github-out");
    let files = [
        github("00km0kwpz23b"),
        github("gqx5l06jjxhp"),
        github("rcnl10p4hywg"),
        github("pfsrq8bbt6bm"),
    ];
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    planb(&data, &args);
    report_all_csv(&data, &out);
    let (header, rows) = incidents_csv(&out);
    for column in [
        "source_id",
        "vendor",
        "service",
        "incident_id",
        "title",
        "impact",
        "max_impact",
        "status",
        "created_at",
        "first_update_at",
        "resolved_at",
        "impact_start",
        "start_basis",
        "ttfc_min",
        "longest_silence_min",
        "ttr_min",
        "updates",
        "postmortem",
        "retroactive",
        "backfilled",
        "url",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "missing column {column}"
        );
    }

    // 00km0kwpz23b: live, started_at = created_at (−6 ms), no time in the text → basis none.
    //   ttfc: unknown (empty, never 0).
    //   updates 17:04:42.496, 17:22:57.051, 17:54:38.073, 18:14:45.860 (resolved)
    //   gaps 18:14.555, 31:41.022, 20:07.787 → longest silence 31:41.022 = 31.6837 min
    //   ttr = resolved 18:14:45.860 − created 17:04:42.462 = 1:10:03.398 = 70.0566 min
    let a = &rows["00km0kwpz23b"];
    assert_eq!(a["start_basis"], "none");
    assert_eq!(a["impact_start"], "");
    assert_eq!(a["ttfc_min"], "", "unknown ttfc must be empty, never 0");
    assert_eq!(a["first_update_at"], "2023-01-10T17:04:42.496Z");
    close(&a["longest_silence_min"], 31.0 + 41.022 / 60.0);
    close(&a["ttr_min"], 70.0 + 3.398 / 60.0);
    assert_eq!(
        (
            a["updates"].as_str(),
            a["retroactive"].as_str(),
            a["backfilled"].as_str()
        ),
        ("4", "false", "false")
    );

    // gqx5l06jjxhp: the resolved update (18:36:19.484) says "From 17:39-18:12 UTC" → stated
    //   impact_start 2023-06-29T17:39:00Z.
    //   ttfc = first update 17:52:11.671 − 17:39:00 = 13:11.671 = 13.1945 min
    //   gaps 10:04.925, 10:11.856, 8:06.239, 1:47.480, 10:38.876, 2:46.868, 0:31.569 → 10.6479 min
    //   ttr = resolved_at 18:36:19.000 − 17:39:00 = 57:19.000 = 57.3167 min
    let b = &rows["gqx5l06jjxhp"];
    assert_eq!(b["start_basis"], "stated");
    assert_eq!(b["impact_start"], "2023-06-29T17:39:00.000Z");
    close(&b["ttfc_min"], 13.0 + 11.671 / 60.0);
    close(&b["longest_silence_min"], 10.0 + 38.876 / 60.0);
    close(&b["ttr_min"], 57.0 + 19.0 / 60.0);
    assert_eq!(
        (b["max_impact"].as_str(), b["updates"].as_str()),
        ("critical", "8")
    );

    // rcnl10p4hywg: "Starting at 20:30 UTC" posted 2023-04-25 01:31 UTC → the 24th, before the
    //   incident was created (21:14:49.239) → impact_start 2023-04-24T20:30:00Z.
    //   ttfc = 21:14:49.277 − 20:30:00 = 44:49.277 = 44.8213 min
    //   longest gap: 01:31:10.750 → 03:08:35.246 = 1:37:24.496 = 97.4083 min
    //   ttr = 03:18:54.188 (25th) − 20:30:00 (24th) = 6:48:54.188 = 408.9031 min
    let c = &rows["rcnl10p4hywg"];
    assert_eq!(c["start_basis"], "stated");
    assert_eq!(c["impact_start"], "2023-04-24T20:30:00.000Z");
    close(&c["ttfc_min"], 44.0 + 49.277 / 60.0);
    close(&c["longest_silence_min"], 97.0 + 24.496 / 60.0);
    close(&c["ttr_min"], 6.0 * 60.0 + 48.0 + 54.188 / 60.0);

    // pfsrq8bbt6bm: imported history (display_at 2010, created_at 2018), imported here on
    //   its own: one late post, not an import (that needs the 830 incidents posted with it,
    //   see rules.rs). Still no ttfc (no start), no silence (resolved before its only post)
    //   and resolved = created records no duration: ttr unknown, not 0.
    let d = &rows["pfsrq8bbt6bm"];
    assert_eq!(
        (
            d["backfilled"].as_str(),
            d["ttfc_min"].as_str(),
            d["longest_silence_min"].as_str(),
            d["ttr_min"].as_str()
        ),
        ("false", "", "", "")
    );
    assert_eq!(
        d["retroactive"], "true",
        "its only update already says resolved"
    );

    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn csv_opens_cleanly_in_a_spreadsheet() {
    let data = TempDir::new("csv");
    let out = TempDir::new("csv-out");
    // A hostile title and body, in a real payload's shape.
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(github("00km0kwpz23b")).expect("read"))
            .expect("json");
    doc["incident"]["name"] = "=HYPERLINK(\"http://evil.test\",\"click\")\u{1b}[2J".into();
    let payload = data.with_extension("json");
    std::fs::write(&payload, serde_json::to_vec(&doc).expect("json")).expect("write");
    planb(&data, &["import", payload.to_str().expect("utf-8")]);
    report_all_csv(&data, &out);
    let text = std::fs::read_to_string(out.join("incidents.csv")).expect("csv");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("source_id,")).count(),
        1,
        "one header row"
    );
    assert!(!text.contains('\u{1b}'), "escape sequences stripped");
    let (_, rows) = incidents_csv(&out);
    let row = &rows["00km0kwpz23b"];
    assert!(
        row["title"].starts_with("'="),
        "formula neutralized: {}",
        row["title"]
    );
    for column in ["created_at", "first_update_at", "resolved_at"] {
        assert!(
            row[column].ends_with('Z')
                && chrono::DateTime::parse_from_rfc3339(&row[column]).is_ok(),
            "{column}: {}",
            row[column]
        );
    }
    for file in ["sources.csv", "vendors.csv"] {
        let text = std::fs::read_to_string(out.join(file)).expect("csv");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let width = reader.headers().expect("header").len();
        assert!(
            reader.records().all(|r| r.expect("row").len() == width),
            "{file}: ragged rows"
        );
    }
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&payload);
}

#[test]
fn facts_only_import_keeps_extracted_start_times() {
    let data = TempDir::new("facts");
    let out = TempDir::new("facts-out");
    planb(&data, &["import", "--facts-only", &github("gqx5l06jjxhp")]);
    report_all_csv(&data, &out);
    let (_, rows) = incidents_csv(&out);
    let row = &rows["gqx5l06jjxhp"];
    assert_eq!(
        (row["start_basis"].as_str(), row["impact_start"].as_str()),
        ("stated", "2023-06-29T17:39:00.000Z")
    );
    assert!(
        row["title"].starts_with("critical"),
        "generated label, not vendor text: {}",
        row["title"]
    );
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn synthetic_store_reports_with_distributions_and_says_synthetic() {
    let data = TempDir::new("synth");
    let store = data.join("store");
    planb(
        &store,
        &[
            "synth",
            "--sources",
            "20",
            "--incidents",
            "3000",
            "--seed",
            "7",
        ],
    );
    let out = planb(&store, &["report", "--window", "1y", "--format", "md"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Synthetic data"), "{text}");
    assert!(text.contains("(n="), "distributions carry n: {text}");
    let manifest = planb::store::Store::at(&store)
        .manifest()
        .expect("manifest");
    assert!(manifest.synthetic);
    assert_eq!(
        manifest
            .sources
            .values()
            .map(|s| s.incidents)
            .sum::<usize>(),
        3000
    );
    // Refuses to write over a store that holds data.
    let again = cli::command()
        .arg("--data")
        .arg(&store)
        .args(["synth", "--sources", "1", "--incidents", "1"])
        .output()
        .expect("run");
    assert_eq!(again.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn promises_of_the_next_update_are_checked_against_the_next_update() {
    // 00km0kwpz23b's real updates at 17:04:42.496, 17:22:57.051, 17:54:38.073 and 18:14:45.860,
    // with promises written into the first two bodies:
    //   17:04:42 "update in 30 minutes" → due 17:34:42; next update 17:22:57: kept
    //   17:22:57 "in 15 minutes" → due 17:37:57 (+5 min grace 17:42:57); next 17:54:38: broken
    let data = TempDir::new("promises");
    let out = TempDir::new("promises-out");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(github("00km0kwpz23b")).expect("read"))
            .expect("json");
    for update in doc["incident"]["incident_updates"]
        .as_array_mut()
        .expect("updates")
    {
        match update["created_at"].as_str() {
            Some("2023-01-10T17:04:42.496Z") => {
                update["body"] =
                    "We are investigating. We will provide an update in 30 minutes.".into()
            }
            Some("2023-01-10T17:22:57.051Z") => {
                update["body"] = "Still investigating. Next update in 15 minutes.".into()
            }
            _ => {}
        }
    }
    let payload = data.with_extension("json");
    std::fs::write(&payload, serde_json::to_vec(&doc).expect("json")).expect("write");
    planb(&data, &["import", payload.to_str().expect("utf-8")]);
    report_all_csv(&data, &out);
    let (_, rows) = incidents_csv(&out);
    let row = &rows["00km0kwpz23b"];
    assert_eq!(
        (row["promises_made"].as_str(), row["promises_kept"].as_str()),
        ("2", "1")
    );
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&payload);
}

#[test]
fn files_written_before_the_incident_key_report_the_same() {
    // Stores written before planb kept `incident_key` lack the column; metrics derive it
    // from the incident id. Same store, key columns dropped: same report, byte for byte.
    let data = TempDir::new("nokey");
    let folder = format!("{FIXTURES}/statuspage/github-incidents-by-id");
    planb(&data, &["import", &folder]);
    let report = |out: &Path| {
        planb(
            &data,
            &[
                "report",
                "--window",
                "all",
                "--as-of",
                "2026-11-01T00:00:00Z",
                "--out",
                out.to_str().expect("utf-8"),
            ],
        )
    };
    let (with_key, without_key) = (data.join("with-key"), data.join("without-key"));
    report(&with_key);
    let mut rewritten = 0;
    for source in std::fs::read_dir(data.join("sources")).expect("sources") {
        for name in ["incidents.parquet", "updates.parquet"] {
            let path = source.as_ref().expect("entry").path().join(name);
            let frame = planb::store::tables::read_parquet(&path).expect("read");
            let mut frame = frame.drop("incident_key").expect("has the key");
            planb::store::tables::write_parquet(&mut frame, &path).expect("write");
            rewritten += 1;
        }
    }
    assert_eq!(rewritten, 2);
    report(&without_key);
    for file in ["incidents.csv", "sources.csv", "vendors.csv"] {
        let read = |dir: &Path| std::fs::read_to_string(dir.join(file)).expect("report file");
        assert_eq!(read(&with_key), read(&without_key), "{file} differs");
    }
    assert!(read_lines(&with_key.join("incidents.csv")) > 1000);
}

#[test]
fn a_damaged_store_file_is_named_with_a_fix() {
    let data = TempDir::new("damaged");
    let folder = format!("{FIXTURES}/statuspage/github-incidents-by-id");
    planb(&data, &["import", &folder]);
    let source = std::fs::read_dir(data.join("sources"))
        .expect("sources")
        .next()
        .expect("one source")
        .expect("entry")
        .path();
    let damaged = source.join("updates.parquet");
    let bytes = std::fs::read(&damaged).expect("read");
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).expect("truncate");
    let out = cli::command()
        .arg("--data")
        .arg(&data)
        .args(["report", "--format", "md"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run planb");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&damaged.display().to_string()), "{stderr}");
    // The fix rebuilds that one source (never "move the store aside"), said once, on one
    // line: no query plan, no repeated cause.
    let advice: Vec<&str> = stderr.lines().filter(|l| l.contains("left out")).collect();
    assert_eq!(advice.len(), 1, "{stderr}");
    assert!(
        advice[0].contains("planb repair www.githubstatus.com"),
        "{stderr}"
    );
    assert!(!stderr.contains("aside"), "{stderr}");
    assert_eq!(stderr.matches("parquet:").count(), 1, "{stderr}");
}

#[test]
fn report_output_problems_are_said_once_and_early() {
    let data = TempDir::new("out");
    planb(&data, &["import", &github("00km0kwpz23b")]);
    let run = |out: &Path| {
        cli::command()
            .arg("--data")
            .arg(&data)
            .args(["report", "--out"])
            .arg(out)
            .env("NO_COLOR", "1")
            .output()
            .expect("run planb")
    };
    // --out names a file: bad input, said before any metrics are computed.
    let file = data.join("a-file");
    std::fs::write(&file, "x").expect("write");
    let out = run(&file);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--out takes a directory"), "{stderr}");
    // A directory that cannot be made: the OS reason once, with the path.
    let out = run(&file.join("below-a-file"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("below-a-file"), "{stderr}");
    let reason = stderr.rsplit(": ").next().unwrap_or("").trim();
    assert!(!reason.is_empty());
    assert_eq!(stderr.matches(reason).count(), 1, "{stderr}");
}
