//! Salesforce Trust `/v1/incidents` and `/v1/maintenances` (EU48 captures).
//!
//! Expected numbers were read from the files with Python (`json.load`): per incident
//! `createdAt`, `IncidentImpacts[].startTime/endTime/startTimeCreatedAt/
//! endTimeCreatedAt/severity`, `len(IncidentEvents)`; per maintenance
//! `len(MaintenanceEvents)` and whether every `MaintenanceImpacts[].endTime` is set.

use planb::model::{Impact, IncidentStatus, Platform};

use super::parse;

#[test]
fn salesforce_incidents_stated_start_first_post_and_updates() {
    let (platform, snap) = parse("salesforce/trust-incidents-EU48-es-20221106-josepadial.json");
    assert_eq!(platform, Platform::Salesforce);
    assert_eq!(
        snap.page.url.as_deref(),
        Some("https://status.salesforce.com")
    );
    // A list of recent incidents, resolved ones included: not a listing of what is open.
    assert_eq!(snap.open_listing, None);
    assert!(snap.maintenances.is_empty());

    // (id, first post = createdAt, stated start = impact startTime, resolved at = the
    // latest impact endTime, updates = impact statement + impact end + events)
    let expected = [
        (
            "10012",
            "2022-10-04T13:01:42.308+00:00",
            "2022-10-04T12:31:00+00:00",
            "2022-10-04T12:37:00+00:00",
            3,
        ),
        (
            "10013",
            "2022-10-04T13:13:44.250+00:00",
            "2022-10-04T12:31:00+00:00",
            "2022-10-04T13:18:00+00:00",
            2,
        ),
        // Posted after it ended (end 21:06, first post 21:39); an event the next day.
        (
            "10294",
            "2022-11-03T21:39:34.347+00:00",
            "2022-11-03T19:47:00+00:00",
            "2022-11-03T21:06:00+00:00",
            3,
        ),
    ];
    assert_eq!(snap.incidents.len(), expected.len());
    for (incident, (id, created, stated, resolved, updates)) in snap.incidents.iter().zip(expected)
    {
        assert_eq!(incident.id, id);
        assert_eq!(incident.created_at.to_rfc3339(), created, "{id}");
        assert_eq!(
            incident.stated_start.map(|t| t.to_rfc3339()).as_deref(),
            Some(stated),
            "{id}"
        );
        assert_eq!(incident.started_at, None);
        assert_eq!(
            incident.status,
            IncidentStatus::Resolved,
            "{id}: every impact ended"
        );
        assert_eq!(
            incident.resolved_at.map(|t| t.to_rfc3339()).as_deref(),
            Some(resolved)
        );
        assert_eq!(incident.impact, Impact::Minor, "{id}");
        assert_eq!(incident.components, ["EU48", "coreService"]);
        assert_eq!(incident.updates.len(), updates, "{id}");
        assert_eq!(
            incident.url,
            Some(format!("https://status.salesforce.com/incidents/{id}"))
        );
    }
    // 10294's first post is the impact statement at 21:39:34.409, not the event of the
    // next day (2022-11-04T21:08:17.724Z).
    let late = &snap.incidents[2];
    assert_eq!(
        late.updates[0].created_at.to_rfc3339(),
        "2022-11-03T21:39:34.409+00:00"
    );
    assert!(
        late.updates[0]
            .body
            .as_deref()
            .is_some_and(|b| b.starts_with("Hay una interrupción"))
    );
    assert_eq!(
        late.updates
            .last()
            .map(|u| u.created_at.to_rfc3339())
            .as_deref(),
        Some("2022-11-04T21:08:17.724+00:00")
    );
    // The end of an impact is posted as a closing update (10013: entered 13:25:26.201).
    let ended = &snap.incidents[1].updates[1];
    assert_eq!(
        (ended.status.clone(), ended.created_at.to_rfc3339()),
        (
            IncidentStatus::Resolved,
            "2022-10-04T13:25:26.201+00:00".into()
        )
    );
}

#[test]
fn salesforce_maintenances_are_never_incidents() {
    let (platform, snap) = parse("salesforce/trust-maintenances-EU48-20221106-josepadial.json");
    assert_eq!(platform, Platform::Salesforce);
    assert!(snap.incidents.is_empty());
    assert_eq!(snap.maintenances.len(), 9);
    let events: Vec<usize> = snap.maintenances.iter().map(|m| m.updates.len()).collect();
    assert_eq!(events, [2, 2, 5, 2, 1, 0, 0, 0, 0]);
    let done: Vec<bool> = (snap.maintenances.iter())
        .map(|m| m.status == IncidentStatus::Completed)
        .collect();
    assert_eq!(
        done,
        [true, true, true, false, false, false, false, false, false]
    );
    assert!(
        snap.maintenances
            .iter()
            .all(|m| m.impact == Impact::Maintenance)
    );
    let first = &snap.maintenances[0];
    assert_eq!(first.id, "525695");
    assert_eq!(
        first.title.as_deref(),
        Some("Health Cloud - Winter '23 - Major Release")
    );
    assert_eq!(
        first.resolved_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2022-10-16T14:43:00+00:00")
    );
}
