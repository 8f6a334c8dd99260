//! What the inventory checks share: the collector of problems (file, line, column, field,
//! message, hint) with its did-you-mean budget, and a row between the two passes.

use std::path::Path;

use super::InventoryRow;
use super::problems::{Problem, Severity, did_you_mean};
use super::table::Cell;

/// Did-you-mean searches over long candidate lists stop after this many, so a file with
/// 100,000 unknown names still validates quickly; short lists are always searched.
pub(super) const SUGGESTION_BUDGET: usize = 50;
const SHORT_LIST: usize = 16;

pub(super) struct Checker<'a> {
    pub(super) path: &'a Path,
    pub(super) problems: Vec<Problem>,
    pub(super) suggestions_left: usize,
}

impl Checker<'_> {
    pub(super) fn push(
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

    pub(super) fn error(
        &mut self,
        cell: &Cell,
        field: &str,
        message: String,
        hint: Option<String>,
    ) {
        self.push(
            Severity::Error,
            cell.line,
            Some(cell.column),
            field,
            message,
            hint,
        );
    }

    pub(super) fn suggest<'c>(&mut self, input: &str, candidates: &[&'c str]) -> Option<&'c str> {
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
pub(super) struct Pending {
    pub(super) row: InventoryRow,
    /// The service name as written, normalized.
    pub(super) normalized: String,
    pub(super) service_column: usize,
    /// As written, even when the row's criticality is invalid (duplicates are still found).
    pub(super) capability: Option<String>,
    pub(super) fallback: Option<Cell>,
}
