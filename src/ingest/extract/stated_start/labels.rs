//! Templated statements: a labelled field on a line of its own, whatever the markup
//! (`<b>Start Time:</b> 14:05 UTC`, `**Incident Start:** 30 January 2025, 16:53`).
//!
//! A field whose value begins with a clock time belongs to its label: a start label
//! ("Start Time", "Incident Start", "Impact Began") states a start; an impact label
//! ("Customer Impact", "Impact Window") states one only as the first time of a range;
//! any other label ("Next Update", "Mitigation Time", "Reference") states none, and
//! the prose reader leaves that time alone. Values that are prose ("Customer Impact:
//! Starting at 14:05 UTC, …") are read as prose.

use super::clock_text::{self, Mention, Scan, Zone};
use super::prose::range_link;
use super::{Found, StartPhrase, TextContext, mentions_in, resolve, zone_of};

/// Words that make a label a start label.
const START_WORDS: &[&str] = &[
    "start",
    "started",
    "starting",
    "began",
    "begin",
    "beginning",
    "commenced",
    "onset",
];
/// Words of an impact label, whose value is a start only as a range's first time.
const IMPACT_WORDS: &[&str] = &["impact", "impacted", "outage", "disruption"];
/// The only other words a start or impact label may have: anything else ("next",
/// "update", "mitigation", "rollback", "end", "detected") makes it another field.
const LABEL_WORDS: &[&str] = &[
    "incident",
    "issue",
    "problem",
    "event",
    "customer",
    "customers",
    "service",
    "time",
    "date",
    "datetime",
    "of",
    "the",
    "first",
    "approximate",
    "approx",
    "window",
    "period",
    "utc",
    "gmt",
    "local",
];
/// Words allowed between a label and the time it gives ("Start Time: at approximately 14:05").
const VALUE_LEAD: &[&str] = &[
    "at",
    "around",
    "approximately",
    "approx",
    "about",
    "on",
    "from",
];
/// A label is short: at most this many words.
const MAX_LABEL_WORDS: usize = 6;
/// Words a value may have after its time ("14:05 UTC (approximately)"): more is prose.
const MAX_VALUE_TAIL: usize = 2;

/// A labelled field whose value begins with a clock time.
pub(super) struct Field {
    /// Start of the line, and end of the value.
    line: std::ops::Range<usize>,
    kind: LabelKind,
    /// The clock time the field claims (its `time_start`): the label alone decides it.
    pub claimed: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    Start,
    Impact,
    Other,
}

/// Every labelled field of the (markup-free) text whose value begins with a time. A
/// label alone on its line ("**Incident Start:**") takes the next line as its value.
pub(super) fn fields(text: &str, scan: &Scan) -> Vec<Field> {
    let mut lines = Vec::new();
    let mut from = 0;
    for line in text.split('\n') {
        lines.push(from..from + line.len());
        from += line.len() + 1;
    }
    let mut out = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let Some(colon) = text.get(line.clone()).and_then(label_colon) else {
            continue;
        };
        let label = clock_text::words_between(text, line.start, line.start + colon);
        let value_from = line.start + colon + 1;
        let blank = !text
            .get(value_from..line.end)
            .unwrap_or("")
            .chars()
            .any(char::is_alphanumeric);
        let value_to = match lines.get(k + 1) {
            Some(next) if blank => next.end,
            _ => line.end,
        };
        let Some(first) = mentions_in(scan, value_from, value_to).into_iter().next() else {
            continue;
        };
        let lead = clock_text::words_between(text, value_from, first.start);
        // A value is the time (or range) and little else; "At 14:05 UTC, users saw
        // errors" after "Description:" is prose, which the prose reader decides.
        let value_end = mentions_in(scan, value_from, value_to)
            .get(1)
            .filter(|second| range_link(text, first, second))
            .map_or(first.end, |end| end.end);
        let rest = clock_text::words_between(text, value_end, value_to);
        if !lead.iter().all(|w| VALUE_LEAD.contains(&w.as_str())) || rest.len() > MAX_VALUE_TAIL {
            continue;
        }
        out.push(Field {
            line: line.start..value_to,
            kind: label_kind(&label),
            claimed: Some(first.time_start),
        });
    }
    out
}

/// The colon ending a label at the start of `line`: a few words, no digits before it.
fn label_colon(line: &str) -> Option<usize> {
    let colon = line.find(':')?;
    let label = line.get(..colon)?;
    let words = label.split_whitespace().count();
    let plausible = (1..=MAX_LABEL_WORDS).contains(&words)
        && !label.chars().any(|c| c.is_ascii_digit())
        && label.chars().any(|c| c.is_alphabetic());
    plausible.then_some(colon)
}

fn label_kind(words: &[String]) -> LabelKind {
    let known = |w: &String| {
        let w = w.as_str();
        START_WORDS.contains(&w) || IMPACT_WORDS.contains(&w) || LABEL_WORDS.contains(&w)
    };
    if !words.iter().all(known) {
        return LabelKind::Other;
    }
    if words.iter().any(|w| START_WORDS.contains(&w.as_str())) {
        LabelKind::Start
    } else if words.iter().any(|w| IMPACT_WORDS.contains(&w.as_str())) {
        LabelKind::Impact
    } else {
        LabelKind::Other
    }
}

/// The start a field states, if its label says it is one and its time resolves.
pub(super) fn field_start(
    text: &str,
    field: &Field,
    scan: &Scan,
    declared: Option<Zone>,
    context: &TextContext,
) -> Option<Found> {
    let claimed = field.claimed?;
    let here = mentions_in(scan, field.line.start, field.line.end);
    let k = here.iter().position(|m| m.time_start == claimed)?;
    let m: &Mention = here[k];
    let range_end = here.get(k + 1).copied().filter(|n| range_link(text, m, n));
    match field.kind {
        LabelKind::Start => {}
        LabelKind::Impact if range_end.is_some() => {}
        _ => return None,
    }
    let zone = zone_of(m, range_end, declared)?;
    let at = resolve::resolve_start(m, range_end, scan, zone, context)?;
    Some(Found {
        at,
        phrase: StartPhrase::Label,
        sentence: field.line.clone(),
    })
}
