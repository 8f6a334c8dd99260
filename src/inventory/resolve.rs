//! Validation and resolution of a raw table into inventory rows. Every problem is
//! collected (file, line, column, field, what was expected, a suggestion) and reported at
//! once. Pass one reads each row against the catalog; pass two resolves what refers to
//! other rows (fallbacks, hosts named after inventory services) and finds duplicates.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::catalog::Catalog;
use super::fields::{self, CatalogIndex};
use super::problems::{InventoryError, Problem, Severity, did_you_mean};
use super::table::{Cell, Format, RawTable};
use super::{
    Criticality, Fallback, FallbackService, Inventory, InventoryKind, InventoryRow, Origin, Usage,
    normalize,
};
use crate::model::Platform;

const KNOWN_FIELDS: [&str; 11] = [
    "service",
    "capability",
    "criticality",
    "fallback",
    "vendor",
    "status_url",
    "platform",
    "runs_on",
    "rto_hours",
    "owner",
    "notes",
];
const USAGE_FIELDS: [&str; 3] = ["capability", "criticality", "fallback"];
/// Did-you-mean searches over long candidate lists stop after this many, so a file with
/// 100,000 unknown names still validates quickly; short lists are always searched.
const SUGGESTION_BUDGET: usize = 50;
const SHORT_LIST: usize = 16;

/// Column index of each of `KNOWN_FIELDS`, found once rather than per row.
struct Slots([Option<usize>; KNOWN_FIELDS.len()]);

impl Slots {
    /// `field` is a position in `KNOWN_FIELDS` (the constants below).
    fn get(&self, field: usize) -> Option<usize> {
        self.0.get(field).copied().flatten()
    }
}

const SERVICE: usize = 0;
const CAPABILITY: usize = 1;
const CRITICALITY: usize = 2;
const FALLBACK: usize = 3;
const VENDOR: usize = 4;
const STATUS_URL: usize = 5;
const PLATFORM: usize = 6;
const RUNS_ON: usize = 7;
const RTO_HOURS: usize = 8;
const OWNER: usize = 9;
const NOTES: usize = 10;

struct Checker<'a> {
    path: &'a Path,
    problems: Vec<Problem>,
    suggestions_left: usize,
}

impl Checker<'_> {
    fn push(
        &mut self,
        severity: Severity,
        line: usize,
        column: Option<usize>,
        field: &str,
        message: String,
        hint: Option<String>,
    ) {
        self.problems.push(Problem {
            severity,
            file: self.path.to_path_buf(),
            line,
            column,
            field: field.to_string(),
            message,
            hint,
        });
    }

    fn error(&mut self, cell: &Cell, field: &str, message: String, hint: Option<String>) {
        self.push(
            Severity::Error,
            cell.line,
            Some(cell.column),
            field,
            message,
            hint,
        );
    }

    fn suggest<'c>(&mut self, input: &str, candidates: &[&'c str]) -> Option<&'c str> {
        if candidates.len() > SHORT_LIST {
            if self.suggestions_left == 0 {
                return None;
            }
            self.suggestions_left -= 1;
        }
        did_you_mean(input, candidates.iter().copied())
    }
}

/// A row after pass one; the fallback still names a service to find.
struct Pending {
    row: InventoryRow,
    /// The service name as written, normalized.
    normalized: String,
    service_column: usize,
    /// As written, even when the row's criticality is invalid (duplicates are still found).
    capability: Option<String>,
    fallback: Option<Cell>,
}

pub(super) fn resolve(
    path: &Path,
    table: RawTable,
    catalog: &Catalog,
) -> Result<Inventory, InventoryError> {
    let index = CatalogIndex::new(catalog);
    let mut check = Checker {
        path,
        problems: Vec::new(),
        suggestions_left: SUGGESTION_BUDGET,
    };
    let kind = if USAGE_FIELDS.iter().any(|f| table.column(f).is_some()) {
        InventoryKind::Exposure
    } else {
        InventoryKind::SourcesOnly
    };
    check_columns(&mut check, &table, kind);
    if table.rows.is_empty() {
        check.push(
            Severity::Error,
            1,
            None,
            "",
            "no services listed".into(),
            Some("add one row per service under the header".into()),
        );
    }
    let slots = Slots(KNOWN_FIELDS.map(|f| table.index(f)));
    let RawTable {
        format,
        columns,
        rows: raw_rows,
    } = table;
    // In CSV an empty cell has a column; in TOML a missing key has only its table's line.
    let column_of = |name: &str| columns.iter().find(|c| c.name == name).map(|c| c.column);
    let mut pending = Vec::with_capacity(raw_rows.len());
    for mut raw in raw_rows {
        let line = raw.line;
        let missing = |check: &mut Checker, field: &str, expected: &str| {
            // A missing column was reported once already; each row reports only empty cells.
            if let Some(column) = column_of(field) {
                let at = (format == Format::Csv).then_some(column);
                check.push(
                    Severity::Error,
                    line,
                    at,
                    field,
                    format!("missing: expected {expected}"),
                    None,
                );
            }
        };
        let Some(service) = raw.take(slots.get(SERVICE)) else {
            missing(
                &mut check,
                "service",
                "the service's name or catalog key, e.g. `GitHub`",
            );
            continue;
        };
        let normalized = normalize(&service.value);
        let entry = index.lookup_normalized(&normalized);
        let key = entry.map_or_else(|| normalized.clone(), |e| e.key.clone());
        if key.is_empty() {
            check.error(
                &service,
                "service",
                format!("`{}` has no letters or digits", service.value),
                Some("name the service, e.g. `GitHub`".into()),
            );
            continue;
        }
        let mut overrides = Vec::new();
        let vendor = match raw.take(slots.get(VENDOR)) {
            Some(cell) => {
                overrides.push("vendor");
                index.vendor_spelling(cell.value.trim())
            }
            None => entry.map_or_else(|| service.value.clone(), |e| e.vendor.clone()),
        };
        let url_cell = raw.take(slots.get(STATUS_URL));
        let status_url = match &url_cell {
            Some(cell) => {
                overrides.push("status_url");
                let url = fields::status_url(&cell.value);
                if url.is_none() {
                    let hint =
                        "write the status page's base URL, e.g. `https://www.githubstatus.com`";
                    check.error(
                        cell,
                        "status_url",
                        format!("`{}` is not an http(s) URL", cell.value),
                        Some(hint.into()),
                    );
                }
                url
            }
            None => entry.and_then(|e| e.status_url.clone()),
        };
        let platform_cell = raw.take(slots.get(PLATFORM));
        let platform = match &platform_cell {
            Some(cell) => {
                overrides.push("platform");
                parse_platform(&mut check, cell)
            }
            None if url_cell.is_some() => status_url
                .as_deref()
                .and_then(fields::platform_from_url)
                .or(entry.and_then(|e| e.platform)),
            None => entry.and_then(|e| e.platform),
        };
        if url_cell.is_some()
            && status_url.is_some()
            && platform.is_none()
            && platform_cell.is_none()
        {
            let hint = "add a `platform` column: statuspage, incidentio, gcloud or slack";
            check.push(
                Severity::Error,
                raw.line,
                url_cell.as_ref().map(|c| c.column),
                "platform",
                "missing, and the URL does not tell".into(),
                Some(hint.into()),
            );
        }
        let platform_name = if url_cell.is_none() && platform_cell.is_none() {
            entry.and_then(|e| e.platform_name.clone())
        } else {
            None
        };
        let (hosts, hosts_basis) = match raw.take(slots.get(RUNS_ON)) {
            Some(cell) => {
                overrides.push("runs_on");
                (
                    parse_hosts(&mut check, &index, &cell, &vendor),
                    Some("inventory".to_string()),
                )
            }
            None => entry.map_or((Vec::new(), None), |e| {
                (index.catalog_hosts(e, &vendor), e.hosts_basis.clone())
            }),
        };
        let rto_hours = match raw.take(slots.get(RTO_HOURS)) {
            Some(cell) => {
                overrides.push("rto_hours");
                let hours = fields::hours(&cell.value);
                if hours.is_none() {
                    check.error(
                        &cell,
                        "rto_hours",
                        format!("`{}` is not a number of hours", cell.value),
                        Some("write hours as a number ≥ 0, e.g. `6` or `0.5`".into()),
                    );
                }
                hours
            }
            None => entry.and_then(|e| e.rto_hours),
        };
        if entry.is_none() && status_url.is_none() {
            let hint = match check.suggest(&service.value, index.names()) {
                Some(name) => format!("did you mean the catalog's `{name}`? otherwise add its status_url and platform"),
                None => "add its status_url and platform; `planb catalog list` shows the services planb knows".into(),
            };
            let message = format!(
                "`{}` is not in the catalog and has no status_url: it will have no history",
                service.value
            );
            check.push(
                Severity::Warning,
                service.line,
                Some(service.column),
                "service",
                message,
                Some(hint),
            );
        }
        let cells = [
            raw.take(slots.get(CAPABILITY)),
            raw.take(slots.get(CRITICALITY)),
            raw.take(slots.get(FALLBACK)),
        ];
        let capability = cells[0].as_ref().map(|c| fields::capability_text(&c.value));
        let (usage, fallback) = match kind {
            InventoryKind::Exposure => {
                read_usage(&mut check, cells, capability.as_deref(), &missing)
            }
            InventoryKind::SourcesOnly => (None, None),
        };
        let origin = entry.map_or(Origin::Inventory, |e| Origin::Catalog {
            key: e.key.clone(),
            overrides,
        });
        let owner = raw.take(slots.get(OWNER)).map(|c| c.value);
        let notes = raw.take(slots.get(NOTES)).map(|c| c.value);
        let other = if raw.cells.iter().all(Option::is_none) {
            BTreeMap::new()
        } else {
            raw.cells
                .into_iter()
                .zip(&columns)
                .filter_map(|(c, column)| c.map(|c| (column.name.clone(), c.value)))
                .collect()
        };
        let rpo_hours = entry.and_then(|e| e.rpo_hours);
        let row = InventoryRow {
            line: raw.line,
            service: service.value.clone(),
            key,
            usage,
            vendor,
            status_url,
            platform,
            platform_name,
            hosts,
            hosts_basis,
            rto_hours,
            rpo_hours,
            owner,
            notes,
            origin,
            other,
        };
        pending.push(Pending {
            row,
            normalized,
            service_column: service.column,
            capability,
            fallback,
        });
    }
    let rows = link_rows(&mut check, &index, pending);
    let Checker { mut problems, .. } = check;
    // Reported in file order, whichever pass found them.
    problems.sort_by_key(|p| (p.line, p.column));
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(InventoryError { problems });
    }
    Ok(Inventory {
        path: path.to_path_buf(),
        kind,
        rows,
        warnings: problems,
    })
}

/// Unknown columns are warnings (kept verbatim on the row); missing columns are errors.
fn check_columns(check: &mut Checker, table: &RawTable, kind: InventoryKind) {
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
fn read_usage(
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

fn parse_platform(check: &mut Checker, cell: &Cell) -> Option<Platform> {
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
fn parse_hosts(
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

/// Pass two: hosts and fallbacks that name inventory services, and duplicate rows.
fn link_rows(
    check: &mut Checker,
    index: &CatalogIndex,
    mut pending: Vec<Pending>,
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
    report_duplicates(check, &pending);
    pending.into_iter().map(|p| p.row).collect()
}

/// The same service listed twice for the same capability would count its weight twice.
fn report_duplicates(check: &mut Checker, pending: &[Pending]) {
    let mut first: HashMap<(&str, &str), usize> = HashMap::with_capacity(pending.len());
    for Pending {
        row,
        capability,
        service_column: column,
        ..
    } in pending
    {
        let Some(capability) = capability else {
            continue;
        };
        match first.get(&(row.key.as_str(), capability.as_str())) {
            Some(&line) => {
                let message = format!(
                    "duplicate row: `{}` for `{capability}` is already on line {line} (lines {line} and {})",
                    row.service, row.line
                );
                check.push(
                    Severity::Error,
                    row.line,
                    Some(*column),
                    "service",
                    message,
                    Some("delete one of the two rows, or give them different capabilities".into()),
                );
            }
            None => {
                first.insert((row.key.as_str(), capability.as_str()), row.line);
            }
        }
    }
}
