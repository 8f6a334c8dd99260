//! How each number of an incident was made (the dashboard's `report --explain`): a
//! value per number, its reason wrapped under it. The incident view shows it above the
//! updates.

use ratatui::text::{Line, Span};

use super::text::wrap;
use crate::metrics::explain::{Explanation, Value};
use crate::tui::fmt;
use crate::tui::theme::Theme;

/// Width of the name column.
const NAME: usize = 16;

fn value_text(value: &Value) -> String {
    match value {
        Value::Time(t) => format!("{} UTC", fmt::time(*t)),
        Value::Minutes(m) => fmt::minutes(Some(*m)),
        Value::Flag(true) => "yes".to_string(),
        Value::Flag(false) => "no".to_string(),
        Value::Empty => format!("{} empty", fmt::UNKNOWN),
    }
}

/// The explanation as lines `width` cells wide, a blank line after it.
pub fn lines(
    theme: &Theme,
    explanation: &Explanation,
    basis: &str,
    width: usize,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for step in &explanation.steps {
        let basis = if step.name == "impact start" {
            format!(" ({basis})")
        } else {
            String::new()
        };
        out.push(Line::from(vec![
            Span::styled(format!("{:<NAME$}", step.name), theme.header()),
            Span::raw(format!("{}{basis}", value_text(&step.value))),
        ]));
        out.extend(
            wrap(&step.because, width.saturating_sub(2).max(1))
                .into_iter()
                .map(|l| Line::from(Span::styled(format!("  {l}"), theme.dim()))),
        );
    }
    out.push(Line::from(""));
    out
}
