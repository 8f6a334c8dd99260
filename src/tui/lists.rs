//! Row orders of the dashboard's tables (filtered and sorted), recomputed in `update`
//! when data, sort or filter change — never while drawing.

use std::cmp::Ordering;

use crate::dashboard::{Base, ExposureView, VendorRow, WindowData};
use crate::metrics::IncidentRef;
use crate::model::Impact;

use super::state::{CapabilitySort, IncidentSort, PercentileCut, SourceSort, VendorSort};
use crate::metrics::{Dist, GroupStats};

fn matches(filter: &str, fields: &[&str]) -> bool {
    let wanted = filter.trim().to_lowercase();
    wanted.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(&wanted))
}

/// Known values first (largest first), unknown last: a missing number never ranks as 0.
fn desc(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

pub fn vendors(rows: &[VendorRow], sort: VendorSort, filter: &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            let r = &rows[i];
            let mut fields: Vec<&str> = vec![r.vendor.as_str()];
            fields.extend(r.capabilities.iter().map(String::as_str));
            matches(filter, &fields)
        })
        .collect();
    let p90 = |r: &VendorRow, f: fn(&crate::metrics::GroupStats) -> &crate::metrics::Dist| {
        r.stats.as_ref().and_then(|s| f(s).p90)
    };
    let key = |r: &VendorRow| -> Option<f64> {
        match sort {
            VendorSort::Risk => r.risk.as_ref().map(|s| s.score),
            VendorSort::Share => r.exposure_share,
            VendorSort::Incidents => r.stats.as_ref().map(|s| f64::from(s.incidents)),
            VendorSort::Ttfc => p90(r, |s| &s.ttfc_min),
            VendorSort::Silence => p90(r, |s| &s.longest_silence_min),
            VendorSort::Ttr => p90(r, |s| &s.ttr_min),
            VendorSort::Name => None,
        }
    };
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        desc(key(ra), key(rb))
            .then_with(|| {
                desc(
                    ra.stats.as_ref().map(|s| f64::from(s.incidents)),
                    rb.stats.as_ref().map(|s| f64::from(s.incidents)),
                )
            })
            .then_with(|| ra.vendor.to_lowercase().cmp(&rb.vendor.to_lowercase()))
    });
    if sort == VendorSort::Name {
        order.sort_by_key(|&i| rows[i].vendor.to_lowercase());
    }
    order
}

/// An incident's value of one metric, and that metric's distribution in a group's stats.
type Metric = (fn(&IncidentRef) -> Option<f64>, fn(&GroupStats) -> &Dist);

/// The metric a cut looks at.
fn cut_metric(cut: PercentileCut) -> Option<Metric> {
    match cut {
        PercentileCut::All => None,
        PercentileCut::Ttfc => Some((|r| r.ttfc_min, |s| &s.ttfc_min)),
        PercentileCut::Silence => Some((|r| r.longest_silence_min, |s| &s.longest_silence_min)),
        PercentileCut::Ttr => Some((|r| r.ttr_min, |s| &s.ttr_min)),
    }
}

/// The vendor's p90 of the cut's metric, if it has one.
pub fn cut_p90(data: &WindowData, vendor: &str, cut: PercentileCut) -> Option<f64> {
    let (_, dist) = cut_metric(cut)?;
    data.vendor(vendor)?
        .stats
        .as_ref()
        .and_then(|s| dist(s).p90)
}

pub fn incidents(
    data: &WindowData,
    vendor: &str,
    sort: IncidentSort,
    filter: &str,
    cut: PercentileCut,
) -> Vec<usize> {
    let rows = &data.report.incidents;
    let mut order: Vec<usize> = data
        .incidents_of(vendor)
        .iter()
        .copied()
        .filter(|&i| {
            let r = rows.row(i);
            matches(
                filter,
                &[r.title, r.max_impact, r.status, r.service, r.incident_id],
            )
        })
        .collect();
    let by = |f: fn(&IncidentRef) -> Option<f64>| {
        move |a: &usize, b: &usize| desc(f(&rows.row(*a)), f(&rows.row(*b)))
    };
    // The incidents that set the p90 (at or above it, largest first); none without one.
    if let Some((metric, _)) = cut_metric(cut) {
        let p90 = cut_p90(data, vendor, cut);
        order.retain(
            |&i| matches!((metric(&rows.row(i)), p90), (Some(v), Some(p)) if v >= p - 1e-9),
        );
        order.sort_by(by(metric));
        return order;
    }
    match sort {
        IncidentSort::Newest => {} // already newest first
        IncidentSort::Ttfc => order.sort_by(by(|r| r.ttfc_min)),
        IncidentSort::Silence => order.sort_by(by(|r| r.longest_silence_min)),
        IncidentSort::Ttr => order.sort_by(by(|r| r.ttr_min)),
        IncidentSort::Impact => order
            .sort_by_key(|&i| std::cmp::Reverse(Impact::from_text(rows.row(i).max_impact).rank())),
    }
    order
}

pub fn sources(base: &Base, sort: SourceSort, filter: &str) -> Vec<usize> {
    let rows = &base.sources;
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            let r = &rows[i];
            matches(
                filter,
                &[
                    &r.source_id,
                    &r.name,
                    &r.vendor,
                    &r.platform,
                    r.last_error.as_deref().unwrap_or(""),
                ],
            )
        })
        .collect();
    match sort {
        SourceSort::Problems => order.sort_by_key(|&i| {
            (
                rows[i].last_error.is_none(),
                !crate::dashboard::sources::is_alert(rows[i].indicator.as_deref()),
                rows[i].vendor.to_lowercase(),
            )
        }),
        SourceSort::Stale => {
            order.sort_by_key(|&i| (rows[i].last_success, rows[i].source_id.clone()))
        }
        SourceSort::Incidents => order.sort_by_key(|&i| std::cmp::Reverse(rows[i].incidents)),
        SourceSort::Name => order.sort_by_key(|&i| rows[i].source_id.clone()),
    }
    order
}

pub fn capabilities(view: &ExposureView, sort: CapabilitySort, filter: &str) -> Vec<usize> {
    let rows = &view.report.rows;
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            let r = &rows[i];
            matches(
                filter,
                &[&r.capability, &r.service, &r.vendor, &r.hosts_label()],
            )
        })
        .collect();
    match sort {
        CapabilitySort::Criticality => order.sort_by(|&a, &b| {
            rows[a]
                .criticality
                .cmp(&rows[b].criticality)
                .then_with(|| rows[b].weight.total_cmp(&rows[a].weight))
                .then(a.cmp(&b))
        }),
        CapabilitySort::Capability => order.sort_by_key(|&i| rows[i].capability.clone()),
        CapabilitySort::Vendor => {
            order.sort_by_key(|&i| (rows[i].vendor.to_lowercase(), rows[i].capability.clone()))
        }
    }
    order
}

/// Upper bounds (minutes) and labels of the duration histograms.
pub const BINS: [(f64, &str); 6] = [
    (15.0, "≤15m"),
    (30.0, "≤30m"),
    (60.0, "≤1h"),
    (240.0, "≤4h"),
    (1440.0, "≤1d"),
    (f64::INFINITY, ">1d"),
];

/// The vendor view's charts, computed once when the vendor or window changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VendorPanel {
    /// (month index, incidents), every month from the first incident to now.
    pub months: Vec<(i32, u32)>,
    pub ttfc: [u32; 6],
    pub silence: [u32; 6],
    pub ttr: [u32; 6],
}

pub fn vendor_panel(data: &WindowData, vendor: &str) -> VendorPanel {
    use crate::dashboard::months;
    let rows = &data.report.incidents;
    let indices = data.incidents_of(vendor);
    let first = indices
        .iter()
        .map(|&i| months::index(rows.created_at(i)))
        .min()
        .unwrap_or(data.last_month);
    // At most a century of months: a stray timestamp must not allocate a huge chart.
    let span = (data.last_month - first + 1).clamp(1, 1200) as usize;
    let counts = months::counts(
        indices.iter().map(|&i| rows.created_at(i)),
        data.last_month,
        span,
    );
    let histogram = |f: fn(&IncidentRef) -> Option<f64>| {
        let mut bins = [0u32; 6];
        for v in indices.iter().filter_map(|&i| f(&rows.row(i))) {
            if let Some(b) = BINS.iter().position(|(limit, _)| v <= *limit) {
                bins[b] += 1;
            }
        }
        bins
    };
    VendorPanel {
        months: counts
            .into_iter()
            .enumerate()
            .map(|(k, n)| (first + k as i32, n))
            .collect(),
        ttfc: histogram(|r| r.ttfc_min),
        silence: histogram(|r| r.longest_silence_min),
        ttr: histogram(|r| r.ttr_min),
    }
}
