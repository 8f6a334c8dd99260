//! A pre-flight finding: which table, row and column it concerns, what is wrong, and
//! where to fix it (a register.toml line or an inventory line). Rules 805-808 and
//! invalid codes block a filing; everything else is a warning (EBA FAQ, March 2025).

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Blocking,
    Warning,
}

/// The EBA rule a problem breaks, or the kind of check that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// 805: a primary-key column is empty.
    EmptyKey,
    /// 806: a primary key is duplicated.
    DuplicateKey,
    /// 807: a foreign key points at a missing parent row.
    MissingParent,
    /// 808: filing indicators and tables present disagree.
    FilingIndicators,
    /// A value outside its code list (country, currency, service type, code type, LEI).
    CodeList,
    /// register.toml is not readable TOML or has an unknown key.
    Syntax,
    /// Mandatory or expected data is missing, or planb derived a value to check.
    Completeness,
}

impl Rule {
    pub fn label(self) -> &'static str {
        match self {
            Self::EmptyKey => "805",
            Self::DuplicateKey => "806",
            Self::MissingParent => "807",
            Self::FilingIndicators => "808",
            Self::CodeList => "code list",
            Self::Syntax => "syntax",
            Self::Completeness => "completeness",
        }
    }
}

/// Where the user fixes it: a file, a line, and what to do there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub file: PathBuf,
    pub line: usize,
    pub action: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub rule: Rule,
    /// `B_05.01`, or empty for a problem of the file itself.
    pub table: &'static str,
    /// The row as a person finds it: `provider "Atlassian"`, `function F3`.
    pub row: String,
    /// `c0010 (provider code)`, or the register.toml key when no column is concerned.
    pub column: String,
    pub message: String,
    pub fix: Fix,
    /// Other cells the same fix repairs (`B_03.02 c0020`): one problem per thing to fix.
    pub also: Vec<String>,
}

impl Problem {
    pub fn blocking(&self) -> bool {
        self.severity == Severity::Blocking
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Blocking => "blocking",
            Severity::Warning => "warning",
        };
        write!(f, "{kind} [{}] ", self.rule.label())?;
        if !self.table.is_empty() {
            write!(f, "{}, ", self.table)?;
        }
        if !self.row.is_empty() {
            write!(f, "row {}, ", self.row)?;
        }
        if !self.column.is_empty() {
            write!(f, "column {}: ", self.column)?;
        }
        write!(f, "{}", self.message)?;
        if !self.also.is_empty() {
            write!(f, "; also in {}", self.also.join(", "))?;
        }
        write!(
            f,
            " (fix: {}:{}: {})",
            self.fix.file.display(),
            self.fix.line,
            self.fix.action
        )
    }
}

/// Blocking problems first, then by file and line, so the list reads top-down.
pub fn sort(problems: &mut [Problem]) {
    problems.sort_by(|a, b| {
        (a.severity, &a.fix.file, a.fix.line, a.table, &a.column).cmp(&(
            b.severity,
            &b.fix.file,
            b.fix.line,
            b.table,
            &b.column,
        ))
    });
}
