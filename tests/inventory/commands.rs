//! `inventory check` and `catalog` as a user runs them.

use super::*;

#[test]
fn inventory_check_prints_the_resolved_demo() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/inventory.csv");
    let s = Scratch::new("unused.csv", b"");
    let (code, out) = s.run(&["inventory", "check", &demo.display().to_string()]);
    assert_eq!(code, Some(0), "{out}");
    for needle in [
        "exposure inventory",
        "25 row(s), 25 service(s), 21 vendor(s)",
        "https://jira-software.status.atlassian.com",
        "catalog `jira`",
        "Own data centers (Microsoft); Azure",
        "AWS (inventory)",
        "catalog `mongodb-atlas`, overrides runs_on",
        "own: no reader yet",
        "no errors, 0 warning(s)",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    let line = out
        .lines()
        .find(|l| l.contains("Opsgenie"))
        .expect("Opsgenie row");
    assert!(
        line.contains("on-call alerting")
            && line.contains("Atlassian")
            && line.contains("AWS")
            && line.contains("statuspage"),
        "{line}"
    );
}

#[test]
fn inventory_check_warns_and_sanitizes() {
    let csv =
        format!("{HEADER}Evil\u{1b}[31mCorp,ticketing,high,none\nJira,ticketting,critical,none\n");
    let s = Scratch::new("inv.csv", csv.as_bytes());
    let (code, out) = s.check();
    assert_eq!(code, Some(0), "warnings alone do not fail: {out}");
    assert!(
        !out.contains('\u{1b}'),
        "escape sequence reached the terminal: {out:?}"
    );
    assert!(
        out.contains("is not in the catalog and has no status_url: it will have no history"),
        "{out}"
    );
    assert!(
        out.contains(&s.at("3:2", "warning", "capability"))
            && out.contains("did you mean `ticketing`?"),
        "{out}"
    );
}

#[test]
fn catalog_show_and_list() {
    let s = Scratch::new("unused.csv", b"");
    let (code, out) = s.run(&["catalog", "show", "jira"]);
    assert_eq!(code, Some(0), "{out}");
    for needle in [
        "key:",
        "jira",
        "name:",
        "Jira Software",
        "vendor:",
        "Atlassian",
        "https://jira-software.status.atlassian.com (statuspage)",
        "hosts:",
        "AWS (stated)",
        "6 h / 1 h",
        "ticketing",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    let (code, out) = s.run(&["catalog", "show", "Jirra"]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("no service `Jirra`") && out.contains("did you mean `jira`"),
        "{out}"
    );
    let (code, out) = s.run(&["catalog"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.lines().count() > 80 && out.contains("opsgenie") && out.contains("Google Workspace"),
        "{out}"
    );
}

#[test]
fn completions_and_man_pages_come_from_the_command_definitions() {
    let s = Scratch::new("unused.csv", b"");
    let (code, bash) = s.run(&["completions", "bash"]);
    assert_eq!(code, Some(0), "{bash}");
    for sub in ["pull", "import", "report", "catalog", "inventory", "man"] {
        assert!(bash.contains(sub), "bash completions miss `{sub}`");
    }
    let (code, page) = s.run(&["man"]);
    assert_eq!(code, Some(0), "{page}");
    assert!(
        page.starts_with(".ie") && page.contains(".TH planb 1"),
        "{page}"
    );
    assert!(
        page.contains("planb\\-pull(1)"),
        "no link to the pull page:\n{page}"
    );

    let dir = s.file.with_file_name("man");
    let (code, out) = s.run(&["man", "--out", &dir.display().to_string()]);
    assert_eq!(code, Some(0), "{out}");
    let pull = std::fs::read_to_string(dir.join("planb-pull.1")).expect("planb-pull.1");
    assert!(pull.contains("\\-\\-backfill"), "{pull}");
    let (code, out) = s.run(&["completions", "tcsh"]);
    assert_eq!(code, Some(2), "{out}");
}
