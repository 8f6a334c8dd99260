//! Overview: concentration (HHI gauges and bands), SPOFs, what is down, the ranked vendor
//! table, and single-vendor exposure spelled out in plain words.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{clean_line, wrap};
use crate::dashboard::jobs::{ExportCell, ExportTable};
use crate::dashboard::{Base, VendorRow};
use crate::metrics::exposure::{Band, ConcentrationRow, Level};
use crate::tui::app::App;
use crate::tui::fmt;
use crate::tui::state::View;
use crate::tui::table::{self, Cell, Col, TableSpec, col, num};
use crate::tui::theme::Theme;

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
    draw_summary(frame, summary, app, base, counts);
    draw_warnings(frame, warnings, app, base);
    let Some(data) = app.data() else {
        super::computing(frame, table_rect, app);
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
fn draw_summary(
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
        if !d.components.is_empty() && !narrow {
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
    }
    Line::from(spans)
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
