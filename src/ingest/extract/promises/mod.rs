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
mod tests;
