//! Report files carry no raw bidirectional or invisible format characters, whatever a
//! vendor put in ids, names or titles: report.json escapes them (the value is kept exact
//! for programs), the CSV and Markdown files drop them.

use super::*;

/// Characters that reorder or hide text on screen (Trojan Source and look-alike ids).
const HIDDEN: [char; 9] = [
    '\u{202e}', '\u{2066}', '\u{200f}', '\u{061c}', '\u{200b}', '\u{2060}', '\u{feff}', '\u{206a}',
    '\u{fff9}',
];

/// A Statuspage payload whose ids, page name, title and component carry `HIDDEN`.
/// CONSTRUCTED, in the shape of the Statuspage incidents API
/// (https://developer.statuspage.io/#operation/getPagesPageIdIncidents).
fn payload() -> String {
    let all: String = HIDDEN.iter().collect();
    let escaped: String = all
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    format!(
        r#"{{"page":{{"url":"https://status.bidi.example","name":"Bidi{escaped} Corp"}},"incidents":[{{"id":"abc{escaped}def","name":"Title{escaped} here","status":"resolved","impact":"major","created_at":"2026-11-20T10:00:00Z","resolved_at":"2026-11-20T11:00:00Z","components":[{{"name":"API{escaped}"}}],"incident_updates":[{{"id":"u1","status":"resolved","body":"fixed","created_at":"2026-11-20T11:00:00Z"}}]}}]}}"#
    )
}

fn assert_clean(path: &Path) {
    let text = std::fs::read_to_string(path).expect("report file");
    for c in HIDDEN {
        assert!(
            !text.contains(c),
            "{} carries a raw U+{:04X}",
            path.display(),
            c as u32
        );
    }
}

#[test]
fn report_files_carry_no_raw_bidi_or_format_characters() {
    let data = TempDir::new("bidi");
    let file = data.join("payload.json");
    std::fs::write(&file, payload()).expect("write payload");
    planb(&data, &["import", file.to_str().expect("utf-8")]);
    let out = TempDir::new("bidi-out");
    let dir = out.to_str().expect("utf-8");
    for format in ["json", "csv"] {
        planb(
            &data,
            &[
                "report", "--window", "all", "--format", format, "--out", dir,
            ],
        );
    }
    let md = planb(
        &data,
        &["report", "--window", "all", "--format", "md", "--out", dir],
    );
    for name in [
        "report.json",
        "incidents.csv",
        "sources.csv",
        "vendors.csv",
        "report.md",
    ] {
        assert_clean(&out.join(name));
    }
    let stdout = String::from_utf8_lossy(&md.stdout);
    assert!(!stdout.contains(HIDDEN), "markdown on stdout");
    // JSON keeps the id exact, escaped: a program can still match it with the vendor's.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("read"))
            .expect("valid JSON");
    let id = json["communication"]["incidents"][0]["incident_id"]
        .as_str()
        .expect("incident id");
    assert_eq!(id, format!("abc{}def", HIDDEN.iter().collect::<String>()));
}
