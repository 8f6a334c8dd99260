//! Sources: per status page the last pull result, error, counts and freshness.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{clean_line, wrap};
use crate::dashboard::SourceRow;
use crate::dashboard::jobs::{ExportCell, ExportTable};
use crate::tui::app::App;
use crate::tui::fmt;
use crate::tui::state::View;
use crate::tui::table::{self, Cell, Col, TableSpec, col, flex, num};

const COLS: [Col; 11] = [
    col("Source", 26, 0),
    col("Vendor", 14, 1),
    col("Platform", 10, 2),
    col("Last success", 12, 0),
    col("Result", 9, 0),
    col("Page", 9, 1),
    num("Incidents", 9, 1),
    num("Maint", 5, 3),
    num("Updates", 7, 3),
    col("History", 9, 3),
    flex("Error", 10, 1),
];

/// A source older than this is "stale": its numbers may miss recent incidents.
const STALE_HOURS: i64 = 24;

fn areas(body: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Fill(1), Constraint::Length(6)]).areas(body)
}

pub fn table_area(body: Rect) -> Rect {
    areas(body)[0]
}

fn current(app: &App) -> Option<&SourceRow> {
    app.sources
        .current()
        .and_then(|i| app.base_data()?.sources.get(i))
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let Some(base) = app.base_data() else { return };
    let [list, detail] = areas(body);
    let filter = app.filter(View::Sources);
    let title = table::title(
        &app.theme,
        "Sources",
        app.sources.order.len(),
        app.source_sort.label(),
        filter,
    );
    let legend = Line::from(Span::styled(
        format!(" ✓ ok · ✗ last pull failed · ◷ older than {STALE_HOURS} h · Enter: vendor "),
        app.theme.dim(),
    ));
    let spec = TableSpec {
        title,
        legend: Some(legend),
        cols: &COLS,
        len: app.sources.order.len(),
        selected: Some(app.sources.selected),
        focused: true,
        empty: "no sources stored yet: press r or run planb pull --inventory FILE",
    };
    table::draw(frame, list, &app.theme, spec, &|i| {
        row(app, &base.sources, i)
    });
    draw_detail(frame, detail, app);
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    let block = Block::bordered()
        .title(Span::styled(" Selected source ", theme.title()))
        .border_style(theme.border(false));
    let inner = block.inner(area);
    let mut lines = Vec::new();
    let damaged = current(app).and_then(|s| {
        let report = &app.data()?.report;
        report.damaged.iter().find(|d| d.source_id == s.source_id)
    });
    if let Some(d) = damaged {
        lines.push(Line::from(Span::styled(
            format!(
                "✗ left out of every number · fix: planb repair {} (rebuilds it from its raw archive)",
                clean_line(&d.source_id)
            ),
            theme.bad(),
        )));
        let file = format!("{} cannot be read: {}", d.file.display(), d.reason);
        lines.extend(
            wrap(&file, usize::from(inner.width))
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme.dim()))),
        );
    }
    if let Some(s) = current(app).filter(|_| damaged.is_none()) {
        let url = match (&s.base_url, &s.seen_url) {
            (Some(url), _) => clean_line(url),
            (None, Some(seen)) => format!(
                "{} (named by an imported file; not pulled)",
                clean_line(seen)
            ),
            (None, None) => "no URL (imported from files)".to_string(),
        };
        lines.push(Line::from(format!(
            "{} · {} · {url}",
            clean_line(&s.name),
            s.platform
        )));
        let attempt = s
            .last_attempt
            .map_or_else(|| "never".to_string(), fmt::time);
        let success = s
            .last_success
            .map_or_else(|| "never".to_string(), fmt::time);
        let history = s.history_complete_at.map_or_else(
            || "history not walked (planb pull --backfill)".to_string(),
            |t| format!("history complete {}", fmt::date(t)),
        );
        lines.push(Line::from(Span::styled(
            format!("last attempt {attempt} · last success {success} · {history}"),
            theme.dim(),
        )));
        match &s.last_error {
            Some(e) => lines.extend(
                wrap(&format!("✗ {e}"), usize::from(inner.width))
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, theme.bad()))),
            ),
            None => lines.push(Line::from(Span::styled("✓ last pull stored", theme.good()))),
        }
    }
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row(app: &App, sources: &[SourceRow], i: usize) -> Vec<Cell> {
    let Some(s) = app.sources.order.get(i).and_then(|&k| sources.get(k)) else {
        return Vec::new();
    };
    let theme = &app.theme;
    let stale = s
        .last_success
        .is_none_or(|t| (app.now - t).num_hours() > STALE_HOURS);
    let damaged =
        (app.data()).is_some_and(|d| (d.report.damaged.iter()).any(|x| x.source_id == s.source_id));
    let result = match (&s.last_error, stale) {
        _ if damaged => {
            Cell::new("✗ damaged", ExportCell::Text("damaged".into())).style(theme.bad())
        }
        (Some(_), _) => Cell::new("✗ failed", ExportCell::Text("failed".into())).style(theme.bad()),
        (None, true) => Cell::new("◷ stale", ExportCell::Text("stale".into())).style(theme.warn()),
        (None, false) => Cell::new("✓ ok", ExportCell::Text("ok".into())).style(theme.good()),
    };
    let page = s.indicator.as_deref().map_or_else(
        || fmt::UNKNOWN.to_string(),
        |i| {
            format!(
                "{} {}",
                fmt::impact_glyph(if i == "none" { "operational" } else { i }),
                clean_line(i)
            )
        },
    );
    let count = |n: usize| Cell::new(fmt::thousands(n as f64), ExportCell::Count(Some(n as u64)));
    vec![
        Cell::text(clean_line(&s.source_id)),
        Cell::text(clean_line(&s.vendor)),
        Cell::text(s.platform.clone()),
        Cell::new(
            fmt::age(s.last_success, app.now),
            ExportCell::Time(s.last_success),
        ),
        result,
        Cell::new(
            page,
            ExportCell::Text(s.indicator.clone().unwrap_or_default()),
        )
        .style(theme.severity(s.indicator.as_deref().unwrap_or(""))),
        count(s.incidents),
        count(s.maintenances),
        count(s.updates),
        Cell::new(
            if s.history_complete_at.is_some() {
                "complete"
            } else {
                "recent"
            },
            ExportCell::Time(s.history_complete_at),
        ),
        Cell::text(s.last_error.as_deref().map(clean_line).unwrap_or_default()).style(theme.bad()),
    ]
}

const EXPORT_HEADER: [&str; 11] = [
    "source_id",
    "vendor",
    "platform",
    "last_success",
    "result",
    "page_indicator",
    "incidents",
    "maintenances",
    "updates",
    "history_complete_at",
    "last_error",
];

pub fn export(app: &App) -> Option<ExportTable> {
    let base = app.base_data()?;
    let mut table = table::export(
        "planb-sources".to_string(),
        &COLS,
        app.sources.order.len(),
        &|i| row(app, &base.sources, i),
    );
    table.header = EXPORT_HEADER.iter().map(|h| h.to_string()).collect();
    Some(table)
}
