//! The overview's top panel: vendor and host concentration (HHI gauges and bands),
//! SPOF and correlated-failure counts, and what is down now.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::clean_line;
use crate::dashboard::Base;
use crate::metrics::exposure::{Band, ConcentrationRow, Level};
use crate::tui::app::App;
use crate::tui::fmt;
use crate::tui::theme::Theme;

fn gauge(hhi: f64, width: usize) -> String {
    let filled = ((hhi / 10_000.0).clamp(0.0, 1.0) * width as f64).round() as usize;
    format!("▕{}{}▏", "█".repeat(filled), "░".repeat(width - filled))
}

fn band_word(band: Band, narrow: bool) -> &'static str {
    match (band, narrow) {
        (Band::High, false) => "▲ highly concentrated",
        (Band::High, true) => "▲ high",
        (Band::Moderate, false) => "• moderately concentrated",
        (Band::Moderate, true) => "• moderate",
        (Band::Unconcentrated, _) => "✓ unconcentrated",
    }
}

fn hhi_line(
    label: &str,
    c: Option<&ConcentrationRow>,
    theme: &Theme,
    narrow: bool,
) -> Line<'static> {
    let Some(c) = c else {
        return Line::from(vec![
            Span::styled(format!("{label:<10} "), theme.header()),
            Span::raw(fmt::UNKNOWN),
        ]);
    };
    let style = match c.band {
        Band::High => theme.bad(),
        Band::Moderate => theme.warn(),
        Band::Unconcentrated => theme.good(),
    };
    let unknown = if c.unknown_share > 0.0 && !narrow {
        format!(
            " · {} on unknown hosts",
            fmt::percent(Some(c.unknown_share))
        )
    } else {
        String::new()
    };
    Line::from(vec![
        Span::styled(format!("{label:<10} "), theme.header()),
        Span::styled(format!("{:>6} ", fmt::thousands(c.hhi)), theme.title()),
        Span::raw(gauge(c.hhi, if narrow { 10 } else { 20 })),
        Span::styled(format!(" {} ", band_word(c.band, narrow)), style),
        Span::raw(format!(
            "· N_eff {:.1} · {}{} {}{unknown}",
            c.n_eff,
            if narrow { "" } else { "top " },
            clean_line(&c.top_entity),
            fmt::percent(Some(c.top_share))
        )),
    ])
}

/// `counts` (incidents in the window, open ones) is `None` while the metrics are computed.
pub(super) fn draw_summary(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    base: &Base,
    counts: Option<(usize, u32)>,
) {
    let theme = &app.theme;
    let block = Block::bordered()
        .title(Span::styled(" Concentration and exposure ", theme.title()))
        .border_style(theme.border(false));
    let inner = block.inner(area);
    let narrow = inner.width < 110;
    let mut lines = Vec::new();
    match &base.exposure {
        Some(e) => {
            lines.push(hhi_line(
                "Vendor HHI",
                e.report.level(Level::Vendor),
                theme,
                narrow,
            ));
            lines.push(hhi_line(
                "Host HHI",
                e.report.level(Level::Host),
                theme,
                narrow,
            ));
            lines.push(Line::from(vec![
                Span::styled(format!("{} critical SPOFs", e.spofs()), theme.bad()),
                Span::raw(if narrow {
                    " · "
                } else {
                    " (no fallback on another vendor) · "
                }),
                Span::styled(
                    format!("{} correlated failures", e.correlated()),
                    theme.warn(),
                ),
                Span::raw(incident_counts(app, counts, " · ")),
            ]));
        }
        None => {
            lines.push(Line::from(Span::styled(
                clean_line(base.exposure_note.as_deref().unwrap_or("no exposure data")),
                theme.warn(),
            )));
            lines.push(Line::from(incident_counts(app, counts, "")));
        }
    }
    lines.push(down_line(app, base, narrow));
    if inner.height >= 5 && base.exposure.is_some() {
        lines.push(Line::from(Span::styled("Bands < 1,500 / 1,500–2,500 / > 2,500: a merger-review heuristic, not a rule for vendor portfolios (see ?)", theme.dim())));
    }
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn incident_counts(app: &App, counts: Option<(usize, u32)>, lead: &str) -> String {
    match counts {
        Some((incidents, open)) => format!(
            "{lead}{} incidents ({}), {open} open",
            fmt::thousands(incidents as f64),
            app.window.label()
        ),
        None if app.window_error().is_some() => {
            format!("{lead}incidents ({}): metrics failed", app.window.label())
        }
        None => format!("{lead}incidents ({}): computing…", app.wanted.label()),
    }
}

fn down_line(app: &App, base: &Base, narrow: bool) -> Line<'static> {
    let theme = &app.theme;
    let when = if app.origin.is_demo() {
        "as captured"
    } else {
        "as of the last pull"
    };
    let when = if narrow { "" } else { when };
    let mut spans = vec![Span::styled(
        if when.is_empty() {
            "Down now: ".to_string()
        } else {
            format!("Down now ({when}): ")
        },
        theme.header(),
    )];
    if base.down_now.is_empty() {
        spans.push(Span::styled("✓ no page reports a problem", theme.good()));
    }
    for (i, d) in base.down_now.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" · "));
        }
        spans.push(Span::styled(
            format!(
                "{} {} {}",
                fmt::impact_glyph(&d.indicator),
                clean_line(&d.service),
                clean_line(&d.indicator)
            ),
            theme.severity(&d.indicator),
        ));
        let first_open = d.open.first().filter(|o| !o.title.trim().is_empty());
        if let (Some(open), false) = (first_open, narrow) {
            let more = if d.open.len() > 1 {
                format!(" +{}", d.open.len() - 1)
            } else {
                String::new()
            };
            spans.push(Span::raw(format!(
                ": {}{more}",
                fmt::clip(&clean_line(&open.title), 40)
            )));
        } else if !d.components.is_empty() && !narrow {
            let names: Vec<String> = d
                .components
                .iter()
                .take(1)
                .map(|(n, s)| format!("{} ({s})", fmt::clip(&clean_line(n), 24)))
                .collect();
            let more = if d.components.len() > 1 {
                format!(" +{}", d.components.len() - 1)
            } else {
                String::new()
            };
            spans.push(Span::raw(format!(": {}{more}", names.join(", "))));
        }
        // A live store: how old "now" is for this page (its last successful poll).
        if !app.origin.is_demo() {
            spans.push(Span::styled(
                format!(" ({})", fmt::age(d.as_of, base.now)),
                theme.dim(),
            ));
        }
    }
    Line::from(spans)
}
