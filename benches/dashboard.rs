//! Dashboard benchmark: time to the first frame on the embedded demo and on a synthetic
//! store of 2,000 sources and 1,000,000 incidents, and the cost of a keystroke
//! (update + full redraw) with 2,000 sources on screen; and a frame of the incident view
//! whose one update is a 4 MiB unbroken word (hostile vendor text).
//! Run: `cargo bench --bench dashboard` (the synthetic store is shared with `benches/report.rs`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use planb::dashboard::{Loader, Origin};
use planb::metrics::Window;
use planb::tui::{App, Msg, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const RUNS: usize = 5;
const KEYS: usize = 200;

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| planb::tui::render(frame, app))
        .expect("draw");
}

/// From "planb starts" to the first frame with data (concentration, SPOFs, what is down,
/// warnings, sources: everything but the window's metrics), and on to the frame with the
/// window's metrics in. Both as the app does it: load, update, draw.
fn first_frame(loader: &Loader, window: Window) -> (Duration, Duration, App) {
    let started = Instant::now();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut app = App::new(
        loader.origin.clone(),
        Theme::COLOR,
        loader.now,
        Rect::new(0, 0, 120, 40),
    );
    (app.window, app.wanted) = (window, window);
    let base = std::sync::Arc::new(loader.base().expect("base"));
    app.update(Msg::BaseLoaded(Ok(base.clone())));
    draw(&mut terminal, &app);
    let first = started.elapsed();
    let data = loader.window(window, &base).expect("window");
    app.update(Msg::WindowLoaded(window, Ok(data.into())));
    draw(&mut terminal, &app);
    assert!(app.data().is_some());
    (first, started.elapsed(), app)
}

/// Median time of one keystroke: `update` plus a full redraw.
fn keystrokes(app: &mut App, keys: &[KeyCode]) -> Duration {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    draw(&mut terminal, app);
    let times: Vec<Duration> = (0..KEYS)
        .map(|i| {
            let started = Instant::now();
            let _ = app.update(Msg::Key(KeyEvent::new(
                keys[i % keys.len()],
                KeyModifiers::NONE,
            )));
            draw(&mut terminal, app);
            started.elapsed()
        })
        .collect();
    median(times)
}

/// A store with one incident whose update body is a 4 MiB word, imported by the binary
/// (CONSTRUCTED payload in the Statuspage incidents shape, issue 12's reproduction); the
/// incident view opened on it, then frames and keystrokes timed.
fn long_update(now: chrono::DateTime<chrono::Utc>) {
    let dir = std::env::temp_dir().join(format!("planb-bench-long-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let payload = format!(
        r#"{{"page":{{"url":"https://big.example"}},"incidents":[{{"id":"r1","created_at":"{}","incident_updates":[{{"id":"u1","body":"{}","created_at":"{}"}}]}}]}}"#,
        (now - chrono::Duration::days(2)).to_rfc3339(),
        "A".repeat(4 << 20),
        (now - chrono::Duration::days(2) + chrono::Duration::minutes(5)).to_rfc3339(),
    );
    let file = dir.join("long.json");
    std::fs::write(&file, payload).expect("write payload");
    let store = dir.join("store");
    let status = Command::new(env!("CARGO_BIN_EXE_planb"))
        .arg("--data")
        .arg(&store)
        .arg("import")
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run planb import");
    assert!(status.success(), "planb import failed");
    let origin = Origin::Live { inventory: None };
    let jobs = planb::tui::jobs::Jobs {
        loader: Loader::new(planb::store::Store::at(&store), None, origin.clone(), now),
        export_dir: dir.clone(),
        live_clock: false,
    };
    let mut app = App::new(origin, Theme::COLOR, now, Rect::new(0, 0, 120, 40));
    let start = app.start();
    jobs.settle(&mut app, start);
    for _ in 0..2 {
        let effects = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        jobs.settle(&mut app, effects);
    }
    assert_eq!(
        app.view,
        planb::tui::View::Incident,
        "the incident view is open"
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let frames: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            draw(&mut terminal, &app);
            started.elapsed()
        })
        .collect();
    println!(
        "  {:<46} {:>8.2} ms   (target <= 16 ms)",
        "frame, incident view, 4 MiB update word",
        ms(median(frames))
    );
    let keys = keystrokes(
        &mut app,
        &[
            KeyCode::Char('j'),
            KeyCode::End,
            KeyCode::Char('k'),
            KeyCode::Home,
        ],
    );
    println!(
        "  {:<46} {:>8.2} ms   (target <= 16 ms)",
        "keystroke j/End/k/Home, 4 MiB update word",
        ms(keys)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn synthetic_store() -> std::path::PathBuf {
    let store = std::env::temp_dir()
        .join("planb-bench-synth-2000x1M")
        .join("store");
    if !store.join("manifest.json").exists() {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_planb"))
            .arg("--data")
            .arg(&store)
            .args([
                "synth",
                "--sources",
                "2000",
                "--incidents",
                "1000000",
                "--seed",
                "1",
            ])
            .status()
            .expect("run planb synth");
        assert!(status.success(), "planb synth failed");
        println!(
            "synthetic store written in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    store
}

fn main() {
    let now = chrono::Utc::now();
    let demo_dir = std::env::temp_dir().join(format!("planb-bench-demo-{}", std::process::id()));
    let demo = Loader::new(
        planb::demo::store(&demo_dir).expect("demo store"),
        Some(planb::inventory::demo().expect("demo inventory")),
        Origin::Demo {
            captured: planb::demo::CAPTURED,
        },
        now,
    );
    let runs: Vec<(Duration, Duration, App)> =
        (0..RUNS).map(|_| first_frame(&demo, Window::All)).collect();
    println!("dashboard benchmark, median of {RUNS} runs, 120x40");
    println!(
        "  {:<46} {:>8.1} ms   (target <= 150 ms)",
        "first frame, demo",
        ms(median(runs.iter().map(|r| r.0).collect()))
    );
    println!(
        "  {:<46} {:>8.1} ms   (target <= 150 ms)",
        "frame with metrics, demo (window all)",
        ms(median(runs.iter().map(|r| r.1).collect()))
    );
    let _ = std::fs::remove_dir_all(&demo_dir);
    long_update(now);

    let store = synthetic_store();
    let synth = Loader::new(
        planb::store::Store::at(Path::new(&store)),
        None,
        Origin::Live { inventory: None },
        now,
    );
    let mut frames: Vec<(Duration, Duration, App)> = (0..RUNS)
        .map(|_| first_frame(&synth, Window::Days90))
        .collect();
    let sources = frames[0].2.base_data().map_or(0, |b| b.sources.len());
    let incidents = frames[0].2.data().map_or(0, |d| d.report.incidents.len());
    let first = median(frames.iter().map(|f| f.0).collect());
    let complete = median(frames.iter().map(|f| f.1).collect());
    let (_, _, mut app) = frames.pop().expect("a run");
    println!(
        "  {:<46} {:>8.1} ms   (target <= 1,500 ms; {sources} sources)",
        "first frame, 1M-incident synthetic store",
        ms(first)
    );
    println!(
        "  {:<46} {:>8.1} ms   ({incidents} incidents in 90d)",
        "frame with metrics, 1M store (90d)",
        ms(complete)
    );

    // Where the time goes: base data (manifest, labels, what is down), the metrics alone,
    // and the dashboard's own assembly on top of them.
    let started = Instant::now();
    let base = synth.base().expect("base");
    let base_time = started.elapsed();
    let labels = planb::dashboard::labels::labels(&synth.store.manifest().expect("manifest"), None);
    let started = Instant::now();
    let report = planb::metrics::communication(
        &synth.store,
        &labels,
        None,
        Window::Days90,
        now,
        planb::metrics::IncidentRows::Build,
    )
    .expect("metrics");
    let metrics_time = started.elapsed();
    let started = Instant::now();
    let _ = planb::dashboard::vendors::assemble(report, &base, None, now);
    let assemble_time = started.elapsed();
    println!(
        "    of which: base {:.0} ms · metrics {:.0} ms · vendor rows {:.0} ms",
        ms(base_time),
        ms(metrics_time),
        ms(assemble_time)
    );
    let all = first_frame(&synth, Window::All).1;
    println!(
        "  {:<46} {:>8.1} ms   (for reference: every incident)",
        "frame with metrics, 1M store (all)",
        ms(all)
    );

    let overview = keystrokes(
        &mut app,
        &[KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Char('k')],
    );
    println!(
        "  {:<46} {:>8.2} ms   (target <= 16 ms)",
        format!(
            "keystroke j/k, overview ({} vendors)",
            app.vendors.order.len()
        ),
        ms(overview)
    );
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('5'),
        KeyModifiers::NONE,
    )));
    let sources_view = keystrokes(
        &mut app,
        &[KeyCode::Char('j'), KeyCode::PageDown, KeyCode::Char('k')],
    );
    println!(
        "  {:<46} {:>8.2} ms   (target <= 16 ms)",
        format!(
            "keystroke j/PgDn/k, sources ({} rows)",
            app.sources.order.len()
        ),
        ms(sources_view)
    );
    let sort = keystrokes(&mut app, &[KeyCode::Char('s')]);
    println!(
        "  {:<46} {:>8.2} ms   (target <= 16 ms)",
        "keystroke s (re-sort 2,000 sources)",
        ms(sort)
    );
}
