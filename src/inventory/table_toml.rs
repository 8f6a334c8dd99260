//! TOML inventories (`[[service]]` tables) into the same raw table as CSV, every value
//! with its line and character column.

use std::path::Path;

use super::problems::Problem;
use super::table::{Cell, Column, Format, Positions, RawRow, RawTable, column_name, problem};

/// `[[service]]` tables; each key is a field. Arrays (`runs_on = ["AWS", "GCP"]`) are
/// joined with `;`, the CSV separator for lists. Parsed with spans kept, so every
/// problem points at the line and column of the value.
pub fn read_toml(file: &Path, text: &str) -> Result<RawTable, Vec<Problem>> {
    use toml::de::{DeTable, DeValue};
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let positions = Positions::new(text);
    let hint = Some("write one `[[service]]` table per service: a `[[service]]` line, then `service = \"GitHub\"`".to_string());
    if text.trim().is_empty() {
        return Err(vec![problem(
            file,
            1,
            None,
            "",
            "the file is empty".into(),
            hint,
        )]);
    }
    let document = match DeTable::parse(text) {
        Ok(doc) => doc.into_inner(),
        Err(e) => {
            let (line, column) = e.span().map_or((1, 1), |s| positions.at(s.start));
            return Err(vec![problem(
                file,
                line,
                Some(column),
                "",
                format!("invalid TOML: {}", e.message().trim()),
                hint,
            )]);
        }
    };
    let mut problems = Vec::new();
    let mut services = None;
    for (key, value) in &document {
        let (line, column) = positions.at(key.span().start);
        let name: &str = key.get_ref();
        match (name, value.get_ref()) {
            ("service", DeValue::Array(tables)) => services = Some(tables),
            ("service", other) => problems.push(problem(
                file,
                line,
                Some(column),
                "service",
                format!(
                    "`service` must be an array of tables (`[[service]]`), found {}",
                    other.type_str()
                ),
                hint.clone(),
            )),
            (name, _) => problems.push(problem(
                file,
                line,
                Some(column),
                name,
                format!("unexpected top-level key `{name}`"),
                hint.clone(),
            )),
        }
    }
    let Some(services) = services else {
        if problems.is_empty() {
            problems.push(problem(
                file,
                1,
                None,
                "service",
                "no `[[service]]` tables".into(),
                hint,
            ));
        }
        return Err(problems);
    };
    let mut rows = Vec::with_capacity(services.len());
    let mut columns: Vec<Column> = Vec::new();
    for table in services.iter() {
        let (line, column) = positions.at(table.span().start);
        let DeValue::Table(table) = table.get_ref() else {
            problems.push(problem(
                file,
                line,
                Some(column),
                "service",
                format!(
                    "expected a `[[service]]` table, found {}",
                    table.get_ref().type_str()
                ),
                hint.clone(),
            ));
            continue;
        };
        let mut cells: Vec<Option<Cell>> = Vec::new();
        for (key, value) in table {
            let (vline, vcol) = positions.at(value.span().start);
            let key = column_name(key.get_ref());
            let text = match cell_text(value.get_ref()) {
                Ok(text) => text,
                Err(found) => {
                    problems.push(problem(
                        file,
                        vline,
                        Some(vcol),
                        &key,
                        format!("expected text, found {found}"),
                        None,
                    ));
                    continue;
                }
            };
            let index = columns
                .iter()
                .position(|c| c.name == key)
                .unwrap_or_else(|| {
                    columns.push(Column {
                        name: key.clone(),
                        line: vline,
                        column: vcol,
                    });
                    columns.len() - 1
                });
            let text = text.trim().to_string();
            if !text.is_empty() {
                if cells.len() <= index {
                    cells.resize(index + 1, None);
                }
                cells[index] = Some(Cell {
                    value: text,
                    line: vline,
                    column: vcol,
                });
            }
        }
        rows.push(RawRow { line, cells });
    }
    if problems.is_empty() {
        Ok(RawTable {
            format: Format::Toml,
            columns,
            rows,
        })
    } else {
        Err(problems)
    }
}

/// A value as cell text (an array of strings joined with `;`), or the type it has instead.
fn cell_text(value: &toml::de::DeValue) -> Result<String, &'static str> {
    use toml::de::DeValue;
    Ok(match value {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) => i.as_str().to_string(),
        DeValue::Float(f) => f.as_str().to_string(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Array(items) => items
            .iter()
            .map(|i| {
                i.get_ref()
                    .as_str()
                    .map_or_else(|| i.get_ref().type_str().to_string(), str::to_string)
            })
            .collect::<Vec<_>>()
            .join(";"),
        other => return Err(other.type_str()),
    })
}
