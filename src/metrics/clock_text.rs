//! Shared scanning of clock times, dates and time zones in status-page prose
//! ("Tuesday, 2025-03-04 01:25 US/Pacific", "14:45 UTC", "7:32 AM PST", "4am UTC").
//! Pure text: no I/O. Used by `stated_start` and `promises`.
//!
//! Nothing here indexes strings by position: text is walked with `char_indices`
//! and sliced with `get`, so any input is safe.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Timelike, Utc, Weekday};

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

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Num,
    Word,
    Punct,
}

#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    kind: Kind,
    s: &'a str,
    start: usize,
    end: usize,
    /// Whitespace precedes this token.
    gap: bool,
}

impl Tok<'_> {
    fn num(&self, max_digits: usize) -> Option<u32> {
        (self.kind == Kind::Num && self.s.len() <= max_digits).then(|| self.s.parse().ok())?
    }
    fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.s.starts_with(c)
    }
    fn word(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.s.eq_ignore_ascii_case(w)
    }
}

fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut gap = true;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        let word_char = |d: char| d.is_ascii_alphabetic() || d == '_';
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if word_char(c) {
            Kind::Word
        } else {
            Kind::Punct
        };
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            let same = match kind {
                Kind::Num => d.is_ascii_digit(),
                Kind::Word => word_char(d),
                Kind::Punct => false,
            };
            if !same {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let s = text.get(i..end).unwrap_or("");
        out.push(Tok { kind, s, start: i, end, gap });
        gap = false;
    }
    out
}

/// Token `i` exists, is punctuation `c`, and touches the previous token.
fn tight(t: &[Tok], i: usize, c: char) -> bool {
    t.get(i).is_some_and(|x| x.is(c) && !x.gap)
}

/// Token `i` is a number of exactly `digits` digits touching the previous token.
fn tight_num(t: &[Tok], i: usize, digits: usize) -> Option<u32> {
    t.get(i).filter(|x| !x.gap && x.s.len() == digits)?.num(digits)
}

const MONTHS: [&str; 12] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
];

fn month_of(tok: &Tok) -> Option<u32> {
    if tok.kind != Kind::Word || tok.s.len() < 3 {
        return None;
    }
    // "may" is mostly the verb: only the capitalised word is a month.
    if tok.s.eq_ignore_ascii_case("may") && tok.s != "May" {
        return None;
    }
    let w = tok.s.to_ascii_lowercase();
    let w = if w == "sept" { "sep".to_string() } else { w };
    let n = MONTHS.iter().position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))?;
    u32::try_from(n + 1).ok()
}

fn weekday_of(tok: &Tok) -> Option<Weekday> {
    if tok.kind != Kind::Word {
        return None;
    }
    let w = tok.s.to_ascii_lowercase();
    let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let short = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let capital = tok.s.starts_with(|c: char| c.is_ascii_uppercase());
    let idx = full.iter().position(|d| *d == w).or_else(|| {
        // Abbreviations ("Sat", "Sun") only when capitalised: "sat" is a verb.
        let abbr = matches!(w.as_str(), "tues" | "thur" | "thurs");
        let w3 = w.get(..3).unwrap_or("");
        (capital && (w.len() == 3 || abbr)).then(|| short.iter().position(|d| *d == w3))?
    })?;
    Weekday::try_from(u8::try_from(idx).ok()?).ok()
}

/// Is this word part of a written date (weekday, month, ordinal suffix, ISO "T")?
pub(crate) fn is_date_word(w: &str) -> bool {
    // Capitalise so that "may", "sat" count here: this only filters lead words.
    let cap: String = w.chars().enumerate().map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c }).collect();
    let tok = Tok { kind: Kind::Word, s: &cap, start: 0, end: 0, gap: true };
    month_of(&tok).is_some() || weekday_of(&tok).is_some() || matches!(w, "st" | "nd" | "rd" | "th" | "t")
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn with_year(t: &[Tok], i: usize, m: u32, d: u32) -> Option<(DatePart, usize)> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // ", 2024" or " 2024" — but never a 4-digit number that is really a clock ("1230 UTC").
    let comma = usize::from(t.get(i).is_some_and(|x| x.is(',')));
    let year = t.get(i + comma).filter(|x| x.s.len() == 4).and_then(|x| x.num(4));
    let clockish = tight(t, i + comma + 1, ':') || t.get(i + comma + 1).is_some_and(|x| zone_word(x));
    match year {
        Some(y) if (1990..=2100).contains(&y) && !clockish => Some((DatePart::Full(ymd(y, m, d)?), i + comma + 1)),
        _ => Some((DatePart::MonthDay(m, d), i)),
    }
}

/// A day number 1..=31 not glued to ':' (so not an hour), with its ordinal suffix.
fn day_num(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    let d = t.get(i)?.num(2)?;
    if tight(t, i + 1, ':') || tight(t, i + 1, '/') || tight(t, i + 1, '-') {
        return None;
    }
    let suffix = t.get(i + 1).is_some_and(|x| {
        !x.gap && ["st", "nd", "rd", "th"].iter().any(|s| x.word(s))
    });
    Some((d, i + 1 + usize::from(suffix)))
}

fn parse_calendar(t: &[Tok], i: usize) -> Option<(DatePart, usize)> {
    let first = t.get(i)?;
    // 2025-03-04
    if first.s.len() == 4 && tight(t, i + 1, '-') && tight(t, i + 3, '-') {
        let (y, m) = (first.num(4)?, t.get(i + 2).filter(|x| !x.gap)?.num(2)?);
        let d = t.get(i + 4).filter(|x| !x.gap)?.num(2)?;
        return Some((DatePart::Full(ymd(y, m, d)?), i + 5));
    }
    // 11/06/2023 (US order unless the first number cannot be a month)
    if first.s.len() <= 2 && tight(t, i + 1, '/') && tight(t, i + 3, '/') {
        let (a, b) = (first.num(2)?, t.get(i + 2).filter(|x| !x.gap)?.num(2)?);
        let y = tight_num(t, i + 4, 4)?;
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        return Some((DatePart::Full(ymd(y, m, d)?), i + 5));
    }
    // 19 Sep [2023] / 4th November 2023
    if let Some((d, j)) = day_num(t, i) {
        let m = t.get(j).and_then(month_of)?;
        return with_year(t, j + 1, m, d);
    }
    // March 3[, 2024] / Nov 4th
    let m = month_of(first)?;
    let j = i + 1 + usize::from(tight(t, i + 1, '.'));
    let (d, k) = day_num(t, j)?;
    with_year(t, k, m, d)
}

fn parse_date(t: &[Tok], i: usize) -> Option<(DatePart, Option<Weekday>, usize)> {
    let weekday = t.get(i).and_then(weekday_of);
    let mut j = i + usize::from(weekday.is_some());
    if weekday.is_some() && t.get(j).is_some_and(|x| x.is(',')) {
        j += 1;
    }
    match parse_calendar(t, j) {
        Some((d, k)) => Some((d, weekday, k)),
        None => weekday.map(|w| (DatePart::Unknown, Some(w), j)),
    }
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
    let dotted = (w.word("a") || w.word("p")) && tight(t, i + 1, '.') && t.get(i + 2).is_some_and(|x| x.word("m") && !x.gap);
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
        if tight(t, next, '.') && t.get(next + 1).is_some_and(|x| x.kind == Kind::Num && !x.gap) {
            next += 2; // fractional seconds
        }
        if let Some((pm, n)) = meridiem(t, next) {
            hour = to_24h(hour, pm).unwrap_or(hour); // "14:00 PM": keep the 24h reading
            next = n;
        }
        return (hour <= 23 && minute <= 59).then_some(Clock { hour, minute, seconds, bare_hhmm: false, next });
    }
    if h_tok.s.len() <= 2 {
        let (pm, next) = meridiem(t, i + 1)?;
        let hour = to_24h(h_tok.num(2)?, pm)?;
        return Some(Clock { hour, minute: 0, seconds: false, bare_hhmm: false, next });
    }
    let v = h_tok.num(4).filter(|_| h_tok.s.len() == 4)?;
    let (hour, minute) = (v / 100, v % 100);
    (hour <= 23 && minute <= 59).then_some(Clock { hour, minute, seconds: false, bare_hhmm: true, next: i + 1 })
}

/// A zone abbreviation. Two-letter US forms only in capitals: "et", "pt" are words.
fn zone_abbr(tok: &Tok) -> Option<Zone> {
    let z = match tok.s.to_ascii_lowercase().as_str() {
        "utc" | "gmt" => Zone::Fixed(0),
        "pst" | "pdt" => Zone::Us(-8),
        "mst" | "mdt" => Zone::Us(-7),
        "cst" | "cdt" => Zone::Us(-6),
        "est" | "edt" => Zone::Us(-5),
        _ => match tok.s {
            "PT" => Zone::Us(-8),
            "MT" => Zone::Us(-7),
            "CT" => Zone::Us(-6),
            "ET" => Zone::Us(-5),
            _ => return None,
        },
    };
    Some(z)
}

fn zone_word(tok: &Tok) -> bool {
    zone_abbr(tok).is_some()
}

/// A US region as in "US/Pacific", "America/New_York", "Pacific Time".
fn zone_region(tok: &Tok) -> Option<Zone> {
    match tok.s.to_ascii_lowercase().as_str() {
        "pacific" | "los_angeles" => Some(Zone::Us(-8)),
        "mountain" | "denver" => Some(Zone::Us(-7)),
        "central" | "chicago" => Some(Zone::Us(-6)),
        "eastern" | "new_york" => Some(Zone::Us(-5)),
        _ => None,
    }
}

/// "+00:00", "-0700", "+7" (the last only right after UTC/GMT): minutes east.
fn numeric_offset(t: &[Tok], i: usize, bare_hours_ok: bool) -> Option<(i32, usize)> {
    let sign = t.get(i).filter(|x| x.is('+') || x.is('-') || x.is('\u{2212}'))?;
    let neg = !sign.is('+');
    let h_tok = t.get(i + 1).filter(|x| !x.gap && x.kind == Kind::Num)?;
    let (h, m, next) = if h_tok.s.len() == 4 {
        let v = h_tok.num(4)?;
        (v / 100, v % 100, i + 2)
    } else if h_tok.s.len() <= 2 && tight(t, i + 2, ':') {
        (h_tok.num(2)?, tight_num(t, i + 3, 2)?, i + 4)
    } else if h_tok.s.len() <= 2 && bare_hours_ok {
        (h_tok.num(2)?, 0, i + 2)
    } else {
        return None;
    };
    if h > 14 || m > 59 {
        return None;
    }
    let mins = i32::try_from(h * 60 + m).ok()?;
    Some((if neg { -mins } else { mins }, next))
}

/// A zone after a clock time, at token `i`.
fn parse_zone(t: &[Tok], i: usize, after_seconds: bool) -> Option<(Zone, usize)> {
    let paren = t.get(i).is_some_and(|x| x.is('('));
    let i = i + usize::from(paren);
    let tok = t.get(i)?;
    let (zone, next) = if (tok.word("us") || tok.word("america")) && tight(t, i + 1, '/') {
        (zone_region(t.get(i + 2)?)?, i + 3) // "US/ Pacific" (with a space) occurs too
    } else if tok.word("z") && !tok.gap {
        (Zone::Fixed(0), i + 1)
    } else if let Some(z) = zone_region(tok) {
        // Spelled out only as "Pacific Time": "central" alone is too common.
        t.get(i + 1).filter(|x| x.word("time"))?;
        (z, i + 2)
    } else if let Some(z) = zone_abbr(tok) {
        // "UTC+7", "GMT-05:00"; but "10:00 UTC-11:00 UTC" is a range.
        let glued = z == Zone::Fixed(0) && (tight(t, i + 1, '+') || tight(t, i + 1, '-'));
        match numeric_offset(t, i + 1, true).filter(|(_, n)| glued && !t.get(*n).is_some_and(zone_word)) {
            Some((off, n)) => (Zone::Fixed(off), n),
            None => (z, i + 1),
        }
    } else {
        // A glued "+01:00" is an offset; "-07:00" only after a space or seconds,
        // since "17:39-18:12" is a range.
        let sign_ok = tok.is('+') || tok.gap || after_seconds;
        let (off, n) = numeric_offset(t, i, false).filter(|_| sign_ok)?;
        if t.get(n).is_some_and(zone_word) {
            return None; // "10:00 -11:00 UTC" is a range
        }
        (Zone::Fixed(off), n)
    };
    let close = paren && t.get(next).is_some_and(|x| x.is(')'));
    Some((zone, next + usize::from(close)))
}

/// Words allowed between a written date and its clock time.
fn skip_connectors(t: &[Tok], mut j: usize) -> usize {
    const GLUE: [&str; 9] = ["at", "around", "approximately", "approx", "about", "roughly", "from", "between", "t"];
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
    let m = Mention { start, time_start, end, date, weekday, hour: clock.hour, minute: clock.minute, zone };
    Some((m, next))
}

/// Find every clock-time mention (and every time-less date) in `text`.
pub(crate) fn scan(text: &str) -> Scan {
    let t = tokenize(text);
    let mut out = Scan::default();
    let mut i = 0;
    while i < t.len() {
        if let Some((m, next)) = parse_mention(&t, i) {
            out.mentions.push(m);
            i = next.max(i + 1);
        } else if let Some((d, _, next)) = parse_date(&t, i).filter(|(d, _, _)| *d != DatePart::Unknown) {
            out.dates.push((t.get(i).map_or(0, |x| x.start), d));
            i = next.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// A zone declared for the whole text: "(All Times US/Pacific)", "All times are UTC".
pub(crate) fn declared_zone(text: &str) -> Option<Zone> {
    let t = tokenize(text);
    let at = (0..t.len()).find(|&i| {
        t.get(i).is_some_and(|x| x.word("all")) && t.get(i + 1).is_some_and(|x| x.word("times"))
    })?;
    (at + 2..at + 6).find_map(|i| parse_zone(&t, i, false).map(|(z, _)| z))
}

/// Split into sentence-like pieces: (byte offset, text). Breaks at newlines,
/// semicolons, HTML tags, and at . ! ? followed by whitespace.
pub(crate) fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_space = chars.peek().is_none_or(|&(_, d)| d.is_whitespace());
        let cut = match c {
            '\n' | '\r' | ';' | '<' | '>' => Some(i),
            '.' | '!' | '?' if next_space => Some(i + 1),
            _ => None,
        };
        if let Some(end) = cut {
            out.push((from, text.get(from..end).unwrap_or("")));
            from = i + c.len_utf8();
        }
    }
    out.push((from, text.get(from..).unwrap_or("")));
    out.retain(|(_, s)| !s.trim().is_empty());
    out
}

fn nth_sunday(year: i32, month: u32, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, n)
}

/// US daylight saving at local `date` `hour`: since 2007 from the second Sunday
/// of March 02:00 to the first Sunday of November 02:00; before, first Sunday of
/// April to last Sunday of October. The repeated 01:00 hour counts as daylight.
pub(crate) fn us_dst(date: NaiveDate, hour: u32) -> bool {
    let y = date.year();
    let bounds = if y >= 2007 {
        nth_sunday(y, 3, 2).zip(nth_sunday(y, 11, 1))
    } else {
        nth_sunday(y, 4, 1).zip(nth_sunday(y, 10, 5).or_else(|| nth_sunday(y, 10, 4)))
    };
    let Some((start, end)) = bounds else { return false };
    if date == start {
        hour >= 2
    } else if date == end {
        hour < 2
    } else {
        date > start && date < end
    }
}

fn offset_minutes(zone: Zone, date: NaiveDate, hour: u32) -> i64 {
    match zone {
        Zone::Fixed(m) => i64::from(m),
        Zone::Us(std) => i64::from(std + i32::from(us_dst(date, hour))) * 60,
    }
}

/// Local wall-clock `date hour:minute` in `zone`, as UTC.
pub(crate) fn to_utc(date: NaiveDate, hour: u32, minute: u32, zone: Zone) -> Option<DateTime<Utc>> {
    let local = date.and_hms_opt(hour, minute, 0)?;
    let utc = local.checked_sub_signed(TimeDelta::try_minutes(offset_minutes(zone, date, hour))?)?;
    Some(Utc.from_utc_datetime(&utc))
}

/// The local calendar date of instant `t` in `zone`.
pub(crate) fn local_date(t: DateTime<Utc>, zone: Zone) -> NaiveDate {
    let std = match zone {
        Zone::Fixed(m) => i64::from(m),
        Zone::Us(h) => i64::from(h) * 60,
    };
    let shift = |mins: i64| t.naive_utc().checked_add_signed(TimeDelta::try_minutes(mins).unwrap_or_default());
    let Some(local) = shift(std) else { return t.date_naive() };
    if matches!(zone, Zone::Us(_)) && us_dst(local.date(), local.hour()) {
        return shift(std + 60).map_or(local.date(), |l| l.date());
    }
    local.date()
}

/// Dates a mention's date part could mean: the date itself; for "March 3" that
/// day in the years of `lo`..=`hi`; for no date, every day `lo`..=`hi` (at most
/// 62, newest kept) that matches a written weekday.
pub(crate) fn date_options(date: DatePart, weekday: Option<Weekday>, lo: NaiveDate, hi: NaiveDate) -> Vec<NaiveDate> {
    match date {
        DatePart::Full(d) => vec![d],
        DatePart::MonthDay(m, d) => (lo.year()..=hi.year())
            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
            .collect(),
        DatePart::Unknown => {
            let mut out = Vec::new();
            let mut day = hi;
            for _ in 0..62 {
                if day < lo {
                    break;
                }
                if weekday.is_none_or(|w| day.weekday() == w) {
                    out.push(day);
                }
                match day.pred_opt() {
                    Some(p) => day = p,
                    None => break,
                }
            }
            out
        }
    }
}

/// The last time-less or timed date written before byte `pos` in the text.
pub(crate) fn context_date(scan: &Scan, pos: usize) -> Option<DatePart> {
    let timed = scan.mentions.iter().filter(|m| m.end <= pos && m.date != DatePart::Unknown).map(|m| (m.start, m.date));
    let plain = scan.dates.iter().filter(|(at, _)| *at < pos).copied();
    timed.chain(plain).max_by_key(|(at, _)| *at).map(|(_, d)| d)
}

/// Lower-case words of `text[from..to]` (numbers and punctuation dropped).
pub(crate) fn words_between(text: &str, from: usize, to: usize) -> Vec<String> {
    let slice = text.get(from..to).unwrap_or("");
    tokenize(slice).into_iter().filter(|x| x.kind == Kind::Word).map(|x| x.s.to_ascii_lowercase()).collect()
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
        assert_eq!((m.date, m.hour, m.minute, m.zone), (DatePart::Full(d(2025, 3, 4)), 1, 25, Some(Zone::Us(-8))));
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
    fn dst_rules() {
        assert!(!us_dst(d(2024, 3, 10), 1));
        assert!(us_dst(d(2024, 3, 10), 3));
        assert!(us_dst(d(2024, 11, 3), 1));
        assert!(!us_dst(d(2024, 11, 3), 2));
        assert!(us_dst(d(2006, 4, 2), 3) && !us_dst(d(2006, 3, 20), 12) && !us_dst(d(2006, 10, 29), 5));
        let t = to_utc(d(2020, 11, 17), 14, 0, Zone::Us(-8)).unwrap();
        assert_eq!(t.to_rfc3339(), "2020-11-17T22:00:00+00:00");
    }

    #[test]
    fn declared_and_sentences() {
        assert_eq!(declared_zone("# ISSUE SUMMARY (All times in US/Pacific daylight time)"), Some(Zone::Us(-8)));
        assert_eq!(declared_zone("no header here"), None);
        let s = sentences("One. Two\nThree; four é. ");
        assert_eq!(s.iter().map(|x| x.1.trim()).collect::<Vec<_>>(), ["One.", "Two", "Three", "four é."]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in ["", "é:é", "99:99 UTC", "12:", "+", "2024-13-45 10:00 UTC", "US/", "a.m.", "٣:٤٥ UTC", "4 pm", "00000000000000000000:00 UTC"] {
            let _ = scan(text);
            let _ = sentences(text);
            let _ = declared_zone(text);
        }
    }
}
