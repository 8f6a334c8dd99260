//! The per-source table printed at the end of `pull` and `import`.

use std::fmt::Write as _;

use crate::ingest::result::{SourceLine, SourceResult};
use crate::model::sanitize_text;

/// Render the table; failures say why. Words carry the meaning, colour only helps.
pub fn render(lines: &[SourceLine], color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    };
    let width = lines
        .iter()
        .map(|l| l.source_id.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut out = format!(
        "{:<width$}  {:>5} {:>7} {:>9}  result\n",
        "source", "new", "updated", "unchanged"
    );
    let (mut ok, mut not_modified, mut failed) = (0, 0, 0);
    for line in lines {
        let id = sanitize_text(&line.source_id);
        match &line.result {
            SourceResult::Stored {
                incidents,
                maintenances,
                closed_unseen,
                warnings,
            } => {
                let mut counts = *incidents;
                counts.add(*maintenances);
                let word = if warnings.is_empty() {
                    paint("32", "stored")
                } else {
                    paint("33", "stored with problems")
                };
                let _ = writeln!(
                    out,
                    "{id:<width$}  {:>5} {:>7} {:>9}  {word}",
                    counts.new, counts.updated, counts.unchanged
                );
                if *closed_unseen > 0 {
                    let _ = writeln!(
                        out,
                        "{:<width$}    - {closed_unseen} incident(s) gone from the feed: closed between their last sighting and now (resolution time unknown)",
                        ""
                    );
                }
                for warning in warnings {
                    let _ = writeln!(out, "{:<width$}    - {}", "", sanitize_text(warning));
                }
                if warnings.is_empty() {
                    ok += 1
                } else {
                    failed += 1
                }
            }
            SourceResult::NotModified => {
                let _ = writeln!(
                    out,
                    "{id:<width$}  {:>5} {:>7} {:>9}  not modified (304)",
                    "-", "-", "-"
                );
                not_modified += 1;
            }
            SourceResult::Failed(reason) => {
                let _ = writeln!(
                    out,
                    "{id:<width$}  {:>5} {:>7} {:>9}  {}: {}",
                    "-",
                    "-",
                    "-",
                    paint("31", "FAILED"),
                    sanitize_text(reason)
                );
                failed += 1;
            }
        }
    }
    let _ = writeln!(
        out,
        "{} source(s): {ok} stored, {not_modified} not modified, {failed} failed",
        lines.len()
    );
    out
}
