//! `planb register init`: the register.toml skeleton, pre-filled with what planb knows
//! (provider names, contracts per vendor, functions per capability) and empty strings
//! for what the user must supply. On an existing file it appends only what the
//! inventory gained, leaving every line the user wrote as it was.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::file::RegisterFile;
use super::one_line;
use crate::inventory::{Criticality, Inventory};
use crate::model::name_key;

const HEADER: &str = r#"# DORA Register of Information (ITS 2024/2956): what planb cannot know.
# Written by `planb register init`; running it again keeps everything here and appends
# what the inventory gained. Fill in every "" (planb never invents an identifier).
#   codes      LEI preferred (20 characters, checked); else EUID, or CRN/VAT/PNR/NIN with
#              a country prefix (code_type = "DE_VAT")
#   countries  ISO 3166 alpha-2 ("DE"); "n/a" where a country does not apply
#   currencies ISO 4217 ("EUR");  dates YYYY-MM-DD;  amounts and hours: plain numbers
#   critical   yes | no | not assessed (empty: planb files critical and high as yes)
#   service_type  Annex III S01..S19 (empty: S17 IaaS for cloud infrastructure, S19 SaaS)
# `planb register check` lists what is missing, with the line to fix.

[entity]
lei = ""
name = ""
country = ""
entity_type = ""        # eba_CT member, e.g. "eba_CT:x599"
authority = ""          # competent authority
currency = ""
consolidated = false    # true: consolidated (CON) package; false: individual (IND)
ref_date = ""           # reference date, e.g. "2025-12-31"
"#;

/// What the inventory asks the register to have.
struct Needs {
    /// (name, comment) per vendor and per third-party host.
    providers: Vec<(String, String)>,
    vendors: Vec<String>,
    /// (capability, comment).
    functions: Vec<(String, String)>,
}

fn needs(inventory: &Inventory) -> Needs {
    let mut providers: Vec<(String, String)> = Vec::new();
    let mut vendors: Vec<String> = Vec::new();
    let mut functions: Vec<(String, Criticality, Vec<String>)> = Vec::new();
    let mut hosts: Vec<(String, Option<String>, Vec<String>)> = Vec::new();
    for (row, usage) in inventory.usages() {
        if !vendors.iter().any(|v| name_key(v) == name_key(&row.vendor)) {
            vendors.push(row.vendor.clone());
        }
        match functions
            .iter_mut()
            .find(|(c, _, _)| *c == usage.capability)
        {
            Some((_, crit, services)) => {
                *crit = (*crit).min(usage.criticality);
                services.push(row.service.clone());
            }
            None => functions.push((
                usage.capability.clone(),
                usage.criticality,
                vec![row.service.clone()],
            )),
        }
        for host in &row.hosts {
            if host.name.starts_with("Own data centers")
                || name_key(&host.name) == name_key(&row.vendor)
            {
                continue;
            }
            match hosts.iter_mut().find(|(h, _, _)| *h == host.name) {
                Some((_, _, services)) => services.push(row.service.clone()),
                None => hosts.push((
                    host.name.clone(),
                    host.owner.clone(),
                    vec![row.service.clone()],
                )),
            }
        }
    }
    for vendor in &vendors {
        let services: Vec<&str> = inventory
            .usages()
            .filter(|(r, _)| &r.vendor == vendor)
            .map(|(r, _)| r.service.as_str())
            .collect();
        providers.push((
            vendor.clone(),
            format!(
                "vendor (ultimate parent in planb) of {}",
                services.join(", ")
            ),
        ));
    }
    for (host, owner, services) in hosts {
        if providers
            .iter()
            .any(|(p, _)| name_key(p) == name_key(&host))
        {
            continue;
        }
        let owner = owner.map_or_else(String::new, |o| format!(", owned by {o}"));
        providers.push((
            host,
            format!("host{owner}: {} run on it", services.join(", ")),
        ));
    }
    let functions = functions
        .into_iter()
        .map(|(c, crit, services)| {
            let comment = format!("{crit} in the inventory: {}", services.join(", "));
            (c, comment)
        })
        .collect();
    Needs {
        providers,
        vendors,
        functions,
    }
}

/// A TOML basic string for `text`.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn provider_block(out: &mut String, name: &str, comment: &str) {
    let _ = write!(
        out,
        "\n[[provider]]     # {}\nname = {}\ncode = \"\"\ncode_type = \"\"\nlegal_name = \"\"\ncountry = \"\"\ncurrency = \"\"\nannual_cost = \"\"\nparent_code = \"\"\nparent_code_type = \"\"\n",
        one_line(comment),
        quoted(name)
    );
}

fn contract_block(out: &mut String, vendor: &str) {
    let _ = write!(
        out,
        "\n[[contract]]\nref = \"\"\nprovider = {}\nstart = \"\"\nend = \"\"                # empty: open-ended (9999-12-31)\nannual_cost = \"\"\nnotice_days_entity = \"\"\nnotice_days_provider = \"\"\ngoverning_law = \"\"\nservice_type = \"\"\nprovision_country = \"\"\nstores_data = \"\"        # true or false\ndata_location = \"\"\nprocessing_location = \"\"\n",
        quoted(vendor)
    );
}

fn function_block(out: &mut String, id: &str, capability: &str, comment: &str) {
    let _ = write!(
        out,
        "\n[[function]]     # {}\nid = {}\nname = {}\ncapability = {}\nlicensed_activity = \"\"\ncritical = \"\"\nrto_hours = \"\"\nrpo_hours = \"\"\nlast_assessed = \"\"\n",
        one_line(comment),
        quoted(id),
        quoted(capability),
        quoted(capability)
    );
}

/// How many entries `extend` appended, per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Added {
    pub providers: usize,
    pub contracts: usize,
    pub functions: usize,
}

impl Added {
    pub fn total(self) -> usize {
        self.providers + self.contracts + self.functions
    }
}

/// A new register.toml for `inventory`.
pub fn skeleton(inventory: &Inventory) -> (String, Added) {
    let mut text = HEADER.to_string();
    let added = append(&mut text, inventory, &RegisterFile::default(), false);
    (text, added)
}

/// `existing` (the text of `register`) with the entries the inventory gained appended.
pub fn extend(existing: &str, register: &RegisterFile, inventory: &Inventory) -> (String, Added) {
    let mut text = existing.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    let added = append(&mut text, inventory, register, true);
    (text, added)
}

fn append(
    text: &mut String,
    inventory: &Inventory,
    register: &RegisterFile,
    extending: bool,
) -> Added {
    let needs = needs(inventory);
    let have = |names: Vec<&str>| names.into_iter().map(name_key).collect::<HashSet<_>>();
    let providers = have(register.providers.iter().map(|p| p.name.value()).collect());
    let contracts = have(
        register
            .contracts
            .iter()
            .map(|c| c.provider.value())
            .collect(),
    );
    let functions = have(
        register
            .functions
            .iter()
            .map(|f| f.capability.value())
            .collect(),
    );
    let mut next_id = register
        .functions
        .iter()
        .filter_map(|f| f.id.value().strip_prefix('F')?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut out = String::new();
    let mut added = Added::default();
    if extending && register.entity.is_none() {
        out.push_str("\n[entity]\nlei = \"\"\nname = \"\"\ncountry = \"\"\nentity_type = \"\"\nauthority = \"\"\ncurrency = \"\"\nconsolidated = false\nref_date = \"\"\n");
    }
    for (name, comment) in needs
        .providers
        .iter()
        .filter(|(n, _)| !providers.contains(&name_key(n)))
    {
        provider_block(&mut out, name, comment);
        added.providers += 1;
    }
    for vendor in needs
        .vendors
        .iter()
        .filter(|v| !contracts.contains(&name_key(v)))
    {
        contract_block(&mut out, vendor);
        added.contracts += 1;
    }
    for (capability, comment) in needs
        .functions
        .iter()
        .filter(|(c, _)| !functions.contains(&name_key(c)))
    {
        function_block(&mut out, &format!("F{next_id}"), capability, comment);
        next_id += 1;
        added.functions += 1;
    }
    if extending && !out.is_empty() {
        let _ = write!(
            text,
            "\n# ---- added by `planb register init` from {}: new in the inventory\n",
            one_line(&inventory.path.display().to_string())
        );
    } else if !out.is_empty() {
        text.push_str("\n# ---- providers (vendors and the hosts their services run on), contracts (one per\n# vendor), functions (one per capability)\n");
    }
    text.push_str(&out);
    added
}
