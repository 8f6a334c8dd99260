//! Upsert of incoming incidents into stored ones. Pure: no I/O.
//!
//! Rules (DESIGN.md "Store"): keyed by incident id within a source; a newer
//! `updated_at` wins, but first-seen impact, start, title and timestamps are kept
//! (vendors rewrite them later); nothing stored is ever removed.

use std::collections::{HashMap, HashSet};

use crate::model::{ClosedUnseen, Impact, Incident, IncidentStatus, IncidentUpdate, Timestamp};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MergeCounts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl MergeCounts {
    pub fn add(&mut self, other: MergeCounts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }

    pub fn changed(&self) -> bool {
        self.new + self.updated > 0
    }
}

/// Merge `incoming` into `stored`, returning what changed.
pub fn merge_incidents(stored: &mut Vec<Incident>, incoming: Vec<Incident>) -> MergeCounts {
    let mut counts = MergeCounts::default();
    let mut index: HashMap<String, usize> = stored
        .iter()
        .enumerate()
        .map(|(i, inc)| (inc.id.clone(), i))
        .collect();
    for fresh in incoming {
        match index.get(&fresh.id) {
            None => {
                index.insert(fresh.id.clone(), stored.len());
                stored.push(first_sighting(fresh));
                counts.new += 1;
            }
            Some(&at) => {
                let merged = merge_one(&stored[at], fresh);
                if merged == stored[at] {
                    counts.unchanged += 1;
                } else {
                    stored[at] = merged;
                    counts.updated += 1;
                }
            }
        }
    }
    counts
}

/// A newly seen incident: its first-seen fields are what it says now.
fn first_sighting(mut incident: Incident) -> Incident {
    incident.first_title = incident
        .first_title
        .take()
        .or_else(|| incident.title.clone());
    incident.first_started_at = incident.first_started_at.or(incident.started_at);
    incident.max_impact = Impact::worst(&incident.max_impact, &incident.impact);
    incident
}

fn merge_one(old: &Incident, fresh: Incident) -> Incident {
    let fresh = first_sighting(fresh);
    let fresh_is_newer = fresh.updated_at > old.updated_at;
    let updates = merge_updates(&old.updates, fresh.updates.clone(), fresh_is_newer);
    let max_impact = Impact::worst(&old.max_impact, &fresh.max_impact);
    let base = if fresh_is_newer {
        fresh.clone()
    } else {
        old.clone()
    };
    let (stated_start, start_evidence) = stated_start_pick(&base, old, &fresh);
    Incident {
        // Kept from the first sighting (P3/P4/P5/P6 in status-formats.md).
        first_title: old.first_title.clone().or(fresh.first_title.clone()),
        first_impact: old.first_impact.clone(),
        first_started_at: old.first_started_at.or(fresh.first_started_at),
        created_at: old.created_at,
        // Facts-only payloads carry no text: never let them erase text we hold.
        title: base
            .title
            .clone()
            .or(old.title.clone())
            .or(fresh.title.clone()),
        stated_start,
        start_evidence,
        url: base.url.clone().or(old.url.clone()),
        components: if base.components.is_empty() {
            old.components.clone()
        } else {
            base.components.clone()
        },
        max_impact,
        updates,
        // Only an open incident's silence depends on when it was last seen; for a closed one,
        // a newer sighting is not a change (and must not rewrite the tables on every poll).
        observed_at: if base.status.is_closed() && base.resolved_at.is_some() {
            old.observed_at.or(fresh.observed_at)
        } else {
            old.observed_at.max(fresh.observed_at)
        },
        ..still_closed_unseen(old, &fresh, base)
    }
}

/// An incident closed unseen stays closed when a payload older than its absence shows it
/// open (a late import of an earlier capture); a sighting after the absence reopens it, and
/// the vendor's own resolution replaces the inference.
fn still_closed_unseen(old: &Incident, fresh: &Incident, mut base: Incident) -> Incident {
    let vendor_closed = base.resolved_at.is_some()
        || (base.status.is_closed() && base.status != IncidentStatus::ClosedUnseen);
    base.closed_unseen = match old.closed_unseen {
        Some(bound) if !vendor_closed && fresh.observed_at <= Some(bound.first_absent) => {
            Some(bound)
        }
        _ if vendor_closed => None,
        _ => fresh.closed_unseen,
    };
    if base.closed_unseen.is_some() {
        base.status = IncidentStatus::ClosedUnseen;
    } else if base.status == IncidentStatus::ClosedUnseen {
        base.status = fresh.status.clone();
    }
    base
}

/// Close every stored incident that is open, was last seen before `as_of`, and is not in
/// a listing of every open incident made at `as_of`: it closed between its last sighting
/// and then. Returns how many were closed.
pub fn close_absent(stored: &mut [Incident], listed: &HashSet<&str>, as_of: Timestamp) -> usize {
    let mut closed = 0;
    for incident in stored.iter_mut() {
        let open = !incident.status.is_closed() && incident.resolved_at.is_none();
        let seen_before = incident.observed_at.filter(|seen| *seen < as_of);
        if let (true, Some(last_seen)) = (open, seen_before)
            && !listed.contains(incident.id.as_str())
        {
            incident.closed_unseen = Some(ClosedUnseen {
                last_seen,
                first_absent: as_of,
            });
            incident.status = IncidentStatus::ClosedUnseen;
            closed += 1;
        }
    }
    closed
}

/// The stated start of the first of `base`, `old`, `fresh` that has one, with its own
/// evidence (never another sighting's); a sentence we hold survives a facts-only payload.
fn stated_start_pick(
    base: &Incident,
    old: &Incident,
    fresh: &Incident,
) -> (
    Option<crate::model::Timestamp>,
    Option<crate::model::StartEvidence>,
) {
    let Some(from) = [base, old, fresh]
        .into_iter()
        .find(|i| i.stated_start.is_some())
    else {
        return (None, None);
    };
    let mut evidence = from.start_evidence.clone();
    if let Some(e) = evidence.as_mut()
        && e.sentence.is_none()
        && old.stated_start == from.stated_start
        && let Some(kept) = old.start_evidence.as_ref().filter(|k| k.kind == e.kind)
    {
        e.sentence = kept.sentence.clone();
    }
    (from.stated_start, evidence)
}

/// Union of updates by id; a newer edit replaces text and status, first-seen times stay.
fn merge_updates(
    old: &[IncidentUpdate],
    fresh: Vec<IncidentUpdate>,
    fresh_is_newer: bool,
) -> Vec<IncidentUpdate> {
    let mut merged: Vec<IncidentUpdate> = old.to_vec();
    let index: HashMap<String, usize> = merged
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.clone(), i))
        .collect();
    for update in fresh {
        match index.get(&update.id) {
            None => merged.push(update),
            Some(&at) => {
                let known = &mut merged[at];
                if fresh_is_newer || update.updated_at > known.updated_at {
                    known.status = update.status;
                    known.body = update.body.or(known.body.take());
                    known.updated_at = update.updated_at.or(known.updated_at);
                    if known.affected_components.is_empty() {
                        known.affected_components = update.affected_components;
                    }
                    known.promised_by = update.promised_by.or(known.promised_by);
                } else if known.body.is_none() {
                    known.body = update.body;
                }
            }
        }
    }
    merged.sort_by(|a, b| {
        a.created_at
            .cmp(&b.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    merged
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
