//! register.toml: what the register needs that planb cannot know (identifiers, legal
//! names, dates, amounts), read with the line of every value so each problem can say
//! where to fix it. Every value is kept as text; the checks decide what it must be.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::problem::{Fix, Problem, Rule, Severity};

/// register.toml files beyond this are refused rather than read into memory.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// One value as written, with its line (the table's line when the key is absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub line: usize,
    /// False when the key is absent.
    pub given: bool,
}

impl Field {
    pub fn value(&self) -> &str {
        self.text.trim()
    }

    pub fn is_empty(&self) -> bool {
        self.value().is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entity {
    pub line: usize,
    pub lei: Field,
    pub name: Field,
    pub country: Field,
    pub entity_type: Field,
    pub authority: Field,
    pub currency: Field,
    pub consolidated: Field,
    pub ref_date: Field,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderEntry {
    pub line: usize,
    /// As planb calls the vendor or host: the link to the inventory.
    pub name: Field,
    pub code: Field,
    pub code_type: Field,
    pub legal_name: Field,
    pub country: Field,
    pub currency: Field,
    pub annual_cost: Field,
    pub parent_code: Field,
    pub parent_code_type: Field,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContractEntry {
    pub line: usize,
    pub reference: Field,
    /// A `[[provider]]` name.
    pub provider: Field,
    pub start: Field,
    pub end: Field,
    pub annual_cost: Field,
    pub notice_days_entity: Field,
    pub notice_days_provider: Field,
    pub governing_law: Field,
    /// Annex III code; empty: S17 for cloud infrastructure, S19 otherwise.
    pub service_type: Field,
    pub provision_country: Field,
    pub stores_data: Field,
    pub data_location: Field,
    pub processing_location: Field,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionEntry {
    pub line: usize,
    pub id: Field,
    pub name: Field,
    /// The inventory capability this function is.
    pub capability: Field,
    pub licensed_activity: Field,
    pub critical: Field,
    pub rto_hours: Field,
    pub rpo_hours: Field,
    pub last_assessed: Field,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterFile {
    pub path: PathBuf,
    pub entity: Option<Entity>,
    pub providers: Vec<ProviderEntry>,
    pub contracts: Vec<ContractEntry>,
    pub functions: Vec<FunctionEntry>,
}

type Value = Option<Spanned<toml::Value>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    entity: Option<Spanned<RawEntity>>,
    #[serde(default)]
    provider: Vec<Spanned<RawProvider>>,
    #[serde(default)]
    contract: Vec<Spanned<RawContract>>,
    #[serde(default)]
    function: Vec<Spanned<RawFunction>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    lei: Value,
    name: Value,
    country: Value,
    entity_type: Value,
    authority: Value,
    currency: Value,
    consolidated: Value,
    ref_date: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvider {
    name: Value,
    code: Value,
    code_type: Value,
    legal_name: Value,
    country: Value,
    currency: Value,
    annual_cost: Value,
    parent_code: Value,
    parent_code_type: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContract {
    #[serde(rename = "ref")]
    reference: Value,
    provider: Value,
    start: Value,
    end: Value,
    annual_cost: Value,
    notice_days_entity: Value,
    notice_days_provider: Value,
    governing_law: Value,
    service_type: Value,
    provision_country: Value,
    stores_data: Value,
    data_location: Value,
    processing_location: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFunction {
    id: Value,
    name: Value,
    capability: Value,
    licensed_activity: Value,
    critical: Value,
    rto_hours: Value,
    rpo_hours: Value,
    last_assessed: Value,
}

/// Reads register.toml; an unreadable or malformed file is one problem with its line.
pub fn load(path: &Path) -> Result<RegisterFile, Vec<Problem>> {
    let fail =
        |message: String, action: &str| vec![file_problem(path, 0, message, action.to_string())];
    let size = std::fs::metadata(path)
        .map_err(|e| {
            fail(
                format!("cannot read: {e}"),
                "check the path, or create it with `planb register init`",
            )
        })?
        .len();
    if size > MAX_BYTES {
        return Err(fail(
            format!("{size} bytes is over the {MAX_BYTES}-byte limit"),
            "is this the register file?",
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| fail(format!("cannot read: {e}"), "check the permissions"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
            "save the file as UTF-8",
        )
    })?;
    parse(path, &text)
}

/// Parses register.toml text; `path` names it in problems.
pub fn parse(path: &Path, text: &str) -> Result<RegisterFile, Vec<Problem>> {
    let lines = LineIndex::new(text);
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| lines.line(s.start));
        let message = e.message().trim().replace('\n', " ");
        vec![file_problem(
            path,
            line,
            format!("not valid register TOML: {message}"),
            "correct the TOML at this line (keys are listed at the top of a file written by `planb register init`)".into(),
        )]
    })?;
    let mut problems = Vec::new();
    let mut read = |value: Value, key: &str, table_line: usize| {
        field(value, key, table_line, &lines, path, &mut problems)
    };
    let entity = raw.entity.map(|e| {
        let line = lines.line(e.span().start);
        let e = e.into_inner();
        Entity {
            line,
            lei: read(e.lei, "lei", line),
            name: read(e.name, "name", line),
            country: read(e.country, "country", line),
            entity_type: read(e.entity_type, "entity_type", line),
            authority: read(e.authority, "authority", line),
            currency: read(e.currency, "currency", line),
            consolidated: read(e.consolidated, "consolidated", line),
            ref_date: read(e.ref_date, "ref_date", line),
        }
    });
    let providers = raw
        .provider
        .into_iter()
        .map(|p| {
            let line = lines.line(p.span().start);
            let p = p.into_inner();
            ProviderEntry {
                line,
                name: read(p.name, "name", line),
                code: read(p.code, "code", line),
                code_type: read(p.code_type, "code_type", line),
                legal_name: read(p.legal_name, "legal_name", line),
                country: read(p.country, "country", line),
                currency: read(p.currency, "currency", line),
                annual_cost: read(p.annual_cost, "annual_cost", line),
                parent_code: read(p.parent_code, "parent_code", line),
                parent_code_type: read(p.parent_code_type, "parent_code_type", line),
            }
        })
        .collect();
    let contracts = raw
        .contract
        .into_iter()
        .map(|c| {
            let line = lines.line(c.span().start);
            let c = c.into_inner();
            ContractEntry {
                line,
                reference: read(c.reference, "ref", line),
                provider: read(c.provider, "provider", line),
                start: read(c.start, "start", line),
                end: read(c.end, "end", line),
                annual_cost: read(c.annual_cost, "annual_cost", line),
                notice_days_entity: read(c.notice_days_entity, "notice_days_entity", line),
                notice_days_provider: read(c.notice_days_provider, "notice_days_provider", line),
                governing_law: read(c.governing_law, "governing_law", line),
                service_type: read(c.service_type, "service_type", line),
                provision_country: read(c.provision_country, "provision_country", line),
                stores_data: read(c.stores_data, "stores_data", line),
                data_location: read(c.data_location, "data_location", line),
                processing_location: read(c.processing_location, "processing_location", line),
            }
        })
        .collect();
    let functions = raw
        .function
        .into_iter()
        .map(|f| {
            let line = lines.line(f.span().start);
            let f = f.into_inner();
            FunctionEntry {
                line,
                id: read(f.id, "id", line),
                name: read(f.name, "name", line),
                capability: read(f.capability, "capability", line),
                licensed_activity: read(f.licensed_activity, "licensed_activity", line),
                critical: read(f.critical, "critical", line),
                rto_hours: read(f.rto_hours, "rto_hours", line),
                rpo_hours: read(f.rpo_hours, "rpo_hours", line),
                last_assessed: read(f.last_assessed, "last_assessed", line),
            }
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(RegisterFile {
        path: path.to_path_buf(),
        entity,
        providers,
        contracts,
        functions,
    })
}

/// One value as text: strings as written, numbers, booleans and dates in TOML's spelling.
fn field(
    value: Value,
    key: &str,
    table_line: usize,
    lines: &LineIndex,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Field {
    let Some(value) = value else {
        return Field {
            text: String::new(),
            line: table_line,
            given: false,
        };
    };
    let line = lines.line(value.span().start);
    let text = match value.into_inner() {
        toml::Value::String(s) => s,
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(_) | toml::Value::Table(_) => {
            problems.push(file_problem(
                path,
                line,
                format!("`{key}` must be a single value, not a list or table"),
                format!("write one value for `{key}`"),
            ));
            String::new()
        }
    };
    Field {
        text,
        line,
        given: true,
    }
}

fn file_problem(path: &Path, line: usize, message: String, action: String) -> Problem {
    Problem {
        also: Vec::new(),
        severity: Severity::Blocking,
        rule: Rule::Syntax,
        table: "",
        row: String::new(),
        column: String::new(),
        message,
        fix: Fix {
            file: path.to_path_buf(),
            line,
            action,
        },
    }
}

/// Byte offset to 1-based line number.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
