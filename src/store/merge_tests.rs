//! Unit tests of `merge`.

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
        start_evidence: None,
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
    let by_id =
        |stored: &[Incident], id: &str| stored.iter().find(|i| i.id == id).expect("stored").clone();
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

/// The evidence travels with the start it explains; a facts-only sighting of the same
/// start does not erase the sentence we hold.
#[test]
fn start_evidence_follows_its_start() {
    let evidence = |sentence: Option<&str>| crate::model::StartEvidence {
        kind: "range".into(),
        update_id: Some("u1".into()),
        sentence: sentence.map(str::to_string),
    };
    let mut first = incident("a", Impact::Minor, 1, &[("u1", 1)]);
    first.stated_start = Some(at(0));
    first.start_evidence = Some(evidence(Some("Between 12:00 UTC and 12:05 UTC")));
    let mut stored = Vec::new();
    merge_incidents(&mut stored, vec![first]);
    // Newer, facts-only, same start: the sentence stays.
    let mut facts = incident("a", Impact::Minor, 5, &[("u1", 1)]);
    facts.stated_start = Some(at(0));
    facts.start_evidence = Some(evidence(None));
    merge_incidents(&mut stored, vec![facts]);
    let kept = stored[0].start_evidence.as_ref().expect("evidence");
    assert_eq!(
        kept.sentence.as_deref(),
        Some("Between 12:00 UTC and 12:05 UTC")
    );
    // Newer without a start: the old start keeps its own evidence.
    merge_incidents(
        &mut stored,
        vec![incident("a", Impact::Minor, 9, &[("u1", 1)])],
    );
    assert_eq!(stored[0].stated_start, Some(at(0)));
    assert_eq!(
        stored[0].start_evidence.as_ref().map(|e| e.kind.as_str()),
        Some("range")
    );
}
