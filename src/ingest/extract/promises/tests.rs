//! Unit tests of `promises`.

//! Sentences quoted from tests/fixtures (GitHub by-id incidents, Google Cloud
//! incidents.json), each named by incident id, with the deadline worked out.
use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("test timestamp")
        .with_timezone(&Utc)
}

fn check(id: &str, text: &str, posted: &str, want: Option<&str>) {
    let got = extract_promise(text, at(posted)).map(|t| t.format("%Y-%m-%dT%H:%MZ").to_string());
    assert_eq!(got.as_deref(), want, "incident {id}: {text}");
}

macro_rules! case {
    ($name:ident, $id:literal, $text:expr, $posted:literal, $want:expr) => {
        #[test]
        fn $name() {
            check($id, $text, $posted, $want);
        }
    };
}

// ---- relative promises (GitHub) ----

// 14:46:13 + 15 min = 15:01.
case!(
    gh_next_update_in_minutes,
    "smn1qtqvbsb6",
    "We have implemented a mitigation and are monitoring for impact. Next update in 15 minutes.",
    "2022-10-05T14:46:13Z",
    Some("2022-10-05T15:01Z")
);
// "mins": 13:59:52 + 15 = 14:14.
case!(
    gh_next_update_in_mins,
    "smn1qtqvbsb6",
    "We mitigated this issue and have seen recovery since 1315 UTC. Next update in 15 mins.",
    "2022-10-05T13:59:52Z",
    Some("2022-10-05T14:14Z")
);
// 15:02:18 + 20 = 15:22.
case!(
    gh_next_update_in_20,
    "smn1qtqvbsb6",
    "We are continuing to monitor webhook deliveries following our earlier mitigation. Next update in 20 minutes.",
    "2022-10-05T15:02:18Z",
    Some("2022-10-05T15:22Z")
);
// 13:46:52 + 30 = 14:16.
case!(
    gh_within_30_minutes,
    "nf7s6933tnn8",
    "We are investigating issues with git operations leading to degraded experiences for many services. We will post an update within 30 minutes.",
    "2023-05-11T13:46:52Z",
    Some("2023-05-11T14:16Z")
);
// Curly apostrophe in "We’ll": 14:19:08 + 30 = 14:49.
case!(
    gh_curly_well,
    "nf7s6933tnn8",
    "We continue to recover from backlogs and are observing for additional impact. We’ll post another update within 30 minutes.",
    "2023-05-11T14:19:08Z",
    Some("2023-05-11T14:49Z")
);
// "within an hour": 19:39:02 + 60 = 20:39.
case!(
    gh_within_an_hour,
    "pr3498h3qkfy",
    "We are continuing to investigate ongoing issues with delayed Actions runs, Codespace connections, and PR creation. We will provide a more detailed status update within an hour.",
    "2023-05-10T19:39:02Z",
    Some("2023-05-10T20:39Z")
);
// "in 1 hour": 21:44:46 + 60 = 22:44.
case!(
    gh_in_one_hour,
    "6tcfpztf6j9m",
    "We continue to monitor the remediation and will provide the next update in 1 hour.",
    "2020-05-22T21:44:46Z",
    Some("2020-05-22T22:44Z")
);
// 15:10:33 + 10 = 15:20.
case!(
    gh_next_update_in_10,
    "ybnn77s3lyf8",
    "Our mitigation for Packages is progressing well. We are adding capacity back and beginning to see 5xx error rates reduce. Next update in 10 minutes.",
    "2023-03-15T15:10:33Z",
    Some("2023-03-15T15:20Z")
);

// ---- absolute promises (Google Cloud) ----

// 14:00 PST = 22:00Z.
case!(
    gcp_more_information_by,
    "/incident/storage/20008",
    "Description: Mitigation work is currently underway by our engineering team.\n\nWe do not have an ETA for mitigation at this point.\n\nWe will provide more information by Tuesday, 2020-11-17 14:00 US/Pacific.",
    "2020-11-17T20:19:33Z",
    Some("2020-11-17T22:00Z")
);
// 14:15 PST = 22:15Z; the "beginning at" time earlier in the text is not a promise.
case!(
    gcp_update_by_with_details,
    "hdknJ5aWh8KCAimNhTHe",
    "Description: We are experiencing an issue with Apigee beginning at Tuesday, 2025-03-04 01:25 US/Pacific.\nOur engineering team continues to investigate the issue.\nWe will provide an update by Tuesday, 2025-03-04 14:15 US/Pacific with current details.",
    "2025-03-04T21:32:59Z",
    Some("2025-03-04T22:15Z")
);
// 10:30 PDT = 17:30Z.
case!(
    gcp_update_by_pdt,
    "utF3FMFdQfwBzJcGG6vf",
    "Our engineering team continues to investigate the issue.\nWe will provide an update by Thursday, 2026-08-20 10:30 PDT.",
    "2026-08-20T16:44:37Z",
    Some("2026-08-20T17:30Z")
);
// "<date> at <time>": 17:00 PDT Jun 12 = 00:00Z Jun 13.
case!(
    gcp_next_update_date_at,
    "5fGQt4VbkDnr3Yp8PXPr",
    "We will provide our next update by Friday, 2026-06-12 at 17:00 PDT.",
    "2026-06-11T23:25:00Z",
    Some("2026-06-13T00:00Z")
);
// Date earlier in the sentence than "by <time>": 17:00 PDT Sep 2 = 00:00Z Sep 3.
case!(
    gcp_update_on_date_by_time,
    "A27EJTBQ6anaCdeNX6zp",
    "We will provide an update on Thursday 2021-09-02 by 17:00 US/Pacific.",
    "2021-08-26T21:15:54Z",
    Some("2021-09-03T00:00Z")
);
// 14:00 PDT = 21:00Z.
case!(
    gcp_another_update_by,
    "T8gmtofFSTGT5tbhyciF",
    "We will provide another update by Tuesday, 2026-07-14 14:00 PDT.",
    "2026-07-14T20:24:18Z",
    Some("2026-07-14T21:00Z")
);
// Pacific evening is the next UTC day: 21:30 PDT Jul 15 = 04:30Z Jul 16.
case!(
    gcp_update_by_next_utc_day,
    "3BvH3LVGcupoYqV6F4Nw",
    "We will provide an update by Wednesday, 2026-07-15 21:30 PDT.",
    "2026-07-16T03:30:59Z",
    Some("2026-07-16T04:30Z")
);
// Pointer to a parent incident: 10:30 PDT = 17:30Z.
case!(
    gcp_next_update_elsewhere,
    "/incident/cloud-dataproc/20004",
    "For regular status updates, please follow: https://status.cloud.google.com/incident/compute/20006 where we will provide the next update by Wednesday, 2020-07-15 10:30 US/Pacific.",
    "2020-07-15T15:24:27Z",
    Some("2020-07-15T17:30Z")
);
// Passive voice: 21:00 PDT Mar 26 = 04:00Z Mar 27.
case!(
    gcp_update_will_be_posted,
    "/incident/developers-console/20004",
    "An update will be posted here by Thursday, 2020-03-26 21:00 US/Pacific.",
    "2020-03-27T03:15:55Z",
    Some("2020-03-27T04:00Z")
);
// 13:00 PDT = 20:00Z.
case!(
    gcp_further_updates_provided,
    "/incident/cloud-dataproc/20003",
    "Further updates here will be provided by Wednesday, 2020-04-08 13:00 US/Pacific .",
    "2020-04-08T15:11:51Z",
    Some("2020-04-08T20:00Z")
);
// "Tuesday" is wrong (Feb 24 2020 was a Monday) but the date gives a deadline
// 45 minutes after the post: 21:30 PST = 05:30Z Feb 25.
case!(
    gcp_promise_trusts_date_over_weekday,
    "/incident/container-engine/20001",
    "We will provide an update by Tuesday, 2020-02-24 21:30 US/Pacific with current details.",
    "2020-02-25T04:45:04Z",
    Some("2020-02-25T05:30Z")
);

// ---- real texts that promise nothing concrete ----

case!(
    no_few_minutes,
    "9fk4c2w43clz",
    "We are monitoring and will send another update in a few minutes.",
    "2023-10-05T16:12:35Z",
    None
);
case!(
    no_when_we_have_one,
    "00km0kwpz23b",
    "Actions is experiencing degraded performance. We are still investigating and will provide an update when we have one.",
    "2023-01-10T17:22:57Z",
    None
);
case!(
    no_status_updates_without_time,
    "HE1SjabbQsBp9eGukpgd",
    "We do not have an ETA for mitigation at this point, however we will continue to provide status updates.",
    "2024-06-26T17:19:14Z",
    None
);
case!(
    no_discontinued,
    "93kv5rrq2p3p",
    "We are discontinuing periodic status updates at this time, but will provide updates if the situation changes.",
    "2018-12-05T11:36:20Z",
    None
);
// Deadlines for a fix, not for the next update.
case!(
    no_mitigation_deadline,
    "hjxtlk3fvr09",
    "We have authored a mitigation that will be deployed within 30 minutes.",
    "2022-08-29T17:48:50Z",
    None
);
case!(
    no_resolution_eta,
    "/incident/zall/20003",
    "We expect full resolution within the next two hours (by 2020-03-27 06:00 US/Pacific).",
    "2020-03-27T10:44:38Z",
    None
);
case!(
    no_completion_eta,
    "/incident/compute/20006",
    "Full resolution is expected to complete by Wednesday, 2020-07-15 09:05 US/Pacific.",
    "2020-07-15T15:50:31Z",
    None
);
// Copied text whose deadline (13:30 PDT = 20:30Z Aug 31) is already past.
case!(
    no_stale_deadline,
    "sBT6tcw8bxRArf6Jw19o",
    "For regular status updates, please follow: https://status.cloud.google.com/incidents/5yL8cbrpS3ssbYjRZQJv where we will provide the next update by Tuesday, 2021-08-31 13:30 US/Pacific.",
    "2021-09-01T00:16:00Z",
    None
);
// A date without a time.
case!(
    no_date_only,
    "txaxJMs7eNMV5cHwgfRP",
    "We will provide an update by Friday, July 30th with current details.",
    "2021-07-27T20:59:54Z",
    None
);

#[test]
fn phrasing_variants() {
    let p = "2024-01-15T14:30:00Z";
    check(
        "synthetic",
        "Next update at 15:00 UTC.",
        p,
        Some("2024-01-15T15:00Z"),
    );
    check(
        "synthetic",
        "We'll share another update in 60 minutes.",
        p,
        Some("2024-01-15T15:30Z"),
    );
    check(
        "synthetic",
        "We will provide an update within the hour.",
        p,
        Some("2024-01-15T15:30Z"),
    );
    check(
        "synthetic",
        "We will provide more information in the next hour.",
        p,
        Some("2024-01-15T15:30Z"),
    );
    check(
        "synthetic",
        "Next update within 2 hours.",
        p,
        Some("2024-01-15T16:30Z"),
    );
    check(
        "synthetic",
        "We will post an update in half an hour.",
        p,
        Some("2024-01-15T15:00Z"),
    );
    check(
        "synthetic",
        "We will provide updates every 30 minutes.",
        p,
        Some("2024-01-15T15:00Z"),
    );
    check(
        "synthetic",
        "Next update in 30-60 minutes.",
        p,
        Some("2024-01-15T15:30Z"),
    );
    check(
        "synthetic",
        "Next update in 2h.",
        p,
        Some("2024-01-15T16:30Z"),
    );
    // A bare time earlier in the day than the post is tomorrow's.
    check(
        "synthetic",
        "Next update at 00:30 UTC.",
        "2024-01-15T23:50:00Z",
        Some("2024-01-16T00:30Z"),
    );
    check(
        "synthetic",
        "We will update you as soon as we have more information.",
        p,
        None,
    );
    check("synthetic", "Errors began at 14:00 UTC.", p, None);
}

#[test]
fn never_panics() {
    for text in [
        "",
        "next update in",
        "next update in 99999999999999999999 minutes",
        "update by 99:99 UTC",
        "update in é minutes",
        "next update at 23:59 UTC",
    ] {
        // At the ends of time no promise can be placed; an absurd number is no promise.
        assert_eq!(
            extract_promise(text, DateTime::<Utc>::MAX_UTC),
            None,
            "{text:?}"
        );
        assert_eq!(
            extract_promise(text, DateTime::<Utc>::MIN_UTC),
            None,
            "{text:?}"
        );
        let posted = DateTime::parse_from_rfc3339("2024-01-01T12:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let promised = extract_promise(text, posted);
        let expected = (text == "next update at 23:59 UTC")
            .then(|| posted + chrono::Duration::minutes(11 * 60 + 59));
        assert_eq!(promised, expected, "{text:?}");
    }
}
