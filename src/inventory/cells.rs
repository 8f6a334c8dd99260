//! Pass one of inventory validation, cell by cell: the columns a file must have, and the
//! fields whose values are checked against the allowed values and the catalog.

use super::checker::Checker;
use super::fields::{self, CatalogIndex};
use super::problems::{Severity, did_you_mean};
use super::table::{Cell, RawTable};
use super::table::{KNOWN_FIELDS, USAGE_FIELDS};
use super::{Criticality, Fallback, InventoryKind, Usage};
use crate::model::Platform;

/// Unknown columns are warnings (kept verbatim on the row); missing columns are errors.
pub(super) fn check_columns(check: &mut Checker, table: &RawTable, kind: InventoryKind) {
    let unknown: Vec<_> = table
        .columns
        .iter()
        .filter(|c| !c.name.is_empty() && !KNOWN_FIELDS.contains(&c.name.as_str()))
        .collect();
    let mut required = vec!["service"];
    if kind == InventoryKind::Exposure {
        required.extend(USAGE_FIELDS);
    }
    let mut misspelled = Vec::new();
    for field in required {
        if table.column(field).is_some() {
            continue;
        }
        let near = unknown
            .iter()
            .find(|c| did_you_mean(&c.name, [field]).is_some());
        let (column, hint) = match near {
            Some(c) => {
                misspelled.push(c.column);
                (
                    Some(c.column),
                    format!("did you mean `{field}`? rename column `{}`", c.name),
                )
            }
            None => (
                None,
                format!("add a `{field}` column ({})", expected(field)),
            ),
        };
        let why = if field == "service" {
            String::new()
        } else {
            ": an inventory with capability, criticality or fallback needs all three".into()
        };
        check.push(
            Severity::Error,
            1,
            column,
            field,
            format!("missing column{why}"),
            Some(hint),
        );
    }
    // A misspelled required column already has its error; other unknown columns are kept.
    for column in unknown.iter().filter(|c| !misspelled.contains(&c.column)) {
        let hint = match check.suggest(&column.name, &KNOWN_FIELDS) {
            Some(field) => format!("did you mean `{field}`?"),
            None => format!("known fields: {}", KNOWN_FIELDS.join(", ")),
        };
        check.push(
            Severity::Warning,
            column.line,
            Some(column.column),
            &column.name,
            "unknown column, kept as is but not used".into(),
            Some(hint),
        );
    }
}

fn expected(field: &str) -> &'static str {
    match field {
        "service" => "the service's name or catalog key, e.g. `GitHub`",
        "capability" => "what the service is used for, e.g. `ticketing`",
        "criticality" => "critical, high, medium or low",
        "fallback" => "none, manual, or the name of another service",
        _ => "a value",
    }
}

type Missing<'m> = dyn Fn(&mut Checker, &str, &str) + 'm;

/// Capability, criticality and fallback; a fallback naming a service is resolved in pass two.
/// `cells` are capability, criticality and fallback.
pub(super) fn read_usage(
    check: &mut Checker,
    cells: [Option<Cell>; 3],
    capability_text: Option<&str>,
    missing: &Missing,
) -> (Option<Usage>, Option<Cell>) {
    let [capability, criticality, fallback] = cells;
    for (field, cell) in [
        ("capability", &capability),
        ("criticality", &criticality),
        ("fallback", &fallback),
    ] {
        if cell.is_none() {
            missing(check, field, expected(field));
        }
    }
    if let (Some(cell), Some(text)) = (&capability, capability_text) {
        let vocabulary = super::catalog::Catalog::capabilities();
        if !vocabulary.contains(&text)
            && let Some(near) = check.suggest(text, vocabulary)
        {
            let message = format!(
                "`{}` is not in the capability vocabulary (custom capabilities are fine)",
                cell.value
            );
            check.push(
                Severity::Warning,
                cell.line,
                Some(cell.column),
                "capability",
                message,
                Some(format!("did you mean `{near}`?")),
            );
        }
    }
    let criticality = criticality.and_then(|cell| {
        let parsed = Criticality::parse(&cell.value);
        if parsed.is_none() {
            let names = Criticality::ALL.map(Criticality::as_str);
            let hint = check.suggest(&cell.value, &names).map_or_else(
                || "write one of critical, high, medium, low".into(),
                |s| format!("did you mean `{s}`?"),
            );
            check.error(
                &cell,
                "criticality",
                format!(
                    "`{}` is not a criticality: expected critical, high, medium or low",
                    cell.value
                ),
                Some(hint),
            );
        }
        parsed
    });
    let (fallback, to_resolve) = match fallback {
        Some(cell) if cell.value.trim().eq_ignore_ascii_case("none") => {
            (Some(Fallback::None), None)
        }
        Some(cell) if cell.value.trim().eq_ignore_ascii_case("manual") => {
            (Some(Fallback::Manual), None)
        }
        Some(cell) => (None, Some(cell)),
        None => (None, None),
    };
    let usage = match (capability, criticality) {
        // A service fallback is filled in by pass two; `None` stands in until then.
        (Some(_), Some(crit)) => Some(Usage {
            capability: capability_text.unwrap_or_default().to_string(),
            criticality: crit,
            fallback: fallback.unwrap_or(Fallback::None),
        }),
        _ => None,
    };
    (usage, to_resolve)
}

pub(super) fn parse_platform(check: &mut Checker, cell: &Cell) -> Option<Platform> {
    let parsed = Platform::parse(&cell.value);
    if parsed.is_none() {
        let names = Platform::ALL.map(|p| p.as_str());
        let hint = check.suggest(&cell.value, &names).map_or_else(
            || format!("one of: {}", names.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        check.error(
            cell,
            "platform",
            format!("unknown platform `{}`", cell.value),
            Some(hint),
        );
    }
    parsed
}

/// `;`-separated hosts; a name close to a known host but not equal is probably a typo.
pub(super) fn parse_hosts(
    check: &mut Checker,
    index: &CatalogIndex,
    cell: &Cell,
    vendor: &str,
) -> Vec<super::Host> {
    let mut hosts = Vec::new();
    for written in cell
        .value
        .split(';')
        .map(str::trim)
        .filter(|h| !h.is_empty())
    {
        let (host, unknown) = index.host(written, vendor);
        if unknown
            && let Some(near) = did_you_mean(
                written,
                index
                    .host_names()
                    .iter()
                    .copied()
                    .chain([fields::OWN_DATA_CENTERS]),
            )
        {
            let message =
                format!("`{written}` is not a host planb knows; it is counted as a separate host");
            check.push(
                Severity::Warning,
                cell.line,
                Some(cell.column),
                "runs_on",
                message,
                Some(format!("did you mean `{near}`?")),
            );
        }
        hosts.push(host);
    }
    fields::dedup(hosts)
}
