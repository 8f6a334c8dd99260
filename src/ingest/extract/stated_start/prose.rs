//! Start statements in prose: the words just before a clock time ("beginning at",
//! "between … and …", "as of", "at around … users began seeing errors") decide
//! whether it is the moment impact began.

use super::clock_text::{self, Mention, Scan, Zone};
use super::vocabulary::*;
use super::{Found, StartPhrase, TextContext, mentions_in, resolve, zone_of};

/// Starts stated in one sentence (`offset..offset + sentence.len()` of `text`).
/// Mentions in `claimed` belong to a labelled field, which alone decides them.
pub(super) fn sentence_starts(
    text: &str,
    offset: usize,
    sentence: &str,
    scan: &Scan,
    declared: Option<Zone>,
    context: &TextContext,
    claimed: &[usize],
) -> Vec<Found> {
    let words = clock_text::words_between(sentence, 0, sentence.len());
    let joined = format!(" {} ", words.join(" "));
    let cleaned = HARMLESS
        .iter()
        .fold(joined.clone(), |acc, h| acc.replace(&format!(" {h} "), " "));
    if cleaned.split(' ').any(|w| SENTENCE_VETO.contains(&w)) {
        return Vec::new();
    }
    let end = offset + sentence.len();
    let here = mentions_in(scan, offset, end);
    let mut out = Vec::new();
    for (k, m) in here.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| here.get(p));
        if prev.is_some_and(|p| range_link(text, p, m)) {
            continue; // the end of a range, never a start
        }
        if claimed.contains(&m.time_start) {
            continue;
        }
        let range_end = here.get(k + 1).copied().filter(|n| range_link(text, m, n));
        let lead_from = prev.map_or(offset, |p| p.end.max(offset));
        let Some(phrase) = states_start(text, lead_from, offset, m, &joined, range_end.is_some())
        else {
            continue;
        };
        let Some(zone) = zone_of(m, range_end, declared) else {
            continue;
        };
        out.extend(
            resolve::resolve_start(m, range_end, scan, zone, context).map(|at| Found {
                at,
                phrase,
                sentence: offset..end,
            }),
        );
    }
    out
}

/// "A to B", "A-B", "A and B", "A until B": the two mentions form a range.
pub(super) fn range_link(text: &str, a: &Mention, b: &Mention) -> bool {
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

/// How the sentence (`joined`: its words, space-separated and padded) presents
/// mention `m` as the moment impact began, if it does.
fn states_start(
    text: &str,
    lead_from: usize,
    offset: usize,
    m: &Mention,
    joined: &str,
    has_range: bool,
) -> Option<StartPhrase> {
    let cue_words: Vec<String> = clock_text::words_between(text, lead_from, m.time_start)
        .into_iter()
        .filter(|w| !clock_text::is_date_word(w))
        .collect();
    let lead = format!(
        " {} ",
        clock_text::words_between(text, offset, m.start).join(" ")
    );
    let ranged = |phrase| {
        Some(if has_range {
            StartPhrase::Range
        } else {
            phrase
        })
    };
    match lead_cue(&cue_words) {
        Cue::Start { needs_range }
            if (has_range || !needs_range) && !has_stem(&lead, LEAD_VETO) =>
        {
            ranged(StartPhrase::StartWord)
        }
        // GCP: "We've received a report of an issue with Batch as of <time>",
        // "As of <time>, we are experiencing elevated errors" — but not "As of <time>,
        // we are investigating …": that dates the vendor's work, not the impact.
        Cue::AsOf
            if has_stem(joined, &["report of", "experiencing"])
                && !has_stem(joined, LEAD_VETO)
                && !has_stem(joined, AS_OF_VETO) =>
        {
            Some(StartPhrase::AsOf)
        }
        // "At around 4am UTC, users began seeing errors" — only with impact words
        // and none about detection or repair.
        Cue::Weak if has_stem(joined, IMPACT) && !has_stem(joined, WEAK_VETO) => {
            ranged(StartPhrase::ImpactAt)
        }
        _ => None,
    }
}
