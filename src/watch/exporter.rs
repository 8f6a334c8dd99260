//! The Prometheus text exposition (format 0.0.4) served at `/metrics`: open incidents,
//! source health, capabilities down, and the watch's own counters. Vendor text reaches
//! label values only sanitized and escaped as the format requires.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::capabilities::down_by_criticality;
use super::context::Contexts;
use super::events::Change;
use super::live::{Counters, Live};
use crate::model::sanitize_text;

/// A label value: control characters dropped, then `\`, `"` and newlines escaped.
pub fn label_value(text: &str) -> String {
    let clean = sanitize_text(text).replace('\t', " ");
    let mut out = String::with_capacity(clean.len());
    for ch in clean.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// The whole page.
pub fn render(live: &Live, contexts: &Contexts, counters: &Counters) -> String {
    let mut out = String::with_capacity(256 + live.sources.len() * 200);
    family(
        &mut out,
        "planb_open_incidents",
        "gauge",
        "Incidents open now on a watched status source, by the vendor's declared impact.",
    );
    for source in &live.sources {
        let mut by_impact: BTreeMap<&str, usize> = BTreeMap::new();
        for incident in &source.open {
            *by_impact.entry(incident.impact.as_str()).or_default() += 1;
        }
        let (vendor, service) = contexts
            .get(&source.source_id)
            .map_or(("", ""), |c| (c.vendor.as_str(), c.service.as_str()));
        for (impact, count) in by_impact {
            let _ = writeln!(
                out,
                "planb_open_incidents{{vendor=\"{}\",service=\"{}\",source=\"{}\",impact=\"{}\"}} {count}",
                label_value(vendor),
                label_value(service),
                label_value(&source.source_id),
                label_value(impact)
            );
        }
    }
    family(
        &mut out,
        "planb_source_up",
        "gauge",
        "1 when the last poll of the source worked, 0 when it failed (absent before the first poll).",
    );
    for source in &live.sources {
        if let Some(up) = source.up {
            let _ = writeln!(
                out,
                "planb_source_up{{source=\"{}\"}} {}",
                label_value(&source.source_id),
                u8::from(up)
            );
        }
    }
    family(
        &mut out,
        "planb_source_last_success_timestamp_seconds",
        "gauge",
        "When a poll of the source last worked (Unix time).",
    );
    for source in &live.sources {
        if let Some(at) = source.last_success {
            let _ = writeln!(
                out,
                "planb_source_last_success_timestamp_seconds{{source=\"{}\"}} {:.3}",
                label_value(&source.source_id),
                at.timestamp_millis() as f64 / 1000.0
            );
        }
    }
    family(
        &mut out,
        "planb_capabilities_down",
        "gauge",
        "Capabilities whose every path is down: the service has an open major or critical incident and its fallback is down too, or there is none.",
    );
    for (criticality, count) in down_by_criticality(contexts.uses(), |s| live.is_down(s)) {
        let _ = writeln!(
            out,
            "planb_capabilities_down{{criticality=\"{criticality}\"}} {count}"
        );
    }
    own_counters(&mut out, live, counters);
    out
}

fn own_counters(out: &mut String, live: &Live, counters: &Counters) {
    let get = Counters::get;
    family(
        out,
        "planb_watch_sources",
        "gauge",
        "Status sources being watched.",
    );
    let _ = writeln!(out, "planb_watch_sources {}", live.sources.len());
    family(
        out,
        "planb_watch_polls_total",
        "counter",
        "Polls of a source, by result: fetched (a new body), not_modified (304), failed.",
    );
    for (result, counter) in [
        ("fetched", &counters.polls_fetched),
        ("not_modified", &counters.polls_not_modified),
        ("failed", &counters.polls_failed),
    ] {
        let _ = writeln!(
            out,
            "planb_watch_polls_total{{result=\"{result}\"}} {}",
            get(counter)
        );
    }
    family(
        out,
        "planb_watch_events_total",
        "counter",
        "Events emitted, by kind.",
    );
    for (kind, counter) in Change::KINDS.iter().zip(&counters.events) {
        let _ = writeln!(
            out,
            "planb_watch_events_total{{kind=\"{kind}\"}} {}",
            get(counter)
        );
    }
    let plain = [
        (
            "planb_watch_commits_total",
            "Commits of polled data into the store.",
            &counters.commits,
        ),
        (
            "planb_watch_commit_errors_total",
            "Sources whose data could not be stored.",
            &counters.commit_errors,
        ),
        (
            "planb_watch_webhook_deliveries_total",
            "Webhook posts a receiver accepted.",
            &counters.webhook_sent,
        ),
        (
            "planb_watch_webhook_failures_total",
            "Webhook posts given up on after their retries.",
            &counters.webhook_failures,
        ),
        (
            "planb_watch_webhook_dropped_total",
            "Webhook posts dropped because a receiver's queue was full.",
            &counters.webhook_dropped,
        ),
    ];
    for (name, help, counter) in plain {
        family(out, name, "counter", help);
        let _ = writeln!(out, "{name} {}", get(counter));
    }
    if let Some(usage) = process_usage() {
        family(
            out,
            "process_cpu_seconds_total",
            "counter",
            "User and system CPU time of this process.",
        );
        let _ = writeln!(out, "process_cpu_seconds_total {:.3}", usage.cpu_seconds);
        family(
            out,
            "planb_watch_max_rss_bytes",
            "gauge",
            "Peak resident memory of this process.",
        );
        let _ = writeln!(out, "planb_watch_max_rss_bytes {}", usage.max_rss_bytes);
    }
    if let Some(bytes) = resident_bytes() {
        family(
            out,
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory of this process now.",
        );
        let _ = writeln!(out, "process_resident_memory_bytes {bytes}");
    }
}

/// CPU time and peak resident memory of this process (`getrusage`).
pub struct ProcessUsage {
    pub cpu_seconds: f64,
    pub max_rss_bytes: u64,
}

pub fn process_usage() -> Option<ProcessUsage> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage fills the struct it is given; a zeroed rusage is a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: RUSAGE_SELF and a valid pointer to writable memory.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        // Linux reports the peak in KiB (macOS in bytes).
        let unit = if cfg!(target_os = "macos") { 1 } else { 1024 };
        Some(ProcessUsage {
            cpu_seconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            max_rss_bytes: (usage.ru_maxrss.max(0) as u64) * unit,
        })
    }
    #[cfg(not(unix))]
    None
}

/// Resident memory now (Linux: `/proc/self/statm`, in pages).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf only reads a configuration value.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages * u64::try_from(page).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::live::{OpenIncident, SourceLive};
    use chrono::TimeZone;

    #[test]
    fn label_values_are_escaped_and_cleaned() {
        assert_eq!(label_value(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(label_value("two\nlines"), "two\\nlines");
        assert_eq!(label_value("red\u{1b}[31m!\u{7}"), "red!");
    }

    #[test]
    fn the_page_has_every_family_and_one_line_per_source_and_impact() {
        let csv = "service,capability,criticality,fallback,status_url,platform\n\
            Jira Software,ticketing,critical,none,http://127.0.0.1:1/jira,statuspage\n\
            \"Odd \"\"vendor\"\"\",chat,low,none,http://127.0.0.1:1/odd,statuspage\n";
        let inventory =
            crate::inventory::parse(std::path::Path::new("i.csv"), csv).expect("inventory");
        let contexts = Contexts::from_inventory(&inventory);
        let jira = crate::model::source_id_for("http://127.0.0.1:1/jira");
        let odd = crate::model::source_id_for("http://127.0.0.1:1/odd");
        let open = |id: &str, impact: &str| OpenIncident {
            id: id.into(),
            impact: impact.into(),
        };
        let at = chrono::Utc
            .with_ymd_and_hms(2022, 4, 17, 21, 50, 0)
            .single();
        let live = Live::new(vec![
            SourceLive {
                source_id: jira.clone(),
                up: Some(true),
                last_success: at,
                open: vec![open("a", "major"), open("b", "minor"), open("c", "major")],
            },
            SourceLive {
                source_id: odd.clone(),
                up: Some(false),
                last_success: None,
                open: Vec::new(),
            },
        ]);
        let counters = Counters::default();
        Counters::add(&counters.polls_failed);
        let page = render(&live, &contexts, &counters);
        assert!(page.contains(&format!(
            "planb_open_incidents{{vendor=\"Atlassian\",service=\"Jira Software\",source=\"{jira}\",impact=\"major\"}} 2\n"
        )), "{page}");
        assert!(page.contains("impact=\"minor\"} 1\n"));
        assert!(page.contains(&format!("planb_source_up{{source=\"{jira}\"}} 1\n")));
        assert!(page.contains(&format!("planb_source_up{{source=\"{odd}\"}} 0\n")));
        assert!(page.contains(&format!(
            "planb_source_last_success_timestamp_seconds{{source=\"{jira}\"}} 1650232200.000\n"
        )));
        assert!(!page.contains(&format!(
            "last_success_timestamp_seconds{{source=\"{odd}\"}}"
        )));
        // Jira is down (major, no fallback): ticketing is a critical capability down.
        assert!(page.contains("planb_capabilities_down{criticality=\"critical\"} 1\n"));
        assert!(page.contains("planb_capabilities_down{criticality=\"low\"} 0\n"));
        assert!(page.contains("planb_watch_polls_total{result=\"failed\"} 1\n"));
        assert!(page.contains("planb_watch_events_total{kind=\"new_incident\"} 0\n"));
        assert!(page.contains("planb_watch_webhook_dropped_total 0\n"));
        // Every sample line is `name{labels} value` or `name value`.
        for line in page.lines().filter(|l| !l.starts_with('#')) {
            let value = line.rsplit(' ').next().unwrap_or_default();
            assert!(value.parse::<f64>().is_ok(), "{line}");
        }
    }
}
