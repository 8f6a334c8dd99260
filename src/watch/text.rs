//! How an event reads: one line for people (stdout, and the `text` of a webhook, which
//! Slack and Teams show as is) and a JSON object for machines. Everything that came from
//! a status page or the inventory is sanitized and kept on one line.

use serde_json::{Value, json};

use super::context::{SourceContext, Use, vendor_and_service};
use super::events::{Change, Event, IncidentFacts};
use crate::model::{Impact, Timestamp, sanitize_text};

/// Longest title shown; vendors sometimes put a paragraph there.
const MAX_TITLE: usize = 200;

/// Vendor or inventory text on one line, without control characters.
pub fn one_line(text: &str) -> String {
    let clean = sanitize_text(text);
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn title(incident: &IncidentFacts) -> String {
    let text = one_line(incident.title.as_deref().unwrap_or(""));
    let text = if text.is_empty() {
        format!("incident {}", one_line(&incident.id))
    } else {
        text
    };
    if text.chars().count() > MAX_TITLE {
        let cut: String = text.chars().take(MAX_TITLE - 1).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{text}\"")
    }
}

fn clock(t: Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn duration(from: Timestamp, to: Timestamp) -> String {
    let minutes = (to - from).num_minutes().max(0);
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} days", m / 1440),
    }
}

/// "ticketing (critical, no fallback) and on-call alerting (high, fallback manual)".
fn uses_phrase(uses: &[Use]) -> String {
    let parts: Vec<String> = uses
        .iter()
        .map(|u| {
            let fallback = match u.fallback_label() {
                "none" => "no fallback".to_string(),
                other => format!("fallback {other}"),
            };
            format!("{} ({}, {fallback})", u.capability, u.criticality)
        })
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What the incident puts at stake: " Ticketing (critical, no fallback) is down; …".
fn exposure(context: &SourceContext, impact: &str) -> String {
    if context.uses.is_empty() {
        return String::new();
    }
    let severe = matches!(impact, "major" | "critical");
    let verb = match (context.uses.len(), severe) {
        (1, true) => "is down",
        (_, true) => "are down",
        (1, false) => "is affected",
        (_, false) => "may be affected",
    };
    let mut text = format!(" {} {verb}.", capitalized(&uses_phrase(&context.uses)));
    let tools = context.response_tools();
    if !tools.is_empty() {
        text.push_str(&format!(
            " Response tools among them: {}.",
            tools.join(", ")
        ));
    }
    text
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn link(incident: &IncidentFacts) -> String {
    incident
        .url
        .as_deref()
        .map(one_line)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .map_or_else(String::new, |u| format!(" {u}"))
}

/// The readable sentence(s) of an event.
pub fn sentence(event: &Event, context: &SourceContext) -> String {
    let (vendor, service) = vendor_and_service(context);
    let who = vendor.unwrap_or(service);
    let page = match vendor {
        Some(vendor) => format!("the status page of {service} ({vendor})"),
        None => format!("the status page of {service}"),
    };
    let on = |what: &str| match vendor {
        Some(_) => format!("{what} on {service}"),
        None => what.to_string(),
    };
    match &event.change {
        Change::NewIncident(i) => format!(
            "{who} posted {} {}: {} ({}).{}{}",
            article(&i.impact),
            on(&format!("{} incident", one_line(&i.impact))),
            title(i),
            one_line(&i.status),
            exposure(context, &i.impact),
            link(i)
        ),
        Change::ImpactChange { incident: i, from } => {
            let direction = match Impact::from_text(&i.impact)
                .rank()
                .cmp(&Impact::from_text(from).rank())
            {
                std::cmp::Ordering::Greater => "raised",
                std::cmp::Ordering::Less => "lowered",
                std::cmp::Ordering::Equal => "changed",
            };
            format!(
                "{who} {direction} the impact of {} {} from {} to {}.{}{}",
                service,
                title(i),
                one_line(from),
                one_line(&i.impact),
                exposure(context, &i.impact),
                link(i)
            )
        }
        Change::StatusChange { incident: i, from }
            if crate::model::IncidentStatus::closes(from) =>
        {
            format!(
                "{who} reopened {} {} ({}, {}).{}{}",
                service,
                title(i),
                one_line(&i.status),
                one_line(&i.impact),
                exposure(context, &i.impact),
                link(i)
            )
        }
        Change::StatusChange { incident: i, from } => format!(
            "{who} moved {} {} from {} to {} ({} impact).{}",
            service,
            title(i),
            one_line(from),
            one_line(&i.status),
            one_line(&i.impact),
            link(i)
        ),
        Change::Resolution(i) => match (i.closed_unseen, i.resolved_at) {
            (Some(bound), _) => format!(
                "{service} {} is gone from {page} without a resolution post: it ended between {} and {}.{}",
                title(i),
                clock(bound.last_seen),
                clock(bound.first_absent),
                link(i)
            ),
            (None, Some(resolved)) => format!(
                "{who} resolved {service} {} after {}.{}",
                title(i),
                duration(i.created_at, resolved),
                link(i)
            ),
            (None, None) => format!(
                "{who} closed {service} {} ({}).{}",
                title(i),
                one_line(&i.status),
                link(i)
            ),
        },
        Change::SourceFailing { error } => {
            let carries = if context.uses.is_empty() {
                String::new()
            } else {
                format!(" It carries {}.", uses_phrase(&context.uses))
            };
            format!(
                "planb cannot read {page}: {}. Its incidents are unknown until it reads again.{carries}",
                one_line(error)
            )
        }
        Change::SourceRecovered { failing_since } => match failing_since {
            Some(since) => format!(
                "planb reads {page} again (failing since {}).",
                clock(*since)
            ),
            None => format!("planb reads {page} again."),
        },
    }
}

fn article(impact: &str) -> &'static str {
    match impact.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// The stdout line: time, kind, sentence.
pub fn line(event: &Event, context: &SourceContext) -> String {
    format!(
        "{} {:<16} {}",
        event.at.format("%Y-%m-%dT%H:%M:%SZ"),
        event.change.kind(),
        sentence(event, context)
    )
}

/// The JSON object of an event (stdout with `--json`, and every webhook post).
pub fn json(event: &Event, context: &SourceContext) -> Value {
    let incident = event.change.incident().map(|i| {
        let mut value = json!({
            "id": one_line(&i.id),
            "title": i.title.as_deref().map(one_line),
            "status": one_line(&i.status),
            "impact": one_line(&i.impact),
            "url": i.url.as_deref().map(one_line),
            "created_at": i.created_at,
            "resolved_at": i.resolved_at,
            "closed_unseen": i.closed_unseen.map(|b| json!({
                "last_seen": b.last_seen,
                "first_absent": b.first_absent,
            })),
        });
        match &event.change {
            Change::ImpactChange { from, .. } => value["previous_impact"] = json!(one_line(from)),
            Change::StatusChange { from, .. } => value["previous_status"] = json!(one_line(from)),
            _ => {}
        }
        value
    });
    let capabilities: Vec<Value> = context
        .uses
        .iter()
        .map(|u| {
            json!({
                "service": u.service,
                "capability": u.capability,
                "criticality": u.criticality.as_str(),
                "fallback": u.fallback_label(),
                "response_tool": u.response.map(|r| r.as_str()),
            })
        })
        .collect();
    let mut value = json!({
        "event": event.change.kind(),
        "at": event.at,
        "source": event.source_id,
        "vendor": context.vendor,
        "service": context.service,
        "incident": incident,
        "capabilities": capabilities,
        "response_tools": context.response_tools(),
        "text": sentence(event, context),
    });
    match &event.change {
        Change::SourceFailing { error } => value["error"] = json!(one_line(error)),
        Change::SourceRecovered { failing_since } => value["failing_since"] = json!(failing_since),
        _ => {}
    }
    value
}

#[cfg(test)]
mod tests {
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
        assert!(text.contains("without a resolution post: it ended between 2022-04-17 21:50 UTC and 2022-04-17 21:51 UTC"), "{text}");
    }

    #[test]
    fn failing_and_recovering_name_the_page_and_what_it_carries() {
        let failing = event(Change::SourceFailing {
            error: "summary: HTTP 503".into(),
        });
        assert_eq!(
            sentence(&failing, &atlassian()),
            "planb cannot read the status page of Jira Software (Atlassian): summary: HTTP 503. \
             Its incidents are unknown until it reads again. It carries ticketing (critical, no fallback) \
             and on-call alerting (critical, no fallback)."
        );
        let back = event(Change::SourceRecovered {
            failing_since: Some(at(20, 0)),
        });
        assert!(
            sentence(&back, &atlassian()).ends_with("again (failing since 2022-04-17 20:00 UTC).")
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
}
