//! CSV and TOML inventories read into the same raw table: named columns and rows of
//! positioned cells. Validation happens afterwards, on this table, so both formats
//! report alike. In CSV a cell's column is its field number (the spreadsheet column);
//! in TOML it is the character column of the value.

use std::path::Path;

use super::problems::{Problem, Severity};
use super::quotes;

/// The fields planb reads (column names as `column_name` spells them).
pub(super) const KNOWN_FIELDS: [&str; 11] = [
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
/// The fields that describe a use: all or none.
pub(super) const USAGE_FIELDS: [&str; 3] = ["capability", "criticality", "fallback"];

/// One field's value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub value: String,
    pub line: usize,
    pub column: usize,
}

/// One inventory entry before validation: cells by column index (`RawTable::columns`),
/// `None` where empty. In TOML a row may be shorter than the columns found after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<Option<Cell>>,
}

impl RawRow {
    /// Takes the cell of column `index`, if any.
    pub fn take(&mut self, index: Option<usize>) -> Option<Cell> {
        index
            .and_then(|i| self.cells.get_mut(i))
            .and_then(Option::take)
    }
}

/// A column (CSV header field, or the first use of a TOML key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Lowercase, spaces and dashes as `_`.
    pub name: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Toml,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    pub format: Format,
    pub columns: Vec<Column>,
    pub rows: Vec<RawRow>,
}

impl RawTable {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Index of the first column with this name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

pub(super) fn problem(
    file: &Path,
    line: usize,
    column: Option<usize>,
    field: &str,
    message: String,
    hint: Option<String>,
) -> Problem {
    Problem {
        severity: Severity::Error,
        file: file.to_path_buf(),
        line,
        column,
        field: field.to_string(),
        message,
        hint,
    }
}

/// "Status URL", "runs-on" and "RTO_hours" all name the same fields as the documented spelling.
pub(super) fn column_name(header: &str) -> String {
    header.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

pub fn read_csv(file: &Path, text: &str) -> Result<RawTable, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![problem(
            file,
            1,
            None,
            "",
            "the file is empty".into(),
            Some("add a header line such as `service,capability,criticality,fallback` and one row per service".into()),
        )]);
    }
    let positions = Positions::new(text);
    // The reader's own line count is one short after CRLF (a record "starts" at the `\n`
    // that ends the previous one), so lines come from byte offsets instead.
    let line_at = |byte: u64| {
        let start = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        let skipped = text.as_bytes().get(start..).map_or(0, |rest| {
            rest.iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count()
        });
        positions.at(start + skipped).0
    };
    // Fields are trimmed here rather than by the reader, whose trim rebuilds every record.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(column_name).collect(),
        Err(e) => {
            return Err(vec![problem(
                file,
                1,
                None,
                "",
                format!("unreadable header: {e}"),
                None,
            )]);
        }
    };
    let mut problems = Vec::new();
    let columns = header_columns(file, &headers, &mut problems);
    // A quote never closed: said once, where it opened.
    let unclosed = quotes::unclosed_quote(text).map(|(offset, field)| {
        let name = headers.get(field).map_or("", String::as_str);
        let (line, _) = positions.at(offset);
        let (last, _) = positions.at(text.trim_end().len());
        problems.push(quotes::never_closed(file, line, last, field + 1, name));
        (line, field)
    });
    let mut rows = Vec::new();
    // One record reused for every row: a fresh allocation per row is most of the cost.
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                problems.push(problem(
                    file,
                    line,
                    None,
                    "",
                    format!("unreadable row: {e}"),
                    Some(
                        "check quotes: a field with a comma must be wrapped in double quotes"
                            .into(),
                    ),
                ));
                continue;
            }
        }
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if swallowed_rows(file, &headers, &record, line, unclosed, &mut problems) {
            continue;
        }
        if record.len() > headers.len() {
            let hint = "wrap values that contain commas in double quotes";
            problems.push(problem(
                file,
                line,
                Some(headers.len() + 1),
                "",
                format!(
                    "{} fields but the header names {}",
                    record.len(),
                    headers.len()
                ),
                Some(hint.into()),
            ));
            continue;
        }
        let cells = headers
            .iter()
            .zip(record.iter())
            .enumerate()
            .map(|(i, (h, v))| {
                let v = v.trim();
                (!v.is_empty() && !h.is_empty()).then(|| Cell {
                    value: v.to_string(),
                    line,
                    column: i + 1,
                })
            })
            .collect();
        rows.push(RawRow { line, cells });
    }
    if problems.is_empty() {
        Ok(RawTable {
            format: Format::Csv,
            columns,
            rows,
        })
    } else {
        Err(problems)
    }
}

/// The header's columns; an empty or repeated name is a problem at line 1.
fn header_columns(file: &Path, headers: &[String], problems: &mut Vec<Problem>) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::with_capacity(headers.len());
    for (index, name) in headers.iter().enumerate() {
        if name.is_empty() {
            problems.push(problem(
                file,
                1,
                Some(index + 1),
                "",
                "empty column name".into(),
                Some("name the column or delete it".into()),
            ));
        } else if let Some(first) = columns.iter().find(|c| c.name == *name) {
            problems.push(problem(
                file,
                1,
                Some(index + 1),
                name,
                format!(
                    "column appears twice (columns {} and {})",
                    first.column,
                    index + 1
                ),
                Some("keep one".into()),
            ));
        }
        columns.push(Column {
            name: name.clone(),
            line: 1,
            column: index + 1,
        });
    }
    columns
}

/// Whether a value of `record` runs over several lines where it should not: a quote
/// swallowed the rows after it. Reported (unless it is the quote never closed, already
/// reported), and the record is not read as a row.
fn swallowed_rows(
    file: &Path,
    headers: &[String],
    record: &csv::StringRecord,
    line: usize,
    unclosed: Option<(usize, usize)>,
    problems: &mut Vec<Problem>,
) -> bool {
    let mut field_line = line;
    for (i, value) in record.iter().enumerate() {
        if !value.contains('\n') {
            continue;
        }
        if unclosed == Some((field_line, i)) {
            return true;
        }
        let name = headers.get(i).map_or("", String::as_str);
        if name != "notes" && KNOWN_FIELDS.contains(&name) {
            problems.push(quotes::runs_over_lines(
                file,
                field_line,
                i + 1,
                name,
                value,
            ));
            return true;
        }
        field_line += value.matches('\n').count();
    }
    false
}

/// Line starts, so an offset maps to line and column by binary search (a linear scan
/// per value would make large files quadratic).
pub(super) struct Positions<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Positions<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, line_starts }
    }

    pub(super) fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let index = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(index).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (index + 1, column)
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
