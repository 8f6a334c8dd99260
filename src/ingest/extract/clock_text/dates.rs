//! Written dates: month and weekday words, calendar forms ("2025-03-04",
//! "11/06/2023", "19 Sep", "March 3, 2024"), and the days a date part may mean.

use chrono::{Datelike, NaiveDate, Weekday};

use super::tokens::{Kind, Tok, tight, tight_num};
use super::zones::zone_word;
use super::{DatePart, Scan};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
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
    let n = MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))?;
    u32::try_from(n + 1).ok()
}

fn weekday_of(tok: &Tok) -> Option<Weekday> {
    if tok.kind != Kind::Word {
        return None;
    }
    let w = tok.s.to_ascii_lowercase();
    let full = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
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
    let cap: String = w
        .chars()
        .enumerate()
        .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
        .collect();
    let tok = Tok {
        kind: Kind::Word,
        s: &cap,
        start: 0,
        end: 0,
        gap: true,
    };
    month_of(&tok).is_some()
        || weekday_of(&tok).is_some()
        || matches!(w, "st" | "nd" | "rd" | "th" | "t")
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
    let year = t
        .get(i + comma)
        .filter(|x| x.s.len() == 4)
        .and_then(|x| x.num(4));
    let clockish =
        tight(t, i + comma + 1, ':') || t.get(i + comma + 1).is_some_and(|x| zone_word(x));
    match year {
        Some(y) if (1990..=2100).contains(&y) && !clockish => {
            Some((DatePart::Full(ymd(y, m, d)?), i + comma + 1))
        }
        _ => Some((DatePart::MonthDay(m, d), i)),
    }
}

/// A day number 1..=31 not glued to ':' (so not an hour), with its ordinal suffix.
fn day_num(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    let d = t.get(i)?.num(2)?;
    if tight(t, i + 1, ':') || tight(t, i + 1, '/') || tight(t, i + 1, '-') {
        return None;
    }
    let suffix = t
        .get(i + 1)
        .is_some_and(|x| !x.gap && ["st", "nd", "rd", "th"].iter().any(|s| x.word(s)));
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

/// A numeric date shape that is no calendar date ("31/31/2024", "2024-13-45"): the index
/// just past it. A time written beside such a date cannot be placed on a day.
pub(super) fn malformed_date(t: &[Tok], i: usize) -> Option<usize> {
    let first = t.get(i).filter(|x| x.kind == Kind::Num)?;
    let numeric = |k: usize| t.get(k).is_some_and(|x| x.kind == Kind::Num && !x.gap);
    let iso = first.s.len() == 4 && tight(t, i + 1, '-') && tight(t, i + 3, '-');
    let slashed = first.s.len() <= 2 && tight(t, i + 1, '/') && tight(t, i + 3, '/');
    let shaped = (iso || slashed) && numeric(i + 2) && numeric(i + 4);
    (shaped && parse_calendar(t, i).is_none()).then_some(i + 5)
}

pub(super) fn parse_date(t: &[Tok], i: usize) -> Option<(DatePart, Option<Weekday>, usize)> {
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

/// Dates a mention's date part could mean: the date itself; for "March 3" that
/// day in the years of `lo`..=`hi`; for no date, every day `lo`..=`hi` (at most
/// 62, newest kept) that matches a written weekday.
pub(crate) fn date_options(
    date: DatePart,
    weekday: Option<Weekday>,
    lo: NaiveDate,
    hi: NaiveDate,
) -> Vec<NaiveDate> {
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
    let timed = scan
        .mentions
        .iter()
        .filter(|m| m.end <= pos && m.date != DatePart::Unknown)
        .map(|m| (m.start, m.date));
    let plain = scan.dates.iter().filter(|(at, _)| *at < pos).copied();
    timed.chain(plain).max_by_key(|(at, _)| *at).map(|(_, d)| d)
}
