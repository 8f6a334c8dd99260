//! Cell formatting shared by the CSV and Markdown writers: RFC 3339 UTC with `Z`,
//! float minutes, `true`/`false`, empty for null, and spreadsheet formula neutralization.

use std::borrow::Cow;

use std::fmt::Write as _;

use chrono::SecondsFormat;

use crate::model::{Timestamp, is_hidden_control, sanitize_text};

pub fn time(value: Option<Timestamp>) -> String {
    value
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// Minutes (or any measure) to 3 decimals, trailing zeros trimmed; empty when unknown.
pub fn number(value: Option<f64>) -> String {
    let mut text = String::new();
    push_number(&mut text, value);
    text
}

/// `number`, appended to `out` (no allocation once `out` has room).
pub fn push_number(out: &mut String, value: Option<f64>) {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return;
    };
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
    fn numbers_and_nulls() {
        assert_eq!(number(Some(12.5)), "12.5");
        assert_eq!(number(Some(3.0)), "3");
        assert_eq!(number(None), "");
        assert_eq!(number(Some(f64::NAN)), "");
        assert_eq!(time(None), "");
    }
}
