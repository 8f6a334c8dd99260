//! A source id comes from a payload's `page.url`, which a third party writes: whatever it
//! says, the id is a visible directory name, and report and dashboard show the source.

use super::*;

/// A Statuspage payload with one resolved incident, whose page claims `url`. CONSTRUCTED,
/// in the shape of the Statuspage incidents API
/// (https://developer.statuspage.io/#operation/getPagesPageIdIncidents).
fn payload_from(url: &str) -> String {
    format!(
        r#"{{"page":{{"url":"{url}","name":"Hidden"}},"incidents":[{{"id":"h1","name":"Down","status":"resolved","impact":"major","created_at":"2026-11-20T10:00:00Z","resolved_at":"2026-11-20T11:00:00Z","incident_updates":[{{"id":"u1","status":"resolved","body":"fixed","created_at":"2026-11-20T11:00:00Z"}}]}}]}}"#
    )
}

#[test]
fn a_page_url_of_dots_gives_a_source_the_report_shows() {
    for url in ["https://../hidden", "https://./x", "https://.."] {
        let data = TempDir::new("hidden");
        let file = data.join("payload.json");
        std::fs::write(&file, payload_from(url)).expect("write payload");
        let store_dir = data.join("store");
        let out = planb(&store_dir, &["import", file.to_str().expect("utf-8")]);
        assert!(out.status.success(), "{url}: {out:?}");
        let store = Store::at(&store_dir);
        let ids = store.source_ids().expect("list sources");
        assert_eq!(ids.len(), 1, "{url}: the store lists the source: {ids:?}");
        let id = &ids[0];
        assert!(!id.starts_with('.') && !id.is_empty(), "{url}: `{id}`");
        let on_disk: Vec<String> = std::fs::read_dir(store_dir.join("sources"))
            .expect("sources")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(&on_disk, &ids, "{url}: one visible directory");
        let report = data.join("report");
        let out = planb(
            &store_dir,
            &[
                "report",
                "--window",
                "all",
                "--out",
                report.to_str().expect("utf-8"),
            ],
        );
        assert!(out.status.success(), "{url}: {out:?}");
        let sources = std::fs::read_to_string(report.join("sources.csv")).expect("sources.csv");
        assert!(
            sources.contains(id.as_str()),
            "{url}: `{id}` missing from {sources}"
        );
    }
}
