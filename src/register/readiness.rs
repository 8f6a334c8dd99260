//! How ready the register is, in a few numbers, for the dashboard: providers with a
//! valid code, functions assessed, blocking problems, and each function's RTO with the
//! vendors it depends on (the dashboard compares it with their observed p90 time to
//! resolve, which needs a metrics window).

use std::collections::BTreeSet;

use super::Assessment;
use super::codes;
use super::lei;
use super::tables::number;
use crate::model::name_key;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Readiness {
    /// Vendors and confirmed hosts the filing needs a `[[provider]]` code for.
    pub providers_needed: usize,
    pub providers_with_codes: usize,
    /// Capabilities of the inventory (each is a function).
    pub functions_needed: usize,
    /// With `critical` set and a `last_assessed` date.
    pub functions_assessed: usize,
    pub blocking: usize,
    pub warnings: usize,
    pub function_rtos: Vec<FunctionRto>,
}

/// A function's RTO and the vendors whose services it uses.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionRto {
    pub id: String,
    pub name: String,
    pub rto_hours: f64,
    pub vendors: Vec<String>,
}

impl Readiness {
    pub fn of(assessment: &Assessment) -> Self {
        let linked = &assessment.linked;
        let register = linked.register;
        let mut needed: BTreeSet<String> = BTreeSet::new();
        let mut capabilities: BTreeSet<&str> = BTreeSet::new();
        for u in &linked.uses {
            needed.insert(name_key(&u.row.vendor));
            needed.extend(u.hosts.iter().map(|(h, _)| name_key(&h.name)));
            capabilities.insert(u.capability);
        }
        let providers_with_codes = needed
            .iter()
            .filter(|name| {
                register
                    .providers
                    .iter()
                    .find(|p| &name_key(p.name.value()) == *name)
                    .is_some_and(|p| has_valid_code(p.code.value(), p.code_type.value()))
            })
            .count();
        let functions_assessed = capabilities
            .iter()
            .filter(|c| {
                register.functions.iter().any(|f| {
                    name_key(f.capability.value()) == name_key(c)
                        && matches!(f.critical.value(), "yes" | "no")
                        && codes::is_date(f.last_assessed.value())
                })
            })
            .count();
        let function_rtos = register
            .functions
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let rto_hours = number(f.rto_hours.value(), false).ok()?.parse().ok()?;
                let mut vendors: Vec<String> = Vec::new();
                for u in linked.uses.iter().filter(|u| u.function == Some(i)) {
                    if !vendors.contains(&u.row.vendor) {
                        vendors.push(u.row.vendor.clone());
                    }
                }
                Some(FunctionRto {
                    id: f.id.value().to_string(),
                    name: f.name.value().to_string(),
                    rto_hours,
                    vendors,
                })
            })
            .collect();
        let blocking = assessment.blocking();
        Self {
            providers_needed: needed.len(),
            providers_with_codes,
            functions_needed: capabilities.len(),
            functions_assessed,
            blocking,
            warnings: assessment.problems.len() - blocking,
            function_rtos,
        }
    }
}

fn has_valid_code(code: &str, code_type: &str) -> bool {
    !code.is_empty()
        && codes::check_code_type(code_type).is_ok()
        && (code_type != "LEI" || lei::check(code).is_ok())
}
