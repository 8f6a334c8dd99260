//! Vendor: its risk factors and sources, how its impact starts are known, incidents per
//! month, histograms of ttfc, silence and ttr with n, and its sortable, filterable
//! incident list (or the incidents that set one of its p90s).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::clean_line;
use crate::dashboard::jobs::{ExportCell, ExportTable};
use crate::dashboard::{VendorRow, WindowData, months};
use crate::metrics::{Dist, IncidentRef};
use crate::tui::app::App;
use crate::tui::fmt;
use crate::tui::lists::{self, BINS};
use crate::tui::state::{PercentileCut, View};
use crate::tui::table::{self, Cell, Col, TableSpec, col, flex, num};

const COLS: [Col; 11] = [
    col("Created (UTC)", 16, 0),
    col("Impact", 10, 0),
    col("Service", 14, 3),
    flex("Title", 16, 0),
    num("TTFC", 6, 1),
    num("Silence", 7, 1),
    num("TTR", 6, 1),
    num("Upd", 4, 3),
    col("Start", 9, 2),
    col("PM", 3, 3),
    col("Status", 11, 2),
];

fn areas(body: Rect) -> [Rect; 3] {
    let middle = if body.height >= 30 { 10 } else { 8 };
    Layout::vertical([
        Constraint::Length(6),
        Constraint::Length(middle),
        Constraint::Fill(1),
    ])
    .areas(body)
}

pub fn table_area(body: Rect, _app: &App) -> Rect {
    areas(body)[2]
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let Some(data) = app.data() else { return };
    let Some(name) = app.vendor.as_deref() else {
        return;
    };
    let [head, middle, list] = areas(body);
    let vendor = data.vendor(name);
    draw_head(frame, head, app, name, vendor);
    let [months_area, hist_area] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(middle);
    draw_months(frame, months_area, app);
    let stats = vendor.and_then(|v| v.stats.clone()).unwrap_or_default();
    let [a, b, c] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(hist_area);
    draw_histogram(
        frame,
        a,
        app,
        "TTFC",
        &stats.ttfc_min,
        &app.vendor_panel.ttfc,
    );
    draw_histogram(
        frame,
        b,
        app,
        "Silence",
        &stats.longest_silence_min,
        &app.vendor_panel.silence,
    );
    draw_histogram(frame, c, app, "TTR", &stats.ttr_min, &app.vendor_panel.ttr);

    let filter = app.filter(View::Vendor);
    let cut = app.incident_cut;
    let (noun, sort) = match (cut, lists::cut_p90(data, name, cut)) {
        (PercentileCut::All, _) => ("Incidents".to_string(), app.incident_sort.label()),
        (_, p90) => (
            format!(
                "Incidents at or above p90 {} ({})",
                cut.label(),
                fmt::minutes(p90)
            ),
            "largest first",
        ),
    };
    let title = table::title(&app.theme, &noun, app.incidents.order.len(), sort, filter);
    let legend = Line::from(Span::styled(
        " Enter: timeline · – unknown (no stated start: ttfc is not measurable) ",
        app.theme.dim(),
    ));
    let empty = if vendor.is_some_and(|v| v.sources.is_empty()) {
        "no stored status page for this vendor: pull its sources"
    } else {
        "no incidents in this window (w changes it)"
    };
    let spec = TableSpec {
        title,
        legend: Some(legend),
        cols: &COLS,
        len: app.incidents.order.len(),
        selected: Some(app.incidents.selected),
        focused: true,
        empty,
    };
    table::draw(frame, list, &app.theme, spec, &|i| row(app, data, i));
}

fn draw_head(frame: &mut Frame, area: Rect, app: &App, name: &str, vendor: Option<&VendorRow>) {
    let theme = &app.theme;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", clean_line(name)),
            theme.title(),
        ))
        .border_style(theme.border(false));
    let inner = block.inner(area);
    let mut lines = Vec::new();
    match vendor.and_then(|v| v.risk.as_ref()) {
        Some(r) => {
            let floor = if r.assumed_neutral {
                " (a factor is unknown: 1.0 assumed, the score is a floor)"
            } else {
                ""
            };
            lines.push(Line::from(vec![
                Span::styled(format!("risk {:.2}", r.score), theme.accent()),
                Span::raw(format!(
                    " = exposure share {} × likelihood {:.2} × communication {:.2}{floor}",
                    fmt::percent(Some(r.exposure_share)),
                    r.likelihood.used,
                    r.communication.used
                )),
            ]));
            lines.push(Line::from(Span::styled(
                format!(
                    "likelihood: {} · communication: {}",
                    r.likelihood.basis, r.communication.basis
                ),
                theme.dim(),
            )));
        }
        None => lines.push(Line::from(Span::styled(
            "not in the inventory's exposure: no share, no risk score",
            theme.dim(),
        ))),
    }
    let sources: Vec<String> = vendor
        .map(|v| v.sources.clone())
        .unwrap_or_default()
        .iter()
        .filter_map(|id| app.base_data()?.sources.iter().find(|s| &s.source_id == id))
        .map(|s| {
            format!(
                "{} ({}, {}, {} incidents)",
                clean_line(&s.source_id),
                clean_line(&s.service),
                s.platform,
                fmt::thousands(s.incidents as f64)
            )
        })
        .collect();
    let caps = vendor
        .map(|v| v.capabilities.join(", "))
        .unwrap_or_default();
    let sources = if sources.is_empty() {
        "none stored".to_string()
    } else {
        sources.join(" · ")
    };
    let caps = if caps.is_empty() {
        String::new()
    } else {
        format!(" · used for {}", clean_line(&caps))
    };
    lines.push(Line::from(vec![
        Span::styled("sources: ", theme.header()),
        Span::raw(format!("{sources}{caps}")),
    ]));
    let starts = vendor.and_then(|v| v.stats.as_ref()).map(|s| s.start_basis);
    lines.push(Line::from(vec![
        Span::styled("impact starts: ", theme.header()),
        Span::raw(starts.map_or_else(|| fmt::UNKNOWN.to_string(), |b| fmt::start_bases(&b))),
    ]));
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_months(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    let months = &app.vendor_panel.months;
    // One bar and a gap per slot; a long history is summed into wider buckets, the last
    // bucket ending with the current month.
    let slots = usize::from(area.width.saturating_sub(2)).div_ceil(2).max(1);
    let needed = months.len().div_ceil(slots).max(1);
    let per = [1, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|&p| p >= needed)
        .unwrap_or(needed);
    let shown: Vec<(i32, u32)> = months
        .rchunks(per)
        .rev()
        .map(|c| (c[0].0, c.iter().map(|m| m.1).sum()))
        .collect();
    let max = shown.iter().map(|m| m.1).max().unwrap_or(0);
    let unit = match per {
        1 => "month".to_string(),
        3 => "quarter".to_string(),
        6 => "half-year".to_string(),
        12 => "year".to_string(),
        n => format!("{n} months"),
    };
    let title = format!(" Incidents per {unit} (max {max}) ");
    let block = Block::bordered()
        .title(Span::styled(title, theme.title()))
        .border_style(theme.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height.saturating_sub(1));
    if shown.is_empty() || height == 0 {
        frame.render_widget(
            Span::styled("no incidents in this window", theme.dim()),
            inner,
        );
        return;
    }
    const PARTS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let mut lines: Vec<Line> = Vec::new();
    for level in (0..height).rev() {
        let text: String = shown
            .iter()
            .map(|&(_, n)| {
                let eighths = if max == 0 {
                    0
                } else {
                    (n as usize * height * 8).div_ceil(max as usize)
                };
                let here = eighths.saturating_sub(level * 8).min(8);
                let here = if n > 0 && level == 0 {
                    here.max(1)
                } else {
                    here
                };
                format!("{} ", PARTS[here])
            })
            .collect();
        lines.push(Line::from(Span::styled(text, theme.accent())));
    }
    let first = shown.first().map_or(String::new(), |m| months::label(m.0));
    let last = shown.last().map_or(String::new(), |m| months::label(m.0));
    let gap = usize::from(inner.width).saturating_sub(first.len() + last.len());
    lines.push(Line::from(Span::styled(
        format!("{first}{}{last}", " ".repeat(gap)),
        theme.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_histogram(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    name: &str,
    dist: &Dist,
    bins: &[u32; 6],
) {
    let theme = &app.theme;
    // The name on top, n at the bottom: both fit even in a narrow pane.
    let few = if dist.n == 0 {
        " none"
    } else if dist.n < fmt::MIN_N {
        if area.width >= 20 {
            " too few"
        } else {
            fmt::FEW
        }
    } else {
        ""
    };
    let n = Span::styled(
        format!(" n={}{few} ", dist.n),
        if few.is_empty() {
            theme.dim()
        } else {
            theme.warn()
        },
    );
    let block = Block::bordered()
        .title(Span::styled(format!(" {name} "), theme.title()))
        .title_bottom(n)
        .border_style(theme.border(false));
    let inner = block.inner(area);
    let max = f64::from(bins.iter().copied().max().unwrap_or(0));
    let bar_w = usize::from(inner.width).saturating_sub(10);
    let mut lines: Vec<Line> = BINS
        .iter()
        .zip(bins)
        .map(|((_, label), &n)| {
            Line::from(vec![
                Span::styled(format!("{label:>4} "), theme.dim()),
                Span::raw(format!("{:<bar_w$}", fmt::bar(f64::from(n), max, bar_w))),
                Span::raw(format!("{n:>4}")),
            ])
        })
        .collect();
    if usize::from(inner.height) > lines.len() {
        lines.push(Line::from(Span::styled(
            format!(
                "p50 {} p90 {}",
                fmt::minutes(dist.p50),
                fmt::minutes(dist.p90)
            ),
            theme.dim(),
        )));
    }
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row(app: &App, data: &WindowData, i: usize) -> Vec<Cell> {
    let Some(r) = app
        .incidents
        .order
        .get(i)
        .and_then(|&k| data.report.incidents.get(k))
    else {
        return Vec::new();
    };
    cells(app, &r)
}

fn cells(app: &App, r: &IncidentRef) -> Vec<Cell> {
    let theme = &app.theme;
    let dur = |v: Option<f64>| Cell::new(fmt::minutes(v), ExportCell::Number(v));
    vec![
        Cell::new(
            fmt::time(r.created_at),
            ExportCell::Time(Some(r.created_at)),
        ),
        Cell::new(
            fmt::impact(r.max_impact),
            ExportCell::Text(r.max_impact.to_string()),
        )
        .style(theme.severity(r.max_impact)),
        Cell::text(clean_line(r.service)),
        Cell::text(clean_line(r.title)),
        dur(r.ttfc_min),
        dur(r.longest_silence_min),
        dur(r.ttr_min),
        Cell::new(
            r.updates.to_string(),
            ExportCell::Count(Some(u64::from(r.updates))),
        ),
        Cell::text(r.start_basis.as_str()),
        Cell::new(
            if r.postmortem { "yes" } else { "" },
            ExportCell::Flag(r.postmortem),
        ),
        Cell::text(clean_line(r.status)),
    ]
}

const EXPORT_HEADER: [&str; 11] = [
    "created_at",
    "max_impact",
    "service",
    "title",
    "ttfc_min",
    "longest_silence_min",
    "ttr_min",
    "updates",
    "start_basis",
    "postmortem",
    "status",
];

pub fn export(app: &App) -> Option<ExportTable> {
    let data = app.data()?;
    let vendor = app.vendor.as_deref()?;
    let slug: String = vendor
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let mut table = table::export(
        format!("planb-incidents-{slug}-{}", app.window.label()),
        &COLS,
        app.incidents.order.len(),
        &|i| row(app, data, i),
    );
    table.header = EXPORT_HEADER.iter().map(|h| h.to_string()).collect();
    Some(table)
}
