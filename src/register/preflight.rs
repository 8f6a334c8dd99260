//! The blocking rules over built tables: 805 (empty primary key), 806 (duplicate
//! primary key), 807 (a foreign key without its parent row), and 808 (filing indicators
//! against the tables present). Each problem names table, row, column and fix place.

use std::collections::{HashMap, HashSet};

use super::problem::{Problem, Rule, Severity};
use super::tables::Table;
use super::tables::schema::ALL_TEMPLATES;

/// Rules 805-807 on every table.
pub fn check_tables(tables: &[Table]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let keys: HashMap<(&str, usize), HashSet<&str>> = tables
        .iter()
        .flat_map(|t| {
            t.schema.key.iter().map(move |&c| {
                let values = t.rows.iter().map(|r| r.cells[c].value.as_str()).collect();
                ((t.schema.id, c), values)
            })
        })
        .collect();
    for table in tables {
        let schema = table.schema;
        let mut seen: HashMap<Vec<&str>, &str> = HashMap::new();
        for row in &table.rows {
            let problem = |rule, column: usize, message: String| Problem {
                also: Vec::new(),
                severity: Severity::Blocking,
                rule,
                table: schema.id,
                row: row.label.clone(),
                column: schema.column_label(column),
                message,
                fix: row.cells[column].fix.clone(),
            };
            let mut complete = true;
            for &c in schema.key {
                if row.cells[c].value.is_empty() {
                    complete = false;
                    problems.push(problem(
                        Rule::EmptyKey,
                        c,
                        "empty primary-key column".into(),
                    ));
                }
            }
            let key: Vec<&str> = schema
                .unique
                .iter()
                .map(|&c| row.cells[c].value.as_str())
                .collect();
            if complete {
                if let Some(first) = seen.get(&key) {
                    let message = format!(
                        "duplicate primary key ({}), also in row {first}",
                        key.join(", ")
                    );
                    problems.push(problem(Rule::DuplicateKey, schema.key[0], message));
                } else {
                    seen.insert(key, &row.label);
                }
            }
            for fk in schema.foreign {
                let value = row.cells[fk.column].value.as_str();
                let found = keys
                    .get(&(fk.table, fk.target))
                    .is_some_and(|values| values.contains(value));
                if !value.is_empty() && !found {
                    let message = format!("`{value}` has no row in {}", fk.table);
                    problems.push(problem(Rule::MissingParent, fk.column, message));
                }
            }
        }
    }
    problems
}

/// Rule 808: every template marked reported has its file, and no file is unreported.
/// `indicators` are (template ID, reported); `files` the table files in the package.
pub fn check_indicators(
    indicators: &[(String, bool)],
    files: &[String],
    fix: &super::problem::Fix,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut push = |template: &str, message: String| {
        problems.push(Problem {
            also: Vec::new(),
            severity: Severity::Blocking,
            rule: Rule::FilingIndicators,
            table: ALL_TEMPLATES
                .iter()
                .find(|t| **t == template)
                .copied()
                .unwrap_or(""),
            row: String::new(),
            column: String::new(),
            message,
            fix: fix.clone(),
        });
    };
    for (template, reported) in indicators {
        let file = format!("{}.csv", template.to_ascii_lowercase());
        let present = files.contains(&file);
        if *reported && !present {
            push(
                template,
                format!("{template} is marked reported but {file} is missing"),
            );
        }
        if !*reported && present {
            push(
                template,
                format!("{template} is marked not reported but {file} is present"),
            );
        }
    }
    for file in files {
        let known = indicators
            .iter()
            .any(|(t, _)| format!("{}.csv", t.to_ascii_lowercase()) == *file);
        if !known {
            push("", format!("{file} has no filing indicator"));
        }
    }
    problems
}

/// One problem per thing to fix: the same message with the same fix (an empty LEI, a
/// contract field used by ten B_02.02 rows) is one problem naming every cell it reaches.
pub fn dedupe(problems: Vec<Problem>) -> Vec<Problem> {
    type Key = (&'static str, std::path::PathBuf, usize, String, String);
    let mut first: HashMap<Key, usize> = HashMap::new();
    let mut repeats: Vec<usize> = Vec::new();
    let mut out: Vec<Problem> = Vec::new();
    for p in problems {
        let key = (
            p.rule.label(),
            p.fix.file.clone(),
            p.fix.line,
            p.message.clone(),
            p.fix.action.clone(),
        );
        match first.get(&key) {
            Some(&i) => {
                let place = format!(
                    "{} {}",
                    p.table,
                    p.column.split(' ').next().unwrap_or_default()
                );
                let same_cell = out[i].table == p.table && out[i].column == p.column;
                if same_cell {
                    repeats[i] += 1;
                } else if !out[i].also.contains(&place) {
                    out[i].also.push(place);
                }
            }
            None => {
                first.insert(key, out.len());
                out.push(p);
                repeats.push(0);
            }
        }
    }
    for (p, n) in out.iter_mut().zip(repeats) {
        if n > 0 {
            p.row = format!("{} (and {n} more)", p.row);
        }
    }
    out
}
