//! evidence.csv, beside the package: what the official tables have no place for. Per
//! provider and function: observed p90 time to first communication and to resolve
//! (planb's metrics over the stored status history), the published RTO against the
//! function's RTO, and the ESA designation. No data is an empty cell with a note, never 0.

use super::link::Linked;
use super::tables::number;
use crate::inventory::catalog::{CtppLink, CtppList};
use crate::metrics::{CommunicationReport, GroupStats};
use crate::model::name_key;

pub const HEADER: [&str; 18] = [
    "provider",
    "provider_code",
    "ctpp",
    "service",
    "function_id",
    "function",
    "function_rto_hours",
    "published_rto_hours",
    "published_rto_exceeds_function_rto",
    "window",
    "status_sources",
    "incidents",
    "ttfc_n",
    "ttfc_p90_min",
    "ttr_n",
    "ttr_p90_hours",
    "ttr_p90_exceeds_function_rto",
    "note",
];

/// One row per inventory use; `report` is `None` when the store has nothing.
pub fn rows(
    linked: &Linked,
    report: Option<&CommunicationReport>,
    window: &str,
) -> Vec<Vec<String>> {
    let ctpp = CtppList::builtin();
    let register = linked.register;
    linked
        .uses
        .iter()
        .map(|u| {
            let provider = u.provider.map(|p| &register.providers[p]);
            let function = u.function.map(|f| &register.functions[f]);
            let function_rto = function.and_then(|f| hours(f.rto_hours.value()));
            let stats = report.and_then(|r| vendor_stats(r, &u.row.vendor));
            let sources = report.map_or_else(String::new, |r| {
                r.sources
                    .iter()
                    .filter(|s| name_key(&s.vendor) == name_key(&u.row.vendor))
                    .map(|s| s.source_id.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            let ttr_p90_hours = stats.and_then(|s| s.ttr_min.p90).map(|m| m / 60.0);
            let ttfc = stats.map(|s| s.ttfc_min);
            let ttr = stats.map(|s| s.ttr_min);
            vec![
                u.row.vendor.clone(),
                provider.map_or_else(String::new, |p| p.code.value().to_string()),
                ctpp_label(ctpp, &u.row.vendor, u.row),
                u.row.service.clone(),
                function.map_or_else(String::new, |f| f.id.value().to_string()),
                u.capability.to_string(),
                function_rto.map_or_else(String::new, format_number),
                u.row.rto_hours.map_or_else(String::new, format_number),
                exceeds(u.row.rto_hours, function_rto),
                window.to_string(),
                sources,
                stats.map_or_else(String::new, |s| s.incidents.to_string()),
                ttfc.map_or_else(String::new, |d| d.n.to_string()),
                ttfc.and_then(|d| d.p90)
                    .map_or_else(String::new, format_number),
                ttr.map_or_else(String::new, |d| d.n.to_string()),
                ttr_p90_hours.map_or_else(String::new, format_number),
                exceeds(ttr_p90_hours, function_rto),
                note(stats, function_rto),
            ]
        })
        .collect()
}

/// Why cells are empty, for the command's output: vendors with no stored incidents.
pub fn vendors_without_data(linked: &Linked, report: Option<&CommunicationReport>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in &linked.uses {
        let known = report.is_some_and(|r| vendor_stats(r, &u.row.vendor).is_some());
        if !known && !out.contains(&u.row.vendor) {
            out.push(u.row.vendor.clone());
        }
    }
    out
}

/// Why metric or comparison cells are empty (empty means unknown, never zero).
fn note(stats: Option<&GroupStats>, function_rto: Option<f64>) -> String {
    let mut notes = Vec::new();
    match stats {
        None => {
            notes.push("no stored status history for this vendor in the window: metrics unknown")
        }
        Some(s) if s.ttr_min.p90.is_none() => notes
            .push("no resolved incident with a known start in the window: time to resolve unknown"),
        Some(_) => {}
    }
    if stats.is_some_and(|s| s.ttfc_min.p90.is_none()) {
        notes.push(
            "no incident with a first update in the window: time to first communication unknown",
        );
    }
    if function_rto.is_none() {
        notes.push("the function has no rto_hours in register.toml");
    }
    notes.join("; ")
}

fn vendor_stats<'r>(report: &'r CommunicationReport, vendor: &str) -> Option<&'r GroupStats> {
    let key = name_key(vendor);
    report.vendors.iter().find(|g| name_key(&g.key) == key)
}

/// `Amazon Web Services EMEA (operates host AWS)`: the designated provider this use
/// relies on, directly, through its vendor's group, or through a host.
fn ctpp_label(list: &CtppList, vendor: &str, row: &crate::inventory::InventoryRow) -> String {
    let catalog = crate::inventory::catalog::Catalog::builtin();
    let service = match &row.origin {
        crate::inventory::Origin::Catalog { key, .. } => {
            catalog.services().iter().find(|s| &s.key == key)
        }
        crate::inventory::Origin::Inventory => None,
    };
    if let Some((p, CtppLink::Provides)) = service.and_then(|s| list.marks(s).into_iter().next()) {
        return format!("{} (provides this service)", p.name);
    }
    let confirmed = matches!(row.hosts_basis.as_deref(), Some("stated" | "inventory"));
    for host in &row.hosts {
        if let Some((p, CtppLink::Host)) = list.for_provider(&host.name) {
            let basis = if confirmed {
                ""
            } else {
                ", hosting unconfirmed"
            };
            return format!("{} (operates host {}{basis})", p.name, host.name);
        }
    }
    match list.for_provider(vendor) {
        Some((p, _)) => format!("{} (in the {vendor} group)", p.name),
        None => String::new(),
    }
}

fn hours(text: &str) -> Option<f64> {
    number(text, false).ok()?.parse().ok()
}

fn format_number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    rounded.to_string()
}

/// `yes` when `value` is over `limit`, `no` when not, empty when either is unknown.
fn exceeds(value: Option<f64>, limit: Option<f64>) -> String {
    match (value, limit) {
        (Some(v), Some(l)) if v > l => "yes".into(),
        (Some(_), Some(_)) => "no".into(),
        _ => String::new(),
    }
}

/// The CSV bytes; text from the inventory and register.toml is neutralized the way
/// `planb report` does it (no control characters, no cell a spreadsheet runs as a formula).
pub fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(HEADER);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|cell| crate::report::cells::text(cell)));
    }
    writer.into_inner().unwrap_or_default()
}
