//! Forms from the design notes, DST edges, odd input, earliest over updates.
use super::*;

// ---- Forms from the design notes, DST edges, odd input ----

#[test]
fn design_examples() {
    // Posted after every range below has ended (16:00 PST = 2024-01-16T00:00Z).
    let c = ("synthetic", "2024-01-16T00:00:00Z", "2024-01-15T19:00:00Z");
    // 7:32 AM PST = 15:32Z.
    check(
        c.0,
        "Between 7:32 AM and 3:10 PM PST users saw errors.",
        c.1,
        c.2,
        None,
        Some("2024-01-15T15:32Z"),
    );
    check(
        c.0,
        "Users saw errors from 7:32 AM to 3:10 PM PST.",
        c.1,
        c.2,
        None,
        Some("2024-01-15T15:32Z"),
    );
    check(
        c.0,
        "Between 14:45 UTC and 18:25 UTC pushes failed.",
        c.1,
        c.2,
        None,
        Some("2024-01-15T14:45Z"),
    );
    check(
        c.0,
        "Between 14:45 and 18:25 UTC pushes failed.",
        c.1,
        c.2,
        None,
        Some("2024-01-15T14:45Z"),
    );
    check(
        c.0,
        "At around 4am UTC, users began seeing errors.",
        c.1,
        c.2,
        None,
        Some("2024-01-15T04:00Z"),
    );
    check(
        c.0,
        "Errors began at 11:00 -07:00.",
        c.1,
        c.2,
        None,
        Some("2024-01-15T18:00Z"),
    );
    check(
        c.0,
        "Impact began at 2024-01-15T18:30:00+00:00.",
        c.1,
        c.2,
        None,
        Some("2024-01-15T18:30Z"),
    );
    check(
        c.0,
        "Errors started at 9:15 AM ET.",
        c.1,
        c.2,
        None,
        Some("2024-01-15T14:15Z"),
    );
    // Posted 01:30: the range crosses midnight, so it began the day before.
    // A bare start later in the day than the post is yesterday's.
    check(
        c.0,
        "Starting at 16:00 UTC we saw errors.",
        "2024-01-15T14:30:00Z",
        "2024-01-15T14:00:00Z",
        None,
        Some("2024-01-14T16:00Z"),
    );
    check(
        c.0,
        "Between 23:10 and 01:20 UTC, builds failed.",
        "2024-01-16T01:30:00Z",
        "2024-01-16T00:05:00Z",
        None,
        Some("2024-01-15T23:10Z"),
    );
    check(
        c.0,
        "On March 3, between 14:45 UTC and 18:25 UTC, pushes failed.",
        "2024-03-05T10:00:00Z",
        "2024-03-03T15:00:00Z",
        None,
        Some("2024-03-03T14:45Z"),
    );
    check(
        c.0,
        "Starting March 3, 2024 at 14:45 UTC, pushes failed.",
        "2024-03-05T10:00:00Z",
        "2024-03-03T15:00:00Z",
        None,
        Some("2024-03-03T14:45Z"),
    );
}

#[test]
fn design_negatives() {
    let (p, c) = ("2024-01-15T14:30:00Z", "2024-01-15T14:00:00Z");
    for text in [
        "We will provide an update at 15:00 UTC.",
        "Next update at 15:00 UTC.",
        "We will update in 30 minutes.",
        "We are performing scheduled maintenance from 02:00 to 04:00 UTC.",
        "Errors started at 14:45 and continue.",
        "The issue was resolved as of 13:30 US/Pacific.",
        "The issue was mitigated at 14:02 UTC.",
        "The outage lasted 45 minutes.",
        "Errors began at 2024-01-15 16:00 UTC.", // after the post
    ] {
        check("synthetic", text, p, c, None, None);
    }
}

#[test]
fn dst_edges_us_pacific_and_eastern() {
    let start = |text: &str, posted: &str| {
        let ctx = TextContext {
            posted_at: at(posted),
            incident_created_at: at(posted),
            incident_resolved_at: None,
        };
        extract_stated_start(text, &ctx).map(|t| t.format("%Y-%m-%dT%H:%MZ").to_string())
    };
    // 2024-03-10: 01:30 is still PST (-8), 03:30 is PDT (-7).
    assert_eq!(
        start(
            "Errors began at 2024-03-10 01:30 US/Pacific.",
            "2024-03-10T12:00:00Z"
        )
        .as_deref(),
        Some("2024-03-10T09:30Z")
    );
    assert_eq!(
        start(
            "Errors began at 2024-03-10 03:30 US/Pacific.",
            "2024-03-10T12:00:00Z"
        )
        .as_deref(),
        Some("2024-03-10T10:30Z")
    );
    // 2024-11-03: 00:30 is PDT; 03:00 is PST again.
    assert_eq!(
        start(
            "Errors began at 2024-11-03 00:30 PT.",
            "2024-11-03T12:00:00Z"
        )
        .as_deref(),
        Some("2024-11-03T07:30Z")
    );
    assert_eq!(
        start(
            "Errors began at 2024-11-03 03:00 PT.",
            "2024-11-03T12:00:00Z"
        )
        .as_deref(),
        Some("2024-11-03T11:00Z")
    );
    // Eastern: 2024-03-10 03:00 EDT = 07:00Z; a bare time resolves through the zone's own date.
    assert_eq!(
        start(
            "Errors began at 2024-03-10 03:00 ET.",
            "2024-03-10T12:00:00Z"
        )
        .as_deref(),
        Some("2024-03-10T07:00Z")
    );
    assert_eq!(
        start("Errors began at 11:30 PM EST.", "2024-01-16T05:00:00Z").as_deref(),
        Some("2024-01-16T04:30Z")
    );
    // Before 2007 DST began in April: 2006-03-20 12:00 PT is PST.
    assert_eq!(
        start(
            "Errors began at 2006-03-20 12:00 PT.",
            "2006-03-20T21:00:00Z"
        )
        .as_deref(),
        Some("2006-03-20T20:00Z")
    );
}

#[test]
fn earliest_over_updates() {
    // hdknJ5aWh8KCAimNhTHe: the resolved update states no start; the earlier one does.
    let bodies = [
        (
            "The issue with Apigee has been resolved for all affected users as of Tuesday, 2025-03-04 13:30 US/Pacific.",
            at("2025-03-04T21:40:41Z"),
        ),
        (
            "Description: We are experiencing an issue with Apigee beginning at Tuesday, 2025-03-04 01:25 US/Pacific.",
            at("2025-03-04T21:32:59Z"),
        ),
    ];
    let got = extract_from_updates(
        bodies,
        at("2025-03-04T21:33:01Z"),
        Some(at("2025-03-04T21:40:41Z")),
    );
    assert_eq!(got, Some(at("2025-03-04T09:25:00Z")));
    assert_eq!(
        extract_from_updates([], at("2025-03-04T21:33:01Z"), None),
        None
    );
}

#[test]
fn never_panics() {
    let ctx = TextContext {
        posted_at: DateTime::<Utc>::MIN_UTC,
        incident_created_at: DateTime::<Utc>::MAX_UTC,
        incident_resolved_at: Some(DateTime::<Utc>::MIN_UTC),
    };
    for text in [
        "",
        "beginning at",
        "since 99:99 UTC",
        "between é and ü UTC",
        "from 23:59 to 00:00 UTC",
        "Starting 31/31/2024 10:00 UTC",
        "beginning at Monday, 9999-12-31 23:59 US/Pacific",
    ] {
        // At the ends of time no date can be resolved: nothing is stated.
        assert_eq!(extract_stated_start(text, &ctx), None, "{text:?}");
        let posted = at("2024-01-01T00:00:00Z");
        let stated = extract_stated_start(
            text,
            &TextContext {
                posted_at: posted,
                incident_created_at: posted,
                incident_resolved_at: None,
            },
        );
        // Only the range across midnight reads as a start: the minute before the post.
        let expected = (text == "from 23:59 to 00:00 UTC").then(|| at("2023-12-31T23:59:00Z"));
        assert_eq!(stated, expected, "{text:?}");
    }
}
