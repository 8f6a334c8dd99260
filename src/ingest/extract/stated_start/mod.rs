//! When did impact begin, according to the vendor's own words?
//!
//! Reads update prose such as "beginning at Tuesday, 2025-03-04 01:25 US/Pacific",
//! "Between 06:59 UTC to 13:18 UTC ...", "since 2020-09-24 17:58 US/Pacific", and
//! templated fields such as `<b>Start Time:</b> 14:05 UTC` or
//! "**Incident Start:** 30 January 2025, 16:53" (under "(All Times US/Pacific)"), and
//! returns the stated start in UTC with the sentence that stated it. A wrong start is
//! worse than none, so anything ambiguous — next-update promises, maintenance windows,
//! resolution times, times without a zone, starts after the post, ranges whose dates
//! contradict the incident's own timeline — yields `None`.
//!
//! Dates left out are taken from, in order: the range end ("between 20:36 UTC and
//! 20 Sep 00:06 UTC"), the last date written earlier in the text (report headers,
//! imported-history entry stamps), else the incident's own days: of the readings at
//! or before the post, the one nearest `incident_created_at` — so a report posted a
//! week later that says "From 15:22 to 18:10 US/Pacific" lands on the incident's day.
//!
//! Markup is blanked first (`clock_text::plain_text`, offsets kept): tags and entities
//! neither split a labelled field from its value nor count as words.

use chrono::{DateTime, Utc};

use super::clock_text::{self, Scan, Zone};

mod labels;
mod prose;
mod resolve;
mod vocabulary;

/// Timestamps that anchor a text: dates left out of the prose are resolved against them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextContext {
    /// `created_at` of the update containing the text.
    pub posted_at: DateTime<Utc>,
    pub incident_created_at: DateTime<Utc>,
    pub incident_resolved_at: Option<DateTime<Utc>>,
}

/// The kind of phrase that stated a start (kept as evidence when the text is dropped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StartPhrase {
    /// "Between 06:59 UTC to 13:18 UTC", "From 17:39-18:12 UTC".
    Range,
    /// "beginning at", "starting at", "since", "started on".
    StartWord,
    /// "a report of an issue with X as of <time>".
    AsOf,
    /// "At around 4am UTC, users began seeing errors".
    ImpactAt,
    /// A labelled field of a template: "Start Time: 14:05 UTC".
    Label,
}

impl StartPhrase {
    /// The name stored as evidence (`StartEvidence::kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Range => "range",
            Self::StartWord => "start-word",
            Self::AsOf => "as-of",
            Self::ImpactAt => "impact-at",
            Self::Label => "label",
        }
    }
}

/// A start the vendor stated, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatedStart {
    pub at: DateTime<Utc>,
    pub phrase: StartPhrase,
    /// The sentence or field that stated it, markup removed and whitespace collapsed
    /// (vendor text: sanitize before showing).
    pub sentence: String,
}

/// A candidate start inside one text: where its sentence lies, for the evidence.
pub(super) struct Found {
    at: DateTime<Utc>,
    phrase: StartPhrase,
    sentence: std::ops::Range<usize>,
}

/// The time the vendor states impact began, or `None` if the text states none
/// credibly. With several start statements, the earliest credible one.
pub fn extract_stated_start(text: &str, context: &TextContext) -> Option<DateTime<Utc>> {
    stated_start_in(text, context).map(|s| s.at)
}

/// `extract_stated_start` with the phrase and sentence that stated it.
pub fn stated_start_in(text: &str, context: &TextContext) -> Option<StatedStart> {
    let plain = clock_text::plain_text(text);
    let scan = clock_text::scan(&plain);
    let declared = clock_text::declared_zone(&plain);
    let fields = labels::fields(&plain, &scan);
    let from_labels = fields
        .iter()
        .filter_map(|f| labels::field_start(&plain, f, &scan, declared, context));
    let claimed: Vec<usize> = fields.iter().filter_map(|f| f.claimed).collect();
    let from_prose = clock_text::sentences(&plain)
        .into_iter()
        .flat_map(|(offset, sentence)| {
            prose::sentence_starts(&plain, offset, sentence, &scan, declared, context, &claimed)
        });
    // Earliest wins; on a tie, the first found (prose before labels).
    let best = from_prose
        .chain(from_labels)
        .fold(None::<Found>, |best, f| match best {
            Some(b) if b.at <= f.at => Some(b),
            _ => Some(f),
        })?;
    Some(StatedStart {
        at: best.at,
        phrase: best.phrase,
        sentence: quote(plain.get(best.sentence).unwrap_or("")),
    })
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

/// Longest sentence kept as evidence, in characters.
pub const MAX_QUOTE_CHARS: usize = 240;

/// Whitespace collapsed, markdown emphasis dropped, at most `MAX_QUOTE_CHARS` characters.
fn quote(sentence: &str) -> String {
    let words: Vec<&str> = sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '*' || c == '#'))
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    if joined.chars().count() <= MAX_QUOTE_CHARS {
        return joined;
    }
    let mut cut: String = joined.chars().take(MAX_QUOTE_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The zone a mention is read in: its own, its range end's, else the text's declared one.
fn zone_of(
    m: &clock_text::Mention,
    range_end: Option<&clock_text::Mention>,
    declared: Option<Zone>,
) -> Option<Zone> {
    m.zone.or(range_end.and_then(|e| e.zone)).or(declared)
}

/// Mentions whose clock time lies in `from..to`.
fn mentions_in(scan: &Scan, from: usize, to: usize) -> Vec<&clock_text::Mention> {
    scan.mentions
        .iter()
        .filter(|m| (from..to).contains(&m.time_start))
        .collect()
}

#[cfg(test)]
mod tests;
