//! CSV and TOML inventories read into the same raw rows: a field map with positions.
//! Validation happens afterwards, on these rows, so both formats report alike.

use std::collections::BTreeMap;
use std::path::Path;

use super::problems::{Problem, Severity};

/// One field's value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub value: String,
    pub line: usize,
    pub column: usize,
}

/// One inventory entry before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    pub cells: BTreeMap<String, Cell>,
}

fn problem(file: &Path, line: usize, column: Option<usize>, field: &str, message: String, hint: Option<String>) -> Problem {
    Problem { severity: Severity::Error, file: file.to_path_buf(), line, column, field: field.to_string(), message, hint }
}

pub fn read_csv(file: &Path, text: &str) -> Result<Vec<RawRow>, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![problem(file, 1, None, "", "the file is empty".into(), Some("add a header line such as `service,status_url,platform` and one row per service".into()))]);
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
        Err(e) => return Err(vec![problem(file, 1, None, "", format!("unreadable header: {e}"), None)]),
    };
    let mut problems = Vec::new();
    let mut seen = BTreeMap::new();
    for (index, name) in headers.iter().enumerate() {
        if let Some(first) = seen.insert(name.clone(), index) {
            problems.push(problem(file, 1, Some(index + 1), name, format!("column appears twice (columns {} and {})", first + 1, index + 1), Some("keep one".into())));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.push(problem(file, line, None, "", format!("unreadable row: {e}"), Some("check quotes: a field with a comma must be wrapped in double quotes".into())));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        if record.len() > headers.len() {
            problems.push(problem(file, line, Some(headers.len() + 1), "", format!("{} fields but the header names {}", record.len(), headers.len()), Some("wrap values that contain commas in double quotes".into())));
            continue;
        }
        let cells = headers
            .iter()
            .zip(record.iter())
            .enumerate()
            .filter(|(_, (_, v))| !v.is_empty())
            .map(|(i, (h, v))| (h.clone(), Cell { value: v.to_string(), line, column: i + 1 }))
            .collect();
        rows.push(RawRow { line, cells });
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

/// `[[service]]` tables; each key is a field.
pub fn read_toml(file: &Path, text: &str) -> Result<Vec<RawRow>, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let position = |offset: usize| {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    };
    let hint = Some("write one `[[service]]` table per service: a `[[service]]` line, then `service = \"GitHub\"`".to_string());
    type Tables = Vec<toml::Spanned<BTreeMap<String, toml::Spanned<toml::Value>>>>;
    let document: BTreeMap<String, Tables> = match toml::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            let (line, column) = e.span().map_or((1, 1), |s| position(s.start));
            return Err(vec![problem(file, line, Some(column), "", format!("invalid TOML: {}", e.message().trim()), hint)]);
        }
    };
    let Some(tables) = document.get("service").cloned() else {
        return Err(vec![problem(file, 1, None, "service", "no `[[service]]` tables".into(), hint)]);
    };
    let mut rows = Vec::with_capacity(tables.len());
    let mut problems = Vec::new();
    for table in tables {
        let (line, _) = position(table.span().start);
        let mut cells = BTreeMap::new();
        for (key, value) in table.into_inner() {
            let (vline, vcol) = position(value.span().start);
            let text = match value.into_inner() {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                toml::Value::Array(items) => items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string)).collect::<Vec<_>>().join(";"),
                other => {
                    problems.push(problem(file, vline, Some(vcol), &key, format!("expected text, found {}", other.type_str()), None));
                    continue;
                }
            };
            let text = text.trim().to_string();
            if !text.is_empty() {
                cells.insert(key.to_ascii_lowercase(), Cell { value: text, line: vline, column: vcol });
            }
        }
        rows.push(RawRow { line, cells });
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}
