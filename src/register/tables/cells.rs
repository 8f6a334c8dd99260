//! Row building: each cell is filled from a register.toml field (checked against its
//! code list or format) or derived from the inventory, and remembers where a person
//! fixes it. Problems found on the way are collected, not thrown.

use std::path::Path;

use super::schema::Schema;
use super::{Cell, Row};
use crate::register::codes;
use crate::register::file::Field;
use crate::register::lei;
use crate::register::problem::{Fix, Problem, Rule, Severity};

/// How much an empty value matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A primary-key part: rule 805 reports it when the table is checked.
    Key,
    /// Mandatory in the ITS: a warning.
    Mandatory,
    Optional,
}

/// A register.toml field with the words to name it: its key and its entry
/// (`[[provider]] "Atlassian"`).
pub struct Source<'f> {
    pub field: &'f Field,
    pub key: &'static str,
    pub entry: &'f str,
}

pub struct RowBuilder<'p> {
    schema: &'static Schema,
    label: String,
    cells: Vec<Cell>,
    register: &'p Path,
    problems: &'p mut Vec<Problem>,
}

impl<'p> RowBuilder<'p> {
    pub fn new(
        schema: &'static Schema,
        label: String,
        register: &'p Path,
        problems: &'p mut Vec<Problem>,
    ) -> Self {
        Self {
            schema,
            label,
            cells: Vec::with_capacity(schema.columns.len()),
            register,
            problems,
        }
    }

    pub fn finish(self) -> Row {
        debug_assert_eq!(
            self.cells.len(),
            self.schema.columns.len(),
            "{}",
            self.schema.id
        );
        Row {
            label: self.label,
            cells: self.cells,
        }
    }

    fn fix(&self, source: &Source, hint: &str) -> Fix {
        Fix {
            file: self.register.to_path_buf(),
            line: source.field.line,
            action: format!("set `{}` in {}{hint}", source.key, source.entry),
        }
    }

    fn problem(&mut self, severity: Severity, rule: Rule, message: String, fix: Fix) {
        self.problems.push(Problem {
            severity,
            rule,
            table: self.schema.id,
            row: self.label.clone(),
            column: self.schema.column_label(self.cells.len()),
            message,
            fix,
            also: Vec::new(),
        });
    }

    /// A warning about the next cell: mandatory data planb filled in or could not find.
    pub fn warn(&mut self, message: String, fix: Fix) -> &mut Self {
        self.problem(Severity::Warning, Rule::Completeness, message, fix);
        self
    }

    /// A value planb derived, with where to change what it came from.
    pub fn derived(&mut self, value: impl Into<String>, fix: Fix) -> &mut Self {
        self.cells.push(Cell {
            value: value.into(),
            fix,
        });
        self
    }

    /// An Annex III service type planb derived or read (`S19`), as `eba_TA:S19`.
    pub fn service_type(&mut self, code: &str, fix: Fix) -> &mut Self {
        if codes::service_type(code).is_none() {
            let message = format!("`{code}` is not an Annex III ICT service type (S01..S19)");
            self.problem(Severity::Blocking, Rule::CodeList, message, fix.clone());
            return self.derived(code, fix);
        }
        self.derived(codes::service_type_qname(code), fix)
    }

    /// An empty cell nothing fills (optional columns planb has no data for).
    pub fn blank(&mut self, fix: Fix) -> &mut Self {
        self.derived("", fix)
    }

    /// Free text (names, references); `convert` turns valid text into the cell's value
    /// or says what is wrong with it.
    pub fn field(
        &mut self,
        source: &Source,
        need: Need,
        hint: &str,
        convert: impl Fn(&str) -> Result<String, String>,
    ) -> &mut Self {
        let fix = self.fix(source, hint);
        let text = source.field.value();
        let value = if text.is_empty() {
            if need == Need::Mandatory {
                let message = format!("empty: `{}` is mandatory in the register", source.key);
                self.problem(Severity::Warning, Rule::Completeness, message, fix.clone());
            }
            String::new()
        } else {
            match convert(text) {
                Ok(value) => value,
                Err(message) => {
                    self.problem(Severity::Blocking, Rule::CodeList, message, fix.clone());
                    text.to_string()
                }
            }
        };
        self.cells.push(Cell { value, fix });
        self
    }

    pub fn text(&mut self, source: &Source, need: Need) -> &mut Self {
        self.field(source, need, "", |t| {
            if t.chars().any(char::is_control) {
                Err("contains control characters".into())
            } else {
                Ok(t.to_string())
            }
        })
    }

    pub fn country(&mut self, source: &Source, need: Need) -> &mut Self {
        self.field(
            source,
            need,
            " (ISO 3166 alpha-2, e.g. IE; n/a when it does not apply)",
            |t| {
                codes::country_qname(t).ok_or_else(|| {
                    format!("`{t}` is not an ISO 3166 alpha-2 country code (e.g. DE, IE, US)")
                })
            },
        )
    }

    pub fn currency(&mut self, source: &Source, need: Need) -> &mut Self {
        self.field(source, need, " (ISO 4217, e.g. EUR)", |t| {
            if codes::is_currency(t) {
                Ok(codes::currency_qname(t))
            } else {
                Err(format!(
                    "`{t}` is not an ISO 4217 currency code (e.g. EUR, USD)"
                ))
            }
        })
    }

    pub fn date(&mut self, source: &Source, need: Need) -> &mut Self {
        self.field(source, need, " (YYYY-MM-DD)", |t| {
            if codes::is_date(t) {
                Ok(t.to_string())
            } else {
                Err(format!("`{t}` is not a date written YYYY-MM-DD"))
            }
        })
    }

    /// A non-negative amount or number of hours; `whole` for days.
    pub fn number(&mut self, source: &Source, need: Need, whole: bool) -> &mut Self {
        self.field(source, need, "", move |t| number(t, whole))
    }

    /// An identification code of `code_type` (B_05.01 c0010, c0110): LEIs must pass
    /// their check digits; other types must at least be printable.
    pub fn code(&mut self, source: &Source, code_type: &Field, need: Need) -> &mut Self {
        let is_lei = code_type.value() == "LEI";
        self.field(source, need, "", move |t| {
            if is_lei {
                lei::check(t)
                    .map(|()| t.to_string())
                    .map_err(|e| format!("`{t}` is not a valid LEI: {e}"))
            } else if t.chars().any(|c| c.is_control() || c.is_whitespace()) {
                Err(format!("`{t}` contains spaces or control characters"))
            } else {
                Ok(t.to_string())
            }
        })
    }

    /// A provider's identifier: its code (`need`) and the code's type (always mandatory),
    /// both from the provider's entry in register.toml.
    pub fn provider_id(
        &mut self,
        code: &Field,
        code_type: &Field,
        entry: &str,
        need: Need,
    ) -> &mut Self {
        let source = |field, key| Source { field, key, entry };
        self.code(&source(code, "code"), code_type, need)
            .code_type(&source(code_type, "code_type"), Need::Mandatory)
    }

    pub fn code_type(&mut self, source: &Source, need: Need) -> &mut Self {
        self.field(source, need, " (LEI, EUID, or e.g. DE_VAT)", |t| {
            codes::check_code_type(t).map(|()| t.to_string())
        })
    }

    pub fn lei(&mut self, source: &Source, need: Need) -> &mut Self {
        self.field(source, need, " (the 20-character LEI)", |t| {
            lei::check(t)
                .map(|()| t.to_string())
                .map_err(|e| format!("`{t}` is not a valid LEI: {e}"))
        })
    }

    pub fn boolean(&mut self, source: &Source, need: Need) -> &mut Self {
        self.field(source, need, " (true or false)", |t| match t {
            "true" | "yes" => Ok("true".into()),
            "false" | "no" => Ok("false".into()),
            _ => Err(format!("`{t}` is not true or false")),
        })
    }
}

/// A non-negative decimal (or whole) number as the CSV writes it.
pub fn number(text: &str, whole: bool) -> Result<String, String> {
    let ok = if whole {
        !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
    } else {
        text.parse::<f64>().is_ok_and(|v| v.is_finite() && v >= 0.0)
            && text.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    if ok {
        Ok(text.to_string())
    } else if whole {
        Err(format!("`{text}` is not a whole number ≥ 0"))
    } else {
        Err(format!(
            "`{text}` is not a number ≥ 0 (digits and one `.`, no units or separators)"
        ))
    }
}
