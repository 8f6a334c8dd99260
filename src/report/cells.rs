//! Cell formatting shared by the CSV and Markdown writers: RFC 3339 UTC with `Z`,
//! float minutes, `true`/`false`, empty for null, and spreadsheet formula neutralization.

use std::borrow::Cow;

use std::fmt::Write as _;

use chrono::SecondsFormat;

use crate::model::{Timestamp, is_hidden_control, sanitize_text};

pub fn time(value: Option<Timestamp>) -> String {
    let mut text = String::new();
    push_time(&mut text, value);
    text
}

/// `time`, appended to `out`: `2026-04-05T06:07:08.009Z`, as chrono's
/// `to_rfc3339_opts(Millis, true)` writes it, without a `String` per cell (a million-row
/// incidents.csv has four per row). Years outside 0..=9999 go through chrono.
pub fn push_time(out: &mut String, value: Option<Timestamp>) {
    let Some(at) = value else { return };
    match rfc3339_millis(at.timestamp_millis()) {
        Some(text) => out.push_str(std::str::from_utf8(&text).unwrap_or_default()),
        None => out.push_str(&at.to_rfc3339_opts(SecondsFormat::Millis, true)),
    }
}

/// `2026-04-05T06:07:08.009Z` for a time in milliseconds since the epoch, as bytes (a
/// CSV writer copies them without a UTF-8 check); `None` for years outside 0..=9999.
pub fn rfc3339_millis(ms: i64) -> Option<[u8; 24]> {
    let (year, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
    if !(0..=9999).contains(&year) {
        return None;
    }
    let in_day = ms.rem_euclid(DAY_MS);
    let mut text = *b"0000-00-00T00:00:00.000Z";
    let mut put_pair = |at: usize, value: i64| {
        let pair = 2 * value as usize;
        text[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    };
    put_pair(0, year / 100);
    put_pair(2, year % 100);
    put_pair(5, month);
    put_pair(8, day);
    put_pair(11, in_day / 3_600_000);
    put_pair(14, in_day / 60_000 % 60);
    put_pair(17, in_day / 1000 % 60);
    let millis = in_day % 1000;
    put_pair(21, millis % 100);
    text[20] = b'0' + (millis / 100) as u8;
    Some(text)
}

const DAY_MS: i64 = 86_400_000;

/// "00" to "99", two bytes each: a time is seven pairs of digits.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// (year, month, day) of a day counted from 1970-01-01, proleptic Gregorian: Howard
/// Hinnant's `civil_from_days`, plain integer arithmetic where chrono's calendar types
/// were a tenth of a big CSV report's time.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Minutes (or any measure) to 3 decimals, trailing zeros trimmed; empty when unknown.
pub fn number(value: Option<f64>) -> String {
    let mut text = String::new();
    push_number(&mut text, value);
    text
}

/// `number`, appended to `out` (no allocation once `out` has room). Thousandths are
/// printed as an integer when rounding cannot be in doubt; near a tie, or for huge
/// values, `{:.3}` decides (it rounds the exact binary value).
pub fn push_number(out: &mut String, value: Option<f64>) {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return;
    };
    let scaled = v * 1000.0;
    let fraction = scaled - scaled.floor();
    if scaled.abs() < 1e12 && (fraction - 0.5).abs() > 1e-6 {
        let thousandths = scaled.round() as i64;
        if thousandths < 0 {
            out.push('-');
        }
        let magnitude = thousandths.unsigned_abs();
        push_digits(out, magnitude / 1000);
        let mut rest = magnitude % 1000;
        if rest > 0 {
            out.push('.');
            let mut width = 3;
            while rest.is_multiple_of(10) {
                rest /= 10;
                width -= 1;
            }
            for place in [100, 10, 1].into_iter().skip(3 - width) {
                out.push(char::from(b'0' + (rest / place % 10) as u8));
            }
        }
        return;
    }
    let start = out.len();
    let _ = write!(out, "{v:.3}");
    let kept = out[start..]
        .trim_end_matches('0')
        .trim_end_matches('.')
        .len();
    out.truncate(start + kept);
    if &out[start..] == "-0" {
        out.truncate(start);
        out.push('0');
    }
}

/// A non-negative integer in decimal, appended to `out`.
pub fn push_digits(out: &mut String, value: u64) {
    out.push_str(itoa::Buffer::new().format(value));
}

pub fn flag(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

/// Text from vendors or users: control characters stripped, and a leading `=`, `+`,
/// `-`, `@`, tab or CR (which a spreadsheet would run as a formula) neutralized with `'`.
pub fn text(value: &str) -> String {
    text_cow(value).into_owned()
}

/// `text` without allocating for the common clean cell (the incidents file's hot path).
pub fn text_cow(value: &str) -> Cow<'_, str> {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // Most cells (ids, names) need nothing: no allocation for them. Printable ASCII is
    // checked byte by byte; only other text is decoded to look for hidden controls.
    let printable = |b: &u8| (b' '..=b'~').contains(b);
    if !risky && (value.bytes().all(|b| printable(&b)) || !value.chars().any(is_hidden_control)) {
        return Cow::Borrowed(value);
    }
    let clean = sanitize_text(value).replace(['\n', '\r', '\t'], " ");
    if risky {
        Cow::Owned(format!("'{clean}"))
    } else {
        Cow::Owned(clean)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+1"), "'+1");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("\tcmd"), "' cmd");
        assert_eq!(text("plain, text"), "plain, text");
    }

    #[test]
    fn fast_paths_agree_with_chrono_and_format() {
        for ms in [
            0i64,
            1,
            999,
            86_399_999,
            1_714_000_000_123,
            253_402_300_799_999,
        ] {
            let at = Timestamp::from_timestamp_millis(ms).unwrap();
            assert_eq!(
                time(Some(at)),
                at.to_rfc3339_opts(SecondsFormat::Millis, true)
            );
        }
        // Every day of years -1 to ~2500 and ~9600 to 10001 (leap years, centuries, both
        // ends of the fast path), at a time of day that moves with the day.
        let first = -62_198_755_200_000i64; // -0001-01-01
        for n in (0..2_500 * 366).chain(9_600 * 365..10_002 * 366) {
            let ms = first + n * DAY_MS + (n * 7_919_123) % DAY_MS;
            let at = Timestamp::from_timestamp_millis(ms).unwrap();
            assert_eq!(
                time(Some(at)),
                at.to_rfc3339_opts(SecondsFormat::Millis, true),
                "{ms} ms"
            );
        }
        let slow = |v: f64| {
            let text = format!("{v:.3}");
            let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
            if text == "-0" { "0".to_string() } else { text }
        };
        for ms in (-120_000i64..120_000)
            .step_by(7)
            .chain([1_234_567_891, 59_999_970])
        {
            let minutes = ms as f64 / 60_000.0;
            assert_eq!(number(Some(minutes)), slow(minutes), "{ms} ms");
        }
        for v in [0.0005, 0.0015, 2.5e-4, -0.0004, 1e13, 123.456_499_9] {
            assert_eq!(number(Some(v)), slow(v), "{v}");
        }
    }

    #[test]
    fn numbers_and_nulls() {
        assert_eq!(number(Some(12.5)), "12.5");
        assert_eq!(number(Some(3.0)), "3");
        assert_eq!(number(None), "");
        assert_eq!(number(Some(f64::NAN)), "");
        assert_eq!(time(None), "");
    }
}
