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
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
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
        Change::SourceFailing { .. } | Change::SourceRecovered { .. } => {
            source_sentence(&event.change, context, &page)
        }
    }
}

/// Failing and recovering: about planb's view of the page, not about the vendor.
fn source_sentence(change: &Change, context: &SourceContext, page: &str) -> String {
    match change {
        Change::SourceFailing {
            error,
            last_success,
        } => {
            let carries = if context.uses.is_empty() {
                String::new()
            } else {
                format!(" It carries {}.", uses_phrase(&context.uses))
            };
            let last =
                last_success.map_or_else(String::new, |t| format!(" (last read at {})", clock(t)));
            format!(
                "planb cannot read {page}: {}. Its incidents are unknown until it reads again{last}.{carries}",
                one_line(error)
            )
        }
        Change::SourceRecovered { last_success } => match last_success {
            Some(t) => format!(
                "planb reads {page} again (last read before the failures at {}).",
                clock(*t)
            ),
            None => format!("planb reads {page} again."),
        },
        _ => String::new(),
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
        Change::SourceFailing {
            error,
            last_success,
        } => {
            value["error"] = json!(one_line(error));
            value["last_success"] = json!(last_success);
        }
        Change::SourceRecovered { last_success } => value["last_success"] = json!(last_success),
        _ => {}
    }
    value
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
