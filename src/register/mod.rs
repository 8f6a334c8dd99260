//! The DORA Register of Information (ITS 2024/2956) from the inventory: planb knows the
//! hard parts (ultimate parents, supply chains from hosts, functions and criticality,
//! substitutability from fallbacks); register.toml holds what it cannot know
//! (identifiers, legal names, dates, amounts). planb never invents an identifier.
//!
//! Flow: `file` reads register.toml with lines → `link` joins it to the inventory →
//! `tables` builds B_01.01 … B_07.01 → `preflight` checks rules 805-808 → `package`
//! writes the xBRL-CSV zip; `evidence` writes the metrics beside it; `init` writes and
//! extends the skeleton. The output is a DORA-aligned extract for the entity to validate.

pub mod codes;
pub mod evidence;
pub mod file;
pub mod init;
pub mod lei;
pub mod link;
pub mod package;
pub mod preflight;
pub mod problem;
pub mod readiness;
pub mod tables;

use chrono::{DateTime, Utc};

pub use file::RegisterFile;
pub use problem::{Problem, Severity};
pub use readiness::Readiness;

use crate::inventory::{Inventory, InventoryKind};
use link::Linked;
use problem::{Fix, Rule};
use tables::Table;

/// The tables and every problem found building and checking them.
pub struct Assessment<'a> {
    pub linked: Linked<'a>,
    pub tables: Vec<Table>,
    /// Deduplicated, blocking first.
    pub problems: Vec<Problem>,
}

impl Assessment<'_> {
    pub fn blocking(&self) -> usize {
        self.problems.iter().filter(|p| p.blocking()).count()
    }
}

/// Builds and checks the register (everything but rule 808, which needs the package).
/// `today` is the reporting date written in B_01.01.
pub fn assess<'a>(
    inventory: &'a Inventory,
    register: &'a RegisterFile,
    today: &str,
) -> Assessment<'a> {
    let linked = Linked::new(register, inventory);
    let (tables, mut problems) = tables::build(&linked, today);
    problems.extend(linked.problems.iter().cloned());
    problems.extend(preflight::check_tables(&tables));
    problems.extend(package_checks(register));
    problems.extend(inventory_checks(inventory, &linked));
    let mut problems = preflight::dedupe(problems);
    problem::sort(&mut problems);
    Assessment {
        linked,
        tables,
        problems,
    }
}

/// The package's name and parameters need the entity's reference date, country,
/// currency and scope: without them there is no package to name.
fn package_checks(register: &RegisterFile) -> Vec<Problem> {
    let Some(e) = &register.entity else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut check = |field: &file::Field, key: &str, ok: bool, message: String, hint: &str| {
        if !ok {
            out.push(Problem {
                also: Vec::new(),
                severity: Severity::Blocking,
                rule: if field.is_empty() {
                    Rule::Completeness
                } else {
                    Rule::CodeList
                },
                table: "",
                row: "the package".into(),
                column: key.into(),
                message,
                fix: Fix {
                    file: register.path.clone(),
                    line: field.line,
                    action: format!("set `{key}` in [entity]{hint}"),
                },
            });
        }
    };
    let ref_date = e.ref_date.value();
    check(
        &e.ref_date,
        "ref_date",
        codes::is_date(ref_date),
        if ref_date.is_empty() {
            "empty: the package name and refPeriod need the reference date".into()
        } else {
            format!("`{ref_date}` is not a date YYYY-MM-DD")
        },
        " (e.g. 2025-12-31: 31 December of the year reported on)",
    );
    let given = |text: &str| {
        if text.is_empty() {
            "empty".to_string()
        } else {
            format!("`{text}` is not one")
        }
    };
    let country = e.country.value();
    check(
        &e.country,
        "country",
        codes::is_country(country),
        format!(
            "the package name needs the entity's ISO 3166 country: {}",
            given(country)
        ),
        " (e.g. DE)",
    );
    let currency = e.currency.value();
    check(
        &e.currency,
        "currency",
        codes::is_currency(currency),
        format!(
            "parameters.csv needs the base currency (ISO 4217): {}",
            given(currency)
        ),
        " (e.g. EUR)",
    );
    let scope = e.consolidated.value();
    check(
        &e.consolidated,
        "consolidated",
        matches!(scope, "true" | "false"),
        format!("must be true (consolidated, CON) or false (individual, IND), not `{scope}`"),
        "",
    );
    out
}

/// Hosts left out of B_05.02 because the catalog does not confirm them, and an
/// inventory that says nothing about use.
fn inventory_checks(inventory: &Inventory, linked: &Linked) -> Vec<Problem> {
    let mut out = Vec::new();
    if inventory.kind == InventoryKind::SourcesOnly {
        out.push(Problem {
            also: Vec::new(),
            severity: Severity::Blocking,
            rule: Rule::Completeness,
            table: "B_02.02",
            row: String::new(),
            column: String::new(),
            message: "the inventory lists sources only: no capability, criticality or fallback to file functions and contracts from".into(),
            fix: Fix {
                file: inventory.path.clone(),
                line: 1,
                action: "add capability, criticality and fallback columns".into(),
            },
        });
    }
    for (row, host) in linked.unconfirmed_hosts() {
        out.push(Problem {
            also: Vec::new(),
            severity: Severity::Warning,
            rule: Rule::Completeness,
            table: "B_05.02",
            row: format!("{} ({})", row.service, row.vendor),
            column: "c0030 (rank 2 provider)".into(),
            message: format!(
                "host `{}` is {}: left out of the supply chain",
                host.name,
                match row.hosts_basis.as_deref() {
                    Some("oct-25-outage") =>
                        "known only from the 2025-10-20 AWS outage, not stated as hosting",
                    _ => "unconfirmed in the catalog",
                }
            ),
            fix: Fix {
                file: inventory.path.clone(),
                line: row.line,
                action: format!(
                    "if {} does run on {}, say so with runs_on = \"{}\"",
                    row.service, host.name, host.name
                ),
            },
        });
    }
    out
}

/// The package in memory: its file name, bytes, and rule-808 problems.
pub struct Package {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub problems: Vec<Problem>,
}

/// Assembles the zip for `assessment` (DRAFT- named when `draft`).
pub fn package(
    assessment: &Assessment,
    created: DateTime<Utc>,
    draft: bool,
) -> std::io::Result<Package> {
    let register = assessment.linked.register;
    let entity = register.entity.clone().unwrap_or_default();
    let file_name = package::file_name(&entity, created, draft);
    let stem = file_name.trim_end_matches(".zip");
    let (entries, problems) = package::entries(&assessment.tables, &entity, stem, &register.path);
    let bytes = package::zip::write(&entries, package::zip::DosTime::from(created.naive_utc()))?;
    Ok(Package {
        file_name,
        bytes,
        problems,
    })
}

/// problems.txt: one problem per line, blocking first.
pub fn problems_text(problems: &[Problem]) -> String {
    let blocking = problems.iter().filter(|p| p.blocking()).count();
    let mut text = format!(
        "{blocking} blocking problem(s), {} warning(s). A DRAFT package is not fit to file.\n",
        problems.len() - blocking
    );
    for p in problems {
        text.push_str(&one_line(&p.to_string()));
        text.push('\n');
    }
    text
}

/// Text from register.toml or the inventory on one safe line: no control characters,
/// no escape sequences, no line breaks.
pub fn one_line(text: &str) -> String {
    crate::model::sanitize_text(text).replace(['\n', '\t'], " ")
}
