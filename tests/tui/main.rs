//! The dashboard end to end, without a terminal: demo data loaded through the real
//! loader, keys fed to `App::update`, frames drawn into ratatui's `TestBackend`.
//! Snapshots (tests/tui/snapshots/) hold the text of each screen and, per row, its styles.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use planb::dashboard::{Base, Loader, Origin, WindowData};
use planb::tui::jobs::Jobs;
use planb::tui::state::{Load, PullState, VendorSort};
use planb::tui::{App, Effect, Msg, Theme, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

/// Every test sees the same "now", so ages and windows never drift.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z")
        .expect("time")
        .with_timezone(&Utc)
}

fn demo_origin() -> Origin {
    Origin::Demo {
        captured: planb::demo::CAPTURED,
    }
}

/// The demo store and inventory, written once per test process.
fn demo_jobs() -> &'static Jobs {
    static JOBS: OnceLock<Jobs> = OnceLock::new();
    JOBS.get_or_init(|| {
        let store = planb::demo::store(&cli::process_dir("tui-demo")).expect("demo store");
        let inventory = planb::inventory::demo().expect("demo inventory");
        Jobs {
            loader: Loader::new(store, Some(inventory), demo_origin(), now()),
            export_dir: cli::process_dir("tui-export"),
            live_clock: false,
        }
    })
}

/// Base data and the `all` window of the demo, computed once and shared.
fn demo_loaded() -> (Arc<Base>, Arc<WindowData>) {
    static LOADED: OnceLock<(Arc<Base>, Arc<WindowData>)> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let loader = &demo_jobs().loader;
            let base = loader.base().expect("base");
            let data = loader
                .window(planb::metrics::Window::All, &base)
                .expect("window");
            (Arc::new(base), Arc::new(data))
        })
        .clone()
}

fn demo_app(theme: Theme, width: u16, height: u16) -> App {
    let mut app = App::new(demo_origin(), theme, now(), Rect::new(0, 0, width, height));
    assert_eq!(
        app.start(),
        vec![Effect::LoadAll(planb::metrics::Window::All)],
        "the demo opens on the whole capture period"
    );
    assert!(app.update(Msg::Loaded(Ok(demo_loaded()))).is_empty());
    app
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Feed keys, running whatever they ask for (loads, exports) to completion.
fn press(app: &mut App, jobs: &Jobs, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        let effects = app.update(key(code));
        jobs.settle(app, effects);
    }
}

fn draw(app: &App) -> Buffer {
    let mut terminal =
        Terminal::new(TestBackend::new(app.size.width, app.size.height)).expect("terminal");
    terminal
        .draw(|frame| planb::tui::render(frame, app))
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width)
        .map(|row| {
            row.iter()
                .map(|c| c.symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The screen's text, then per row the runs of non-default style ("x0-x1 fg/bg MODS").
fn snapshot(buffer: &Buffer) -> String {
    let mut out = text(buffer);
    out.push_str("\n\n-- styles (row: columns colour modifiers) --\n");
    let width = usize::from(buffer.area.width);
    for (y, row) in buffer.content.chunks(width).enumerate() {
        let mut runs: Vec<String> = Vec::new();
        let mut x = 0;
        while x < row.len() {
            let style = (row[x].fg, row[x].bg, row[x].modifier);
            let start = x;
            while x < row.len() && (row[x].fg, row[x].bg, row[x].modifier) == style {
                x += 1;
            }
            if style != (Color::Reset, Color::Reset, Modifier::empty()) {
                let colour = if style.0 == Color::Reset && style.1 == Color::Reset {
                    String::new()
                } else {
                    format!(" {:?}/{:?}", style.0, style.1)
                };
                runs.push(format!("{start}-{}{colour} {:?}", x - 1, style.2));
            }
        }
        if !runs.is_empty() {
            out.push_str(&format!("{y:02}: {}\n", runs.join("; ")));
        }
    }
    out
}

/// The demo app showing `view` with real data: the vendor and incident views show
/// Microsoft (GitHub's status page), the busiest vendor of the demo.
fn demo_on(view: View, theme: Theme, width: u16, height: u16) -> App {
    let jobs = demo_jobs();
    let mut app = demo_app(theme, width, height);
    match view {
        View::Overview => {}
        View::Exposure => press(&mut app, jobs, "2"),
        View::Sources => press(&mut app, jobs, "5"),
        View::Vendor | View::Incident => {
            press(&mut app, jobs, "/microsoft\n\n");
            if view == View::Incident {
                press(&mut app, jobs, "\n");
            }
        }
    }
    assert_eq!(app.view, view);
    app
}

mod interaction;
mod live;
mod long_text;
mod numbers;
mod screens;

#[path = "../support/loopback.rs"]
mod loopback;

#[path = "../support/cli.rs"]
mod cli;
use cli::TempDir;
