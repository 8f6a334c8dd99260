//! The built-in service catalog (`data/catalog.toml`, compiled into the binary): for
//! widely used services, the vendor (ultimate parent), status page and platform, the
//! hosts they run on with the evidence, and published recovery objectives. An
//! inventory row that names a catalog service inherits these fields.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::Platform;

const BUILTIN: &str = include_str!("../../data/catalog.toml");
const CTPP: &str = include_str!("../../data/ctpp.toml");

/// The fixed capability vocabulary (also listed at the top of `data/catalog.toml`).
const CAPABILITIES: &[&str] = &[
    "ticketing",
    "documentation",
    "on-call alerting",
    "incident management",
    "status communication",
    "team chat",
    "source control",
    "ci/cd",
    "identity/sso",
    "email",
    "video meetings",
    "crm",
    "payments",
    "observability",
    "cloud infrastructure",
    "cdn/edge",
    "messaging/sms",
    "file storage",
    "design",
    "customer support",
    "analytics",
    "ai/llm",
    "package registry",
    "feature flags",
    "hr/payroll",
    "data warehouse",
    "project management",
    "office suite",
    "calendar",
    "error tracking",
    "logging",
    "search",
    "e-signature",
    "marketing email",
    "database",
];

/// How firmly `hosts` is known: publicly stated; stated but unconfirmed (seed `?`); or
/// only reported impaired in the 2025-10-20 AWS outage (a dependency, not hosting).
const HOSTS_BASES: &[&str] = &["stated", "unconfirmed", "oct-25-outage"];

/// One catalog entry. Field meanings are documented at the top of `data/catalog.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogService {
    pub key: String,
    pub name: String,
    /// Other names customers use (matched by `lookup`).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub vendor: String,
    /// Ownership caveats (financial owners not rolled up, unconfirmed parents).
    pub parent_note: Option<String>,
    pub status_url: Option<String>,
    /// Set only when planb has a reader for the platform.
    pub platform: Option<Platform>,
    /// The status platform when planb has no reader for it yet ("own", "status.io"…).
    pub platform_name: Option<String>,
    pub status_note: Option<String>,
    #[serde(default)]
    pub hosts: Vec<String>,
    /// One of `HOSTS_BASES`; required when `hosts` is not empty.
    pub hosts_basis: Option<String>,
    pub hosts_evidence: Option<String>,
    pub rto_hours: Option<f64>,
    pub rpo_hours: Option<f64>,
    /// ISO date after which the vendor no longer supports the service.
    pub end_of_support: Option<String>,
    #[serde(default)]
    pub capabilities: Vec<String>,
    pub notes: Option<String>,
}

impl CatalogService {
    /// Key, name and aliases: every name `lookup` answers to.
    fn all_names(&self) -> impl Iterator<Item = &str> {
        [self.key.as_str(), self.name.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    services: Vec<CatalogService>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    service: Vec<CatalogService>,
}

impl Catalog {
    /// The catalog compiled into the binary, parsed once.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::parse(BUILTIN).unwrap_or_else(|e| panic!("bug: the built-in data/catalog.toml is invalid (run `cargo test --lib catalog`):\n{e}"))
        })
    }

    /// Parses and validates a catalog; the error lists every problem, one per line.
    pub fn parse(text: &str) -> Result<Catalog, String> {
        let file: CatalogFile =
            toml::from_str(text).map_err(|e| format!("catalog is not valid: {e}"))?;
        let problems = validate(&file.service);
        if problems.is_empty() {
            Ok(Catalog {
                services: file.service,
            })
        } else {
            Err(problems.join("\n"))
        }
    }

    pub fn services(&self) -> &[CatalogService] {
        &self.services
    }

    /// How many services have a status feed planb reads (a `platform`).
    pub fn readable(&self) -> usize {
        self.services
            .iter()
            .filter(|s| s.platform.is_some())
            .count()
    }

    /// Finds a service by key, name or alias, ignoring case, spaces and punctuation
    /// ("Jira Software", "jira", "JIRA-software" all find `jira`).
    pub fn lookup(&self, name: &str) -> Option<&CatalogService> {
        let wanted = normalize(name);
        if wanted.is_empty() {
            return None;
        }
        self.services
            .iter()
            .find(|s| s.all_names().any(|n| normalize(n) == wanted))
    }

    /// Every key, name and alias, for did-you-mean suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.services.iter().flat_map(CatalogService::all_names)
    }

    /// The capability vocabulary.
    pub fn capabilities() -> &'static [&'static str] {
        CAPABILITIES
    }
}

/// A critical ICT third-party provider designated by the ESAs (`data/ctpp.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ctpp {
    /// As designated ("Amazon Web Services EMEA").
    pub name: String,
    /// The catalog vendor whose group it belongs to.
    pub vendor: Option<String>,
    /// Catalog keys of the services it provides itself.
    #[serde(default)]
    pub services: Vec<String>,
    /// Catalog host names it operates.
    #[serde(default)]
    pub hosts: Vec<String>,
}

/// The designation list and where it comes from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CtppList {
    pub designated_on: String,
    pub basis: String,
    pub provider: Vec<Ctpp>,
}

/// How a catalog service relates to a designated provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CtppLink {
    /// The designated provider delivers the service itself.
    Provides,
    /// The service runs on a host the designated provider operates.
    Host,
    /// The service's vendor group includes the designated provider.
    Group,
}

impl CtppList {
    /// The compiled-in list, checked against the built-in catalog once.
    pub fn builtin() -> &'static CtppList {
        static LIST: OnceLock<CtppList> = OnceLock::new();
        LIST.get_or_init(|| {
            CtppList::parse(CTPP, Catalog::builtin()).unwrap_or_else(|e| {
                panic!("bug: the built-in data/ctpp.toml does not match the catalog:\n{e}")
            })
        })
    }

    /// Parses the list; every vendor, service key and host must be in `catalog`.
    pub fn parse(text: &str, catalog: &Catalog) -> Result<CtppList, String> {
        let list: CtppList = toml::from_str(text).map_err(|e| format!("ctpp list: {e}"))?;
        let mut problems = Vec::new();
        for p in &list.provider {
            if let Some(v) = &p.vendor
                && !catalog.services.iter().any(|s| &s.vendor == v)
            {
                problems.push(format!(
                    "`{}`: vendor `{v}` is not a catalog vendor",
                    p.name
                ));
            }
            for key in &p.services {
                if !catalog.services.iter().any(|s| &s.key == key) {
                    problems.push(format!("`{}`: `{key}` is not a catalog key", p.name));
                }
            }
            for host in &p.hosts {
                if !catalog.services.iter().any(|s| s.hosts.contains(host)) {
                    problems.push(format!("`{}`: `{host}` is not a catalog host", p.name));
                }
            }
        }
        if problems.is_empty() {
            Ok(list)
        } else {
            Err(problems.join("\n"))
        }
    }

    /// Designated providers a catalog service relates to, closest link first.
    pub fn marks(&self, service: &CatalogService) -> Vec<(&Ctpp, CtppLink)> {
        let mut marks: Vec<(&Ctpp, CtppLink)> = Vec::new();
        for p in &self.provider {
            let link = if p.services.contains(&service.key) {
                CtppLink::Provides
            } else if service.hosts.iter().any(|h| p.hosts.contains(h)) {
                CtppLink::Host
            } else if p.vendor.as_ref() == Some(&service.vendor) {
                CtppLink::Group
            } else {
                continue;
            };
            marks.push((p, link));
        }
        marks.sort_by_key(|(_, link)| *link as u8);
        marks
    }

    /// The designated provider that is, or operates, a provider named `name` (a vendor
    /// or host as planb names it), with how: `Host` for a host it operates, `Group` for
    /// a vendor whose group includes it.
    pub fn for_provider(&self, name: &str) -> Option<(&Ctpp, CtppLink)> {
        let wanted = normalize(name);
        self.provider.iter().find_map(|p| {
            if p.hosts.iter().any(|h| normalize(h) == wanted) {
                Some((p, CtppLink::Host))
            } else if p.vendor.as_deref().is_some_and(|v| normalize(v) == wanted) {
                Some((p, CtppLink::Group))
            } else {
                None
            }
        })
    }
}

/// Lowercase ASCII letters and digits only.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn validate(services: &[CatalogService]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut keys = HashSet::new();
    let mut owners: HashMap<String, &str> = HashMap::new();
    for (index, s) in services.iter().enumerate() {
        let mut problem = |field: &str, message: String| {
            problems.push(format!(
                "service #{} `{}`: field `{field}`: {message}",
                index + 1,
                s.key
            ))
        };
        if s.key.is_empty()
            || !s
                .key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problem(
                "key",
                "must be a non-empty lowercase slug (a-z, 0-9, -)".into(),
            );
        }
        if !keys.insert(s.key.as_str()) {
            problem("key", "duplicate key".into());
        }
        for (field, value) in [("name", &s.name), ("vendor", &s.vendor)] {
            if value.trim().is_empty() {
                problem(field, "must not be empty".into());
            }
        }
        for name in s.all_names() {
            match owners.get(&normalize(name)) {
                Some(other) if *other != s.key => problem(
                    "name",
                    format!("`{name}` also names `{other}`: lookup would be ambiguous"),
                ),
                _ => {
                    owners.insert(normalize(name), &s.key);
                }
            }
        }
        if let Some(url) = &s.status_url
            && super::values::status_url(url).is_none()
        {
            problem("status_url", format!("`{url}` is not an http(s) URL"));
        }
        if s.platform.is_some() && s.status_url.is_none() {
            problem("platform", "needs a status_url".into());
        }
        if s.platform.is_some() && s.platform_name.is_some() {
            problem(
                "platform_name",
                "set either `platform` (readable) or `platform_name` (not readable yet), not both"
                    .into(),
            );
        }
        let mut seen = HashSet::new();
        for capability in &s.capabilities {
            if !CAPABILITIES.contains(&capability.as_str()) {
                problem(
                    "capabilities",
                    format!("`{capability}` is not in the vocabulary"),
                );
            }
            if !seen.insert(capability) {
                problem("capabilities", format!("`{capability}` listed twice"));
            }
        }
        match &s.hosts_basis {
            Some(basis) if !HOSTS_BASES.contains(&basis.as_str()) => problem(
                "hosts_basis",
                format!("`{basis}` is not one of {}", HOSTS_BASES.join(", ")),
            ),
            None if !s.hosts.is_empty() => {
                problem("hosts_basis", "required when hosts are listed".into())
            }
            _ => {}
        }
        for (field, value) in [("rto_hours", s.rto_hours), ("rpo_hours", s.rpo_hours)] {
            if value.is_some_and(|v| !v.is_finite() || v < 0.0) {
                problem(field, "must be a non-negative number of hours".into());
            }
        }
    }
    problems
}

#[cfg(test)]
#[path = "catalog_tests.rs"]
mod tests;
