//! Time zones as written (abbreviations, regions, numeric offsets), US daylight
//! saving, and conversion between local wall-clock times and UTC.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Timelike, Utc, Weekday};

use super::Zone;
use super::tokens::{Kind, Tok, tight, tight_num, tokenize};

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

pub(super) fn zone_word(tok: &Tok) -> bool {
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
    let sign = t
        .get(i)
        .filter(|x| x.is('+') || x.is('-') || x.is('\u{2212}'))?;
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
pub(super) fn parse_zone(t: &[Tok], i: usize, after_seconds: bool) -> Option<(Zone, usize)> {
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
        match numeric_offset(t, i + 1, true)
            .filter(|(_, n)| glued && !t.get(*n).is_some_and(zone_word))
        {
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

/// A zone declared for the whole text: "(All Times US/Pacific)", "All times are UTC".
pub(crate) fn declared_zone(text: &str) -> Option<Zone> {
    let t = tokenize(text);
    let at = (0..t.len()).find(|&i| {
        t.get(i).is_some_and(|x| x.word("all")) && t.get(i + 1).is_some_and(|x| x.word("times"))
    })?;
    (at + 2..at + 6).find_map(|i| parse_zone(&t, i, false).map(|(z, _)| z))
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
    let Some((start, end)) = bounds else {
        return false;
    };
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
    let utc =
        local.checked_sub_signed(TimeDelta::try_minutes(offset_minutes(zone, date, hour))?)?;
    Some(Utc.from_utc_datetime(&utc))
}

/// The local calendar date of instant `t` in `zone`.
pub(crate) fn local_date(t: DateTime<Utc>, zone: Zone) -> NaiveDate {
    let std = match zone {
        Zone::Fixed(m) => i64::from(m),
        Zone::Us(h) => i64::from(h) * 60,
    };
    let shift = |mins: i64| {
        t.naive_utc()
            .checked_add_signed(TimeDelta::try_minutes(mins).unwrap_or_default())
    };
    let Some(local) = shift(std) else {
        return t.date_naive();
    };
    if matches!(zone, Zone::Us(_)) && us_dst(local.date(), local.hour()) {
        return shift(std + 60).map_or(local.date(), |l| l.date());
    }
    local.date()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dst_rules() {
        assert!(!us_dst(d(2024, 3, 10), 1));
        assert!(us_dst(d(2024, 3, 10), 3));
        assert!(us_dst(d(2024, 11, 3), 1));
        assert!(!us_dst(d(2024, 11, 3), 2));
        assert!(
            us_dst(d(2006, 4, 2), 3) && !us_dst(d(2006, 3, 20), 12) && !us_dst(d(2006, 10, 29), 5)
        );
        let t = to_utc(d(2020, 11, 17), 14, 0, Zone::Us(-8)).unwrap();
        assert_eq!(t.to_rfc3339(), "2020-11-17T22:00:00+00:00");
    }
}
