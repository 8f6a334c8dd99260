//! The words that make a clock time a stated start, or rule it out.

/// Words that start a statement of when impact began ("beginning at", "since").
pub(super) const START: &[&str] = &[
    "beginning",
    "begining",
    "began",
    "begin",
    "begins",
    "begun",
    "starting",
    "started",
    "start",
    "starts",
    "since",
    "from",
    "between",
    "commencing",
    "commenced",
];
/// Words that make the time something other than a start ("resolved at", "by", "to").
pub(super) const END: &[&str] = &[
    "to",
    "until",
    "till",
    "through",
    "thru",
    "and",
    "by",
    "before",
    "after",
    "resolved",
    "mitigated",
    "restored",
    "recovered",
    "fixed",
    "ended",
    "end",
    "completed",
    "complete",
    "eta",
    "expected",
    "update",
    "next",
    "within",
    "than",
];
/// Words that sit between a cue and its time without changing it ("beginning at around").
pub(super) const WEAK: &[&str] = &[
    "at",
    "around",
    "approximately",
    "approx",
    "about",
    "roughly",
    "on",
    "circa",
];
/// Whole words that disqualify a sentence: future tense, estimates, planned work.
pub(super) const SENTENCE_VETO: &[&str] = &[
    "will",
    "ll",
    "expect",
    "expected",
    "expects",
    "expecting",
    "estimated",
    "estimate",
    "eta",
    "maintenance",
    "initiating",
    "initiate",
    "restoration",
    "anticipate",
    "anticipated",
];
/// Text before the time that turns a start cue into a recovery ("recovery since
/// 13:15") or into the start of something other than impact (a rollout, an alert).
/// Matched at word starts, so "restor" does not fire inside "Firestore".
pub(super) const LEAD_VETO: &[&str] = &[
    "decreas",
    "recover",
    "restor",
    "resolv",
    "mitigat",
    "improv",
    "returned to normal",
    "back to normal",
    "no longer",
    "fixed",
    "rolled back",
    "revert",
    "backfill",
    "stabiliz",
    "subsid",
    "alerted",
    "notified",
    "rollout",
    "rolled out",
    "deployed",
    "routed",
    "rerout",
];
/// "As of <time>" is a start only in a report of a new issue, not in a status, nor in
/// an opening about the vendor's work ("As of 14:05 UTC, we are investigating …").
pub(super) const AS_OF_VETO: &[&str] = &["still", "continu", "remain", "ongoing", "investigat"];
/// For a bare "at"/"around" time: the sentence must speak of impact ...
pub(super) const IMPACT: &[&str] = &[
    "began",
    "begun",
    "started",
    "experienc",
    "impact",
    "degrad",
    "outage",
    "disrupt",
    "error",
    "fail",
    "unavailab",
    "latenc",
    "elevated",
];
/// ... and not of response work, whose time is not the start.
pub(super) const WEAK_VETO: &[&str] = &[
    "alerted",
    "aware",
    "detected",
    "engineer",
    "notified",
    "investigat",
    "identified",
    "escalat",
    "reproduc",
    "mitigat",
    "resolv",
    "restor",
    "recover",
    "rerout",
    "rolled",
    "rollout",
    "deploy",
    "fix",
    "complet",
    "confirm",
    "revert",
    "change",
    "update",
    "applied",
    "declared",
];
/// Phrases with "will"/"expected" that describe present impact, not the future.
pub(super) const HARMLESS: &[&str] = &[
    "as expected",
    "than expected",
    "will experience",
    "will see",
    "will notice",
    "will encounter",
];
