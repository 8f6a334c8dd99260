//! The DORA register's readiness strip under the Exposure view: providers with codes,
//! functions assessed, blocking problems, and functions whose RTO is shorter than a
//! vendor's observed p90 time to resolve. Everything comes computed from the dashboard.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::clean_line;
use crate::dashboard::RegisterStatus;
use crate::tui::app::App;

/// Lines the strip takes (0 without a register to report on).
pub fn height(app: &App) -> u16 {
    match app.base_data().and_then(|b| b.register.as_ref()) {
        None => 0,
        Some(RegisterStatus::Ready(_)) => 2,
        Some(_) => 1,
    }
}

fn hours(value: f64) -> String {
    if value >= 10.0 {
        format!("{value:.0} h")
    } else {
        format!("{value:.1} h")
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(status) = app.base_data().and_then(|b| b.register.as_ref()) else {
        return;
    };
    let theme = &app.theme;
    let label = Span::styled(" DORA register ", theme.title());
    let lines = match status {
        RegisterStatus::Missing { expected } => vec![Line::from(vec![
            label,
            Span::styled(
                format!(
                    "none at {}: `planb register init` writes it",
                    clean_line(&expected.display().to_string())
                ),
                theme.dim(),
            ),
        ])],
        RegisterStatus::Unreadable { problem } => vec![Line::from(vec![
            label,
            Span::styled(clean_line(problem), theme.warn()),
        ])],
        RegisterStatus::Ready(r) => {
            let blocking = if r.blocking > 0 {
                theme.warn()
            } else {
                theme.good()
            };
            let first = Line::from(vec![
                label,
                Span::raw(format!(
                    "providers with codes {}/{} · functions assessed {}/{} · ",
                    r.providers_with_codes,
                    r.providers_needed,
                    r.functions_assessed,
                    r.functions_needed
                )),
                Span::styled(format!("{} blocking", r.blocking), blocking),
                Span::styled(
                    format!(" · {} warnings · `planb register check`", r.warnings),
                    theme.dim(),
                ),
            ]);
            vec![first, gaps_line(app, r.function_rtos.is_empty())]
        }
    };
    frame.render_widget(Paragraph::new(lines), area);
}

/// Functions whose RTO a vendor's p90 time to resolve exceeds, in the window on screen.
fn gaps_line(app: &App, no_rtos: bool) -> Line<'static> {
    let theme = &app.theme;
    let lead = Span::raw("  RTO vs vendor p90 time to resolve: ");
    if no_rtos {
        return Line::from(vec![
            lead,
            Span::styled("no function has rto_hours in register.toml", theme.dim()),
        ]);
    }
    let Some(data) = app.data() else {
        return Line::from(vec![
            lead,
            Span::styled("waiting for the window's metrics", theme.dim()),
        ]);
    };
    if data.rto_gaps.is_empty() {
        return Line::from(vec![
            lead,
            Span::styled(
                format!(
                    "no function RTO is shorter (window {})",
                    data.window.label()
                ),
                theme.good(),
            ),
        ]);
    }
    let shown: Vec<String> = data
        .rto_gaps
        .iter()
        .take(3)
        .map(|g| {
            format!(
                "{} {} {} < {} p90 {} (n={})",
                clean_line(&g.function_id),
                clean_line(&g.function),
                hours(g.rto_hours),
                clean_line(&g.vendor),
                hours(g.p90_ttr_hours),
                g.n
            )
        })
        .collect();
    let more = data.rto_gaps.len().saturating_sub(3);
    let mut text = shown.join("; ");
    if more > 0 {
        text.push_str(&format!("; {more} more"));
    }
    Line::from(vec![lead, Span::styled(text, theme.bad())])
}
