//! Exposure: the capability × vendor (or × host) matrix, the blast radius of the selected
//! column, a what-if of N days down, and the Atlassian 2022 replay on this inventory.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table};

use super::blast::{draw_blast, draw_what_if};
use super::text::clean_line;
use crate::dashboard::ExposureView;
use crate::dashboard::jobs::{ExportCell, ExportTable};
use crate::inventory::Fallback;
use crate::metrics::exposure::ExposureRow;
use crate::metrics::exposure::scenario::{BlastRadius, HitPath, LostCapability};
use crate::tui::app::App;
use crate::tui::fmt;
use crate::tui::state::{Axis, View};
use crate::tui::table;

const LABEL_W: u16 = 22;
const CRIT_W: u16 = 4;
const CELL_W: u16 = 6;

fn areas(body: Rect, app: &App) -> [Rect; 2] {
    // The register's readiness strip, when there is one, sits under everything.
    let body = Rect {
        height: body.height.saturating_sub(super::readiness::height(app)),
        ..body
    };
    let rows = app.exposure.rows.order.len() as u16;
    // Small terminals keep room for the what-if and the replay below the matrix.
    let matrix = if body.height < 30 {
        8
    } else {
        (rows + 4).min(body.height / 2).max(8)
    };
    Layout::vertical([Constraint::Length(matrix), Constraint::Fill(1)]).areas(body)
}

pub fn table_area(body: Rect, app: &App) -> Rect {
    areas(body, app)[0]
}

fn radii(view: &ExposureView, axis: Axis) -> &[BlastRadius] {
    if axis == Axis::Vendors {
        &view.vendors
    } else {
        &view.hosts
    }
}

pub fn column_count(app: &App) -> usize {
    app.base_data()
        .and_then(|b| b.exposure.as_ref())
        .map_or(0, |e| radii(e, app.exposure.axis).len())
}

pub fn selected_target(app: &App) -> Option<String> {
    let e = app.base_data()?.exposure.as_ref()?;
    radii(e, app.exposure.axis)
        .get(app.exposure.column)
        .map(|r| r.target.name().to_string())
}

/// "C✗": criticality (lowercase when lost through a host) and what the fallback does.
fn cell(lost: &LostCapability) -> String {
    let letter = fmt::crit_letter(lost.criticality);
    let letter = if matches!(lost.path, HitPath::Direct) {
        letter
    } else {
        letter.to_ascii_lowercase()
    };
    let mark = if !lost.fallback_survives {
        '✗'
    } else if matches!(lost.fallback, Fallback::Manual) {
        '~'
    } else {
        '✓'
    };
    format!("{letter}{mark}")
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let Some(base) = app.base_data() else { return };
    let theme = &app.theme;
    let Some(view) = base.exposure.as_ref() else {
        let note = base.exposure_note.as_deref().unwrap_or("no exposure data");
        let block = Block::bordered()
            .title(Span::styled(" Exposure ", theme.title()))
            .border_style(theme.border(true));
        frame.render_widget(
            Paragraph::new(vec![Line::from(clean_line(note))]).block(block),
            body,
        );
        return;
    };
    let [matrix, bottom] = areas(body, app);
    let strip = super::readiness::height(app);
    super::readiness::draw(
        frame,
        Rect {
            y: body.bottom().saturating_sub(strip),
            height: strip,
            ..body
        },
        app,
    );
    draw_matrix(frame, matrix, app, view);
    let targets = radii(view, app.exposure.axis);
    let Some(radius) = targets.get(app.exposure.column) else {
        return;
    };
    if body.height < 30 {
        // No room for both: the matrix column is the blast radius, the what-if gets the width.
        draw_what_if(frame, bottom, app, view, radius);
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(bottom);
        draw_blast(frame, left, app, radius);
        draw_what_if(frame, right, app, view, radius);
    }
}

/// " Capabilities × vendors  column 3/21: Atlassian  loses 5, 23% of weight  rows by …".
fn matrix_title(app: &App, targets: &[BlastRadius], width: u16) -> Line<'static> {
    let theme = &app.theme;
    let axis = if app.exposure.axis == Axis::Vendors {
        "vendors"
    } else {
        "hosts"
    };
    let selected = targets
        .get(app.exposure.column)
        .map_or(String::new(), |r| clean_line(r.target.name()));
    let filter = app.filter(View::Exposure);
    Line::from(vec![
        Span::styled(format!(" Capabilities × {axis} "), theme.title()),
        Span::styled(
            format!(
                "column {}/{}: {selected} ",
                app.exposure.column + 1,
                targets.len()
            ),
            theme.accent(),
        ),
        Span::styled(
            targets
                .get(app.exposure.column)
                .filter(|_| width >= 110)
                .map_or(String::new(), |r| {
                    format!(
                        "loses {}, {} of weight ",
                        r.lost.len(),
                        fmt::percent(Some(r.share_of_total))
                    )
                }),
            theme.warn(),
        ),
        Span::styled(
            if width < 110 {
                String::new()
            } else {
                format!("rows by {} ", app.exposure.sort.label())
            },
            theme.dim(),
        ),
        Span::styled(
            if filter.is_empty() {
                String::new()
            } else {
                format!("filter “{}” ", clean_line(filter))
            },
            theme.accent(),
        ),
    ])
}

fn draw_matrix(frame: &mut Frame, area: Rect, app: &App, view: &ExposureView) {
    let theme = &app.theme;
    let targets = radii(view, app.exposure.axis);
    let title = matrix_title(app, targets, area.width);
    let legend = Line::from(Span::styled(
        " C/H/M/L criticality (lowercase: through a host) · ✗ no fallback · ~ manual · ✓ fallback survives ",
        theme.dim(),
    ));
    let block = Block::bordered()
        .title(title)
        .title_bottom(legend)
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let visible =
        usize::from(inner.width.saturating_sub(LABEL_W + CRIT_W + 2) / (CELL_W + 1)).max(1);
    let first = app.exposure.column.saturating_sub(visible - 1);
    let shown: Vec<usize> = (first..targets.len().min(first + visible)).collect();
    let mut widths = vec![Constraint::Length(LABEL_W), Constraint::Length(CRIT_W)];
    widths.extend(shown.iter().map(|_| Constraint::Length(CELL_W)));
    let mut header = vec![
        ratatui::widgets::Cell::from("Capability (service)"),
        ratatui::widgets::Cell::from("Crit"),
    ];
    header.extend(shown.iter().map(|&c| {
        let style = if c == app.exposure.column {
            theme.column()
        } else {
            Style::new()
        };
        ratatui::widgets::Cell::from(Span::styled(
            fmt::clip(&clean_line(targets[c].target.name()), usize::from(CELL_W)),
            style,
        ))
    }));
    let height = table::body_height(area);
    let order = &app.exposure.rows;
    let start = table::offset(order.selected, order.order.len(), height);
    let rows: Vec<Row> = (start..order.order.len().min(start + height))
        .filter_map(|i| {
            let r = view.report.rows.get(order.order[i])?;
            let mut cells = vec![
                ratatui::widgets::Cell::from(fmt::clip(
                    &format!("{} ({})", clean_line(&r.capability), clean_line(&r.service)),
                    usize::from(LABEL_W),
                )),
                ratatui::widgets::Cell::from(Span::styled(
                    r.criticality.as_str().chars().take(4).collect::<String>(),
                    theme.severity(r.criticality.as_str()),
                )),
            ];
            cells.extend(shown.iter().map(|&c| {
                let text = targets[c]
                    .lost
                    .iter()
                    .find(|l| l.line == r.line)
                    .map_or_else(|| "·".to_string(), cell);
                let style = if c == app.exposure.column {
                    theme.column()
                } else if text == "·" {
                    theme.dim()
                } else {
                    Style::new()
                };
                ratatui::widgets::Cell::from(Span::styled(text, style))
            }));
            let row = Row::new(cells);
            Some(if i == order.selected {
                row.style(theme.selected())
            } else {
                row
            })
        })
        .collect();
    let header = Row::new(header).style(theme.header());
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
    if shown.len() < targets.len() {
        let more = format!(
            " {}–{} of {} · h/l ",
            first + 1,
            first + shown.len(),
            targets.len()
        );
        let w = more.chars().count() as u16;
        if area.width > w + 2 {
            frame.render_widget(
                Span::styled(more, theme.dim()),
                Rect {
                    x: area.right() - w - 1,
                    y: area.y,
                    width: w,
                    height: 1,
                },
            );
        }
    }
}

fn export_row(row: &ExposureRow, targets: &[BlastRadius]) -> Vec<ExportCell> {
    let mut cells = vec![
        ExportCell::Text(row.capability.clone()),
        ExportCell::Text(row.service.clone()),
        ExportCell::Text(row.criticality.as_str().to_string()),
        ExportCell::Text(row.fallback.label().to_string()),
        ExportCell::Text(row.vendor.clone()),
        ExportCell::Text(row.hosts_label()),
        ExportCell::Number(Some(row.weight)),
        ExportCell::Flag(row.spof),
    ];
    cells.extend(targets.iter().map(|t| {
        ExportCell::Text(
            t.lost
                .iter()
                .find(|l| l.line == row.line)
                .map_or_else(String::new, cell),
        )
    }));
    cells
}

/// The whole matrix: every row and every vendor or host column.
pub fn export(app: &App) -> Option<ExportTable> {
    let view = app.base_data()?.exposure.as_ref()?;
    let targets = radii(view, app.exposure.axis);
    let mut header: Vec<String> = [
        "capability",
        "service",
        "criticality",
        "fallback",
        "vendor",
        "hosts",
        "weight",
        "spof",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(targets.iter().map(|t| t.target.name().to_string()));
    let rows = app
        .exposure
        .rows
        .order
        .iter()
        .filter_map(|&i| view.report.rows.get(i))
        .map(|r| export_row(r, targets))
        .collect();
    let axis = if app.exposure.axis == Axis::Vendors {
        "vendors"
    } else {
        "hosts"
    };
    Some(ExportTable {
        name: format!("planb-exposure-{axis}"),
        header,
        rows,
    })
}
