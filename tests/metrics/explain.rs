//! `planb report --explain SOURCE:INCIDENT`: every number of one incident with how it was
//! made, from a full store and from a facts-only one; bad targets are bad input.

use super::*;

fn explain(data: &Path, target: &str) -> String {
    let out = planb(
        data,
        &[
            "report",
            "--explain",
            target,
            "--as-of",
            "2026-11-01T00:00:00Z",
        ],
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The line after the one that starts with `name` (the reason under a value).
fn reason<'a>(text: &'a str, name: &str) -> (&'a str, &'a str) {
    let mut lines = text.lines();
    let value = lines
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} line in {text}"));
    (value, lines.next().unwrap_or("").trim())
}

#[test]
fn every_number_of_a_stated_incident_is_explained_with_its_sentence() {
    // gqx5l06jjxhp (real): the numbers of three_github_incidents_match_hand_arithmetic,
    // each with its reason; the start quoted from the resolved update's text.
    let data = TempDir::new("explain");
    planb(&data, &["import", &github("gqx5l06jjxhp")]);
    let text = explain(&data, "www.githubstatus.com:gqx5l06jjxhp");
    let (value, why) = reason(&text, "impact start");
    assert!(value.contains("2023-06-29T17:39:00Z (stated)"), "{value}");
    assert!(
        why.contains("by a range of impact times")
            && why.contains("\"From 17:39-18:12 UTC GitHub was down in parts of North America"),
        "{why}"
    );
    let (value, why) = reason(&text, "first post");
    assert!(value.contains("2023-06-29T17:52:11Z"), "{value}");
    assert!(
        why.contains("earliest created_at of its 8 update(s)"),
        "{why}"
    );
    let (value, why) = reason(&text, "ttfc");
    assert!(value.contains("13.19 min"), "{value}");
    assert!(
        why.contains("first post 2023-06-29T17:52:11Z − impact start 2023-06-29T17:39:00Z"),
        "{why}"
    );
    let (value, _) = reason(&text, "longest silence");
    assert!(value.contains("10.65 min"), "{value}");
    // Seven gaps, all while unresolved, the 18:22:22 → 18:33:01 one marked longest.
    let gaps: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("2023-") && l.contains(" → "))
        .collect();
    assert_eq!(gaps.len(), 7, "{text}");
    let longest: Vec<&&str> = gaps.iter().filter(|l| l.contains('◀')).collect();
    assert_eq!(longest.len(), 1);
    assert!(longest[0].contains("2023-06-29T18:22:22Z → 2023-06-29T18:33:01Z"));
    let (value, why) = reason(&text, "ttr");
    assert!(value.contains("57.32 min"), "{value}");
    assert!(
        why.contains("resolved 2023-06-29T18:36:19Z − impact start"),
        "{why}"
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_facts_only_store_names_the_kind_of_phrase_without_the_text() {
    let data = TempDir::new("explain-facts");
    planb(&data, &["import", "--facts-only", &github("gqx5l06jjxhp")]);
    let text = explain(&data, "www.githubstatus.com:gqx5l06jjxhp");
    let (value, why) = reason(&text, "impact start");
    assert!(value.contains("2023-06-29T17:39:00Z (stated)"), "{value}");
    assert!(
        why.contains("by a range of impact times") && why.contains("facts-only store"),
        "{why}"
    );
    assert!(
        !text.contains("GitHub was down"),
        "vendor text was dropped: {text}"
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn an_unknown_start_says_why_and_leaves_ttfc_empty() {
    // 00km0kwpz23b (real): started_at = created_at − 6 ms, no time in the text.
    let data = TempDir::new("explain-none");
    planb(&data, &["import", &github("00km0kwpz23b")]);
    let text = explain(&data, "www.githubstatus.com:00km0kwpz23b");
    let (value, why) = reason(&text, "impact start");
    assert!(value.contains("empty (none)"), "{value}");
    assert!(why.contains("within a minute of created_at"), "{why}");
    let (value, why) = reason(&text, "ttfc");
    assert!(value.contains("empty"), "{value}");
    assert!(
        why.contains("not measurable") && why.contains("never 0"),
        "{why}"
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_bad_target_is_bad_input_with_a_fix() {
    let data = TempDir::new("explain-bad");
    planb(&data, &["import", &github("00km0kwpz23b")]);
    for (target, says) in [
        ("00km0kwpz23b", "expected SOURCE:INCIDENT"),
        (
            "nowhere.example:00km0kwpz23b",
            "no source `nowhere.example`",
        ),
        ("www.githubstatus.com:nope", "incident `nope`"),
    ] {
        let out = cli::command()
            .arg("--data")
            .arg(&data)
            .args(["report", "--explain", target])
            .env("NO_COLOR", "1")
            .output()
            .expect("run planb");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{target}: {stderr}");
        assert!(stderr.contains(says), "{target}: {stderr}");
        assert!(
            out.stdout.is_empty(),
            "{target}: nothing printed but the error"
        );
    }
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    // 00km0kwpz23b's first update rewritten to state a start with escape sequences around.
    let data = TempDir::new("explain-hostile");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(github("00km0kwpz23b")).expect("read"))
            .expect("json");
    for update in doc["incident"]["incident_updates"]
        .as_array_mut()
        .expect("updates")
    {
        if update["created_at"] == "2023-01-10T17:04:42.496Z" {
            update["body"] =
                "\u{1b}]0;owned\u{7}Starting at 16:50 UTC, \u{1b}[31musers saw errors\u{1b}[0m."
                    .into();
        }
    }
    let payload = data.with_extension("json");
    std::fs::write(&payload, serde_json::to_vec(&doc).expect("json")).expect("write");
    planb(&data, &["import", payload.to_str().expect("utf-8")]);
    let text = explain(&data, "www.githubstatus.com:00km0kwpz23b");
    assert!(text.contains("2023-01-10T16:50:00Z (stated)"), "{text}");
    assert!(
        text.contains("Starting at 16:50 UTC, users saw errors."),
        "{text}"
    );
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_file(&payload);
}
