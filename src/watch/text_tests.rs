//! How events read: sentences, JSON, and hostile text kept out.

use super::*;
use crate::inventory::Criticality;
use crate::metrics::exposure::ResponseKind;
use crate::watch::context::FallbackPath;
use chrono::TimeZone;

fn at(hour: u32, minute: u32) -> Timestamp {
    chrono::Utc
        .with_ymd_and_hms(2022, 4, 17, hour, minute, 0)
        .single()
        .expect("time")
}

fn atlassian() -> SourceContext {
    let used = |capability: &str, criticality, fallback, response| Use {
        service: "Jira Software".into(),
        capability: capability.into(),
        criticality,
        fallback,
        response,
    };
    SourceContext {
        source_id: "jira".into(),
        vendor: "Atlassian".into(),
        service: "Jira Software".into(),
        uses: vec![
            used("ticketing", Criticality::Critical, FallbackPath::None, None),
            used(
                "on-call alerting",
                Criticality::Critical,
                FallbackPath::None,
                Some(ResponseKind::OnCallAlerting),
            ),
        ],
    }
}

fn facts(title: &str, impact: &str) -> IncidentFacts {
    IncidentFacts {
        id: "gms0m979jxbr".into(),
        title: Some(title.into()),
        status: "investigating".into(),
        impact: impact.into(),
        url: Some("https://jira-software.status.atlassian.com/incidents/gms0m979jxbr".into()),
        created_at: at(7, 38),
        resolved_at: None,
        closed_unseen: None,
    }
}

fn event(change: Change) -> Event {
    Event {
        at: at(21, 50),
        source_id: "jira".into(),
        change,
    }
}

#[test]
fn a_major_incident_says_what_goes_down_with_it() {
    let e = event(Change::NewIncident(facts("Jira is down", "major")));
    assert_eq!(
        sentence(&e, &atlassian()),
        "Atlassian posted a major incident on Jira Software: \"Jira is down\" (investigating). \
         Ticketing (critical, no fallback) and on-call alerting (critical, no fallback) are down. \
         Response tools among them: on-call alerting. \
         https://jira-software.status.atlassian.com/incidents/gms0m979jxbr"
    );
    let value = json(&e, &atlassian());
    assert_eq!(value["event"], "new_incident");
    assert_eq!(
        value["capabilities"][1]["response_tool"],
        "on-call alerting"
    );
    assert_eq!(value["response_tools"][0], "on-call alerting");
    assert_eq!(value["incident"]["impact"], "major");
}

#[test]
fn hostile_vendor_text_stays_on_one_clean_line() {
    let hostile = "Outage\u{1b}[2J\u{1b}]0;pwned\u{7}\nsecond line\r\u{202e}";
    let mut incident = facts(hostile, "minor");
    incident.url = Some("javascript:alert(1)".into());
    let e = event(Change::NewIncident(incident));
    let text = line(&e, &atlassian());
    assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
    assert!(text.contains("\"Outage second line\""), "{text}");
    assert!(!text.contains("javascript"), "only http(s) links are shown");
    let value = json(&e, &atlassian());
    assert!(
        !value["incident"]["title"]
            .as_str()
            .unwrap_or("")
            .contains('\u{1b}')
    );
}

#[test]
fn resolutions_say_how_they_were_known() {
    let mut resolved = facts("Jira is down", "major");
    resolved.resolved_at = Some(at(9, 53));
    let text = sentence(&event(Change::Resolution(resolved)), &atlassian());
    assert!(
        text.starts_with("Atlassian resolved Jira Software \"Jira is down\" after 2 h 15 min."),
        "{text}"
    );
    let mut gone = facts("Jira is down", "major");
    gone.status = "closed_unseen".into();
    gone.closed_unseen = Some(crate::model::ClosedUnseen {
        last_seen: at(21, 50),
        first_absent: at(21, 51),
    });
    let text = sentence(&event(Change::Resolution(gone)), &atlassian());
    assert!(text.contains("without a resolution post: it ended between 2022-04-17 21:50:00 UTC and 2022-04-17 21:51:00 UTC"), "{text}");
}

#[test]
fn failing_and_recovering_name_the_page_and_what_it_carries() {
    let failing = event(Change::SourceFailing {
        error: "summary: HTTP 503".into(),
        last_success: None,
    });
    assert_eq!(
        sentence(&failing, &atlassian()),
        "planb cannot read the status page of Jira Software (Atlassian): summary: HTTP 503. \
         Its incidents are unknown until it reads again. It carries ticketing (critical, no fallback) \
         and on-call alerting (critical, no fallback)."
    );
    let back = event(Change::SourceRecovered {
        last_success: Some(at(20, 0)),
    });
    assert!(
        sentence(&back, &atlassian())
            .ends_with("again (last read before the failures at 2022-04-17 20:00:00 UTC).")
    );
    assert_eq!(json(&failing, &atlassian())["error"], "summary: HTTP 503");
}

#[test]
fn impact_direction_and_reopening() {
    let raised = event(Change::ImpactChange {
        incident: facts("Slow", "critical"),
        from: "minor".into(),
    });
    assert!(sentence(&raised, &atlassian()).starts_with(
        "Atlassian raised the impact of Jira Software \"Slow\" from minor to critical."
    ));
    let reopened = event(Change::StatusChange {
        incident: facts("Slow", "minor"),
        from: "resolved".into(),
    });
    assert!(
        sentence(&reopened, &atlassian())
            .starts_with("Atlassian reopened Jira Software \"Slow\" (investigating, minor).")
    );
}
