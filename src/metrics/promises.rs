//! The deadline an update promises for the next one: "Next update in 15 mins",
//! "We will provide an update within the hour", "We will provide more information
//! by Tuesday, 2020-11-17 14:00 US/Pacific", "next update at 15:00 UTC".
//! Vague promises ("as soon as we have more information", "in a few hours")
//! give `None`.

use chrono::{DateTime, TimeDelta, Utc};

use super::clock_text::{self, DatePart, Mention, Scan, Zone};

/// A promised deadline further out than this is not a next-update promise.
const MAX_PROMISE_DAYS: i64 = 30;
/// Words naming the thing promised.
const UPDATE_WORDS: &[&str] = &["update", "updates", "information", "details"];
/// Words that make a sentence forward-looking.
const FUTURE: &[&str] = &["will", "ll", "next", "shall", "expect", "plan", "another"];
/// Phrases that withdraw the promise.
const NO_PROMISE: &[&str] = &[
    "no further",
    "not provide",
    "discontinu",
    "no more update",
    "unless",
];
/// How close (in words) a relative phrase must sit to the update word.
const NEAR: usize = 8;

/// The deadline promised for the next update, or `None` if the text promises none
/// concretely. With several, the earliest still in the future of `posted_at`.
pub fn extract_promise(text: &str, posted_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let scan = clock_text::scan(text);
    let declared = clock_text::declared_zone(text);
    let earliest = posted_at.checked_sub_signed(TimeDelta::try_minutes(1)?)?;
    let latest = posted_at.checked_add_signed(TimeDelta::try_days(MAX_PROMISE_DAYS)?)?;
    clock_text::sentences(text)
        .into_iter()
        .filter(|(_, s)| promises_update(s))
        .flat_map(|(offset, s)| {
            let relative = relative_deadline(s, posted_at);
            relative.into_iter().chain(absolute_deadlines(
                text, offset, s, &scan, declared, posted_at,
            ))
        })
        .filter(|d| *d >= earliest && *d <= latest)
        .min()
}

fn promises_update(sentence: &str) -> bool {
    let words = clock_text::words_between(sentence, 0, sentence.len());
    let joined = words.join(" ");
    words.iter().any(|w| UPDATE_WORDS.contains(&w.as_str()))
        && words.iter().any(|w| FUTURE.contains(&w.as_str()))
        && !NO_PROMISE.iter().any(|p| joined.contains(p))
}

/// Lower-case alphanumeric tokens, numbers kept ("30", "mins", "30m").
fn tokens(sentence: &str) -> Vec<String> {
    sentence
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

fn number_word(w: &str) -> Option<i64> {
    let n = match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "ten" => 10,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "sixty" => 60,
        "ninety" => 90,
        _ => return w.parse().ok().filter(|n| (1..=10_000).contains(n)),
    };
    Some(n)
}

fn unit_minutes(w: &str) -> Option<i64> {
    match w {
        "minute" | "minutes" | "min" | "mins" | "m" => Some(1),
        "hour" | "hours" | "hr" | "hrs" | "h" => Some(60),
        "day" | "days" => Some(1440),
        _ => None,
    }
}

/// "30m", "2h", "30mins": a number glued to its unit.
fn glued(w: &str) -> Option<i64> {
    let split = w.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = (w.get(..split)?, w.get(split..)?);
    Some(number_word(n)? * unit_minutes(unit)?)
}

/// Minutes promised by the phrase starting after "in"/"within"/"every" at `i`.
fn phrase_minutes(t: &[String], i: usize) -> Option<i64> {
    const FILLER: &[&str] = &[
        "the",
        "next",
        "approximately",
        "about",
        "around",
        "roughly",
        "another",
        "approx",
    ];
    let mut j = i;
    while t.get(j).is_some_and(|w| FILLER.contains(&w.as_str())) {
        j += 1;
    }
    let w = t.get(j)?;
    if let Some(m) = unit_minutes(w).filter(|_| j > i && w != "m" && w != "h") {
        return Some(m); // "within the hour", "in the next hour"
    }
    if w == "half" {
        return t
            .get(j + 1..j + 3)
            .is_some_and(|x| x.iter().any(|u| u == "hour"))
            .then_some(30);
    }
    if let Some(m) = glued(w) {
        return Some(m);
    }
    let mut n = number_word(w)?;
    let mut k = j + 1;
    // "30 to 60 minutes", "30-60 minutes": the promise is the far end.
    if t.get(k).is_some_and(|x| x == "to" || x == "or") {
        k += 1;
    }
    if let Some(m) = t.get(k).and_then(|x| number_word(x)).filter(|m| *m > n) {
        n = m;
        k += 1;
    }
    Some(n * unit_minutes(t.get(k)?)?)
}

/// "next update in 30 minutes", "within the hour": posted_at plus the span.
fn relative_deadline(sentence: &str, posted_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let t = tokens(sentence);
    let update_at: Vec<usize> = (0..t.len())
        .filter(|&i| t.get(i).is_some_and(|w| UPDATE_WORDS.contains(&w.as_str())))
        .collect();
    (0..t.len())
        .filter(|&i| {
            t.get(i)
                .is_some_and(|w| matches!(w.as_str(), "in" | "within" | "every"))
        })
        .filter(|&i| update_at.iter().any(|&u| u.abs_diff(i) <= NEAR))
        .filter_map(|i| phrase_minutes(&t, i + 1))
        .filter_map(|m| posted_at.checked_add_signed(TimeDelta::try_minutes(m)?))
        .min()
}

/// "update by Tuesday, 2020-11-17 14:00 US/Pacific", "next update at 15:00 UTC".
fn absolute_deadlines(
    text: &str,
    offset: usize,
    sentence: &str,
    scan: &Scan,
    declared: Option<Zone>,
    posted_at: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let end = offset + sentence.len();
    let mut out = Vec::new();
    for m in scan
        .mentions
        .iter()
        .filter(|m| (offset..end).contains(&m.time_start))
    {
        let lead = clock_text::words_between(text, offset, m.time_start);
        let lead: Vec<&String> = lead
            .iter()
            .filter(|w| !clock_text::is_date_word(w))
            .collect();
        let cue = lead
            .iter()
            .rev()
            .find(|w| !matches!(w.as_str(), "at" | "around" | "approximately" | "on"));
        let cue_ok = matches!(
            cue.map(|w| w.as_str()),
            Some("by" | "before" | "than" | "update" | "updates")
        );
        let after_update = lead.iter().any(|w| UPDATE_WORDS.contains(&w.as_str()));
        if !(cue_ok && after_update) {
            continue;
        }
        let Some(zone) = m.zone.or(declared) else {
            continue;
        };
        out.extend(resolve_deadline(m, scan, offset, zone, posted_at));
    }
    out
}

/// The earliest reading of `m` that is not before the post.
fn resolve_deadline(
    m: &Mention,
    scan: &Scan,
    offset: usize,
    zone: Zone,
    posted_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    // A date written earlier in the same sentence: "an update on Friday 2023-06-02 by 17:00".
    let date = match m.date {
        DatePart::Unknown => scan
            .dates
            .iter()
            .rfind(|(at, _)| (offset..m.start).contains(at))
            .map_or(DatePart::Unknown, |(_, d)| *d),
        d => d,
    };
    // A weekday that disagrees with the date is ignored here: a typo'd promise
    // still resolves to the written date, and a stale one falls before the post.
    let today = clock_text::local_date(posted_at, zone);
    let lo = today.pred_opt().unwrap_or(today);
    let hi = today
        .checked_add_days(chrono::Days::new(2))
        .unwrap_or(today);
    let earliest = posted_at.checked_sub_signed(TimeDelta::try_minutes(1)?)?;
    clock_text::date_options(date, m.weekday, lo, hi)
        .into_iter()
        .filter_map(|d| clock_text::to_utc(d, m.hour, m.minute, zone))
        .filter(|t| *t >= earliest)
        .min()
}

#[cfg(test)]
mod tests {
    //! Sentences quoted from shared/fixtures (GitHub by-id incidents, Google Cloud
    //! incidents.json), each named by incident id, with the deadline worked out.
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test timestamp")
            .with_timezone(&Utc)
    }

    fn check(id: &str, text: &str, posted: &str, want: Option<&str>) {
        let got =
            extract_promise(text, at(posted)).map(|t| t.format("%Y-%m-%dT%H:%MZ").to_string());
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
            let _ = extract_promise(text, DateTime::<Utc>::MAX_UTC);
            let _ = extract_promise(text, DateTime::<Utc>::MIN_UTC);
        }
    }
}
