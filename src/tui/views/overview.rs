//! Overview: concentration (HHI gauges and bands), SPOFs, what is down, the ranked vendor
//! table, and single-vendor exposure spelled out in plain words.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{clean_line, wrap};
use crate::dashboard::jobs::{ExportCell, ExportTable};
use crate::dashboard::{Base, VendorRow};
use crate::tui::app::App;
use crate::tui::fmt;
use crate::tui::state::View;
use crate::tui::table::{self, Cell, Col, TableSpec, col, num};

const COLS: [Col; 12] = [
    num("#", 3, 2),
    col("Vendor", 18, 0),
    num("Risk", 6, 0),
    num("Share", 5, 1),
    num("Lik×Com", 9, 2),
    num("Caps", 4, 3),
    num("Inc", 5, 0),
    col("Last 12 mo", 12, 3),
    col("TTFC p50/p90", 16, 1),
    num("Silence90", 9, 2),
    num("TTR p90", 7, 1),
    num("PM", 4, 3),
];

fn areas(body: Rect, app: &App) -> [Rect; 3] {
    let tall = body.height >= 30;
    let summary = if tall { 7 } else { 6 };
    let warnings = app.base_data().map_or(1, |b| b.warnings.len().max(1)) as u16;
    let warnings = (warnings * 2 + 2).min(if tall { 9 } else { 5 });
    Layout::vertical([
        Constraint::Length(summary),
        Constraint::Fill(1),
        Constraint::Length(warnings),
    ])
    .areas(body)
}

pub fn table_area(body: Rect, app: &App) -> Rect {
    areas(body, app)[1]
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let Some(base) = app.base_data() else { return };
    let [summary, table_rect, warnings] = areas(body, app);
    let counts = app.data().map(|d| {
        (
            d.report.incidents.len(),
            d.vendors.iter().map(|v| v.open_incidents).sum(),
        )
    });
    super::summary::draw_summary(frame, summary, app, base, counts);
    draw_warnings(frame, warnings, app, base);
    let Some(data) = app.data() else {
        super::placeholder::computing(frame, table_rect, app);
        return;
    };

    let filter = app.filter(View::Overview);
    let title = table::title(
        &app.theme,
        "Vendors",
        app.vendors.order.len(),
        app.vendor_sort.label(),
        filter,
    );
    let legend = Line::from(Span::styled(
        " * n<10: too few to judge · – unknown · ≥ a factor unknown, 1.0 assumed ",
        app.theme.dim(),
    ));
    let spec = TableSpec {
        title,
        legend: Some(legend),
        cols: &COLS,
        len: app.vendors.order.len(),
        selected: Some(app.vendors.selected),
        focused: true,
        empty: "no vendor matches",
    };
    table::draw(frame, table_rect, &app.theme, spec, &|i| {
        row(app, &data.vendors, data.spark_start, i)
    });
}

fn draw_warnings(frame: &mut Frame, area: Rect, app: &App, base: &Base) {
    let theme = &app.theme;
    let block = Block::bordered()
        .title(Span::styled(" Single-vendor exposure ", theme.title()))
        .border_style(theme.border(false));
    let inner = block.inner(area);
    let width = usize::from(inner.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    if base.warnings.is_empty() {
        let note = base
            .exposure_note
            .as_deref()
            .unwrap_or("no vendor or host carries two or more capabilities");
        lines.push(Line::from(Span::styled(clean_line(note), theme.dim())));
    }
    for w in &base.warnings {
        for (i, part) in wrap(&w.text, width).into_iter().enumerate() {
            let lead = if i == 0 {
                Span::styled("▲ ", theme.warn())
            } else {
                Span::raw("  ")
            };
            lines.push(Line::from(vec![lead, Span::raw(part)]));
        }
    }
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row(app: &App, vendors: &[VendorRow], spark_start: usize, i: usize) -> Vec<Cell> {
    let Some(v) = app.vendors.order.get(i).and_then(|&k| vendors.get(k)) else {
        return Vec::new();
    };
    let theme = &app.theme;
    let stats = v.stats.as_ref();
    let dist = |f: fn(&crate::metrics::GroupStats) -> crate::metrics::Dist| {
        stats.map(f).unwrap_or_default()
    };
    let (ttfc, silence, ttr) = (
        dist(|s| s.ttfc_min),
        dist(|s| s.longest_silence_min),
        dist(|s| s.ttr_min),
    );
    let risk = v.risk.as_ref();
    let risk_text = risk.map_or_else(
        || fmt::UNKNOWN.to_string(),
        |r| format!("{}{:.2}", if r.assumed_neutral { "≥" } else { "" }, r.score),
    );
    let factors = risk.map_or_else(
        || fmt::UNKNOWN.to_string(),
        |r| format!("{}×{}", factor(&r.likelihood), factor(&r.communication)),
    );
    let spark = if stats.is_some() {
        fmt::sparkline(&v.monthly, spark_start)
    } else {
        fmt::UNKNOWN.to_string()
    };
    vec![
        Cell::new(format!("{}", i + 1), ExportCell::Count(Some(i as u64 + 1))),
        Cell::text(clean_line(&v.vendor)).style(theme.title()),
        Cell::new(risk_text, ExportCell::Number(risk.map(|r| r.score))).style(theme.accent()),
        Cell::new(
            fmt::percent(v.exposure_share),
            ExportCell::Number(v.exposure_share),
        ),
        Cell::new(
            factors,
            ExportCell::Text(risk.map_or(String::new(), |r| {
                format!(
                    "likelihood {}; communication {}",
                    r.likelihood.basis, r.communication.basis
                )
            })),
        ),
        Cell::new(
            if v.in_inventory {
                v.capabilities.len().to_string()
            } else {
                fmt::UNKNOWN.to_string()
            },
            ExportCell::Text(v.capabilities.join("; ")),
        ),
        Cell::new(
            stats.map_or_else(|| fmt::UNKNOWN.to_string(), |s| s.incidents.to_string()),
            ExportCell::Count(stats.map(|s| u64::from(s.incidents))),
        ),
        Cell::new(
            spark,
            ExportCell::Text(
                v.monthly
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
        Cell::new(fmt::p50_p90(&ttfc), ExportCell::Number(ttfc.p90)),
        Cell::new(fmt::p90(&silence), ExportCell::Number(silence.p90)),
        Cell::new(fmt::p90(&ttr), ExportCell::Number(ttr.p90)),
        Cell::new(
            stats.map_or_else(
                || fmt::UNKNOWN.to_string(),
                |s| fmt::percent(s.postmortem_rate),
            ),
            ExportCell::Number(stats.and_then(|s| s.postmortem_rate)),
        ),
    ]
}

fn factor(f: &crate::metrics::risk::Factor) -> String {
    f.value
        .map_or_else(|| fmt::UNKNOWN.to_string(), |v| format!("{v:.2}"))
}

/// Export header names say what the numbers are (the screen has no room for it).
const EXPORT_HEADER: [&str; 12] = [
    "rank",
    "vendor",
    "risk_score",
    "exposure_share",
    "factors",
    "capabilities",
    "incidents",
    "incidents_per_month_last_12",
    "ttfc_p90_min",
    "longest_silence_p90_min",
    "ttr_p90_min",
    "postmortem_rate",
];

pub fn export(app: &App) -> Option<ExportTable> {
    let data = app.data()?;
    let mut table = table::export(
        format!("planb-overview-{}", app.window.label()),
        &COLS,
        app.vendors.order.len(),
        &|i| row(app, &data.vendors, data.spark_start, i),
    );
    table.header = EXPORT_HEADER.iter().map(|h| h.to_string()).collect();
    Some(table)
}
