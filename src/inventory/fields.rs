//! Field-level helpers for validation: a hashed index over the catalog (a linear
//! `Catalog::lookup` per row would make 100,000-row files slow), host naming, and the
//! parsers for single fields.

use std::collections::{HashMap, HashSet};

use super::catalog::{Catalog, CatalogService};
pub use super::values::{hours, status_url};
use super::{Host, normalize};
use crate::model::Platform;

/// The host name that means "the vendor's own infrastructure".
pub const OWN_DATA_CENTERS: &str = "Own data centers";

pub struct CatalogIndex<'c> {
    by_name: HashMap<String, &'c CatalogService>,
    /// Catalog hosts as (normalized name, canonical name, owner).
    known_hosts: Vec<(String, &'c str, Option<String>)>,
    /// Each service's hosts resolved for its catalog vendor (most rows keep that vendor).
    default_hosts: HashMap<&'c str, Vec<Host>>,
    /// Vendor spellings by lowercase, so `atlassian` groups with `Atlassian`.
    vendors: HashMap<String, &'c str>,
    /// Distinct hosts named in the catalog ("AWS", "GCP", …), in first-seen order.
    hosts: Vec<&'c str>,
    names: Vec<&'c str>,
}

impl<'c> CatalogIndex<'c> {
    pub fn new(catalog: &'c Catalog) -> Self {
        let mut by_name = HashMap::new();
        let mut vendors = HashMap::new();
        let mut hosts: Vec<&str> = Vec::new();
        for service in catalog.services() {
            let names = [service.key.as_str(), service.name.as_str()]
                .into_iter()
                .chain(service.aliases.iter().map(String::as_str));
            for name in names {
                // First entry wins, as in `Catalog::lookup` (the catalog forbids clashes anyway).
                by_name.entry(normalize(name)).or_insert(service);
            }
            vendors
                .entry(service.vendor.to_ascii_lowercase())
                .or_insert(service.vendor.as_str());
            for host in &service.hosts {
                if !hosts.contains(&host.as_str()) {
                    hosts.push(host);
                }
            }
        }
        // Display names before keys, so a suggestion reads "Notion" rather than "notion".
        let names = catalog
            .services()
            .iter()
            .flat_map(|s| {
                std::iter::once(s.name.as_str())
                    .chain(s.aliases.iter().map(String::as_str))
                    .chain([s.key.as_str()])
            })
            .collect();
        let mut index = Self {
            by_name,
            known_hosts: Vec::new(),
            default_hosts: HashMap::new(),
            vendors,
            hosts,
            names,
        };
        index.known_hosts = index
            .hosts
            .iter()
            .map(|h| (normalize(h), *h, index.lookup(h).map(|s| s.vendor.clone())))
            .collect();
        let defaults: Vec<(&str, Vec<Host>)> = catalog
            .services()
            .iter()
            .map(|s| {
                (
                    s.key.as_str(),
                    dedup(s.hosts.iter().map(|h| index.host(h, &s.vendor).0)),
                )
            })
            .collect();
        index.default_hosts = defaults.into_iter().collect();
        index
    }

    pub fn lookup(&self, name: &str) -> Option<&'c CatalogService> {
        self.lookup_normalized(&normalize(name))
    }

    /// Lookup by an already normalized name (see `normalize`).
    pub fn lookup_normalized(&self, normalized: &str) -> Option<&'c CatalogService> {
        self.by_name.get(normalized).copied()
    }

    /// Every catalog key, name and alias (for did-you-mean).
    pub fn names(&self) -> &[&'c str] {
        &self.names
    }

    pub fn host_names(&self) -> &[&'c str] {
        &self.hosts
    }

    /// The catalog's spelling of a vendor written in another case, else the text as written.
    pub fn vendor_spelling(&self, vendor: &str) -> String {
        self.vendors
            .get(&vendor.to_ascii_lowercase())
            .map_or_else(|| vendor.to_string(), |v| (*v).to_string())
    }

    /// Resolves a host as written (in `runs_on` or the catalog) for a service of `vendor`:
    /// known hosts get their canonical spelling and owner ("aws", "Amazon Web Services"
    /// → AWS, owned by Amazon); own data centers are keyed per vendor; anything else is kept
    /// as written, with an owner when the catalog knows it as a service. The second value
    /// is true when the name is unknown to the catalog.
    pub fn host(&self, written: &str, vendor: &str) -> (Host, bool) {
        let wanted = normalize(written);
        if wanted == "owndatacenters" {
            return (
                Host {
                    name: format!("{OWN_DATA_CENTERS} ({vendor})"),
                    owner: Some(vendor.to_string()),
                },
                false,
            );
        }
        if let Some((_, known, owner)) = self.known_hosts.iter().find(|(n, _, _)| *n == wanted) {
            return (
                Host {
                    name: (*known).to_string(),
                    owner: owner.clone(),
                },
                false,
            );
        }
        if let Some(service) = self.lookup_normalized(&wanted) {
            // The service *is* a host ("Google Cloud" → GCP) only when it runs on itself;
            // Heroku runs on AWS but a service on Heroku runs on Heroku.
            if let [own] = service.hosts.as_slice()
                && self.lookup(own).is_some_and(|s| s.key == service.key)
            {
                return (
                    Host {
                        name: own.clone(),
                        owner: Some(service.vendor.clone()),
                    },
                    false,
                );
            }
            return (
                Host {
                    name: service.name.clone(),
                    owner: Some(service.vendor.clone()),
                },
                false,
            );
        }
        (
            Host {
                name: written.trim().to_string(),
                owner: None,
            },
            true,
        )
    }

    /// A catalog service's hosts, resolved for `vendor` (the row's, which may be overridden).
    pub fn catalog_hosts(&self, service: &CatalogService, vendor: &str) -> Vec<Host> {
        match self.default_hosts.get(service.key.as_str()) {
            Some(hosts) if vendor == service.vendor => hosts.clone(),
            _ => dedup(service.hosts.iter().map(|h| self.host(h, vendor).0)),
        }
    }
}

/// Hosts in first-seen order without repeats ("AWS;aws" is one host).
pub fn dedup(hosts: impl IntoIterator<Item = Host>) -> Vec<Host> {
    let mut seen = HashSet::new();
    hosts
        .into_iter()
        .filter(|h| seen.insert(h.name.clone()))
        .collect()
}

/// Lowercase with single spaces: "On-call  Alerting" and "on-call alerting" are one capability.
pub fn capability_text(text: &str) -> String {
    // Fast path for text already tidy (lowercase ASCII, single inner spaces): most rows.
    let bytes = text.as_bytes();
    let mut tidy = bytes.first() != Some(&b' ') && bytes.last() != Some(&b' ');
    for (i, &b) in bytes.iter().enumerate() {
        if !b.is_ascii()
            || b.is_ascii_uppercase()
            || (b.is_ascii_whitespace() && (b != b' ' || bytes.get(i + 1) == Some(&b' ')))
        {
            tidy = false;
            break;
        }
    }
    if tidy {
        text.to_string()
    } else {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
}

/// Platforms whose status host is unique to them.
pub fn platform_from_url(url: &str) -> Option<Platform> {
    let host = url
        .split("://")
        .nth(1)?
        .split('/')
        .next()?
        .to_ascii_lowercase();
    match host.as_str() {
        "status.cloud.google.com" => Some(Platform::Gcloud),
        "slack-status.com" | "status.slack.com" => Some(Platform::Slack),
        h if h.ends_with(".statuspage.io") => Some(Platform::Statuspage),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_agrees_with_catalog_lookup() {
        let catalog = Catalog::builtin();
        let index = CatalogIndex::new(catalog);
        for name in catalog.names() {
            assert_eq!(
                index.lookup(name).map(|s| &s.key),
                catalog.lookup(name).map(|s| &s.key),
                "{name}"
            );
        }
        assert!(index.lookup("no such thing").is_none());
        assert_eq!(normalize(OWN_DATA_CENTERS), "owndatacenters");
    }

    #[test]
    fn hosts_resolve_to_canonical_names_and_owners() {
        let index = CatalogIndex::new(Catalog::builtin());
        let host = |name: &str| index.host(name, "Zoom Communications");
        assert_eq!(
            host("aws").0,
            Host {
                name: "AWS".into(),
                owner: Some("Amazon".into())
            }
        );
        assert_eq!(host("Amazon Web Services").0.name, "AWS");
        assert_eq!(
            host("Google Cloud").0,
            Host {
                name: "GCP".into(),
                owner: Some("Alphabet".into())
            }
        );
        assert_eq!(
            host("own data centers").0,
            Host {
                name: "Own data centers (Zoom Communications)".into(),
                owner: Some("Zoom Communications".into())
            }
        );
        assert_eq!(
            host("Heroku").0,
            Host {
                name: "Heroku".into(),
                owner: Some("Salesforce".into())
            }
        );
        assert_eq!(
            host("Oracle Cloud").0,
            Host {
                name: "Oracle Cloud".into(),
                owner: None
            }
        );
        assert_eq!(
            host(" Hetzner ").0,
            Host {
                name: "Hetzner".into(),
                owner: None
            }
        );
        assert!(host("Hetzner").1 && !host("AWS").1);
    }

    #[test]
    fn field_parsers() {
        assert_eq!(capability_text("  On-call   Alerting "), "on-call alerting");
        assert_eq!(capability_text("on-call\talerting"), "on-call alerting");
        assert_eq!(capability_text("ticketing"), "ticketing");
        assert_eq!(status_url(" https://x.io "), Some("https://x.io".into()));
        assert_eq!(status_url("x.io"), None);
        assert_eq!(status_url("https://"), None);
        assert_eq!(status_url("HTTP://X.io"), Some("http://X.io".into()));
        assert_eq!(status_url("hTTps://x.io/a"), Some("https://x.io/a".into()));
        assert_eq!(status_url("ftp://x.io"), None);
        assert_eq!(hours("6"), Some(6.0));
        assert_eq!(hours("-1"), None);
        assert_eq!(hours("NaN"), None);
        assert_eq!(
            platform_from_url("https://status.cloud.google.com"),
            Some(Platform::Gcloud)
        );
    }
}
