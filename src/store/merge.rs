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
        stated_start: base
            .stated_start
            .or(old.stated_start)
            .or(fresh.stated_start),
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
mod tests {
    use super::*;
    use crate::model::IncidentStatus;
    use chrono::{TimeZone, Utc};

    fn at(minute: u32) -> crate::model::Timestamp {
        Utc.with_ymd_and_hms(2023, 11, 2, 12, minute, 0)
            .single()
            .expect("valid time")
    }

    fn incident(id: &str, impact: Impact, edited: u32, updates: &[(&str, u32)]) -> Incident {
        Incident {
            id: id.into(),
            title: Some(format!("title at {edited}")),
            first_title: None,
            status: IncidentStatus::Investigating,
            impact: impact.clone(),
            first_impact: impact.clone(),
            max_impact: impact,
            created_at: at(0),
            started_at: Some(at(edited)),
            first_started_at: None,
            stated_start: None,
            updated_at: Some(at(edited)),
            monitoring_at: None,
            resolved_at: None,
            url: None,
            components: vec![],
            observed_at: None,
            closed_unseen: None,
            updates: updates
                .iter()
                .map(|(uid, m)| IncidentUpdate {
                    id: (*uid).into(),
                    status: IncidentStatus::Investigating,
                    body: Some(format!("body {uid}")),
                    created_at: at(*m),
                    display_at: Some(at(*m)),
                    updated_at: Some(at(*m)),
                    affected_components: vec![],
                    promised_by: None,
                })
                .collect(),
        }
    }

    #[test]
    fn newer_wins_but_first_seen_fields_stay() {
        let mut stored = Vec::new();
        merge_incidents(
            &mut stored,
            vec![incident("a", Impact::Critical, 1, &[("u1", 1)])],
        );
        let counts = merge_incidents(
            &mut stored,
            vec![incident("a", Impact::Minor, 30, &[("u1", 1), ("u2", 30)])],
        );
        assert_eq!(
            counts,
            MergeCounts {
                new: 0,
                updated: 1,
                unchanged: 0
            }
        );
        let a = &stored[0];
        assert_eq!(a.impact, Impact::Minor);
        assert_eq!(a.first_impact, Impact::Critical);
        assert_eq!(a.max_impact, Impact::Critical);
        assert_eq!(a.first_started_at, Some(at(1)));
        assert_eq!(a.started_at, Some(at(30)));
        assert_eq!(a.first_title.as_deref(), Some("title at 1"));
        assert_eq!(a.updates.len(), 2);
    }

    #[test]
    fn older_payload_changes_nothing_and_nothing_is_removed() {
        let mut stored = Vec::new();
        merge_incidents(
            &mut stored,
            vec![
                incident("a", Impact::Major, 30, &[("u1", 1), ("u2", 30)]),
                incident("b", Impact::Minor, 5, &[]),
            ],
        );
        let before = stored.clone();
        let counts = merge_incidents(
            &mut stored,
            vec![incident("a", Impact::Major, 1, &[("u1", 1)])],
        );
        assert_eq!(
            counts,
            MergeCounts {
                new: 0,
                updated: 0,
                unchanged: 1
            }
        );
        assert_eq!(stored, before);
    }

    #[test]
    fn facts_only_payload_does_not_erase_text() {
        let mut stored = Vec::new();
        merge_incidents(
            &mut stored,
            vec![incident("a", Impact::Major, 1, &[("u1", 1)])],
        );
        let mut bare = incident("a", Impact::Major, 2, &[("u1", 1)]);
        bare.strip_text();
        merge_incidents(&mut stored, vec![bare]);
        assert_eq!(stored[0].title.as_deref(), Some("title at 1"));
        assert_eq!(stored[0].updates[0].body.as_deref(), Some("body u1"));
    }

    fn seen(id: &str, minute: u32) -> Incident {
        let mut i = incident(id, Impact::Major, minute, &[("u1", minute)]);
        i.observed_at = Some(at(minute));
        i
    }

    #[test]
    fn a_listing_closes_open_incidents_it_no_longer_shows() {
        let mut stored = Vec::new();
        merge_incidents(
            &mut stored,
            vec![seen("gone", 10), seen("still", 10), seen("later", 40)],
        );
        let mut resolved = seen("done", 10);
        resolved.status = IncidentStatus::Resolved;
        resolved.resolved_at = Some(at(12));
        merge_incidents(&mut stored, vec![resolved]);

        let listed: HashSet<&str> = ["still"].into_iter().collect();
        // "later" was seen after the listing was made: the listing says nothing about it.
        assert_eq!(close_absent(&mut stored, &listed, at(30)), 1);
        let by_id = |stored: &[Incident], id: &str| {
            stored.iter().find(|i| i.id == id).expect("stored").clone()
        };
        let gone = by_id(&stored, "gone");
        assert_eq!(gone.status, IncidentStatus::ClosedUnseen);
        assert_eq!(
            gone.closed_unseen,
            Some(ClosedUnseen {
                last_seen: at(10),
                first_absent: at(30)
            })
        );
        assert_eq!(gone.resolved_at, None);
        for id in ["still", "later"] {
            assert_eq!(by_id(&stored, id).closed_unseen, None, "{id}");
        }
        assert_eq!(by_id(&stored, "done").status, IncidentStatus::Resolved);
        // A later listing without "later" closes it too; what is closed stays as it was.
        assert_eq!(close_absent(&mut stored, &listed, at(50)), 1);
        assert_eq!(
            by_id(&stored, "gone").closed_unseen.map(|c| c.first_absent),
            Some(at(30))
        );
    }

    #[test]
    fn a_later_sighting_reopens_an_older_one_does_not_and_the_vendor_resolution_wins() {
        let mut stored = vec![seen("x", 10)];
        close_absent(&mut stored, &HashSet::new(), at(30));
        let bound = stored[0].closed_unseen;
        assert!(bound.is_some());

        // An earlier capture imported late (seen at 20, before the absence at 30): stays closed.
        merge_incidents(&mut stored, vec![seen("x", 20)]);
        assert_eq!(
            (stored[0].closed_unseen, &stored[0].status),
            (bound, &IncidentStatus::ClosedUnseen)
        );

        // Seen open after the absence: the feed lists it again, so it is open again.
        merge_incidents(&mut stored, vec![seen("x", 45)]);
        assert_eq!(stored[0].closed_unseen, None);
        assert_eq!(stored[0].status, IncidentStatus::Investigating);

        // Closed unseen again, then the vendor's own resolution arrives: it replaces the bound.
        close_absent(&mut stored, &HashSet::new(), at(50));
        let mut resolved = seen("x", 58);
        resolved.status = IncidentStatus::Resolved;
        resolved.resolved_at = Some(at(48));
        merge_incidents(&mut stored, vec![resolved]);
        assert_eq!(stored[0].closed_unseen, None);
        assert_eq!(stored[0].status, IncidentStatus::Resolved);
        assert_eq!(stored[0].resolved_at, Some(at(48)));
    }
}
