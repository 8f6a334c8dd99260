//! Synthetic stores for benchmarks: realistic shapes, clearly marked synthetic.
//!
//! Shapes: lognormal durations (median 90 min), 1–40 updates with irregular gaps, mixed
//! impacts, a stated start time written in part of the text, some retroactive,
//! back-filled and postmortem incidents, and promises of the next update.

use chrono::Duration;
use fastrand::Rng;

use crate::model::{Impact, Incident, IncidentStatus, IncidentUpdate, Timestamp};
use crate::store::SourceTables;

pub struct SynthSpec {
    pub sources: usize,
    pub incidents: usize,
    pub seed: u64,
    pub now: Timestamp,
}

/// Source id, service name and vendor name of synthetic source `n`.
pub fn source_names(n: usize) -> (String, String, String) {
    (
        format!("synthetic-{n:05}.example"),
        format!("Synthetic service {n:05}"),
        format!("Synthetic vendor {:04}", n / 2),
    )
}

/// Incidents for each source: uneven, like real vendors (some far busier than others).
pub fn incident_counts(spec: &SynthSpec) -> Vec<usize> {
    let mut rng = Rng::with_seed(spec.seed);
    let weights: Vec<f64> = (0..spec.sources)
        .map(|_| lognormal(&mut rng, 0.0, 0.8))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|w| (w / total * spec.incidents as f64) as usize)
        .collect();
    // Rounding down lost a few: hand them out one each, round robin.
    let missing = spec.incidents.saturating_sub(counts.iter().sum());
    for n in 0..missing {
        counts[n % spec.sources] += 1;
    }
    counts
}

fn normal(rng: &mut Rng) -> f64 {
    // Box–Muller; 1 - f64() keeps ln away from 0.
    let (u1, u2) = (1.0 - rng.f64(), rng.f64());
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn lognormal(rng: &mut Rng, mu: f64, sigma: f64) -> f64 {
    (mu + sigma * normal(rng)).exp()
}

fn minutes(m: f64) -> Duration {
    Duration::milliseconds((m * 60_000.0) as i64)
}

fn pick_impact(rng: &mut Rng) -> Impact {
    match rng.u32(0..100) {
        0..=2 => Impact::None,
        3..=72 => Impact::Minor,
        73..=94 => Impact::Major,
        _ => Impact::Critical,
    }
}

/// One source's tables.
pub fn source_tables(spec: &SynthSpec, source: usize, count: usize) -> SourceTables {
    let mut rng = Rng::with_seed(spec.seed ^ (source as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let span_minutes = 2.0 * 365.0 * 1440.0;
    let incidents = (0..count)
        .map(|n| {
            let created_at = spec.now - minutes(rng.f64() * span_minutes);
            incident(&mut rng, created_at, format!("s{source}i{n:06}"))
        })
        .collect();
    SourceTables {
        incidents,
        maintenances: Vec::new(),
        components: Vec::new(),
    }
}

fn incident(rng: &mut Rng, created_at: Timestamp, id: String) -> Incident {
    let impact = pick_impact(rng);
    let duration = lognormal(rng, 90f64.ln(), 1.2).clamp(2.0, 30.0 * 1440.0);
    let retroactive = rng.u32(0..100) < 5;
    let backfilled = !retroactive && rng.u32(0..100) < 2;
    let stated_lag = (rng.u32(0..100) < 35).then(|| lognormal(rng, 20f64.ln(), 1.0).min(2880.0));
    let backdate =
        (stated_lag.is_none() && rng.u32(0..100) < 10).then(|| lognormal(rng, 15f64.ln(), 0.8));
    // Update count: mostly a handful, occasionally up to 40.
    let n_updates = if retroactive {
        1
    } else {
        (1.0 + lognormal(rng, 1.0, 0.7)).min(40.0) as usize
    };
    let resolved_at = created_at + minutes(duration);
    let cuts: Vec<f64> = {
        let mut w: Vec<f64> = (0..n_updates.saturating_sub(1))
            .map(|_| -(1.0 - rng.f64()).ln())
            .collect();
        let total: f64 = w.iter().sum::<f64>() + 1.0;
        let mut acc = 0.0;
        w.iter_mut().for_each(|x| {
            acc += *x / total;
            *x = acc;
        });
        w
    };
    let mut updates = Vec::with_capacity(n_updates + 1);
    for k in 0..n_updates {
        let at = if retroactive {
            resolved_at + minutes(rng.f64() * 120.0)
        } else if k == 0 {
            created_at
        } else {
            created_at + minutes(duration * cuts[k - 1])
        };
        let last = k + 1 == n_updates;
        let status = if last {
            IncidentStatus::Resolved
        } else {
            [
                IncidentStatus::Investigating,
                IncidentStatus::Identified,
                IncidentStatus::Monitoring,
            ][k.min(2)]
            .clone()
        };
        let at = if last && !retroactive {
            resolved_at
        } else {
            at
        };
        let promise = (!last && rng.u32(0..100) < 25)
            .then(|| at + minutes(if rng.bool() { 30.0 } else { 60.0 }));
        let body = match (k, stated_lag) {
            (0, Some(lag)) => format!(
                "Impact began at {} UTC. We are investigating.",
                (created_at - minutes(lag)).format("%H:%M")
            ),
            _ if promise.is_some() => {
                "We continue to work on a fix. Next update in 30 minutes.".to_string()
            }
            _ => "Update on the incident.".to_string(),
        };
        let display_at = if backfilled {
            at - Duration::days(400)
        } else {
            at
        };
        updates.push(IncidentUpdate {
            id: format!("{id}u{k}"),
            status,
            body: Some(body),
            created_at: at,
            display_at: Some(display_at),
            updated_at: Some(at),
            affected_components: Vec::new(),
            promised_by: promise,
        });
    }
    let postmortem = rng.u32(0..100) < 8;
    if postmortem {
        let at = resolved_at + minutes(lognormal(rng, (3.0f64 * 1440.0).ln(), 0.6));
        updates.push(IncidentUpdate {
            id: format!("{id}pm"),
            status: IncidentStatus::Postmortem,
            body: Some("Postmortem.".into()),
            created_at: at,
            display_at: Some(at),
            updated_at: Some(at),
            affected_components: Vec::new(),
            promised_by: None,
        });
    }
    let started_at = created_at - backdate.map_or(Duration::milliseconds(8), minutes);
    Incident {
        title: Some(format!("Synthetic {} incident", impact.as_str())),
        first_title: Some(format!("Synthetic {} incident", impact.as_str())),
        status: if postmortem {
            IncidentStatus::Postmortem
        } else {
            IncidentStatus::Resolved
        },
        first_impact: impact.clone(),
        max_impact: impact.clone(),
        impact,
        created_at,
        started_at: Some(started_at),
        first_started_at: Some(started_at),
        stated_start: stated_lag.map(|lag| created_at - minutes(lag)),
        start_evidence: None,
        updated_at: updates.last().map(|u| u.created_at),
        monitoring_at: None,
        resolved_at: Some(resolved_at),
        url: None,
        components: vec!["API".to_string()],
        updates,
        observed_at: None,
        closed_unseen: None,
        id,
    }
}
