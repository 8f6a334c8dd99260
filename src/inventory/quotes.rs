//! Quotes in a CSV inventory that a CSV reader accepts but a person did not mean: a quote
//! never closed turns the rest of the file into one value, and one closed rows later
//! swallows the rows between. Both are errors at the line where the quote opens.

use std::path::Path;

use super::problems::{Problem, Severity};

fn error(
    file: &Path,
    line: usize,
    column: usize,
    field: &str,
    message: String,
    hint: String,
) -> Problem {
    Problem {
        severity: Severity::Error,
        file: file.to_path_buf(),
        line,
        column: Some(column),
        field: field.to_string(),
        message,
        hint: Some(hint),
    }
}

/// Where a field's quote opened that is never closed: (byte offset, field index in its
/// record). Follows the CSV reader's rules: a quote opens a field only as its first
/// byte, `""` inside is a quote, and after the closing quote the field goes on unquoted.
pub(super) fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    #[derive(Clone, Copy)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let (mut opened, mut field) = (0, 0);
    for (at, &b) in text.as_bytes().iter().enumerate() {
        let ends_field = matches!(b, b',' | b'\n' | b'\r');
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened = at;
                State::Quoted
            }
            (_, _) if ends_field => {
                field = if b == b',' { field + 1 } else { 0 };
                State::FieldStart
            }
            (_, _) => State::Unquoted,
        };
    }
    matches!(state, State::Quoted).then_some((opened, field))
}

/// The error for a quote never closed: it opened on `line` in column `column` (`field`),
/// and everything to the end of the file (`last`) became its value.
pub(super) fn never_closed(
    file: &Path,
    line: usize,
    last: usize,
    column: usize,
    field: &str,
) -> Problem {
    error(
        file,
        line,
        column,
        field,
        format!("a quote opened here is never closed: lines {line} to {last} became one value"),
        "close the quote where the value ends, or remove it".into(),
    )
}

/// The error for a value of a one-line field that runs over several lines: a quote
/// closed rows later swallowed the rows between.
pub(super) fn runs_over_lines(
    file: &Path,
    line: usize,
    column: usize,
    field: &str,
    value: &str,
) -> Problem {
    let last = line + value.matches('\n').count();
    error(
        file,
        line,
        column,
        field,
        format!(
            "the value runs over lines {line} to {last}: a quote opened on line {line} closes only on line {last}, so the rows between became part of it"
        ),
        "close the quote where the value ends, or remove it: only `notes` may span lines".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::unclosed_quote;

    #[test]
    fn only_a_quote_left_open_at_the_end_counts() {
        assert_eq!(unclosed_quote("a,b\n\"x\ny\n"), Some((4, 0)));
        assert_eq!(unclosed_quote("a,b\r\nc,\"x,y"), Some((7, 1)));
        // Closed, escaped, or literal inside an unquoted field: nothing is open.
        assert_eq!(unclosed_quote("a,\"x\ny\"\n"), None);
        assert_eq!(unclosed_quote("a,\"say \"\"hi\"\"\"\n"), None);
        assert_eq!(unclosed_quote("a,5\" screen\n"), None);
        assert_eq!(unclosed_quote("\"ab\"c,d\n"), None);
    }
}
