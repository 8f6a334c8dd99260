//! What each watched source carries for the company, from the inventory: its vendor and
//! service, and every use of it (capability, criticality, fallback, whether it is a tool
//! the company needs to respond to an incident). Events and metrics name these.

use std::collections::HashMap;

use crate::inventory::{Criticality, Fallback, Inventory};
use crate::metrics::exposure::{ResponseKind, response_kind};
use crate::model::{same_name, sanitize_text, source_id_for};

/// The other way a capability keeps working when its service is down.
#[derive(Debug, Clone, PartialEq)]
pub enum FallbackPath {
    None,
    /// People work around it by hand: slower, but not down.
    Manual,
    /// Another service, with the source that tells whether it is down (when watched).
    Service {
        name: String,
        source: Option<String>,
    },
}

/// One inventory row's use of a service.
#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    pub service: String,
    pub capability: String,
    pub criticality: Criticality,
    pub fallback: FallbackPath,
    pub response: Option<ResponseKind>,
}

impl Use {
    /// `none`, `manual` or the fallback service's name.
    pub fn fallback_label(&self) -> &str {
        match &self.fallback {
            FallbackPath::None => "none",
            FallbackPath::Manual => "manual",
            FallbackPath::Service { name, .. } => name,
        }
    }
}

/// A watched source and what it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceContext {
    pub source_id: String,
    pub vendor: String,
    pub service: String,
    /// Empty for a sources-only inventory.
    pub uses: Vec<Use>,
}

impl SourceContext {
    /// The response tools among its uses, each once, in inventory order.
    pub fn response_tools(&self) -> Vec<&'static str> {
        let mut tools: Vec<&'static str> = Vec::new();
        for kind in self.uses.iter().filter_map(|u| u.response) {
            if !tools.contains(&kind.as_str()) {
                tools.push(kind.as_str());
            }
        }
        tools
    }
}

/// Every watched source's context, and every use with the source of its service.
#[derive(Debug, Clone, Default)]
pub struct Contexts {
    by_source: HashMap<String, SourceContext>,
    /// (source of the service, if it has one, and the use), inventory order.
    uses: Vec<(Option<String>, Use)>,
}

impl Contexts {
    pub fn from_inventory(inventory: &Inventory) -> Self {
        let clean = |text: &str| sanitize_text(text).replace(['\n', '\t'], " ");
        // Inventory keys of the services that have a status source.
        let source_of_key: HashMap<&str, String> = inventory
            .rows
            .iter()
            .filter_map(|r| Some((r.key.as_str(), source_id_for(r.status_url.as_deref()?))))
            .collect();
        let mut out = Self::default();
        for row in &inventory.rows {
            let source = row.status_url.as_deref().map(source_id_for);
            if let Some(id) = &source {
                out.by_source
                    .entry(id.clone())
                    .or_insert_with(|| SourceContext {
                        source_id: id.clone(),
                        vendor: clean(&row.vendor),
                        service: clean(&row.service),
                        uses: Vec::new(),
                    });
            }
            let Some(usage) = &row.usage else { continue };
            let fallback = match &usage.fallback {
                Fallback::None => FallbackPath::None,
                Fallback::Manual => FallbackPath::Manual,
                Fallback::Service(s) => FallbackPath::Service {
                    name: clean(&s.name),
                    source: source_of_key.get(s.key.as_str()).cloned(),
                },
            };
            let used = Use {
                service: clean(&row.service),
                capability: clean(&usage.capability),
                criticality: usage.criticality,
                fallback,
                response: response_kind(&usage.capability),
            };
            if let Some(context) = source.as_ref().and_then(|id| out.by_source.get_mut(id)) {
                context.uses.push(used.clone());
            }
            out.uses.push((source, used));
        }
        out
    }

    pub fn get(&self, source_id: &str) -> Option<&SourceContext> {
        self.by_source.get(source_id)
    }

    pub fn uses(&self) -> &[(Option<String>, Use)] {
        &self.uses
    }
}

/// "Atlassian" or, when the vendor and the service share a name, nothing to add.
pub fn vendor_and_service(context: &SourceContext) -> (Option<&str>, &str) {
    if same_name(&context.vendor, &context.service) {
        (None, &context.service)
    } else {
        (Some(&context.vendor), &context.service)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_source_carries_every_row_that_names_its_page() {
        let csv = "service,capability,criticality,fallback,status_url,platform\n\
            Jira Software,ticketing,critical,none,http://127.0.0.1:1/jira,statuspage\n\
            Jira Software,on-call alerting,high,Confluence,http://127.0.0.1:1/jira,statuspage\n\
            Confluence,documentation,medium,manual,http://127.0.0.1:1/confluence,statuspage\n";
        let inventory = crate::inventory::parse(Path::new("inv.csv"), csv).expect("inventory");
        let contexts = Contexts::from_inventory(&inventory);
        let jira = contexts
            .get(&source_id_for("http://127.0.0.1:1/jira"))
            .expect("jira");
        assert_eq!(
            (jira.vendor.as_str(), jira.service.as_str()),
            ("Atlassian", "Jira Software")
        );
        let uses: Vec<(&str, Criticality, &str)> = jira
            .uses
            .iter()
            .map(|u| (u.capability.as_str(), u.criticality, u.fallback_label()))
            .collect();
        assert_eq!(
            uses,
            [
                ("ticketing", Criticality::Critical, "none"),
                ("on-call alerting", Criticality::High, "Confluence")
            ]
        );
        assert_eq!(jira.response_tools(), ["on-call alerting"]);
        let FallbackPath::Service { source, .. } = &jira.uses[1].fallback else {
            panic!("fallback service")
        };
        assert_eq!(
            source.as_deref(),
            Some(source_id_for("http://127.0.0.1:1/confluence").as_str())
        );
        assert_eq!(contexts.uses().len(), 3);
    }
}
