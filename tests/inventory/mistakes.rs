//! Mistakes a hand-edited inventory makes that a CSV reader accepts: a quote never closed
//! swallows the rows after it, a service listed twice, bytes that are not UTF-8. Each is
//! an error naming file, line and field, with a fix; nothing passes with a warning.

use super::*;

/// The check fails with exit 2 and says `needles` in one problem line at `position`.
fn fails_at(s: &Scratch, position: &str, field: &str, needles: &[&str]) {
    let (code, out) = s.check();
    assert_eq!(code, Some(2), "{out}");
    let at = if field.is_empty() {
        format!("{}:{position}: error: ", s.file.display())
    } else {
        s.at(position, "error", field)
    };
    let line = out
        .lines()
        .find(|l| l.starts_with(&at))
        .unwrap_or_else(|| panic!("no error at {at}:\n{out}"));
    for needle in needles {
        assert!(line.contains(needle), "`{needle}` missing from: {line}");
    }
}

#[test]
fn a_quote_never_closed_is_an_error_where_it_opens() {
    // Sources-only: the three services became one name, "GitHub Slack Zoom".
    let s = Scratch::new("inv.csv", b"service\n\"GitHub\nSlack\nZoom\n");
    fails_at(
        &s,
        "2:1",
        "service",
        &["quote", "never closed", "lines 2 to 4", "fix:"],
    );
    // In notes, where line breaks are allowed: still never closed.
    let s = Scratch::new(
        "inv.csv",
        b"service,notes\nGitHub,\"code\nSlack,chat\nZoom,video\n",
    );
    fails_at(&s, "2:2", "notes", &["never closed", "lines 2 to 4"]);
}

#[test]
fn a_quote_closed_rows_later_is_an_error_in_a_one_line_field() {
    let s = Scratch::new(
        "inv.csv",
        format!("{HEADER}\"Jira,ticketing,critical,none\nSlack,chat,high,manual\nZoom\",video,low,none\nLinear,tickets,low,none\n").as_bytes(),
    );
    fails_at(&s, "2:1", "service", &["lines 2 to 4", "quote", "fix:"]);
}

#[test]
fn line_breaks_inside_closed_quotes_stay_allowed_in_notes() {
    let csv = HEADER.replace('\n', ",notes\n")
        + "Jira,ticketing,critical,none,\"first line\nsecond line\"\nSlack,chat,high,manual,\n";
    let inventory = parse("inv.csv", &csv);
    assert_eq!(inventory.rows.len(), 2);
    assert_eq!(
        inventory.rows[0].notes.as_deref(),
        Some("first line\nsecond line")
    );
    assert_eq!(inventory.rows[1].line, 4);
}

#[test]
fn a_service_listed_twice_is_an_error_with_both_lines() {
    // Sources-only, names differing only in case: one catalog service, and one of the
    // inventory's own.
    let s = Scratch::new(
        "inv.csv",
        b"service,status_url,platform\nGitHub,https://www.githubstatus.com,statuspage\nAcme,https://status.acme.example,statuspage\ngithub,https://www.githubstatus.com,statuspage\nACME,https://status.acme.example,statuspage\n",
    );
    fails_at(
        &s,
        "4:1",
        "service",
        &["`github`", "`GitHub`", "lines 2 and 4", "fix:"],
    );
    fails_at(&s, "5:1", "service", &["`ACME`", "`Acme`", "lines 3 and 5"]);
    let (_, out) = s.check();
    assert!(out.contains("2 error(s)"), "{out}");
    // The same name twice.
    let s = Scratch::new("inv.csv", b"service\nSlack\nZoom\nSlack\n");
    fails_at(&s, "4:1", "service", &["lines 2 and 4"]);
}

#[test]
fn the_same_service_for_two_capabilities_is_no_duplicate() {
    let csv = format!("{HEADER}GitHub,code hosting,critical,none\ngithub,ci,high,manual\n");
    assert_eq!(parse("inv.csv", &csv).rows.len(), 2);
}

#[test]
fn bytes_that_are_not_utf8_are_named_at_their_line() {
    let s = Scratch::new("inv.csv", b"service\nGitHub\nSl\xffck\n");
    fails_at(&s, "3", "", &["not UTF-8", "0xff at character 3", "fix:"]);
}
