//! What changed on a source, each change once: the incidents of its tables before and
//! after a commit (new, impact changed, status changed, resolved), and whether polling it
//! started or stopped failing. Scheduled maintenance is planned work, not an outage: it
//! makes no events.

use std::collections::HashMap;

use crate::model::{ClosedUnseen, Incident, Timestamp};

/// An incident as an event shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentFacts {
    pub id: String,
    pub title: Option<String>,
    pub status: String,
    pub impact: String,
    pub url: Option<String>,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub closed_unseen: Option<ClosedUnseen>,
}

impl IncidentFacts {
    pub fn of(incident: &Incident) -> Self {
        Self {
            id: incident.id.clone(),
            title: incident.title.clone(),
            status: incident.status.as_str().to_string(),
            impact: incident.impact.as_str().to_string(),
            url: incident.url.clone(),
            created_at: incident.created_at,
            resolved_at: incident.resolved_at,
            closed_unseen: incident.closed_unseen,
        }
    }
}

/// One thing that happened on one source.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    NewIncident(IncidentFacts),
    ImpactChange {
        incident: IncidentFacts,
        from: String,
    },
    StatusChange {
        incident: IncidentFacts,
        from: String,
    },
    Resolution(IncidentFacts),
    /// `last_success`: the last poll that worked before the failures, when known.
    SourceFailing {
        error: String,
        last_success: Option<Timestamp>,
    },
    SourceRecovered {
        last_success: Option<Timestamp>,
    },
}

impl Change {
    /// The event kind, as JSON and the metrics name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NewIncident(_) => "new_incident",
            Self::ImpactChange { .. } => "impact_change",
            Self::StatusChange { .. } => "status_change",
            Self::Resolution(_) => "resolution",
            Self::SourceFailing { .. } => "source_failing",
            Self::SourceRecovered { .. } => "source_recovered",
        }
    }

    pub const KINDS: [&'static str; 6] = [
        "new_incident",
        "impact_change",
        "status_change",
        "resolution",
        "source_failing",
        "source_recovered",
    ];

    pub fn incident(&self) -> Option<&IncidentFacts> {
        match self {
            Self::NewIncident(i) | Self::Resolution(i) => Some(i),
            Self::ImpactChange { incident, .. } | Self::StatusChange { incident, .. } => {
                Some(incident)
            }
            _ => None,
        }
    }
}

/// An event: a change, where and when planb saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: Timestamp,
    pub source_id: String,
    pub change: Change,
}

/// Open by the store's rule (`merge::close_absent`): not at a closing status, no resolution time.
pub fn is_open(incident: &Incident) -> bool {
    !incident.status.is_closed() && incident.resolved_at.is_none()
}

/// The changes between a source's incidents before and after a commit. `since` is the
/// source's previous successful poll: an incident first seen already closed is reported
/// (opened, then resolved) only if it was created after that, that is while planb was
/// watching; older history coming in is not news.
pub fn diff(before: &[Incident], after: &[Incident], since: Option<Timestamp>) -> Vec<Change> {
    let old: HashMap<&str, &Incident> = before.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut changes = Vec::new();
    for incident in after {
        let now_open = is_open(incident);
        let facts = || IncidentFacts::of(incident);
        let Some(previous) = old.get(incident.id.as_str()) else {
            if now_open {
                changes.push(Change::NewIncident(facts()));
            } else if since.is_some_and(|s| incident.created_at > s) {
                changes.push(Change::NewIncident(facts()));
                changes.push(Change::Resolution(facts()));
            }
            continue;
        };
        match (is_open(previous), now_open) {
            (true, true) => {
                if previous.impact != incident.impact {
                    changes.push(Change::ImpactChange {
                        incident: facts(),
                        from: previous.impact.as_str().to_string(),
                    });
                }
                if previous.status != incident.status {
                    changes.push(Change::StatusChange {
                        incident: facts(),
                        from: previous.status.as_str().to_string(),
                    });
                }
            }
            (true, false) => changes.push(Change::Resolution(facts())),
            // Reopened by the vendor.
            (false, true) => changes.push(Change::StatusChange {
                incident: facts(),
                from: previous.status.as_str().to_string(),
            }),
            (false, false) => {}
        }
    }
    changes
}

/// Which sources are failing, so that a failing source makes one event when it starts
/// failing and one when it recovers, not one per poll.
#[derive(Debug, Default)]
pub struct Health {
    /// Source id → its last successful poll before it started failing.
    failing: HashMap<String, Option<Timestamp>>,
    last_success: HashMap<String, Timestamp>,
}

impl Health {
    /// A source already failing when watch starts (its last attempt failed): no new
    /// "failing" event for it. `last_success` is from the store.
    pub fn already_failing(&mut self, source_id: &str, last_success: Option<Timestamp>) {
        self.failing.insert(source_id.to_string(), last_success);
    }

    /// The outcome of one poll; a change only when the source's state flips.
    pub fn observe(
        &mut self,
        source_id: &str,
        error: Option<&str>,
        at: Timestamp,
    ) -> Option<Change> {
        let Some(error) = error else {
            self.last_success.insert(source_id.to_string(), at);
            let last_success = self.failing.remove(source_id)?;
            return Some(Change::SourceRecovered { last_success });
        };
        if self.failing.contains_key(source_id) {
            return None;
        }
        let last_success = self.last_success.get(source_id).copied();
        self.failing.insert(source_id.to_string(), last_success);
        Some(Change::SourceFailing {
            error: error.to_string(),
            last_success,
        })
    }

    pub fn is_failing(&self, source_id: &str) -> bool {
        self.failing.contains_key(source_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Impact, IncidentStatus};
    use chrono::TimeZone;

    fn at(hour: u32) -> Timestamp {
        chrono::Utc
            .with_ymd_and_hms(2022, 4, 17, hour, 0, 0)
            .single()
            .expect("time")
    }

    fn incident(id: &str, status: &str, impact: &str, created: u32) -> Incident {
        let impact = Impact::from_text(impact);
        Incident {
            id: id.into(),
            title: Some(format!("incident {id}")),
            first_title: None,
            status: IncidentStatus::from_text(status),
            first_impact: impact.clone(),
            max_impact: impact.clone(),
            impact,
            created_at: at(created),
            started_at: None,
            first_started_at: None,
            stated_start: None,
            start_evidence: None,
            updated_at: None,
            monitoring_at: None,
            resolved_at: None,
            url: None,
            components: Vec::new(),
            updates: Vec::new(),
            observed_at: None,
            closed_unseen: None,
        }
    }

    fn kinds(changes: &[Change]) -> Vec<&'static str> {
        changes.iter().map(Change::kind).collect()
    }

    #[test]
    fn a_new_open_incident_is_one_event_and_the_same_state_again_is_none() {
        let after = vec![incident("a", "investigating", "major", 1)];
        let changes = diff(&[], &after, Some(at(0)));
        assert_eq!(kinds(&changes), ["new_incident"]);
        assert_eq!(changes[0].incident().map(|i| i.id.as_str()), Some("a"));
        assert!(diff(&after, &after, Some(at(2))).is_empty());
    }

    #[test]
    fn impact_and_status_changes_of_an_open_incident() {
        let before = vec![incident("a", "investigating", "minor", 1)];
        let after = vec![incident("a", "identified", "major", 1)];
        let changes = diff(&before, &after, Some(at(2)));
        assert_eq!(kinds(&changes), ["impact_change", "status_change"]);
        match &changes[0] {
            Change::ImpactChange { incident, from } => {
                assert_eq!(
                    (from.as_str(), incident.impact.as_str()),
                    ("minor", "major")
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn resolution_closed_unseen_and_reopening() {
        let before = vec![
            incident("a", "monitoring", "minor", 1),
            incident("b", "investigating", "major", 1),
            incident("c", "resolved", "minor", 1),
        ];
        let mut gone = incident("b", "closed_unseen", "major", 1);
        gone.closed_unseen = Some(ClosedUnseen {
            last_seen: at(2),
            first_absent: at(3),
        });
        let after = vec![
            incident("a", "resolved", "minor", 1),
            gone,
            incident("c", "investigating", "minor", 1),
        ];
        let changes = diff(&before, &after, Some(at(3)));
        assert_eq!(
            kinds(&changes),
            ["resolution", "resolution", "status_change"]
        );
        assert!(
            changes[1]
                .incident()
                .is_some_and(|i| i.closed_unseen.is_some())
        );
    }

    #[test]
    fn history_first_seen_closed_is_not_news_unless_it_happened_while_watching() {
        let after = vec![
            incident("old", "resolved", "major", 1),
            incident("short", "resolved", "minor", 5),
        ];
        assert!(
            diff(&[], &after, None).is_empty(),
            "first poll: history only"
        );
        let changes = diff(&[], &after, Some(at(4)));
        assert_eq!(kinds(&changes), ["new_incident", "resolution"]);
        assert!(
            changes
                .iter()
                .all(|c| c.incident().is_some_and(|i| i.id == "short"))
        );
    }

    #[test]
    fn a_failing_source_makes_one_event_until_it_recovers() {
        let mut health = Health::default();
        assert_eq!(health.observe("s", None, at(1)), None);
        assert_eq!(
            health.observe("s", Some("HTTP 503"), at(2)),
            Some(Change::SourceFailing {
                error: "HTTP 503".into(),
                last_success: Some(at(1))
            })
        );
        for hour in 3..8 {
            assert_eq!(health.observe("s", Some("HTTP 503"), at(hour)), None);
        }
        assert_eq!(
            health.observe("s", None, at(9)),
            Some(Change::SourceRecovered {
                last_success: Some(at(1))
            })
        );
        assert_eq!(health.observe("s", None, at(10)), None);
        // Failing when watch started: no second "failing" event.
        health.already_failing("t", Some(at(1)));
        assert_eq!(health.observe("t", Some("timeout"), at(2)), None);
        assert!(health.is_failing("t"));
    }
}
