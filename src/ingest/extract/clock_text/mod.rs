//! Shared scanning of clock times, dates and time zones in status-page prose
//! ("Tuesday, 2025-03-04 01:25 US/Pacific", "14:45 UTC", "7:32 AM PST", "4am UTC").
//! Pure text: no I/O. Used by `stated_start` and `promises`.
//!
//! Nothing here indexes strings by position: text is walked with `char_indices`
//! and sliced with `get`, so any input is safe.
//!
//! Layout: this file holds the types and the clock-time mention parser (`scan`);
//! `tokens` the tokenizer and sentence splitting, `dates` written dates, `zones`
//! zones, US daylight saving and UTC conversion, `markup` HTML blanked to plain text.

mod dates;
mod markup;
mod tokens;
mod zones;

use chrono::{NaiveDate, Weekday};

pub(crate) use dates::{context_date, date_options, is_date_word};
pub(crate) use markup::plain_text;
pub(crate) use tokens::{sentences, words_between};
pub(crate) use zones::{declared_zone, local_date, to_utc};

use dates::{malformed_date, parse_date};
use tokens::{Kind, Tok, tight, tight_num, tokenize};
use zones::parse_zone;

/// A time zone as written in prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Zone {
    /// Fixed offset, minutes east of UTC ("UTC", "+00:00", "-07:00").
    Fixed(i32),
    /// A US zone with daylight saving; the standard offset in hours (-8 Pacific).
    /// Vendors write "PST" in July and "PT" all year, so PST/PDT/PT all map here
    /// and the date decides the offset.
    Us(i32),
}

/// The calendar date part of a mention, if one was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DatePart {
    Unknown,
    Full(NaiveDate),
    /// "March 3", "19 Sep": month and day, year implied.
    MonthDay(u32, u32),
}

/// One clock time found in the text, with whatever date and zone went with it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Mention {
    /// Byte offset where the mention starts (its date, if written first).
    pub start: usize,
    /// Byte offset of the clock time itself.
    pub time_start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
    pub date: DatePart,
    pub weekday: Option<Weekday>,
    pub hour: u32,
    pub minute: u32,
    pub zone: Option<Zone>,
}

/// All clock-time mentions, plus dates written without a time (kept as context
/// for later bare times: "On 14 June 2022 ... at 09:17").
#[derive(Clone, Debug, Default)]
pub(crate) struct Scan {
    pub mentions: Vec<Mention>,
    pub dates: Vec<(usize, DatePart)>,
}

/// A parsed clock; `bare_hhmm` ("1230") counts only when a zone follows.
struct Clock {
    hour: u32,
    minute: u32,
    seconds: bool,
    bare_hhmm: bool,
    next: usize,
}

/// "am"/"pm"/"a.m."/"p.m." at `i`: returns (is_pm, next).
fn meridiem(t: &[Tok], i: usize) -> Option<(bool, usize)> {
    let w = t.get(i)?;
    if w.word("am") || w.word("pm") {
        return Some((w.word("pm"), i + 1));
    }
    let dotted = (w.word("a") || w.word("p"))
        && tight(t, i + 1, '.')
        && t.get(i + 2).is_some_and(|x| x.word("m") && !x.gap);
    dotted.then(|| (w.word("p"), i + 3 + usize::from(tight(t, i + 3, '.'))))
}

fn to_24h(hour: u32, pm: bool) -> Option<u32> {
    match hour {
        1..=11 => Some(if pm { hour + 12 } else { hour }),
        12 => Some(if pm { 12 } else { 0 }),
        _ => None,
    }
}

fn parse_clock(t: &[Tok], i: usize) -> Option<Clock> {
    let h_tok = t.get(i).filter(|x| x.kind == Kind::Num)?;
    if h_tok.s.len() <= 2 && tight(t, i + 1, ':') {
        let (mut hour, minute) = (h_tok.num(2)?, tight_num(t, i + 2, 2)?);
        let mut next = i + 3;
        let seconds = tight(t, next, ':') && tight_num(t, next + 1, 2).is_some();
        next += if seconds { 2 } else { 0 };
        if tight(t, next, '.')
            && t.get(next + 1)
                .is_some_and(|x| x.kind == Kind::Num && !x.gap)
        {
            next += 2; // fractional seconds
        }
        if let Some((pm, n)) = meridiem(t, next) {
            hour = to_24h(hour, pm).unwrap_or(hour); // "14:00 PM": keep the 24h reading
            next = n;
        }
        return (hour <= 23 && minute <= 59).then_some(Clock {
            hour,
            minute,
            seconds,
            bare_hhmm: false,
            next,
        });
    }
    if h_tok.s.len() <= 2 {
        let (pm, next) = meridiem(t, i + 1)?;
        let hour = to_24h(h_tok.num(2)?, pm)?;
        return Some(Clock {
            hour,
            minute: 0,
            seconds: false,
            bare_hhmm: false,
            next,
        });
    }
    let v = h_tok.num(4).filter(|_| h_tok.s.len() == 4)?;
    let (hour, minute) = (v / 100, v % 100);
    (hour <= 23 && minute <= 59).then_some(Clock {
        hour,
        minute,
        seconds: false,
        bare_hhmm: true,
        next: i + 1,
    })
}

/// Words allowed between a written date and its clock time.
fn skip_connectors(t: &[Tok], mut j: usize) -> usize {
    const GLUE: [&str; 9] = [
        "at",
        "around",
        "approximately",
        "approx",
        "about",
        "roughly",
        "from",
        "between",
        "t",
    ];
    for _ in 0..4 {
        match t.get(j) {
            Some(x) if x.is(',') || x.is('~') || GLUE.iter().any(|g| x.word(g)) => j += 1,
            _ => break,
        }
    }
    j
}

fn parse_mention(t: &[Tok], i: usize) -> Option<(Mention, usize)> {
    let (mut date, mut weekday, j) = parse_date(t, i).unwrap_or((DatePart::Unknown, None, i));
    let k = if j > i { skip_connectors(t, j) } else { j };
    let clock = parse_clock(t, k)?;
    let mut next = clock.next;
    let zone = parse_zone(t, next, clock.seconds).map(|(z, n)| {
        next = n;
        z
    });
    if clock.bare_hhmm && zone.is_none() {
        return None;
    }
    if j == i {
        // A date written after the time: "04:09 UTC July 19", "20:36 UTC on 19 Sep".
        let on = next + usize::from(t.get(next).is_some_and(|x| x.word("on") || x.is(',')));
        if let Some((d, w, e)) = parse_date(t, on) {
            (date, weekday, next) = (d, w, e);
        }
    }
    let end = t.get(next.saturating_sub(1)).map_or(0, |x| x.end);
    let (start, time_start) = (t.get(i)?.start, t.get(k)?.start);
    let m = Mention {
        start,
        time_start,
        end,
        date,
        weekday,
        hour: clock.hour,
        minute: clock.minute,
        zone,
    };
    Some((m, next))
}

/// Find every clock-time mention (and every time-less date) in `text`.
pub(crate) fn scan(text: &str) -> Scan {
    let t = tokenize(text);
    let mut out = Scan::default();
    let mut i = 0;
    while i < t.len() {
        if let Some(end) = malformed_date(&t, i) {
            // "31/31/2024 10:00 UTC": the time beside a date that is no date is unplaceable.
            let beside = parse_mention(&t, skip_connectors(&t, end));
            i = beside.map_or(end, |(_, next)| next.max(end));
        } else if let Some((m, next)) = parse_mention(&t, i) {
            out.mentions.push(m);
            i = next.max(i + 1);
        } else if let Some((d, _, next)) =
            parse_date(&t, i).filter(|(d, _, _)| *d != DatePart::Unknown)
        {
            out.dates.push((t.get(i).map_or(0, |x| x.start), d));
            i = next.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Mention {
        let s = scan(text);
        assert_eq!(s.mentions.len(), 1, "{text}: {:?}", s.mentions);
        s.mentions.into_iter().next().unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn clock_forms() {
        let m = one("beginning at Tuesday, 2025-03-04 01:25 US/Pacific.");
        assert_eq!(
            (m.date, m.hour, m.minute, m.zone),
            (DatePart::Full(d(2025, 3, 4)), 1, 25, Some(Zone::Us(-8)))
        );
        assert_eq!(m.weekday, Some(Weekday::Tue));
        let m = one("at around 4am UTC");
        assert_eq!((m.hour, m.minute, m.zone), (4, 0, Some(Zone::Fixed(0))));
        let m = one("from 08:02UTC");
        assert_eq!((m.hour, m.minute, m.zone), (8, 2, Some(Zone::Fixed(0))));
        let m = one("region at 1230 UTC.");
        assert_eq!((m.hour, m.minute), (12, 30));
        let m = one("at 3:10 p.m. ET");
        assert_eq!((m.hour, m.zone), (15, Some(Zone::Us(-5))));
        let m = one("2025-03-04T20:04:19+00:00");
        assert_eq!((m.hour, m.zone), (20, Some(Zone::Fixed(0))));
        let m = one("at 14:00 -07:00");
        assert_eq!(m.zone, Some(Zone::Fixed(-420)));
        let m = one("beginning at 04:09 UTC July 19.");
        assert_eq!(m.date, DatePart::MonthDay(7, 19));
        let m = one("up to 19 Sep 20:36 UTC.");
        assert_eq!(m.date, DatePart::MonthDay(9, 19));
        let m = one("by Saturday 4th November 2023 at 7AM UTC.");
        assert_eq!((m.date, m.hour), (DatePart::Full(d(2023, 11, 4)), 7));
        let m = one("Starting 11/06/2023 18:30 UTC, Cloudflare");
        assert_eq!(m.date, DatePart::Full(d(2023, 11, 6)));
        assert!(scan("1230 users in 2023").mentions.is_empty());
        assert!(scan("customers may 5 times").mentions.is_empty());
    }

    #[test]
    fn ranges_keep_two_mentions() {
        let s = scan("From 17:39-18:12 UTC GitHub was down");
        assert_eq!(s.mentions.len(), 2);
        assert_eq!(s.mentions[0].zone, None); // "-18:12" is not an offset
        let s = scan("within 2022-06-11 05:16 - 07:45 PDT");
        assert_eq!(s.mentions.len(), 2);
    }

    #[test]
    fn declared_and_sentences() {
        assert_eq!(
            declared_zone("# ISSUE SUMMARY (All times in US/Pacific daylight time)"),
            Some(Zone::Us(-8))
        );
        assert_eq!(declared_zone("no header here"), None);
        let s = sentences("One. Two\nThree; four é. ");
        assert_eq!(
            s.iter().map(|x| x.1.trim()).collect::<Vec<_>>(),
            ["One.", "Two", "Three", "four é."]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            "é:é",
            "99:99 UTC",
            "12:",
            "+",
            "2024-13-45 10:00 UTC",
            "US/",
            "a.m.",
            "٣:٤٥ UTC",
            "4 pm",
            "00000000000000000000:00 UTC",
        ] {
            let found = scan(text);
            // Whatever it finds is a real clock time inside the text.
            for m in &found.mentions {
                assert!(m.hour < 24 && m.minute < 60, "{text:?}: {m:?}");
                assert!(
                    m.start <= m.time_start && m.end <= text.len(),
                    "{text:?}: {m:?}"
                );
            }
            if [
                "",
                "é:é",
                "99:99 UTC",
                "12:",
                "+",
                "2024-13-45 10:00 UTC",
                "US/",
                "a.m.",
                "00000000000000000000:00 UTC",
            ]
            .contains(&text)
            {
                assert!(found.mentions.is_empty(), "{text:?}: {:?}", found.mentions);
            }
            let parts = sentences(text);
            assert!(
                parts.iter().all(|(at, part)| text[*at..].starts_with(part)),
                "{text:?}"
            );
            // Only "All times are in …" declares a zone for a whole text.
            assert_eq!(declared_zone(text), None, "{text:?}");
        }
        // A time that is there is still found among the odd ones.
        let found = scan("4 pm UTC");
        assert_eq!((found.mentions.len(), found.mentions[0].hour), (1, 16));
        assert_eq!(declared_zone("All times are in UTC."), Some(Zone::Fixed(0)));
    }
}
