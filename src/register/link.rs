//! Joins register.toml to the inventory: each inventory use of a service finds its
//! vendor's `[[provider]]` and `[[contract]]`, its capability's `[[function]]`, and its
//! confirmed hosts' `[[provider]]`s. What cannot be joined is a rule-807 problem (a row
//! without its parent) naming where to add the missing entry.

use std::collections::HashMap;

use super::file::{Field, RegisterFile};
use super::problem::{Fix, Problem, Rule, Severity};
use crate::inventory::{Criticality, Fallback, Host, Inventory, InventoryRow};
use crate::metrics::exposure::scenario::{Target, fallback_survives};
use crate::model::name_key;

/// Host bases planb files as a supply-chain fact: publicly stated, or the user's own
/// `runs_on`. Unconfirmed hosts and outage-only evidence stay out of B_05.02.
const CONFIRMED_BASES: [&str; 2] = ["stated", "inventory"];

/// How far the company can do without this provider for this use (from the fallback).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reliance {
    /// Another vendor's service takes over and survives this vendor's outage.
    Low,
    /// People work around it by hand.
    Material,
    /// No fallback, or one that goes down with this vendor.
    Full,
}

/// One inventory row using a service, joined to the register.
#[derive(Debug, Clone)]
pub struct Use<'a> {
    pub row: &'a InventoryRow,
    pub capability: &'a str,
    pub criticality: Criticality,
    pub fallback: &'a Fallback,
    pub reliance: Reliance,
    pub contract: Option<usize>,
    pub provider: Option<usize>,
    pub function: Option<usize>,
    /// Annex III code (`S19`), and where it came from.
    pub service_type: String,
    pub service_type_fix: Fix,
    /// Confirmed hosts that are third parties of their own, with their `[[provider]]`.
    pub hosts: Vec<(&'a Host, Option<usize>)>,
}

pub struct Linked<'a> {
    pub register: &'a RegisterFile,
    pub inventory: &'a Inventory,
    pub uses: Vec<Use<'a>>,
    /// planb's group (ultimate parent) of each `[[provider]]`, when the inventory names it.
    pub groups: Vec<Option<String>>,
    /// The `[[provider]]` each `[[contract]]` names, when there is one.
    pub contract_providers: Vec<Option<usize>>,
    pub problems: Vec<Problem>,
}

impl<'a> Linked<'a> {
    pub fn new(register: &'a RegisterFile, inventory: &'a Inventory) -> Self {
        let mut problems = Vec::new();
        let providers = index(
            register.providers.iter().map(|p| &p.name),
            register,
            "[[provider]]",
            &mut problems,
        );
        let functions = index(
            register.functions.iter().map(|f| &f.capability),
            register,
            "[[function]]",
            &mut problems,
        );
        let mut contracts: HashMap<String, usize> = HashMap::new();
        let mut contract_providers = Vec::with_capacity(register.contracts.len());
        for (i, c) in register.contracts.iter().enumerate() {
            let key = name_key(c.provider.value());
            contract_providers.push(providers.get(&key).copied());
            if c.provider.is_empty() {
                problems.push(register_problem(
                    register,
                    &c.provider,
                    "B_03.02",
                    contract_label(c.reference.value(), c.line),
                    "c0020 (provider code)",
                    "the contract names no provider".into(),
                    "set `provider` to a [[provider]] name".into(),
                ));
            } else if !providers.contains_key(&key) {
                problems.push(register_problem(
                    register,
                    &c.provider,
                    "B_03.02",
                    contract_label(c.reference.value(), c.line),
                    "c0020 (provider code)",
                    format!(
                        "the contract names provider `{}`, which no [[provider]] has as its name: the row would have no parent in B_05.01",
                        c.provider.value()
                    ),
                    "write the `name` of one of the [[provider]] entries, or add that provider".into(),
                ));
            } else if let std::collections::hash_map::Entry::Vacant(slot) = contracts.entry(key) {
                slot.insert(i);
            } else {
                problems.push(Problem {
                    also: Vec::new(),
                    severity: Severity::Warning,
                    ..register_problem(
                        register,
                        &c.provider,
                        "B_02.02",
                        contract_label(c.reference.value(), c.line),
                        "c0010 (contract reference)",
                        format!("a second contract with `{}`: planb files that provider's services under the first one", c.provider.value()),
                        "keep one [[contract]] per provider, or file the second one's services yourself".into(),
                    )
                });
            }
        }
        let mut uses = Vec::new();
        for (row, usage) in inventory.usages() {
            let vendor_key = name_key(&row.vendor);
            let provider = providers.get(&vendor_key).copied();
            let contract = contracts.get(&vendor_key).copied();
            let function = functions.get(&name_key(&usage.capability)).copied();
            let missing = |what: &str, column: &'static str, action: String| Problem {
                also: Vec::new(),
                severity: Severity::Blocking,
                rule: Rule::MissingParent,
                table: "B_02.02",
                row: format!("{} ({})", row.service, usage.capability),
                column: column.into(),
                message: what.to_string(),
                fix: Fix {
                    file: inventory.path.clone(),
                    line: row.line,
                    action,
                },
            };
            let init = "`planb register init --inventory FILE --out REGISTER` adds missing entries";
            if provider.is_none() {
                problems.push(missing(
                    &format!(
                        "vendor `{}` has no [[provider]] in register.toml",
                        row.vendor
                    ),
                    "c0030 (provider code)",
                    format!("add a [[provider]] with name = \"{}\" ({init})", row.vendor),
                ));
            }
            if contract.is_none() {
                problems.push(missing(
                    &format!("vendor `{}` has no [[contract]] in register.toml: no parent row in B_02.01", row.vendor),
                    "c0010 (contract reference)",
                    format!("add a [[contract]] with provider = \"{}\" ({init})", row.vendor),
                ));
            }
            if function.is_none() {
                problems.push(missing(
                    &format!("capability `{}` has no [[function]] in register.toml: no parent row in B_06.01", usage.capability),
                    "c0050 (function identifier)",
                    format!("add a [[function]] with capability = \"{}\" ({init})", usage.capability),
                ));
            }
            let (service_type, service_type_fix) =
                service_type(register, contract, row, &usage.capability, inventory);
            let hosts = confirmed_hosts(row)
                .into_iter()
                .map(|h| (h, providers.get(&name_key(&h.name)).copied()))
                .filter(|(_, p)| p.is_none() || *p != provider)
                .collect::<Vec<_>>();
            for (host, _) in hosts.iter().filter(|(_, p)| p.is_none()) {
                problems.push(Problem {
                    also: Vec::new(),
                    table: "B_05.02",
                    column: "c0030 (provider code)".into(),
                    ..missing(
                        &format!(
                            "host `{}` (rank 2 under {}) has no [[provider]] in register.toml",
                            host.name, row.vendor
                        ),
                        "",
                        format!("add a [[provider]] with name = \"{}\" ({init})", host.name),
                    )
                });
            }
            uses.push(Use {
                row,
                capability: &usage.capability,
                criticality: usage.criticality,
                fallback: &usage.fallback,
                reliance: reliance(&usage.fallback, &row.vendor),
                contract,
                provider,
                function,
                service_type,
                service_type_fix,
                hosts,
            });
        }
        let groups = register
            .providers
            .iter()
            .map(|p| group_of(inventory, p.name.value()))
            .collect();
        Self {
            register,
            inventory,
            uses,
            groups,
            contract_providers,
            problems,
        }
    }

    /// Uses filed under contract `index`.
    pub fn uses_of(&self, contract: usize) -> impl Iterator<Item = &Use<'a>> {
        self.uses
            .iter()
            .filter(move |u| u.contract == Some(contract))
    }

    /// Hosts of the inventory that planb leaves out of B_05.02 because their evidence is
    /// not confirmed, as (service row, host) pairs.
    pub fn unconfirmed_hosts(&self) -> Vec<(&'a InventoryRow, &'a Host)> {
        self.uses
            .iter()
            .filter(|u| !is_confirmed(u.row))
            .flat_map(|u| {
                u.row
                    .hosts
                    .iter()
                    .filter(|h| !is_own(h, &u.row.vendor))
                    .map(|h| (u.row, h))
            })
            .collect()
    }
}

/// `[[provider]] "name"` for actions; the contract's reference or its line for rows.
pub fn contract_label(reference: &str, line: usize) -> String {
    if reference.is_empty() {
        format!("contract at line {line}")
    } else {
        format!("contract `{reference}`")
    }
}

/// A problem about one register.toml field.
pub fn register_problem(
    register: &RegisterFile,
    field: &Field,
    table: &'static str,
    row: String,
    column: &str,
    message: String,
    action: String,
) -> Problem {
    Problem {
        also: Vec::new(),
        severity: Severity::Blocking,
        rule: Rule::MissingParent,
        table,
        row,
        column: column.into(),
        message,
        fix: Fix {
            file: register.path.clone(),
            line: field.line,
            action,
        },
    }
}

/// Name → entry index; a name given twice is a blocking problem (it links two ways).
fn index<'f>(
    names: impl Iterator<Item = &'f Field>,
    register: &RegisterFile,
    kind: &str,
    problems: &mut Vec<Problem>,
) -> HashMap<String, usize> {
    let mut found: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, name) in names.enumerate() {
        let key = name_key(name.value());
        if key.is_empty() {
            continue;
        }
        if let Some((_, first_line)) = found.get(&key) {
            let key_name = if kind == "[[provider]]" {
                "name"
            } else {
                "capability"
            };
            problems.push(Problem {
                also: Vec::new(),
                rule: Rule::DuplicateKey,
                ..register_problem(
                    register,
                    name,
                    "",
                    format!("{kind} `{}`", name.value()),
                    key_name,
                    format!(
                        "`{}` is already the {key_name} of the {kind} at line {first_line}",
                        name.value()
                    ),
                    "remove one of the two, or merge them".to_string(),
                )
            });
        } else {
            found.insert(key, (i, name.line));
        }
    }
    found.into_iter().map(|(k, (i, _))| (k, i)).collect()
}

fn service_type(
    register: &RegisterFile,
    contract: Option<usize>,
    row: &InventoryRow,
    capability: &str,
    inventory: &Inventory,
) -> (String, Fix) {
    if let Some(c) = contract.map(|c| &register.contracts[c])
        && !c.service_type.is_empty()
    {
        let text = c.service_type.value();
        let code = text.strip_prefix("eba_TA:").unwrap_or(text).to_string();
        let fix = Fix {
            file: register.path.clone(),
            line: c.service_type.line,
            action: "set `service_type` to an Annex III code S01..S19".into(),
        };
        return (code, fix);
    }
    let code = if capability == "cloud infrastructure" {
        "S17"
    } else {
        "S19"
    };
    let fix = Fix {
        file: inventory.path.clone(),
        line: row.line,
        action: format!(
            "planb assumed {code} ({}) from the capability; set `service_type` in the vendor's [[contract]] to change it",
            if code == "S17" { "IaaS" } else { "SaaS" }
        ),
    };
    (code.to_string(), fix)
}

fn reliance(fallback: &Fallback, vendor: &str) -> Reliance {
    match fallback {
        Fallback::None => Reliance::Full,
        Fallback::Manual => Reliance::Material,
        Fallback::Service(f) if fallback_survives(f, &Target::Vendor(vendor.to_string())) => {
            Reliance::Low
        }
        Fallback::Service(_) => Reliance::Full,
    }
}

fn is_confirmed(row: &InventoryRow) -> bool {
    row.hosts_basis
        .as_deref()
        .is_some_and(|b| CONFIRMED_BASES.contains(&b))
}

/// The vendor's own data centers, or the vendor hosting itself: not a subcontractor.
fn is_own(host: &Host, vendor: &str) -> bool {
    host.name.starts_with("Own data centers") || name_key(&host.name) == name_key(vendor)
}

fn confirmed_hosts(row: &InventoryRow) -> Vec<&Host> {
    if !is_confirmed(row) {
        return Vec::new();
    }
    row.hosts
        .iter()
        .filter(|h| !is_own(h, &row.vendor))
        .collect()
}

/// The ultimate parent planb knows for a provider name: a vendor is its own group; a
/// host belongs to its owner.
fn group_of(inventory: &Inventory, name: &str) -> Option<String> {
    let key = name_key(name);
    if key.is_empty() {
        return None;
    }
    for row in &inventory.rows {
        if name_key(&row.vendor) == key {
            return Some(row.vendor.clone());
        }
        if let Some(host) = row.hosts.iter().find(|h| name_key(&h.name) == key) {
            return host.owner.clone();
        }
    }
    None
}
