//! When did impact begin, according to the vendor's own words?
//!
//! Reads update prose such as "beginning at Tuesday, 2025-03-04 01:25 US/Pacific",
//! "Between 06:59 UTC to 13:18 UTC ...", "since 2020-09-24 17:58 US/Pacific", and
//! returns the stated start in UTC. A wrong start is worse than none, so anything
//! ambiguous — next-update promises, maintenance windows, resolution times,
//! times without a zone, starts after the post — yields `None`.
//!
//! Dates left out are taken from, in order: the range end ("between 20:36 UTC and
//! 20 Sep 00:06 UTC"), the last date written earlier in the text (report headers,
//! imported-history entry stamps), else the incident's own days: of the readings at
//! or before the post, the one nearest `incident_created_at` — so a report posted a
//! week later that says "From 15:22 to 18:10 US/Pacific" lands on the incident's day.

use chrono::{DateTime, TimeDelta, Utc};

use super::clock_text::{self, DatePart, Mention, Scan, Zone};

mod vocabulary;
use vocabulary::*;

/// Timestamps that anchor a text: dates left out of the prose are resolved against them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextContext {
    /// `created_at` of the update containing the text.
    pub posted_at: DateTime<Utc>,
    pub incident_created_at: DateTime<Utc>,
    pub incident_resolved_at: Option<DateTime<Utc>>,
}

/// A stated start may trail the post by this much (clock skew, rounding to the minute).
const TOLERANCE_MINUTES: i64 = 2;
/// Starts stated more than this long before the incident was opened are not believed.
const MAX_DAYS_BEFORE_CREATED: i64 = 30;

/// The time the vendor states impact began, or `None` if the text states none
/// credibly. With several start statements, the earliest credible one.
pub fn extract_stated_start(text: &str, context: &TextContext) -> Option<DateTime<Utc>> {
    let scan = clock_text::scan(text);
    let declared = clock_text::declared_zone(text);
    clock_text::sentences(text)
        .into_iter()
        .flat_map(|(offset, sentence)| {
            sentence_starts(text, offset, sentence, &scan, declared, context)
        })
        .min()
}

/// The earliest credible stated start over all updates of one incident.
/// Each item is an update body and that update's `created_at`.
pub fn extract_from_updates<'a>(
    bodies: impl IntoIterator<Item = (&'a str, DateTime<Utc>)>,
    incident_created_at: DateTime<Utc>,
    incident_resolved_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    bodies
        .into_iter()
        .filter_map(|(body, posted_at)| {
            let context = TextContext {
                posted_at,
                incident_created_at,
                incident_resolved_at,
            };
            extract_stated_start(body, &context)
        })
        .min()
}

fn sentence_starts(
    text: &str,
    offset: usize,
    sentence: &str,
    scan: &Scan,
    declared: Option<Zone>,
    context: &TextContext,
) -> Vec<DateTime<Utc>> {
    let words = clock_text::words_between(sentence, 0, sentence.len());
    let joined = format!(" {} ", words.join(" "));
    let cleaned = HARMLESS
        .iter()
        .fold(joined.clone(), |acc, h| acc.replace(&format!(" {h} "), " "));
    if cleaned.split(' ').any(|w| SENTENCE_VETO.contains(&w)) {
        return Vec::new();
    }
    let end = offset + sentence.len();
    let here: Vec<&Mention> = scan
        .mentions
        .iter()
        .filter(|m| (offset..end).contains(&m.time_start))
        .collect();
    let mut out = Vec::new();
    for (k, m) in here.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| here.get(p));
        if prev.is_some_and(|p| range_link(text, p, m)) {
            continue; // the end of a range, never a start
        }
        let range_end = here.get(k + 1).copied().filter(|n| range_link(text, m, n));
        let lead_from = prev.map_or(offset, |p| p.end.max(offset));
        if !states_start(text, lead_from, offset, m, &joined, range_end.is_some()) {
            continue;
        }
        let Some(zone) = m.zone.or(range_end.and_then(|e| e.zone)).or(declared) else {
            continue;
        };
        out.extend(resolve_start(m, range_end, scan, zone, context));
    }
    out
}

/// "A to B", "A-B", "A and B", "A until B": the two mentions form a range.
fn range_link(text: &str, a: &Mention, b: &Mention) -> bool {
    let between = text.get(a.end..b.start).unwrap_or("x");
    let glue = between
        .trim_matches(|c: char| c.is_whitespace() || c == ',')
        .to_ascii_lowercase();
    matches!(
        glue.as_str(),
        "-" | "\u{2013}" | "\u{2014}" | "to" | "and" | "until" | "till" | "through" | "thru" | "&"
    )
}

enum Cue {
    Start { needs_range: bool },
    AsOf,
    End,
    Weak,
    Nothing,
}

/// Classify the words just before a time (date words already dropped).
fn lead_cue(words: &[String]) -> Cue {
    let mut weak = false;
    let mut rev = words.iter().rev().map(String::as_str).peekable();
    while let Some(w) = rev.next() {
        if w == "of" && rev.peek() == Some(&"as") {
            return Cue::AsOf;
        }
        if END.contains(&w) {
            return Cue::End;
        }
        if START.contains(&w) {
            return Cue::Start {
                needs_range: matches!(w, "from" | "between"),
            };
        }
        if !WEAK.contains(&w) {
            break; // an ordinary word ends the cue
        }
        weak = true;
    }
    if weak { Cue::Weak } else { Cue::Nothing }
}

/// Does any stem start a word of `joined` (" word word ")? Stems with a space
/// match whole phrases.
fn has_stem(joined: &str, stems: &[&str]) -> bool {
    stems
        .iter()
        .any(|stem| joined.contains(&format!(" {stem}")))
}

/// Does the sentence (`joined`: its words, space-separated and padded) present
/// mention `m` as the moment impact began?
fn states_start(
    text: &str,
    lead_from: usize,
    offset: usize,
    m: &Mention,
    joined: &str,
    has_range: bool,
) -> bool {
    let cue_words: Vec<String> = clock_text::words_between(text, lead_from, m.time_start)
        .into_iter()
        .filter(|w| !clock_text::is_date_word(w))
        .collect();
    let lead = format!(
        " {} ",
        clock_text::words_between(text, offset, m.start).join(" ")
    );
    match lead_cue(&cue_words) {
        Cue::Start { needs_range } => (has_range || !needs_range) && !has_stem(&lead, LEAD_VETO),
        // GCP: "We've received a report of an issue with Batch as of <time>",
        // "As of <time>, we are experiencing elevated errors".
        Cue::AsOf => {
            has_stem(joined, &["report of", "experiencing"])
                && !has_stem(joined, LEAD_VETO)
                && !has_stem(joined, AS_OF_VETO)
        }
        // "At around 4am UTC, users began seeing errors" — only with impact words
        // and none about detection or repair.
        Cue::Weak => has_stem(joined, IMPACT) && !has_stem(joined, WEAK_VETO),
        Cue::End | Cue::Nothing => false,
    }
}

/// Resolve a start mention to UTC, checking it against the incident's own times.
fn resolve_start(
    m: &Mention,
    range_end: Option<&Mention>,
    scan: &Scan,
    zone: Zone,
    ctx: &TextContext,
) -> Option<DateTime<Utc>> {
    let tolerance = TimeDelta::try_minutes(TOLERANCE_MINUTES)?;
    let posted_late = ctx.posted_at.checked_add_signed(tolerance)?;
    // Impact cannot start after resolution — unless the resolved time is junk
    // (GCP `end` before `created` happens in old records).
    let created_late = ctx.incident_created_at.checked_add_signed(tolerance)?;
    let resolved = ctx.incident_resolved_at.filter(|r| *r > created_late);
    let latest = resolved
        .map_or(ctx.posted_at, |r| r.min(ctx.posted_at))
        .checked_add_signed(tolerance)?;
    let earliest = ctx
        .incident_created_at
        .checked_sub_signed(TimeDelta::try_days(MAX_DAYS_BEFORE_CREATED)?)?;
    let (date, weekday, back_one_day) = start_date(m, range_end, scan);
    if let (DatePart::Full(d), Some(w)) = (date, weekday)
        && chrono::Datelike::weekday(&d) != w
    {
        return None; // "Tuesday, 2022-01-26" (a Wednesday): one of the two is a typo
    }
    let created_day = clock_text::local_date(ctx.incident_created_at, zone);
    let (lo, hi) = if date == DatePart::Unknown {
        // A bare time means the incident's own day(s), not a day weeks later.
        let two_days_on = created_day
            .succ_opt()
            .and_then(|d| d.succ_opt())
            .unwrap_or(created_day);
        let hi = clock_text::local_date(ctx.posted_at, zone).min(two_days_on);
        (
            created_day.pred_opt().unwrap_or(created_day),
            hi.succ_opt().unwrap_or(hi),
        )
    } else {
        (
            clock_text::local_date(earliest, zone),
            clock_text::local_date(latest, zone),
        )
    };
    // With both ends of a bare range unknown, the range end must have happened too.
    let span = range_end
        .filter(|e| {
            e.date == DatePart::Unknown
                && date == DatePart::Unknown
                && e.zone.is_none_or(|z| z == zone)
        })
        .map(|e| {
            (i64::from(e.hour * 60 + e.minute) - i64::from(m.hour * 60 + m.minute)).rem_euclid(1440)
        });
    clock_text::date_options(date, weekday, lo, hi)
        .into_iter()
        .filter_map(|d| if back_one_day { d.pred_opt() } else { Some(d) })
        .filter_map(|d| clock_text::to_utc(d, m.hour, m.minute, zone))
        .filter(|t| *t >= earliest && *t <= latest)
        .filter(|t| {
            span.is_none_or(|s| {
                t.checked_add_signed(TimeDelta::minutes(s))
                    .is_some_and(|e| e <= posted_late)
            })
        })
        .min_by_key(|t| (*t - ctx.incident_created_at).abs())
}

/// The date a start mention refers to: its own; else its range end's (a day
/// earlier if the range crosses midnight); else the last date written before it.
fn start_date(
    m: &Mention,
    range_end: Option<&Mention>,
    scan: &Scan,
) -> (DatePart, Option<chrono::Weekday>, bool) {
    if m.date != DatePart::Unknown {
        return (m.date, m.weekday, false);
    }
    if let Some(e) = range_end.filter(|e| e.date != DatePart::Unknown) {
        return (e.date, None, (m.hour, m.minute) > (e.hour, e.minute));
    }
    match clock_text::context_date(scan, m.start) {
        Some(d) => (d, None, false),
        None => (DatePart::Unknown, m.weekday, false),
    }
}

#[cfg(test)]
mod tests;
