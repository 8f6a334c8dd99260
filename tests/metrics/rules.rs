//! Issue 15's rules on real captures: incident.io backdated starts, late posts versus
//! imported history, and the share of starts by basis per vendor.

use std::path::Path;

use super::*;

fn incidentio(name: &str) -> String {
    format!("{FIXTURES}/incidentio/{name}")
}

fn write_json(path: &Path, doc: &serde_json::Value) {
    std::fs::write(path, serde_json::to_vec(doc).expect("json")).expect("write");
}

fn csv_rows(path: &Path, key: &str) -> HashMap<String, HashMap<String, String>> {
    let text = std::fs::read_to_string(path).expect("csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let row: HashMap<String, String> = header
                .iter()
                .cloned()
                .zip(r.expect("row").iter().map(str::to_string))
                .collect();
            (row[key].clone(), row)
        })
        .collect()
}

#[test]
fn incidentio_starts_come_from_display_times_that_are_not_the_resolution() {
    let data = TempDir::new("incidentio");
    let out = TempDir::new("incidentio-out");
    // The real captures as they are: status.openai.com shows every update when it was
    // posted (01M3Q4RK1SM4EMK445GGPG7C0N, 01M3Q4HMNP8SZ27DTZKW6F5BJ4), or one second
    // before (01KA22C8G0G4EZG5YEJ4FRTWRA: display 20:54:42, created 20:54:43): no start.
    planb(
        &data,
        &[
            "import",
            &incidentio("openai-summary-20260929T1829Z.json"),
            &incidentio("openai-summary-20251114-bespokeethos.json"),
        ],
    );
    report_all_csv(&data, &out);
    let (_, rows) = incidents_csv(&out);
    for id in [
        "01M3Q4RK1SM4EMK445GGPG7C0N",
        "01M3Q4HMNP8SZ27DTZKW6F5BJ4",
        "01KA22C8G0G4EZG5YEJ4FRTWRA",
    ] {
        assert_eq!(
            (
                rows[id]["start_basis"].as_str(),
                rows[id]["ttfc_min"].as_str()
            ),
            ("none", ""),
            "{id}"
        );
    }

    // CONSTRUCTED from the real 2026-09-29 capture: incident.io shows a retroactively
    // posted update at the time it states (display_at before created_at, as the issue
    // describes; no such incident is in tests/fixtures). 01M3Q4RK1SM4EMK445GGPG7C0N's
    // first update (posted 17:52:52) is shown at 16:30:00; its second (18:24:17) at
    // 16:10:00 but marked resolved: a resolution's display time is the end, not a start.
    //   start 16:30:00 (backdated), ttfc = 17:52:52 − 16:30:00 = 82.867 min.
    // 01M3Q4HMNP8SZ27DTZKW6F5BJ4's only update becomes its resolution, shown a day early:
    //   no start, no ttfc.
    let mut doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(incidentio("openai-summary-20260929T1829Z.json")).expect("read"),
    )
    .expect("json");
    for incident in doc["incidents"].as_array_mut().expect("incidents") {
        let id = incident["id"].as_str().unwrap_or("").to_string();
        let updates = incident["incident_updates"]
            .as_array_mut()
            .expect("updates");
        for update in updates.iter_mut() {
            match (id.as_str(), update["created_at"].as_str()) {
                ("01M3Q4RK1SM4EMK445GGPG7C0N", Some("2026-09-29T17:52:52Z")) => {
                    update["display_at"] = "2026-09-29T16:30:00Z".into()
                }
                ("01M3Q4RK1SM4EMK445GGPG7C0N", Some("2026-09-29T18:24:17Z")) => {
                    update["display_at"] = "2026-09-29T16:10:00Z".into();
                    update["status"] = "resolved".into();
                }
                _ => {}
            }
        }
        if id == "01M3Q4HMNP8SZ27DTZKW6F5BJ4" {
            updates.retain(|u| u["created_at"] == "2026-09-29T17:49:05Z");
            updates[0]["status"] = "resolved".into();
            updates[0]["display_at"] = "2026-09-28T17:49:05Z".into();
            incident["status"] = "resolved".into();
        }
    }
    let payload = data.with_extension("json");
    write_json(&payload, &doc);
    let data2 = TempDir::new("incidentio-backdated");
    let out2 = TempDir::new("incidentio-backdated-out");
    planb(&data2, &["import", payload.to_str().expect("utf-8")]);
    report_all_csv(&data2, &out2);
    let (_, rows) = incidents_csv(&out2);
    let a = &rows["01M3Q4RK1SM4EMK445GGPG7C0N"];
    assert_eq!(
        (a["start_basis"].as_str(), a["impact_start"].as_str()),
        ("backdated", "2026-09-29T16:30:00.000Z")
    );
    close(&a["ttfc_min"], 82.0 + 52.0 / 60.0);
    let b = &rows["01M3Q4HMNP8SZ27DTZKW6F5BJ4"];
    assert_eq!(
        (
            b["start_basis"].as_str(),
            b["ttfc_min"].as_str(),
            b["retroactive"].as_str()
        ),
        ("none", "", "true")
    );
    let vendors = csv_rows(&out2.join("vendors.csv"), "vendor");
    let openai = &vendors["OpenAI"];
    assert_eq!(
        (
            openai["start_stated"].as_str(),
            openai["start_backdated"].as_str(),
            openai["start_none"].as_str(),
            openai["incidents"].as_str()
        ),
        ("0", "1", "1", "2")
    );
    assert_eq!(openai["start_backdated_share"], "0.5");
    for dir in [&data, &out, &data2, &out2] {
        let _ = std::fs::remove_dir_all(dir);
    }
    let _ = std::fs::remove_file(&payload);
}

#[test]
fn statuspage_without_started_at_takes_the_same_rule() {
    // CONSTRUCTED from GitHub 00km0kwpz23b (real): `started_at` removed, as a
    // Statuspage-compatible page may omit it, and the first update (posted
    // 17:04:42.496) shown 20 minutes earlier: start 16:44:42.496, ttfc 20 min.
    let data = TempDir::new("nostart");
    let out = TempDir::new("nostart-out");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(github("00km0kwpz23b")).expect("read"))
            .expect("json");
    doc["incident"]
        .as_object_mut()
        .expect("incident")
        .remove("started_at");
    for update in doc["incident"]["incident_updates"]
        .as_array_mut()
        .expect("updates")
    {
        if update["created_at"] == "2023-01-10T17:04:42.496Z" {
            update["display_at"] = "2023-01-10T16:44:42.496Z".into();
        }
    }
    let payload = data.with_extension("json");
    write_json(&payload, &doc);
    planb(&data, &["import", payload.to_str().expect("utf-8")]);
    report_all_csv(&data, &out);
    let (_, rows) = incidents_csv(&out);
    let row = &rows["00km0kwpz23b"];
    assert_eq!(
        (row["start_basis"].as_str(), row["impact_start"].as_str()),
        ("backdated", "2023-01-10T16:44:42.496Z")
    );
    close(&row["ttfc_min"], 20.0);
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&payload);
}

/// The GitHub capture whole: its 2018-12-05 import stays back-filled (831 incidents),
/// its five lone late posts do not, and `--explain` says which is which and why.
#[test]
fn the_github_import_is_backfilled_and_lone_late_posts_are_not() {
    let data = TempDir::new("github-all");
    let out = TempDir::new("github-all-out");
    let folder = format!("{FIXTURES}/statuspage/github-incidents-by-id");
    planb(&data, &["import", &folder]);
    report_all_csv(&data, &out);
    let (_, rows) = incidents_csv(&out);
    let backfilled = rows.values().filter(|r| r["backfilled"] == "true").count();
    assert_eq!(
        backfilled, 831,
        "the 2018-12-05 import (was 836 before issue 15)"
    );
    assert_eq!(rows["pfsrq8bbt6bm"]["backfilled"], "true");
    // Posted 1 to 25 days late, each alone: late communication, not an import.
    for id in [
        "1bvl46bpr0bl",
        "lwlvwcrv7dsr",
        "qrrdvssfmrs2",
        "nk9gdvl03ztg",
        "xprdw7x7w6j1",
    ] {
        assert_eq!(rows[id]["backfilled"], "false", "{id}");
        assert_eq!(
            rows[id]["ttr_min"], "",
            "{id}: resolved = created is no duration"
        );
    }
    let sources = csv_rows(&out.join("sources.csv"), "source_id");
    assert_eq!(sources["www.githubstatus.com"]["backfilled"], "831");

    let explain = |target: &str| {
        let out = planb(
            &data,
            &[
                "report",
                "--explain",
                target,
                "--as-of",
                "2026-11-01T00:00:00Z",
            ],
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let text = explain("www.githubstatus.com:pfsrq8bbt6bm");
    assert!(
        text.contains("import of 831 incidents of this source between 2018-12-05T11:24:04Z and 2018-12-05T11:45:59Z"),
        "{text}"
    );
    let text = explain("www.githubstatus.com:xprdw7x7w6j1");
    assert!(
        text.contains("a late post, not part of an import"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_late_google_cloud_post_keeps_its_ttfc() {
    // bigquery/20006 (real, 2020-11-17 capture): first post 07:11:45Z says "beginning at
    // Wednesday, 2020-08-19 21:15 US/Pacific" (04:15Z); its second update, posted twelve
    // days later, is shown at 11:12:00Z (the end). Was back-filled; a lone late post now:
    //   ttfc = 07:11:45 − 04:15:00 = 176.75 min; silence capped at first post →
    //   resolution (11:12:00) = 240.25 min.
    let data = TempDir::new("gcp-late");
    let out = TempDir::new("gcp-late-out");
    planb(
        &data,
        &[
            "import",
            &format!("{FIXTURES}/google-cloud/gcp-incidents-20201117T2032Z.json"),
        ],
    );
    report_all_csv(&data, &out);
    let (_, rows) = incidents_csv(&out);
    let row = &rows["bigquery/20006"];
    assert_eq!(row["backfilled"], "false");
    assert_eq!(row["impact_start"], "2020-08-20T04:15:00.000Z");
    close(&row["ttfc_min"], 176.75);
    close(&row["longest_silence_min"], 240.25);
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
}
