//! Bad register.toml input: each problem is named with its file and line, the command
//! exits 2, and nothing is written. `--draft` writes a DRAFT package with problems.txt.

use std::path::{Path, PathBuf};

use super::{TempDir, demo_inventory, fixture_register, line_of, planb, text};

/// The fixture with `from` replaced by `to` once, written to a temp register.toml (the
/// directory comes back too: it is removed when the caller drops it).
fn broken(from: &str, to: &str) -> (TempDir, PathBuf, String) {
    let original = std::fs::read_to_string(fixture_register()).expect("fixture");
    assert!(original.contains(from), "fixture has {from:?}");
    let text = original.replacen(from, to, 1);
    let path_dir = TempDir::new("bad");
    let path = path_dir.join("register.toml");
    std::fs::write(&path, &text).expect("write");
    (path_dir, path, text)
}

/// Runs the package writer; returns (exit code, stderr, out dir).
fn write_package(register: &Path, extra: &[&str]) -> (Option<i32>, String, PathBuf) {
    let out = register.with_file_name("out");
    let inventory = demo_inventory();
    let mut args = vec![
        "register",
        "--inventory",
        inventory.to_str().expect("utf-8"),
        "--register",
        register.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let output = planb(&args, None);
    (
        output.status.code(),
        format!("{}{}", text(&output.stderr), text(&output.stdout)),
        out,
    )
}

fn assert_refused(register: &Path, expected: &[&str]) {
    let (code, output, out) = write_package(register, &[]);
    assert_eq!(code, Some(2), "{output}");
    for part in expected {
        assert!(output.contains(part), "{part:?} in:\n{output}");
    }
    assert!(output.contains("nothing written"), "{output}");
    assert!(!out.exists(), "nothing written: {out:?} exists");
}

#[test]
fn a_duplicated_function_id_is_rule_806_at_its_line() {
    let (_dir, path, text) = broken("id = \"F2\"", "id = \"F1\"");
    let line = line_of(&text, "id = \"F1\"", line_of(&text, "id = \"F1\"", 0));
    assert_refused(
        &path,
        &[
            "blocking [806] B_06.01",
            "column c0010 (function identifier)",
            &format!("{}:{line}: set `id` in [[function]] F1", path.display()),
        ],
    );
}

#[test]
fn a_provider_code_failing_the_lei_check_digits_is_named_at_its_line() {
    let code = "PLNB00FICTATLASSIA77";
    assert!(super::lei_ok(code));
    let (_dir, path, text) = broken(code, "PLNB00FICTATLASSIA78");
    let line = line_of(&text, "code = \"PLNB00FICTATLASSIA78\"", 0);
    assert_refused(
        &path,
        &[
            "blocking [code list] B_05.01, row provider `Atlassian`",
            "column c0010",
            "`PLNB00FICTATLASSIA78` is not a valid LEI: the check digits do not match",
            &format!(
                "{}:{line}: set `code` in [[provider]] \"Atlassian\"",
                path.display()
            ),
        ],
    );
}

#[test]
fn a_contract_naming_an_unknown_provider_is_rule_807_at_its_line() {
    let (_dir, path, text) = broken("provider = \"Atlassian\"", "provider = \"Atlasian\"");
    let line = line_of(&text, "provider = \"Atlasian\"", 0);
    assert_refused(
        &path,
        &[
            "blocking [807] B_03.02",
            "names provider `Atlasian`, which no [[provider]] has as its name",
            &format!("{}:{line}:", path.display()),
            // Atlassian's services now have no contract: named at their inventory lines.
            &format!(
                "{}:2: add a [[contract]] with provider = \"Atlassian\"",
                demo_inventory().display()
            ),
        ],
    );
}

#[test]
fn an_unknown_key_is_refused_with_its_line() {
    let (_dir, path, text) = broken("legal_name = ", "legal_nam = ");
    let line = line_of(&text, "legal_nam = ", 0);
    assert_refused(
        &path,
        &[
            "[syntax]",
            &format!("{}:{line}:", path.display()),
            "legal_nam",
        ],
    );
}

#[test]
fn check_lists_the_problems_and_exits_2_without_writing() {
    let (_dir, path, _) = broken("id = \"F2\"", "id = \"F1\"");
    let inventory = demo_inventory();
    let inventory = inventory.to_str().expect("utf-8");
    let args = |register: &'static str| -> Vec<&str> {
        vec![
            "register",
            "check",
            "--inventory",
            inventory,
            "--register",
            register,
        ]
    };
    let bad_path = path.to_str().expect("utf-8").to_string();
    let bad = planb(&args(bad_path.leak()), None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stdout).contains("blocking [806] B_06.01"),
        "{}",
        text(&bad.stdout)
    );
    let good = planb(
        &args(
            fixture_register()
                .to_str()
                .expect("utf-8")
                .to_string()
                .leak(),
        ),
        None,
    );
    assert_eq!(good.status.code(), Some(0), "{}", text(&good.stdout));
    let summary = text(&good.stdout);
    assert!(
        summary.contains("0 blocking problem(s)") && summary.contains("providers with codes 25/25"),
        "{summary}"
    );
    let entries: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
        .expect("dir")
        .collect();
    assert_eq!(entries.len(), 1, "check writes nothing");
}

#[test]
fn a_draft_is_written_anyway_with_its_problems_beside_it() {
    let (_dir, path, _) = broken("PLNB00FICTATLASSIA77", "PLNB00FICTATLASSIA78");
    let (code, output, out) = write_package(&path, &["--draft"]);
    assert_eq!(code, Some(1), "written, but not fit to file: {output}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names[0].starts_with("DRAFT-PLNB00FICTBANK000029.IND_DE_DORA010100_DORA_2025-12-31_"),
        "{names:?}"
    );
    assert_eq!(&names[1..], ["evidence.csv", "problems.txt"]);
    let problems = std::fs::read_to_string(out.join("problems.txt")).expect("problems.txt");
    assert!(problems.starts_with("1 blocking problem(s)"), "{problems}");
    assert!(
        problems.contains("`PLNB00FICTATLASSIA78` is not a valid LEI"),
        "{problems}"
    );
}

#[test]
fn two_providers_with_one_code_must_agree_or_it_is_rule_806() {
    // AWS given Amazon's code, with another legal name: one code, two legal entities.
    let (_dir, path, text) = broken(
        "code = \"PLNB00FICTAWS0000060\"",
        "code = \"PLNB00FICTAMAZON0045\"",
    );
    let line = line_of(&text, "legal_name = \"AWS (fictional record)\"", 0);
    assert_refused(
        &path,
        &[
            "blocking [806] B_05.01, row provider `AWS`",
            "column c0050 (legal name)",
            "code `PLNB00FICTAMAZON0045` is also the code of provider `Amazon`",
            &format!(
                "{}:{line}: set `legal_name` in [[provider]] \"AWS\"",
                path.display()
            ),
        ],
    );
}
