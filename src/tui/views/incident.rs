//! Incident timeline: the updates on a time axis with the gaps drawn and the longest
//! silence marked; impact start and its basis; how each number was made; the update
//! text, sanitized and wrapped.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{clean_line, split_at_char, wrap_at_most};
use crate::dashboard::IncidentDetail;
use crate::dashboard::jobs::{ExportCell, ExportTable};
use crate::model::Timestamp;
use crate::tui::app::App;
use crate::tui::fmt;
use crate::tui::state::Load;
use crate::tui::theme::Theme;

fn areas(body: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Fill(1),
    ])
    .areas(body)
}

fn detail(app: &App) -> Option<&IncidentDetail> {
    app.incident
        .as_ref()
        .and_then(|p| p.detail.ready())
        .map(|d| d.as_ref())
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let theme = &app.theme;
    let Some(pick) = &app.incident else { return };
    let d = match &pick.detail {
        Load::Ready(d) => d,
        Load::Loading => return message(frame, body, theme, "loading the incident's updates…"),
        Load::Failed(e) => return message(frame, body, theme, &format!("✗ {e}")),
    };
    let [head, axis, text] = areas(body);
    draw_head(frame, head, theme, d);
    draw_axis(frame, axis, theme, d);
    let block = Block::bordered()
        .title(Span::styled(
            format!(
                " How each number was made, then the updates ({}) — j/k scroll ",
                d.updates.len()
            ),
            theme.title(),
        ))
        .border_style(theme.border(true));
    let inner = block.inner(text);
    let height = usize::from(inner.height);
    // Only the lines up to the bottom of the screen are laid out.
    let lines = update_lines(theme, d, usize::from(inner.width), pick.scroll + height);
    let first = pick.scroll.min(lines.len().saturating_sub(height));
    frame.render_widget(block, text);
    frame.render_widget(
        Paragraph::new(
            lines
                .into_iter()
                .skip(first)
                .take(usize::from(inner.height))
                .collect::<Vec<_>>(),
        ),
        inner,
    );
}

fn message(frame: &mut Frame, area: Rect, theme: &Theme, text: &str) {
    let block = Block::bordered()
        .title(Span::styled(" Incident ", theme.title()))
        .border_style(theme.border(true));
    frame.render_widget(
        Paragraph::new(Line::from(clean_line(text))).block(block),
        area,
    );
}

/// How far the update text can scroll at the current terminal size.
pub fn max_scroll(app: &App) -> usize {
    let Some(d) = detail(app) else { return 0 };
    let text = areas(super::body(app))[2];
    let lines = update_lines(
        &app.theme,
        d,
        usize::from(text.width.saturating_sub(2)),
        usize::MAX,
    );
    lines
        .len()
        .saturating_sub(usize::from(text.height.saturating_sub(2)))
}

fn draw_head(frame: &mut Frame, area: Rect, theme: &Theme, d: &IncidentDetail) {
    let r = &d.row;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", clean_line(&d.title)),
            theme.title(),
        ))
        .border_style(theme.border(false));
    let inner = block.inner(area);
    let first = if r.first_impact != r.max_impact {
        format!("(first {}) ", clean_line(&r.first_impact))
    } else {
        String::new()
    };
    let start = match (r.impact_start, r.start_basis.as_str()) {
        (Some(t), basis) => format!("impact start {} ({basis})", fmt::time(t)),
        (None, _) => {
            "impact start unknown (the vendor stated none: ttfc not measurable)".to_string()
        }
    };
    let at = |t: Option<Timestamp>| t.map_or_else(|| fmt::UNKNOWN.to_string(), fmt::time);
    let mut flags = Vec::new();
    if r.postmortem {
        flags.push(format!(
            "postmortem{}",
            r.postmortem_delay_min.map_or(String::new(), |m| format!(
                " after {}",
                fmt::minutes(Some(m))
            ))
        ));
    }
    if r.retroactive {
        flags.push("retroactive (first post already resolved)".into());
    }
    if r.backfilled {
        flags.push("backfilled".into());
    }
    if r.promises_made > 0 {
        flags.push(format!(
            "promises kept {}/{}",
            r.promises_kept, r.promises_made
        ));
    }
    let lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} ", fmt::impact(&r.max_impact)),
                theme.severity(&r.max_impact),
            ),
            Span::raw(format!(
                "{first}· {} · {} ({}) · {} · id {}",
                clean_line(&r.status),
                clean_line(&r.service),
                clean_line(&r.source_id),
                clean_line(&r.vendor),
                clean_line(&r.incident_id)
            )),
        ]),
        Line::from(format!("created {} · {start}", fmt::time(r.created_at))),
        Line::from(format!(
            "first update {} (ttfc {}) · {} (ttr {}) · longest silence {}",
            at(r.first_update_at),
            fmt::minutes(r.ttfc_min),
            resolution(r),
            fmt::minutes(r.ttr_min),
            fmt::minutes(r.longest_silence_min)
        )),
        Line::from(Span::styled(
            format!(
                "{} updates{}{}",
                r.updates,
                if flags.is_empty() { "" } else { " · " },
                flags.join(" · ")
            ),
            theme.dim(),
        )),
    ];
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "resolved <time>", or for an incident that left the feed without a word the bound it
/// closed inside (never an invented exact time).
fn resolution(r: &crate::metrics::IncidentRow) -> String {
    match (r.resolved_at, r.closed_after, r.closed_before) {
        (None, Some(after), Some(before)) => format!(
            "closed unseen between {} and {}",
            fmt::time(after),
            fmt::time(before)
        ),
        (resolved, _, _) => format!(
            "resolved {}",
            resolved.map_or_else(|| fmt::UNKNOWN.to_string(), fmt::time)
        ),
    }
}

/// The axis: "●" per update, "━" over the longest silence, "┃" at the impact start.
fn draw_axis(frame: &mut Frame, area: Rect, theme: &Theme, d: &IncidentDetail) {
    let block = Block::bordered()
        .title(Span::styled(" Timeline ", theme.title()))
        .border_style(theme.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let r = &d.row;
    let times: Vec<Timestamp> = d.updates.iter().map(|u| u.at).collect();
    let t0 = [r.impact_start, Some(r.created_at), times.first().copied()]
        .into_iter()
        .flatten()
        .min();
    let t1 = [r.resolved_at, times.last().copied(), Some(r.created_at)]
        .into_iter()
        .flatten()
        .max();
    let (Some(t0), Some(t1)) = (t0, t1) else {
        return;
    };
    let width = usize::from(inner.width);
    if width < 2 {
        return;
    }
    let span_ms = (t1 - t0).num_milliseconds().max(1) as f64;
    let x = |t: Timestamp| {
        ((((t - t0).num_milliseconds() as f64 / span_ms) * (width - 1) as f64)
            .round()
            .max(0.0) as usize)
            .min(width - 1)
    };
    let mut axis: Vec<char> = vec!['─'; width];
    let mut marks: Vec<char> = vec![' '; width];
    if let Some(i) = d.longest_gap.filter(|&i| i > 0) {
        let (a, b) = (x(d.updates[i - 1].at), x(d.updates[i].at));
        let (a, b) = (a.min(b), a.max(b));
        axis[a..=b.min(width - 1)].iter_mut().for_each(|c| *c = '━');
        let label = format!("▲ longest silence {}", fmt::minutes(d.updates[i].gap_min));
        let mid = (a + b) / 2;
        let start = mid
            .saturating_sub(label.chars().count() / 2)
            .min(width.saturating_sub(label.chars().count()));
        for (k, c) in label.chars().enumerate() {
            if let Some(slot) = marks.get_mut(start + k) {
                *slot = c;
            }
        }
    }
    if let Some(s) = r.impact_start {
        axis[x(s)] = '┃';
    }
    for t in &times {
        axis[x(*t)] = '●';
    }
    let left = format!("{} start", fmt::time(t0));
    let right = format!("end {}", fmt::time(t1));
    let gap = width.saturating_sub(left.chars().count() + right.chars().count());
    let lines = vec![
        Line::from(Span::styled(
            axis.into_iter().collect::<String>(),
            theme.accent(),
        )),
        Line::from(Span::styled(
            marks.into_iter().collect::<String>(),
            theme.bad(),
        )),
        Line::from(Span::styled(
            format!("{left}{}{right}", " ".repeat(gap)),
            theme.dim(),
        )),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Lines of update text laid out at most: 60 screens, whatever the vendor sent, so a frame
/// stays fast; `e` exports the full text.
const MAX_LINES: usize = 2_000;
/// Characters of one update laid out at most (real updates are a few hundred).
const MAX_BODY_CHARS: usize = 20_000;

/// The update text's lines, the first `wanted` of them (fewer when the text is shorter);
/// past `MAX_LINES` a last line says the rest is not shown.
fn update_lines(
    theme: &Theme,
    d: &IncidentDetail,
    width: usize,
    wanted: usize,
) -> Vec<Line<'static>> {
    // One line more than the cap, to know whether anything was left out.
    let cap = wanted.min(MAX_LINES + 1);
    let mut lines =
        super::explanation::lines(theme, &d.explanation, d.row.start_basis.as_str(), width);
    if d.facts_only {
        lines.push(Line::from(Span::styled("facts-only store (demo data): update text was not kept, only times, statuses and affected components", theme.dim())));
        lines.push(Line::from(""));
    }
    let origin = d.row.impact_start.unwrap_or(d.row.created_at);
    for (i, u) in d.updates.iter().enumerate() {
        if lines.len() >= cap {
            break;
        }
        let offset = fmt::minutes(Some(
            (u.at - origin).num_milliseconds().max(0) as f64 / 60_000.0,
        ));
        let mut head = vec![
            Span::styled(format!("{}  ", fmt::time(u.at)), theme.header()),
            Span::raw(format!("+{offset:<6} ")),
            Span::styled(clean_line(&u.status), theme.title()),
        ];
        if let Some(gap) = u.gap_min {
            head.push(Span::styled(
                format!("  gap {}", fmt::minutes(Some(gap))),
                theme.dim(),
            ));
        }
        if d.longest_gap == Some(i) {
            head.push(Span::styled("  ◀ longest silence", theme.bad()));
        }
        lines.push(Line::from(head));
        if !u.components.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("  affects: {}", clean_line(&u.components.join(", "))),
                theme.dim(),
            )));
        }
        if let Some(body) = &u.body {
            let (shown, rest) = split_at_char(body, MAX_BODY_CHARS);
            let left_out = rest.chars().count();
            let room = cap.saturating_sub(lines.len());
            lines.extend(
                wrap_at_most(shown, width.saturating_sub(2), room)
                    .into_iter()
                    .map(|l| Line::from(format!("  {l}"))),
            );
            if left_out > 0 {
                lines.push(Line::from(Span::styled(
                    format!(
                        "  … {} more characters of this update not shown (e exports the full text)",
                        fmt::thousands(left_out as f64)
                    ),
                    theme.dim(),
                )));
            }
        }
        lines.push(Line::from(""));
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        lines.push(Line::from(Span::styled(
            format!(
                "… the rest of these {} updates is not shown (e exports the full text)",
                d.updates.len()
            ),
            theme.dim(),
        )));
    }
    lines.truncate(wanted);
    lines
}

pub fn export(app: &App) -> Option<ExportTable> {
    let d = detail(app)?;
    let header = [
        "created_at",
        "status",
        "gap_min",
        "longest_silence",
        "components",
        "body",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = d
        .updates
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                ExportCell::Time(Some(u.at)),
                ExportCell::Text(u.status.clone()),
                ExportCell::Number(u.gap_min),
                ExportCell::Flag(d.longest_gap == Some(i)),
                ExportCell::Text(u.components.join("; ")),
                ExportCell::Text(u.body.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let id: String = d
        .row
        .incident_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(24)
        .collect();
    Some(ExportTable {
        name: format!("planb-incident-{id}"),
        header,
        rows,
    })
}
