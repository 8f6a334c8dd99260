//! Tables that fit their columns to the width (dropping low-priority ones first), render
//! only the visible rows, and export every row and column unchanged.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Row, Table};

use super::theme::Theme;
use crate::dashboard::jobs::{ExportCell, ExportTable};

#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub title: &'static str,
    /// Width on screen (the minimum, for the flexible column).
    pub width: u16,
    /// 0 = always shown; higher numbers are dropped first when space runs out.
    pub priority: u8,
    pub right: bool,
    /// Takes the width left over.
    pub flex: bool,
}

pub const fn col(title: &'static str, width: u16, priority: u8) -> Col {
    Col {
        title,
        width,
        priority,
        right: false,
        flex: false,
    }
}

pub const fn num(title: &'static str, width: u16, priority: u8) -> Col {
    Col {
        title,
        width,
        priority,
        right: true,
        flex: false,
    }
}

pub const fn flex(title: &'static str, width: u16, priority: u8) -> Col {
    Col {
        title,
        width,
        priority,
        right: false,
        flex: true,
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub style: Style,
    pub export: ExportCell,
}

impl Cell {
    /// Shown as `text`, exported as the same text.
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            export: ExportCell::Text(text.clone()),
            text,
            style: Style::new(),
        }
    }

    pub fn new(text: impl Into<String>, export: ExportCell) -> Self {
        Self {
            text: text.into(),
            style: Style::new(),
            export,
        }
    }

    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }
}

/// Indices of the columns that fit in `width`, in their original order.
pub fn fit(cols: &[Col], width: u16) -> Vec<usize> {
    let mut keep = vec![false; cols.len()];
    let mut used: u16 = 0;
    let mut priorities: Vec<u8> = cols.iter().map(|c| c.priority).collect();
    priorities.sort_unstable();
    priorities.dedup();
    for p in priorities {
        for (i, c) in cols.iter().enumerate().filter(|(_, c)| c.priority == p) {
            let need = c.width + u16::from(used > 0);
            if used + need <= width {
                keep[i] = true;
                used += need;
            }
        }
    }
    (0..cols.len()).filter(|&i| keep[i]).collect()
}

/// First visible row: the selection stays roughly centred, the ends stay put.
pub fn offset(selected: usize, len: usize, height: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

/// Everything needed to draw one table; `row(i)` builds the i-th row in display order.
/// A list's title: " Vendors (21) sorted by risk filter “x” ".
pub fn title(theme: &Theme, noun: &str, count: usize, sort: &str, filter: &str) -> Line<'static> {
    let filter = if filter.is_empty() {
        String::new()
    } else {
        format!("filter “{}” ", crate::tui::views::text::clean_line(filter))
    };
    Line::from(vec![
        Span::styled(format!(" {noun} ({count}) "), theme.title()),
        Span::styled(format!("sorted by {sort} "), theme.dim()),
        Span::styled(filter, theme.accent()),
    ])
}

pub struct TableSpec<'a> {
    pub title: Line<'a>,
    pub legend: Option<Line<'a>>,
    pub cols: &'a [Col],
    pub len: usize,
    pub selected: Option<usize>,
    pub focused: bool,
    pub empty: &'a str,
}

/// Rows of the table body that fit in `area` (borders and header taken off).
pub fn body_height(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(3))
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    spec: TableSpec,
    row: &dyn Fn(usize) -> Vec<Cell>,
) {
    let mut block = Block::bordered()
        .title(spec.title)
        .border_style(theme.border(spec.focused));
    if let Some(legend) = spec.legend {
        block = block.title_bottom(legend);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let shown = fit(spec.cols, inner.width);
    let widths: Vec<Constraint> = shown
        .iter()
        .map(|&i| {
            if spec.cols[i].flex {
                Constraint::Fill(1)
            } else {
                Constraint::Length(spec.cols[i].width)
            }
        })
        .collect();
    let header = Row::new(shown.iter().map(|&i| {
        aligned(
            spec.cols[i].title.to_string(),
            spec.cols[i].right,
            Style::new(),
        )
    }))
    .style(theme.header());
    let height = body_height(area);
    let first = offset(spec.selected.unwrap_or(0), spec.len, height);
    let rows: Vec<Row> = (first..spec.len.min(first + height))
        .map(|i| {
            let cells = row(i);
            let row = Row::new(shown.iter().map(|&c| {
                let cell = cells.get(c);
                let (text, style) =
                    cell.map_or((String::new(), Style::new()), |x| (x.text.clone(), x.style));
                let text = super::fmt::clip(&text, width_of(spec.cols[c], inner.width));
                aligned(text, spec.cols[c].right, style)
            }));
            if spec.selected == Some(i) {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_widget(table, inner);
    if spec.len == 0 {
        let y = inner.y.saturating_add(1);
        if y < inner.bottom() {
            frame.render_widget(
                Line::from(Span::styled(spec.empty, theme.dim())),
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
            );
        }
    }
}

/// The clip width of a column: its own width, or the whole row for the flexible one.
fn width_of(col: Col, total: u16) -> usize {
    usize::from(if col.flex { total } else { col.width })
}

fn aligned(text: String, right: bool, style: Style) -> ratatui::widgets::Cell<'static> {
    let line = Line::from(Span::styled(text, style));
    ratatui::widgets::Cell::from(if right {
        line.alignment(Alignment::Right)
    } else {
        line
    })
}

/// Every row and column, for `e`.
pub fn export(
    name: String,
    cols: &[Col],
    len: usize,
    row: &dyn Fn(usize) -> Vec<Cell>,
) -> ExportTable {
    ExportTable {
        name,
        header: cols.iter().map(|c| c.title.to_string()).collect(),
        rows: (0..len)
            .map(|i| row(i).into_iter().map(|c| c.export).collect())
            .collect(),
    }
}

/// Which display row a click at screen row `y` hits, if any.
pub fn row_at(area: Rect, y: u16, selected: usize, len: usize) -> Option<usize> {
    let top = area.y + 2; // border and header
    if y < top || y >= area.bottom().saturating_sub(1) {
        return None;
    }
    let i = offset(selected, len, body_height(area)) + usize::from(y - top);
    (i < len).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_priority_columns_go_first() {
        let cols = [col("a", 10, 0), col("b", 10, 2), col("c", 10, 1)];
        assert_eq!(fit(&cols, 21), vec![0, 2]);
        assert_eq!(fit(&cols, 32), vec![0, 1, 2]);
    }

    #[test]
    fn offset_centres_and_clamps() {
        assert_eq!(offset(0, 100, 10), 0);
        assert_eq!(offset(50, 100, 10), 45);
        assert_eq!(offset(99, 100, 10), 90);
        assert_eq!(offset(3, 5, 10), 0);
    }
}
