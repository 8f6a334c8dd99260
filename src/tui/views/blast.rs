//! The exposure view's lower panels: the selected column's blast radius, and the what-if
//! of it being down N days next to its published RTO, observed p90 ttr and the April 2022
//! replay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{clean_line, wrap};
use crate::dashboard::ExposureView;
use crate::inventory::Fallback;
use crate::metrics::case_study::Replay;
use crate::metrics::exposure::scenario::{self, BlastRadius, HitPath, LostCapability};
use crate::tui::app::App;
use crate::tui::fmt;
use crate::tui::theme::Theme;

/// "C ticketing · Jira Software · ✗ none", wrapped to `width`.
fn lost_lines(l: &LostCapability, app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let via = match &l.path {
        HitPath::Direct => String::new(),
        HitPath::ThroughHost(h) => format!(" via {}", clean_line(h)),
    };
    let fallback = match (&l.fallback, l.fallback_survives) {
        (Fallback::None, _) => "✗ no fallback".to_string(),
        (f, true) => format!("✓ {}", clean_line(f.label())),
        (f, false) => format!("✗ {} down too", clean_line(f.label())),
    };
    let text = format!(
        "{} · {}{via} · {fallback}",
        clean_line(&l.capability),
        clean_line(&l.service)
    );
    let style = if l.fallback_survives {
        theme.plain()
    } else {
        theme.bad()
    };
    wrap(&text, width.saturating_sub(2))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let lead = if i == 0 {
                Span::styled(
                    format!("{} ", fmt::crit_letter(l.criticality)),
                    theme.severity(l.criticality.as_str()),
                )
            } else {
                Span::raw("  ")
            };
            Line::from(vec![lead, Span::styled(part, style)])
        })
        .collect()
}

pub(super) fn draw_blast(frame: &mut Frame, area: Rect, app: &App, radius: &BlastRadius) {
    let theme = &app.theme;
    let title = format!(
        " Blast radius: {} ({}), {} of weight ",
        clean_line(radius.target.name()),
        radius.target.kind(),
        fmt::percent(Some(radius.share_of_total))
    );
    let block = Block::bordered()
        .title(Span::styled(title, theme.title()))
        .border_style(theme.border(false));
    let inner = block.inner(area);
    let mut lines: Vec<Line> = radius
        .lost
        .iter()
        .flat_map(|l| lost_lines(l, app, usize::from(inner.width)))
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            "nothing in the inventory depends on it",
            theme.dim(),
        )));
    }
    let room = usize::from(inner.height);
    if lines.len() > room && room > 0 {
        let hidden = lines.len() - room + 1;
        lines.truncate(room - 1);
        lines.push(Line::from(Span::styled(
            format!("… {hidden} more (e exports the matrix)"),
            theme.dim(),
        )));
    }
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn draw_what_if(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    view: &ExposureView,
    radius: &BlastRadius,
) {
    let theme = &app.theme;
    let days = f64::from(app.exposure.days);
    let stats = app
        .data()
        .and_then(|d| d.vendor(radius.target.name()))
        .and_then(|v| v.stats.clone());
    let p90_ttr_h = stats.as_ref().and_then(|s| s.ttr_min.p90).map(|m| m / 60.0);
    let title = format!(
        " What if {} is down {} days (+/-) ",
        clean_line(radius.target.name()),
        app.exposure.days
    );
    let block = Block::bordered()
        .title(Span::styled(title, theme.title()))
        .border_style(theme.border(false));
    let inner = block.inner(area);
    let width = usize::from(inner.width);
    let mut text: Vec<(String, Style)> = Vec::new();
    if let Ok(w) = scenario::what_if(&view.report, &radius.target, days, p90_ttr_h) {
        let by: Vec<String> = w
            .capability_days_by_criticality
            .iter()
            .filter(|(_, d)| *d > 0.0)
            .map(|(c, d)| format!("{} {d:.1}", c.as_str()))
            .collect();
        let by = if by.is_empty() {
            String::new()
        } else {
            format!(" ({})", by.join(" · "))
        };
        text.push((
            format!(
                "{:.1} capability-days lost after fallbacks{by}",
                w.capability_days
            ),
            theme.warn(),
        ));
        let rto = match (w.published_rto_hours, w.rto_multiple()) {
            (Some(h), Some(m)) => format!("{m:.0}× the published RTO ({h:.0} h)"),
            _ => "published RTO: none in the catalog or inventory".to_string(),
        };
        let ttr = match (stats.as_ref(), w.p90_ttr_multiple()) {
            (Some(s), Some(m)) => format!(
                "{m:.0}× the observed p90 time to resolve ({}, {})",
                fmt::minutes(s.ttr_min.p90),
                fmt::n(&s.ttr_min)
            ),
            _ => format!(
                "observed p90 time to resolve {} (no stored incidents)",
                fmt::UNKNOWN
            ),
        };
        text.push((rto, theme.plain()));
        text.push((ttr, theme.plain()));
    }
    if let (Some(case), Some(replay)) = (&view.case, &view.replay) {
        replay_lines(&mut text, theme, &case.title, replay);
    }
    let lines: Vec<Line> = text
        .into_iter()
        .flat_map(|(t, style)| {
            wrap(&t, width)
                .into_iter()
                .map(move |part| Line::from(Span::styled(part, style)))
        })
        .collect();
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The case study replayed against the inventory: what it loses, the response tools among
/// them, the capability-days at each restore horizon, and the published RTO against it.
fn replay_lines(text: &mut Vec<(String, Style)>, theme: &Theme, title: &str, replay: &Replay) {
    text.push((format!("Replay: {}", clean_line(title)), theme.title()));
    let lost: Vec<String> = replay
        .lost
        .iter()
        .map(|l| clean_line(&l.capability))
        .collect();
    text.push((
        format!(
            "loses {}: {}",
            lost.len(),
            if lost.is_empty() {
                "nothing".into()
            } else {
                lost.join(", ")
            }
        ),
        theme.plain(),
    ));
    let responses: Vec<String> = replay
        .response_tools_down()
        .map(|l| clean_line(&l.capability))
        .collect();
    if !responses.is_empty() {
        text.push((
            format!("response tools down: {}", responses.join(", ")),
            theme.bad(),
        ));
    }
    let days: Vec<String> = replay
        .horizons
        .iter()
        .map(|h| format!("{:.1} d", h.days))
        .collect();
    let lost_days: Vec<String> = replay
        .horizons
        .iter()
        .map(|h| format!("{:.1}", h.capability_days))
        .collect();
    text.push((
        format!(
            "first back / half / all restored after {}: {} capability-days",
            days.join(" / "),
            lost_days.join(" / ")
        ),
        theme.plain(),
    ));
    if let (Some(rto), Some(m)) = (replay.published_rto_hours, replay.rto_multiple) {
        text.push((
            format!(
                "published RTO {rto:.0} h vs {:.0} h to restore all: {m:.0}×",
                replay.actual_hours
            ),
            theme.warn(),
        ));
    }
}
