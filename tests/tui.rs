//! The dashboard end to end, without a terminal: demo data loaded through the real
//! loader, keys fed to `App::update`, frames drawn into ratatui's `TestBackend`.
//! Snapshots (tests/snapshots/) hold the text of each screen and, per row, its styles.

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

fn temp_dir(tag: &str) -> PathBuf {
    // Fixed width: the error snapshot shows the path, and its length decides the wrapping.
    let dir = std::env::temp_dir()
        .join(format!("planb-tui-{tag:<7}-{:016x}", fastrand::u64(..)).replace(' ', "_"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
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
        let store = planb::demo::store(&temp_dir("demo")).expect("demo store");
        let inventory = planb::inventory::demo().expect("demo inventory");
        Jobs {
            loader: Loader::new(store, Some(inventory), demo_origin(), now()),
            export_dir: temp_dir("export"),
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

#[test]
fn every_view_at_both_sizes_in_both_themes() {
    for (view, name) in [
        (View::Overview, "overview"),
        (View::Exposure, "exposure"),
        (View::Vendor, "vendor"),
        (View::Incident, "incident"),
        (View::Sources, "sources"),
    ] {
        for (width, height) in [(120, 40), (80, 24)] {
            for (theme, theme_name) in [(Theme::COLOR, "color"), (Theme::MONO, "mono")] {
                let app = demo_on(view, theme, width, height);
                insta::assert_snapshot!(
                    format!("{name}_{width}x{height}_{theme_name}"),
                    snapshot(&draw(&app))
                );
            }
        }
    }
}

#[test]
fn views_show_real_demo_data() {
    let overview = text(&draw(&demo_on(View::Overview, Theme::COLOR, 120, 40)));
    assert!(
        overview.contains("DEMO DATA") && overview.contains("planb pull --inventory FILE"),
        "{overview}"
    );
    assert!(
        overview.contains("Atlassian: ticketing, documentation, on-call alerting"),
        "{overview}"
    );
    assert!(
        overview.contains("on-call alerting goes down with what it alerts on"),
        "{overview}"
    );
    assert!(
        overview.contains("Vendor HHI") && overview.contains("critical SPOFs"),
        "{overview}"
    );
    let exposure = text(&draw(&demo_on(View::Exposure, Theme::COLOR, 120, 40)));
    assert!(
        exposure.contains("Blast radius: Atlassian") && exposure.contains("Replay: Atlassian"),
        "{exposure}"
    );
    let vendor = text(&draw(&demo_on(View::Vendor, Theme::COLOR, 120, 40)));
    assert!(
        vendor.contains("www.githubstatus.com") && vendor.contains("Incidents per "),
        "{vendor}"
    );
    let incident = text(&draw(&demo_on(View::Incident, Theme::COLOR, 120, 40)));
    assert!(
        incident.contains("Timeline") && incident.contains("facts-only store"),
        "{incident}"
    );
    let sources = text(&draw(&demo_on(View::Sources, Theme::COLOR, 120, 40)));
    assert!(
        sources.contains("www.githubstatus.com") && sources.contains("status.cloud.google.com"),
        "{sources}"
    );
}

#[test]
fn no_cell_carries_a_colour_under_the_mono_theme() {
    for view in View::ALL {
        for (width, height) in [(120, 40), (80, 24)] {
            let mut app = demo_on(view, Theme::MONO, width, height);
            for help in [false, true] {
                app.help = help;
                let buffer = draw(&app);
                for cell in &buffer.content {
                    assert_eq!(
                        (cell.fg, cell.bg, cell.underline_color),
                        (Color::Reset, Color::Reset, Color::Reset),
                        "{view:?} {width}x{height} help={help}: {cell:?}"
                    );
                }
            }
        }
    }
    // Meaning is carried by modifiers: the selected row is reversed.
    let buffer = draw(&demo_on(View::Overview, Theme::MONO, 120, 40));
    assert!(
        buffer
            .content
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED))
    );
}

#[test]
fn help_overlay_and_small_terminals() {
    let jobs = demo_jobs();
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = demo_app(Theme::COLOR, width, height);
        press(&mut app, jobs, "?");
        assert!(app.help);
        insta::assert_snapshot!(format!("help_{width}x{height}"), snapshot(&draw(&app)));
        press(&mut app, jobs, "?");
        assert!(!app.help);
    }
    let small = demo_app(Theme::COLOR, 70, 20);
    let screen = text(&draw(&small));
    assert!(
        screen.contains("terminal too small") && screen.contains("70×20"),
        "{screen}"
    );
    insta::assert_snapshot!("too_small_70x20", screen);
}

#[test]
fn footer_hints_and_help_come_from_the_same_bindings() {
    let app = demo_app(Theme::COLOR, 120, 40);
    let screen = text(&draw(&app));
    let footer = screen.lines().last().unwrap_or_default().to_string();
    for (keys, hint) in planb::tui::command::hints(View::Overview) {
        assert!(
            footer.contains(&format!("{keys} {hint}")),
            "footer lacks {keys} {hint}: {footer}"
        );
        assert!(
            planb::tui::command::BINDINGS
                .iter()
                .any(|b| b.hint == Some(hint))
        );
    }
}

#[test]
fn empty_store_with_an_inventory_shows_unknowns_not_zeros() {
    let store = planb::store::Store::at(temp_dir("empty"));
    let inventory = planb::inventory::demo().expect("demo inventory");
    let origin = Origin::Live {
        inventory: Some(PathBuf::from("inventory.csv")),
    };
    let jobs = Jobs {
        loader: Loader::new(store, Some(inventory), origin.clone(), now()),
        export_dir: temp_dir("export"),
        live_clock: false,
    };
    let mut app = App::new(origin, Theme::COLOR, now(), Rect::new(0, 0, 120, 40));
    let start = app.start();
    jobs.settle(&mut app, start);
    let screen = text(&draw(&app));
    assert!(
        screen.contains("never pulled: press r or run planb pull"),
        "{screen}"
    );
    insta::assert_snapshot!("empty_store_120x40", snapshot(&draw(&app)));
    press(&mut app, &jobs, "5");
    assert!(text(&draw(&app)).contains("no sources stored yet"));
}

#[test]
fn a_damaged_store_shows_the_error() {
    let dir = temp_dir("broken");
    std::fs::create_dir_all(dir.join("sources/x.example")).expect("dir");
    std::fs::write(dir.join("manifest.json"), "{ not json").expect("write");
    let origin = Origin::Live { inventory: None };
    let jobs = Jobs {
        loader: Loader::new(planb::store::Store::at(&dir), None, origin.clone(), now()),
        export_dir: temp_dir("export"),
        live_clock: false,
    };
    let mut app = App::new(origin, Theme::COLOR, now(), Rect::new(0, 0, 120, 40));
    let start = app.start();
    jobs.settle(&mut app, start);
    assert!(matches!(app.base, Load::Failed(_)));
    let screen = text(&draw(&app));
    assert!(
        screen.contains("could not load the dashboard") && screen.contains("manifest.json"),
        "{screen}"
    );
    let shown = snapshot(&draw(&app)).replace(dir.to_string_lossy().as_ref(), "<store>");
    insta::assert_snapshot!("error_120x40", shown);
}

#[test]
fn sort_cycles_and_keeps_the_selection() {
    let jobs = demo_jobs();
    let mut app = demo_app(Theme::COLOR, 120, 40);
    let data = app.data().cloned().expect("data");
    let first = |app: &App| {
        app.vendors
            .current()
            .map(|i| data.vendors[i].vendor.clone())
    };
    assert_eq!(app.vendor_sort, VendorSort::Risk);
    press(&mut app, jobs, "j");
    let selected = first(&app);
    press(&mut app, jobs, "s");
    assert_eq!(app.vendor_sort, VendorSort::Share);
    assert_eq!(
        first(&app),
        selected,
        "the selection stays on the same vendor"
    );
    press(&mut app, jobs, "g");
    assert_eq!(
        first(&app).as_deref(),
        Some("Atlassian"),
        "largest exposure share first"
    );
    press(&mut app, jobs, "s");
    assert_eq!(app.vendor_sort, VendorSort::Incidents);
    press(&mut app, jobs, "g");
    assert_eq!(
        first(&app).as_deref(),
        Some("Microsoft"),
        "GitHub's page has the most incidents"
    );
    assert!(text(&draw(&app)).contains("sorted by incidents"));
}

#[test]
fn filter_narrows_and_escape_clears() {
    let jobs = demo_jobs();
    let mut app = demo_app(Theme::COLOR, 120, 40);
    let all = app.vendors.order.len();
    press(&mut app, jobs, "/cloudf");
    assert_eq!(app.filter_input.as_deref(), Some("cloudf"));
    assert_eq!(app.vendors.order.len(), 1, "filtering happens as you type");
    press(&mut app, jobs, "\n");
    assert!(app.filter_input.is_none());
    assert_eq!(app.vendors.order.len(), 1, "Enter keeps the filter");
    assert!(text(&draw(&app)).contains("filter “cloudf”"));
    press(&mut app, jobs, "/\u{1b}");
    assert_eq!(app.vendors.order.len(), all, "Esc clears it");
}

#[test]
fn drill_down_to_an_incident_and_back() {
    let jobs = demo_jobs();
    let mut app = demo_app(Theme::COLOR, 120, 40);
    press(&mut app, jobs, "/microsoft\n");
    let effects = app.update(key(KeyCode::Enter));
    assert!(effects.is_empty());
    assert_eq!(
        (app.view, app.vendor.as_deref()),
        (View::Vendor, Some("Microsoft"))
    );
    assert!(
        app.incidents.order.len() > 1000,
        "{}",
        app.incidents.order.len()
    );
    press(&mut app, jobs, "jj");
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(app.view, View::Incident);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadIncident(_)]),
        "{effects:?}"
    );
    assert!(text(&draw(&app)).contains("loading the incident's updates"));
    jobs.settle(&mut app, effects);
    let pick = app.incident.as_ref().expect("pick");
    assert!(matches!(pick.detail, Load::Ready(_)));
    press(&mut app, jobs, "\u{1b}");
    assert_eq!(app.view, View::Vendor);
    assert_eq!(app.incidents.selected, 2, "back where we were");
    press(&mut app, jobs, "\u{1b}");
    assert_eq!(app.view, View::Overview);
}

#[test]
fn window_change_loads_in_the_background() {
    let jobs = demo_jobs();
    let mut app = demo_app(Theme::COLOR, 120, 40);
    let all = app.data().expect("data").report.incidents.len();
    let effects = app.update(key(KeyCode::Char('w')));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::LoadWindow(planb::metrics::Window::Days30, _)]
        ),
        "{effects:?}"
    );
    assert_eq!(
        app.window,
        planb::metrics::Window::All,
        "the old window stays on screen while the new one loads"
    );
    assert!(text(&draw(&app)).contains("loading 30d"));
    jobs.settle(&mut app, effects);
    assert_eq!(app.window, planb::metrics::Window::Days30);
    assert!(app.data().expect("data").report.incidents.len() < all);
    press(&mut app, jobs, "www");
    assert_eq!(app.window, planb::metrics::Window::All);
    // All four are cached now: switching needs no work.
    assert!(app.update(key(KeyCode::Char('w'))).is_empty());
}

#[test]
fn one_pull_at_a_time() {
    let mut app = App::new(
        Origin::Live { inventory: None },
        Theme::COLOR,
        now(),
        Rect::new(0, 0, 120, 40),
    );
    assert_eq!(app.update(key(KeyCode::Char('r'))), vec![Effect::Pull]);
    assert!(
        app.update(Msg::PullProgress {
            done: 3,
            total: 16,
            source_id: "www.githubstatus.com".into()
        })
        .is_empty()
    );
    assert!(
        app.update(key(KeyCode::Char('r'))).is_empty(),
        "a second pull is refused"
    );
    let (message, _) = app.status.clone().expect("status");
    assert!(message.contains("already running (3/16"), "{message}");
    let finished = app.update(Msg::PullFinished(Ok(planb::dashboard::jobs::PullSummary {
        sources: 16,
        failed: Vec::new(),
    })));
    assert!(
        matches!(finished.as_slice(), [Effect::LoadAll(_)]),
        "a finished pull reloads"
    );
    assert_eq!(app.pull, PullState::Idle);
    assert_eq!(
        app.update(key(KeyCode::Char('r'))),
        vec![Effect::Pull],
        "and then another may start"
    );

    let mut demo = demo_app(Theme::COLOR, 120, 40);
    assert!(
        demo.update(key(KeyCode::Char('r'))).is_empty(),
        "the demo has nothing live to pull"
    );
    assert!(
        demo.status
            .as_ref()
            .is_some_and(|(m, _)| m.contains("planb pull --inventory FILE"))
    );
}

#[test]
fn export_writes_the_table_on_screen() {
    let jobs = demo_jobs();
    let mut app = demo_app(Theme::COLOR, 80, 24);
    press(&mut app, jobs, "e");
    let (message, _) = app.status.clone().expect("status");
    let path = jobs.export_dir.join("planb-overview-all.csv");
    assert!(message.contains("planb-overview-all.csv"), "{message}");
    let csv = std::fs::read_to_string(&path).expect("csv");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("rank,vendor,risk_score"))
    );
    assert_eq!(
        lines.count(),
        app.vendors.order.len(),
        "every row, not only those on screen"
    );
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut app = demo_app(Theme::COLOR, 120, 40);
    // Overview: tabs, banner, a 7-line summary, then the table's border and header.
    let screen = text(&draw(&app));
    let row = screen
        .lines()
        .position(|l| l.contains("│  4 "))
        .expect("fourth row") as u16;
    app.update(Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.vendors.selected, 3);
    app.update(Msg::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.vendors.selected, 6);
    let tab = screen
        .lines()
        .next()
        .and_then(|l| l.find("5 Sources"))
        .expect("tab") as u16;
    app.update(Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: tab + 2,
        row: 0,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.view, View::Sources);
}

/// An update body with a screen clear, an OSC 52 clipboard write and a bell, stored
/// without sanitizing (as a hostile or buggy importer might), reaches the screen clean.
#[test]
fn escape_sequences_never_reach_the_buffer() {
    use planb::model::{
        Impact, Incident, IncidentStatus, IncidentUpdate, PageInfo, Platform, Snapshot,
    };
    let dir = temp_dir("hostile");
    let store = planb::store::Store::at(&dir);
    let at = |m: i64| now() - chrono::Duration::minutes(m);
    let hostile = "before\u{1b}[2J\u{1b}]52;c;SGVsbG8=\u{7}after\u{7} the bell";
    let update = |id: &str, status, minutes, body: &str| IncidentUpdate {
        id: id.into(),
        status,
        body: Some(body.into()),
        created_at: at(minutes),
        display_at: None,
        updated_at: None,
        affected_components: vec!["API\u{1b}[31m".into()],
        promised_by: None,
    };
    let incident = Incident {
        id: "evil1".into(),
        title: Some("Title\u{1b}[2J with \u{7}bell".into()),
        first_title: None,
        status: IncidentStatus::Resolved,
        impact: Impact::Major,
        first_impact: Impact::Major,
        max_impact: Impact::Major,
        created_at: at(120),
        started_at: None,
        first_started_at: None,
        stated_start: None,
        updated_at: Some(at(10)),
        monitoring_at: None,
        resolved_at: Some(at(10)),
        url: None,
        components: vec!["API".into()],
        updates: vec![
            update("u1", IncidentStatus::Investigating, 120, hostile),
            update("u2", IncidentStatus::Resolved, 10, "fixed"),
        ],
        observed_at: Some(at(5)),
    };
    let snapshot = Snapshot {
        platform: Platform::Statuspage,
        page: PageInfo {
            id: None,
            name: Some("Evil\u{1b}[5m Corp".into()),
            url: Some("https://status.evil.example".into()),
        },
        incidents: vec![incident],
        maintenances: Vec::new(),
        components: None,
        status: None,
    };
    let mut writer = store.writer().expect("writer");
    writer
        .commit("status.evil.example", snapshot, &[])
        .expect("commit");
    writer.save_manifest().expect("manifest");
    drop(writer);

    let origin = Origin::Live { inventory: None };
    let jobs = Jobs {
        loader: Loader::new(store, None, origin.clone(), now()),
        export_dir: temp_dir("export"),
        live_clock: false,
    };
    let mut app = App::new(origin, Theme::COLOR, now(), Rect::new(0, 0, 120, 40));
    let start = app.start();
    jobs.settle(&mut app, start);
    press(&mut app, &jobs, "\n\n");
    assert_eq!(app.view, View::Incident);
    for view in ["", "1", "3", "5"] {
        press(&mut app, &jobs, view);
        let buffer = draw(&app);
        for cell in &buffer.content {
            assert!(
                !cell.symbol().chars().any(|c| c.is_control()),
                "control character in {:?}",
                cell.symbol()
            );
        }
    }
    press(&mut app, &jobs, "4");
    let screen = text(&draw(&app));
    assert!(screen.contains("beforeafter the bell"), "{screen}");
    assert!(screen.contains("Title with bell"), "{screen}");
    assert!(
        !screen.contains("52;c;"),
        "the OSC 52 payload is dropped with its sequence: {screen}"
    );
}

/// The first frame needs only the base data: on a big store the window's metrics take
/// seconds, and the screen must not wait for them.
#[test]
fn first_frame_comes_before_the_metrics() {
    let jobs = demo_jobs();
    let (base, data) = demo_loaded();
    let mut app = App::new(demo_origin(), Theme::COLOR, now(), Rect::new(0, 0, 120, 40));
    assert!(app.update(Msg::BaseLoaded(Ok(base))).is_empty());
    let screen = text(&draw(&app));
    assert!(
        screen.contains("Vendor HHI") && screen.contains("Atlassian: ticketing"),
        "{screen}"
    );
    assert!(
        screen.contains("computing communication metrics for window all"),
        "{screen}"
    );
    press(&mut app, jobs, "5");
    assert!(
        text(&draw(&app)).contains("www.githubstatus.com"),
        "sources need no metrics"
    );
    press(&mut app, jobs, "3");
    assert!(text(&draw(&app)).contains("computing communication metrics"));
    app.update(Msg::WindowLoaded(planb::metrics::Window::All, Ok(data)));
    press(&mut app, jobs, "1");
    assert!(text(&draw(&app)).contains("Microsoft"));
}
