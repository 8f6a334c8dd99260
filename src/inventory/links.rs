//! Pass two of inventory validation: hosts and fallbacks that name other inventory
//! services are linked to them, and duplicate rows are reported with both lines.

use std::collections::HashMap;

use super::checker::{Checker, Pending};
use super::fields::CatalogIndex;
use super::problems::Severity;
use super::{Fallback, FallbackService, InventoryRow, normalize};

/// Pass two: hosts and fallbacks that name inventory services, and duplicate rows.
pub(super) fn link_rows(
    check: &mut Checker,
    index: &CatalogIndex,
    mut pending: Vec<Pending>,
    sources_only: bool,
) -> Vec<InventoryRow> {
    let mut owners = Vec::new();
    let mut fallbacks = Vec::new();
    {
        // Borrowed keys: building this map is most of pass two's cost on big files.
        let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(pending.len());
        for (i, p) in pending.iter().enumerate() {
            by_name.entry(p.row.key.as_str()).or_insert(i);
            if p.normalized != p.row.key {
                by_name.entry(p.normalized.as_str()).or_insert(i);
            }
        }
        let find = |name: &str| {
            by_name
                .get(normalize(name).as_str())
                .or_else(|| index.lookup(name).and_then(|e| by_name.get(e.key.as_str())))
                .copied()
        };
        // Hosts named after an inventory service (runs_on "Heroku") are owned by its vendor.
        for (i, p) in pending.iter().enumerate() {
            for (h, host) in p
                .row
                .hosts
                .iter()
                .enumerate()
                .filter(|(_, h)| h.owner.is_none())
            {
                if let Some(owner) = find(&host.name).and_then(|j| pending.get(j)) {
                    owners.push((i, h, owner.row.vendor.clone()));
                }
            }
        }
        // Large inventories name the same few fallbacks over and over.
        let mut memo: HashMap<String, Option<FallbackService>> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        for (i, p) in pending.iter().enumerate() {
            let Some(cell) = &p.fallback else { continue };
            let found = memo.entry(normalize(&cell.value)).or_insert_with(|| {
                match find(&cell.value).and_then(|j| pending.get(j)) {
                    Some(other) => Some(FallbackService {
                        name: String::new(),
                        key: other.row.key.clone(),
                        vendor: other.row.vendor.clone(),
                        hosts: other.row.hosts.clone(),
                    }),
                    None => index.lookup(&cell.value).map(|e| FallbackService {
                        name: String::new(),
                        key: e.key.clone(),
                        vendor: e.vendor.clone(),
                        hosts: index.catalog_hosts(e, &e.vendor),
                    }),
                }
            });
            match found {
                Some(s) if s.key == p.row.key => check.error(
                    cell,
                    "fallback",
                    format!("`{}` is the service itself", cell.value),
                    Some("name a different service, or write `manual` or `none`".into()),
                ),
                Some(s) => fallbacks.push((
                    i,
                    FallbackService {
                        name: cell.value.clone(),
                        ..s.clone()
                    },
                )),
                None => {
                    if names.is_empty() {
                        names = ["none", "manual"]
                            .into_iter()
                            .chain(pending.iter().map(|p| p.row.service.as_str()))
                            .chain(index.names().iter().copied())
                            .collect();
                    }
                    let hint = match check.suggest(&cell.value, &names) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "add a row for that service (with its `vendor`), name a catalog service, or write `manual` or `none`".into(),
                    };
                    let message = format!(
                        "unknown fallback `{}`: expected none, manual, or a service in this inventory or the catalog",
                        cell.value
                    );
                    check.error(cell, "fallback", message, Some(hint));
                }
            }
        }
    }
    for (i, h, vendor) in owners {
        if let Some(host) = pending.get_mut(i).and_then(|p| p.row.hosts.get_mut(h)) {
            host.owner = Some(vendor);
        }
    }
    for (i, service) in fallbacks {
        if let Some(usage) = pending.get_mut(i).and_then(|p| p.row.usage.as_mut()) {
            usage.fallback = Fallback::Service(service);
        }
    }
    report_duplicates(check, &pending, sources_only);
    pending.into_iter().map(|p| p.row).collect()
}

/// The same service listed twice for the same capability would count its weight twice;
/// in a sources-only inventory (no capabilities) a service listed twice is a mistake too.
/// Names are compared as the catalog compares them (case, spaces and punctuation aside),
/// so `GitHub` and `github` are one service.
fn report_duplicates(check: &mut Checker, pending: &[Pending], sources_only: bool) {
    let mut first: HashMap<(&str, &str), (usize, &str)> = HashMap::with_capacity(pending.len());
    for Pending {
        row,
        capability,
        service_column: column,
        ..
    } in pending
    {
        let capability = match capability {
            Some(capability) => capability.as_str(),
            None if sources_only => "",
            None => continue,
        };
        let Some(&(line, written)) = first.get(&(row.key.as_str(), capability)) else {
            first.insert((row.key.as_str(), capability), (row.line, &row.service));
            continue;
        };
        let same = if written == row.service {
            format!("`{written}`")
        } else {
            format!("`{}` (the same service as `{written}`)", row.service)
        };
        let (message, hint) = if sources_only {
            (
                format!(
                    "duplicate row: {same} is already on line {line} (lines {line} and {})",
                    row.line
                ),
                "delete one of the two rows",
            )
        } else {
            (
                format!(
                    "duplicate row: {same} for `{capability}` is already on line {line} (lines {line} and {})",
                    row.line
                ),
                "delete one of the two rows, or give them different capabilities",
            )
        };
        check.push(
            Severity::Error,
            row.line,
            Some(*column),
            "service",
            message,
            Some(hint.into()),
        );
    }
}
