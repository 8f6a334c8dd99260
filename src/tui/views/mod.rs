//! Drawing: a pure function of `App` (no I/O, no clock). One file per view; this file
//! draws the frame around them (tabs, banner, footer) and maps clicks to rows.

mod blast;
mod explanation;
pub mod exposure;
pub mod help;
pub mod incident;
pub mod overview;
mod placeholder;
mod readiness;
pub mod sources;
mod summary;
pub mod text;
pub mod vendor;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::App;
use super::command;
use super::state::{Load, PullState, Tone, View};
use crate::dashboard::Origin;
use crate::dashboard::jobs::ExportTable;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Tabs, banner, body, footer.
fn chrome(area: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The body area for the terminal size `app.size` (for clicks and paging).
pub fn body(app: &App) -> Rect {
    chrome(app.size)[2]
}

pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = vec![
            Line::from(Span::styled("terminal too small", app.theme.bad())),
            Line::from(format!(
                "{}×{} here; planb needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
                area.width, area.height
            )),
            Line::from("Enlarge the window, or press q to quit."),
        ];
        let y = area.height.saturating_sub(3) / 2;
        frame.render_widget(
            Paragraph::new(text)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            Rect {
                y,
                height: area.height - y,
                ..area
            },
        );
        return;
    }
    let [tabs, banner, body, footer] = chrome(area);
    frame.render_widget(
        Line::from(
            tab_spans(app)
                .into_iter()
                .map(|(s, _)| s)
                .collect::<Vec<_>>(),
        ),
        tabs,
    );
    // The window label goes right of the tabs; shortened, or left out, when they would overlap.
    let used: u16 = tab_spans(app).iter().map(|(s, _)| s.width() as u16).sum();
    let short = format!("window {} ", app.window.label());
    let fits = |text: &String| tabs.width > used + text.chars().count() as u16;
    if let Some(window) = [window_label(app), short].into_iter().find(fits) {
        frame.render_widget(
            Line::from(Span::styled(window, app.theme.title())).alignment(Alignment::Right),
            tabs,
        );
    }
    frame.render_widget(banner_line(app, banner.width), banner);
    match (&app.base, app.data()) {
        (Load::Failed(e), _) => placeholder::load_failed(frame, body, app, e),
        // Overview, exposure and sources need only the base; their metrics fill in later.
        (Load::Ready(_), data) => match app.view {
            View::Overview => overview::draw(frame, body, app),
            View::Exposure => exposure::draw(frame, body, app),
            View::Sources => sources::draw(frame, body, app),
            View::Vendor if data.is_some() => vendor::draw(frame, body, app),
            View::Incident if data.is_some() => incident::draw(frame, body, app),
            View::Vendor | View::Incident => placeholder::computing(frame, body, app),
        },
        _ => placeholder::loading(frame, body, app),
    }
    frame.render_widget(footer_line(app, footer.width), footer);
    if app.help {
        help::draw(frame, area, app);
    }
}

fn window_label(app: &App) -> String {
    let mut label = format!("window {}", app.window.label());
    if app.wanted != app.window {
        label.push_str(&format!(" (loading {}…)", app.wanted.label()));
    } else if app.window_error().is_some() {
        label.push_str(" (metrics failed)");
    } else if app.base_data().is_some() && app.data().is_none() {
        label.push_str(" (computing metrics…)");
    } else if app.updating {
        label.push_str(" (updating…)");
    } else if app.origin.is_demo() && app.window == crate::metrics::Window::All {
        label.push_str(" (demo: captures span years)");
    }
    label.push(' ');
    label
}

/// The tab strip, each span with the view it selects (for clicks).
fn tab_spans(app: &App) -> Vec<(Span<'static>, Option<View>)> {
    let mut spans = vec![(Span::styled(" planb ", app.theme.title()), None)];
    for (i, view) in View::ALL.iter().enumerate() {
        spans.push((
            Span::styled(
                format!(" {} {} ", i + 1, view.title()),
                app.theme.tab(*view == app.view),
            ),
            Some(*view),
        ));
    }
    spans
}

pub fn tab_at(app: &App, x: u16, y: u16) -> Option<View> {
    if y != 0 {
        return None;
    }
    let mut at = 0u16;
    for (span, view) in tab_spans(app) {
        let w = span.width() as u16;
        if x >= at && x < at + w {
            return view;
        }
        at += w;
    }
    None
}

fn banner_line(app: &App, width: u16) -> Line<'static> {
    let theme = &app.theme;
    let base = app.base_data();
    let text = match &app.origin {
        Origin::Demo { captured } => demo_banner(captured, usize::from(width)),
        Origin::Live { .. } if matches!(app.base, Load::Failed(_)) => {
            " the store could not be read (details below) ".to_string()
        }
        Origin::Live { .. } if base.is_none() => " opening the store… ".to_string(),
        Origin::Live { inventory } => {
            let sources = base.map_or(0, |b| b.sources.len());
            let inv = inventory.as_ref().map_or_else(
                || "no inventory (--inventory FILE adds exposure)".to_string(),
                |p| format!("inventory {}", p.display()),
            );
            let last = base.and_then(|b| b.sources.iter().filter_map(|s| s.last_success).max());
            let pulled = last.map_or_else(
                || "never pulled: press r or run planb pull".to_string(),
                |t| format!("last pull {}", super::fmt::age(Some(t), app.now)),
            );
            let synthetic = if base.is_some_and(|b| b.synthetic) {
                "SYNTHETIC store (planb synth): not real vendors · "
            } else {
                ""
            };
            let damaged = app.data().map_or(0, |d| d.report.damaged.len());
            let damaged = if damaged > 0 {
                format!("{damaged} source(s) left out, a file is damaged: see Sources · ")
            } else {
                String::new()
            };
            format!(" {synthetic}{damaged}{sources} source(s) · {inv} · {pulled} ")
        }
    };
    let damaged = app.data().is_some_and(|d| !d.report.damaged.is_empty());
    let style = if app.origin.is_demo() || damaged || base.is_some_and(|b| b.synthetic) {
        theme.banner()
    } else {
        theme.dim()
    };
    Line::from(Span::styled(text::clean_line(&text), style))
}

/// The longest demo banner that fits: demo, captured when, and how to get live data.
fn demo_banner(captured: &str, width: usize) -> String {
    let short = captured.split(" (").next().unwrap_or(captured);
    let shorter = short.trim_start_matches("public status ");
    [
        format!(" DEMO DATA (facts only) · {captured} · live data: planb pull --inventory FILE "),
        format!(" DEMO DATA · {short} · live data: planb pull --inventory FILE "),
        format!(" DEMO · {shorter} · live data: planb pull --inventory FILE "),
        format!(
            " DEMO DATA · {} · live: planb pull --inventory FILE ",
            shorter.replace("captures from", "captured")
        ),
    ]
    .into_iter()
    .find(|b| b.chars().count() <= width)
    .unwrap_or_else(|| format!(" DEMO · {shorter} "))
}

fn footer_line(app: &App, width: u16) -> Line<'static> {
    let theme = &app.theme;
    if let Some(input) = &app.filter_input {
        return Line::from(vec![
            Span::styled(format!(" filter {}: ", app.view.slug()), theme.key()),
            Span::raw(text::clean_line(input)),
            Span::styled("▏", theme.selected()),
            Span::styled("  Enter keeps · Esc clears", theme.dim()),
        ]);
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    if let PullState::Running {
        done,
        total,
        current,
    } = &app.pull
    {
        let text = if *total == 0 {
            " pulling… ".to_string()
        } else {
            format!(" pulling {done}/{total} {} ", text::clean_line(current))
        };
        spans.push(Span::styled(text, theme.banner()));
        spans.push(Span::raw(" "));
    }
    if let Some((text, tone)) = &app.status {
        let style = if *tone == Tone::Problem {
            theme.bad()
        } else {
            theme.accent()
        };
        let mark = if *tone == Tone::Problem { "✗ " } else { "" };
        spans.push(Span::styled(
            format!(" {mark}{} ", text::clean_line(text)),
            style,
        ));
        return Line::from(spans);
    }
    let filter = app.filter(app.view);
    if !filter.is_empty() {
        spans.push(Span::styled(
            format!(" filter: {} ", text::clean_line(filter)),
            theme.accent(),
        ));
    }
    // Hints that fit: the ones a newcomer can best do without go first ("?" lists them all).
    const DROP_FIRST: [&str; 12] = [
        "Tab", "Esc", "j/k", "a", "Enter", "s", "/", "+/-", "h/l", "e", "r", "w",
    ];
    let used: usize = spans.iter().map(Span::width).sum();
    let mut hints = command::hints(app.view);
    let cost = |h: &[(&str, &str)]| {
        h.iter()
            .map(|(k, v)| k.chars().count() + v.chars().count() + 3)
            .sum::<usize>()
    };
    for key in DROP_FIRST {
        if used + cost(&hints) <= usize::from(width) {
            break;
        }
        hints.retain(|(k, _)| *k != key);
    }
    for (key, hint) in hints {
        spans.push(Span::styled(format!(" {key}"), theme.key()));
        spans.push(Span::styled(format!(" {hint} "), theme.dim()));
    }
    Line::from(spans)
}

/// Rows a page key moves.
pub fn page_height(app: &App) -> usize {
    main_table(app).map_or(10, |r| super::table::body_height(r).max(1))
}

/// The main table of the current view, in screen coordinates.
fn main_table(app: &App) -> Option<Rect> {
    let body = body(app);
    match app.view {
        View::Overview => Some(overview::table_area(body, app)),
        View::Exposure => Some(exposure::table_area(body, app)),
        View::Vendor => Some(vendor::table_area(body, app)),
        View::Sources => Some(sources::table_area(body)),
        View::Incident => None,
    }
}

/// Which row of the current view's table a click at (x, y) hits.
pub fn row_at(app: &App, x: u16, y: u16) -> Option<usize> {
    let area = main_table(app)?;
    if x < area.x || x >= area.right() {
        return None;
    }
    let list = match app.view {
        View::Overview => &app.vendors,
        View::Exposure => &app.exposure.rows,
        View::Vendor => &app.incidents,
        View::Sources => &app.sources,
        View::Incident => return None,
    };
    super::table::row_at(area, y, list.selected, list.order.len())
}

/// The table on screen, every row and column, for `e`.
pub fn export(app: &App) -> Option<ExportTable> {
    match app.view {
        View::Overview => overview::export(app),
        View::Exposure => exposure::export(app),
        View::Vendor => vendor::export(app),
        View::Incident => incident::export(app),
        View::Sources => sources::export(app),
    }
}
