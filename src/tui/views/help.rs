//! The help overlay, generated from the key bindings (the footer uses the same list),
//! plus how to read the numbers.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::metrics::exposure::BAND_NOTE;
use crate::tui::app::App;
use crate::tui::command::{BINDINGS, Scope};
use crate::tui::fmt;

/// Lines of help before wrapping (bounds the scroll).
pub fn line_count() -> usize {
    lines(&crate::tui::theme::Theme::MONO).len()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    let width = area.width.saturating_sub(4).min(100);
    let height = area.height.saturating_sub(2);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height,
    };
    let lines = lines(theme);
    let first = app.help_scroll.min(
        lines
            .len()
            .saturating_sub(usize::from(height.saturating_sub(2))),
    );
    let block = Block::bordered()
        .title(Span::styled(
            " Help — j/k scroll · ? or Esc closes ",
            theme.title(),
        ))
        .border_style(theme.border(true));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((first as u16, 0))
            .block(block),
        popup,
    );
}

fn lines(theme: &crate::tui::theme::Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled("Keys", theme.header()))];
    for b in BINDINGS {
        let scope = match b.scope {
            Scope::Everywhere => String::new(),
            Scope::Only(view) => format!(" ({} view)", view.slug()),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<8}", b.label), theme.key()),
            Span::raw(format!("{}{scope}", b.help)),
        ]));
    }
    lines.push(Line::from(
        "  mouse   wheel scrolls, click selects a row or a tab",
    ));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Reading the numbers",
        theme.header(),
    )));
    let notes = [
        format!("p50/p90 with n: the number of incidents that had a value; {} marks n < {} (too few to judge), {} is unknown, never 0.", fmt::FEW, fmt::MIN_N, fmt::UNKNOWN),
        "ttfc: first public update − impact start; unknown when the vendor never stated a start (Statuspage's started_at alone says nothing).".to_string(),
        "Risk = exposure share × likelihood (1 + ln(1 + major/critical incidents per 90 days)) × communication (p90 ttfc vs 30 min, p90 silence vs 60 min).".to_string(),
        format!("HHI = Σ (100 · share)² over weighted capabilities; N_eff = 10,000 / HHI. {BAND_NOTE}."),
        "Severity never rests on colour: ◆ critical · ▲ major · • minor · ✓ fine · ✗ failed or no fallback · ◷ stale.".to_string(),
        format!("Downtime weights: {}.", crate::metrics::WEIGHTING_POLICY),
    ];
    lines.extend(notes.into_iter().map(|n| Line::from(format!("  {n}"))));
    lines
}
