//! Who each stored source belongs to: the inventory's vendor and service name when it
//! lists the source, else the catalog's, else the page's own name.

use std::collections::{BTreeMap, HashMap};

use super::SourceLabel;
use crate::inventory::Inventory;
use crate::inventory::catalog::Catalog;
use crate::model::source_id_for;
use crate::store::Manifest;

pub fn source_labels(
    manifest: &Manifest,
    inventory: Option<&Inventory>,
) -> BTreeMap<String, SourceLabel> {
    let catalog: HashMap<String, (&str, &str)> = Catalog::builtin()
        .services()
        .iter()
        .filter_map(|s| {
            Some((
                source_id_for(s.status_url.as_deref()?),
                (s.vendor.as_str(), s.name.as_str()),
            ))
        })
        .collect();
    let mut labels = BTreeMap::new();
    for (id, entry) in &manifest.sources {
        let page = entry.name.clone().unwrap_or_else(|| id.clone());
        let (vendor, service) = catalog.get(id).map_or_else(
            || (page.clone(), page.clone()),
            |(v, s)| (v.to_string(), s.to_string()),
        );
        labels.insert(
            id.clone(),
            SourceLabel {
                vendor,
                service,
                platform: entry.platform.to_string(),
            },
        );
    }
    // The inventory overrides the catalog; when several rows share a page the first names it.
    let mut named = std::collections::HashSet::new();
    for row in inventory.map(|i| i.rows.as_slice()).unwrap_or_default() {
        let Some(url) = &row.status_url else { continue };
        let id = source_id_for(url);
        if named.insert(id.clone()) {
            let platform = row.platform.map(|p| p.to_string()).unwrap_or_default();
            labels.insert(
                id,
                SourceLabel {
                    vendor: row.vendor.clone(),
                    service: row.service.clone(),
                    platform,
                },
            );
        }
    }
    labels
}
