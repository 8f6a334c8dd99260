//! What the body shows instead of a view: the store loading, a window's metrics being
//! computed or failed, or the store failing to load.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::text;
use crate::tui::app::App;

/// Before the store is read.
pub fn loading(frame: &mut Frame, area: Rect, app: &App) {
    let dim = app.theme.dim();
    centred(
        frame,
        area,
        app,
        vec![(
            "loading: reading the store and computing metrics…".into(),
            dim,
        )],
    );
}

/// While a window's metrics are computed (seconds on a big store): say so, keep the keys
/// working. If computing them failed, say why instead.
pub fn computing(frame: &mut Frame, area: Rect, app: &App) {
    let dim = app.theme.dim();
    let notes = match app.window_error() {
        Some(error) => vec![
            (
                format!(
                    "✗ the metrics for window {} could not be computed",
                    app.window.label()
                ),
                app.theme.bad(),
            ),
            (text::clean_line(error), dim),
            (
                "w tries another window; the other views work without metrics".into(),
                dim,
            ),
        ],
        None => {
            let sources = app.base_data().map_or(0, |b| b.sources.len());
            vec![
                (
                    format!(
                        "computing communication metrics for window {} over {sources} source(s)…",
                        app.wanted.label()
                    ),
                    dim,
                ),
                ("the other views and keys work meanwhile".into(), dim),
            ]
        }
    };
    centred(frame, area, app, notes);
}

/// The store could not be read: the error and how to recover.
pub fn load_failed(frame: &mut Frame, area: Rect, app: &App, error: &str) {
    let block = Block::bordered()
        .title(Span::styled(
            " could not load the dashboard ",
            app.theme.bad(),
        ))
        .border_style(app.theme.border(true));
    let lines = vec![
        Line::from(Span::styled(
            format!("✗ {}", text::clean_line(error)),
            app.theme.bad(),
        )),
        Line::from(""),
        Line::from(
            "The store may be damaged or written by a newer planb; `planb report` shows the same error in plain text.",
        ),
        Line::from(
            "A source's damaged tables are rebuilt alone with `planb repair SOURCE`; a damaged manifest.json can be moved",
        ),
        Line::from(
            "aside (every source's tables stay) and the next `planb pull --inventory FILE` writes it again.",
        ),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

/// Short notes, centred in a plain box below a blank line.
fn centred(frame: &mut Frame, area: Rect, app: &App, notes: Vec<(String, Style)>) {
    let mut lines = vec![Line::from("")];
    lines.extend(
        notes
            .into_iter()
            .map(|(note, style)| Line::from(Span::styled(note, style))),
    );
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().border_style(app.theme.border(false))),
        area,
    );
}
