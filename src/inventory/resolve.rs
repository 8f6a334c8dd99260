//! Validation and resolution of a raw table into inventory rows. Every problem is
//! collected (file, line, column, field, what was expected, a suggestion) and reported at
//! once. Pass one reads each row against the catalog; pass two resolves what refers to
//! other rows (fallbacks, hosts named after inventory services) and finds duplicates.

use std::collections::BTreeMap;
use std::path::Path;

use super::catalog::Catalog;
use super::cells::{check_columns, parse_hosts, parse_platform, read_usage};
use super::fields::{self, CatalogIndex};
use super::links::link_rows;
use super::problems::{InventoryError, Severity};
use super::table::{Cell, Column, Format, RawRow, RawTable};
use super::{Inventory, InventoryKind, InventoryRow, Origin, normalize};
use crate::fetch::http::guard;

use super::checker::{Checker, Pending, SUGGESTION_BUDGET};
use super::table::{KNOWN_FIELDS, USAGE_FIELDS};

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
    let reader = RowReader {
        index: &index,
        slots,
        columns: &columns,
        format,
        kind,
    };
    let pending: Vec<Pending> = (raw_rows.into_iter())
        .filter_map(|raw| reader.row(&mut check, raw))
        .collect();
    let rows = link_rows(
        &mut check,
        &index,
        pending,
        kind == InventoryKind::SourcesOnly,
    );
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

/// Pass one: what a row says, read against the catalog.
struct RowReader<'a> {
    index: &'a CatalogIndex<'a>,
    slots: Slots,
    columns: &'a [Column],
    format: Format,
    kind: InventoryKind,
}

impl RowReader<'_> {
    /// An empty required cell. A missing column was reported once already; in CSV an
    /// empty cell has a column, in TOML a missing key has only its table's line.
    fn missing(&self, check: &mut Checker, line: usize, field: &str, expected: &str) {
        if let Some(column) = self.columns.iter().find(|c| c.name == field) {
            let at = (self.format == Format::Csv).then_some(column.column);
            check.push(
                Severity::Error,
                line,
                at,
                field,
                format!("missing: expected {expected}"),
                None,
            );
        }
    }

    /// The row, or `None` when it names no service (reported).
    fn row(&self, check: &mut Checker, mut raw: RawRow) -> Option<Pending> {
        let (index, slots, line) = (self.index, &self.slots, raw.line);
        let missing = |check: &mut Checker, field: &str, expected: &str| {
            self.missing(check, line, field, expected);
        };
        let Some(service) = raw.take(slots.get(SERVICE)) else {
            let expected = "the service's name or catalog key, e.g. `GitHub`";
            missing(check, "service", expected);
            return None;
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
            return None;
        }
        let mut overrides = Vec::new();
        let mut given =
            |cell: Option<Cell>, field: &'static str| cell.inspect(|_| overrides.push(field));
        let vendor = match given(raw.take(slots.get(VENDOR)), "vendor") {
            Some(cell) => index.vendor_spelling(cell.value.trim()),
            None => entry.map_or_else(|| service.value.clone(), |e| e.vendor.clone()),
        };
        let url_cell = given(raw.take(slots.get(STATUS_URL)), "status_url");
        let status_url = match &url_cell {
            Some(cell) => read_status_url(check, cell),
            None => entry.and_then(|e| e.status_url.clone()),
        };
        let platform_cell = given(raw.take(slots.get(PLATFORM)), "platform");
        let platform = match &platform_cell {
            Some(cell) => parse_platform(check, cell),
            None if url_cell.is_some() => status_url
                .as_deref()
                .and_then(fields::platform_from_url)
                .or(entry.and_then(|e| e.platform)),
            None => entry.and_then(|e| e.platform),
        };
        // A URL without a platform is no mistake: `pull` and `inventory check` ask the page.
        let platform_name = if url_cell.is_none() && platform_cell.is_none() {
            entry.and_then(|e| e.platform_name.clone())
        } else {
            None
        };
        let (hosts, hosts_basis) = match given(raw.take(slots.get(RUNS_ON)), "runs_on") {
            Some(cell) => (
                parse_hosts(check, index, &cell, &vendor),
                Some("inventory".to_string()),
            ),
            None => entry.map_or((Vec::new(), None), |e| {
                (index.catalog_hosts(e, &vendor), e.hosts_basis.clone())
            }),
        };
        let rto_hours = match given(raw.take(slots.get(RTO_HOURS)), "rto_hours") {
            Some(cell) => read_rto(check, &cell),
            None => entry.and_then(|e| e.rto_hours),
        };
        if entry.is_none() && status_url.is_none() {
            warn_no_history(check, index, &service);
        }
        let cells = [
            raw.take(slots.get(CAPABILITY)),
            raw.take(slots.get(CRITICALITY)),
            raw.take(slots.get(FALLBACK)),
        ];
        let capability = cells[0].as_ref().map(|c| fields::capability_text(&c.value));
        let (usage, fallback) = match self.kind {
            InventoryKind::Exposure => read_usage(check, cells, capability.as_deref(), &missing),
            InventoryKind::SourcesOnly => (None, None),
        };
        let origin = entry.map_or(Origin::Inventory, |e| Origin::Catalog {
            key: e.key.clone(),
            overrides,
        });
        let owner = raw.take(slots.get(OWNER)).map(|c| c.value);
        let notes = raw.take(slots.get(NOTES)).map(|c| c.value);
        let row = InventoryRow {
            line,
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
            rpo_hours: entry.and_then(|e| e.rpo_hours),
            owner,
            notes,
            origin,
            other: other_cells(raw, self.columns),
        };
        Some(Pending {
            row,
            normalized,
            service_column: service.column,
            capability,
            fallback,
        })
    }
}

/// A `status_url` cell: an http(s) URL that is not link-local or cloud metadata.
fn read_status_url(check: &mut Checker, cell: &Cell) -> Option<String> {
    let url = fields::status_url(&cell.value);
    if url.is_none() {
        let hint = "write the status page's base URL, e.g. `https://www.githubstatus.com`";
        check.error(
            cell,
            "status_url",
            format!("`{}` is not an http(s) URL", cell.value),
            Some(hint.into()),
        );
    }
    // Link-local and cloud metadata addresses are never status pages (SSRF).
    if let Some(Err(refused)) = url.as_deref().map(guard::check_url_text) {
        let hint = "write the status page's own URL; hosts on private networks (10.x, 192.168.x, localhost) are fine";
        check.error(
            cell,
            "status_url",
            format!("`{}`: {refused}; planb does not fetch it", cell.value),
            Some(hint.into()),
        );
    }
    url
}

fn read_rto(check: &mut Checker, cell: &Cell) -> Option<f64> {
    let hours = fields::hours(&cell.value);
    if hours.is_none() {
        check.error(
            cell,
            "rto_hours",
            format!("`{}` is not a number of hours", cell.value),
            Some("write hours as a number ≥ 0, e.g. `6` or `0.5`".into()),
        );
    }
    hours
}

/// A service outside the catalog with no status URL: allowed, but it will have no history.
fn warn_no_history(check: &mut Checker, index: &CatalogIndex, service: &Cell) {
    let hint = match check.suggest(&service.value, index.names()) {
        Some(name) => {
            format!(
                "did you mean the catalog's `{name}`? otherwise add its status_url and platform"
            )
        }
        None => {
            "add its status_url and platform; `planb catalog list` shows the services planb knows"
                .into()
        }
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

/// Cells of columns planb does not use, kept by column name.
fn other_cells(raw: RawRow, columns: &[Column]) -> BTreeMap<String, String> {
    if raw.cells.iter().all(Option::is_none) {
        return BTreeMap::new();
    }
    (raw.cells.into_iter().zip(columns))
        .filter_map(|(c, column)| c.map(|c| (column.name.clone(), c.value)))
        .collect()
}
