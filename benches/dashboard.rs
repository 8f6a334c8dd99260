//! Dashboard benchmark: time to the first frame on the embedded demo and on a synthetic
//! store of 2,000 sources and 1,000,000 incidents, and the cost of a keystroke
//! (update + full redraw) with 2,000 sources on screen.
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
    terminal.draw(|frame| planb::tui::render(frame, app)).expect("draw");
}

/// Everything between "planb starts" and "the first frame is on screen": base data, the
/// default window's metrics, and one draw.
fn first_frame(loader: &Loader, window: Window) -> (Duration, App) {
    let started = Instant::now();
    let base = loader.base().expect("base");
    let data = loader.window(window, &base).expect("window");
    let mut app = App::new(loader.origin.clone(), Theme::COLOR, loader.now, Rect::new(0, 0, 120, 40));
    app.update(Msg::Loaded(Ok((base.into(), data.into()))));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    draw(&mut terminal, &app);
    (started.elapsed(), app)
}

/// Median time of one keystroke: `update` plus a full redraw.
fn keystrokes(app: &mut App, keys: &[KeyCode]) -> Duration {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    draw(&mut terminal, app);
    let times: Vec<Duration> = (0..KEYS)
        .map(|i| {
            let started = Instant::now();
            let _ = app.update(Msg::Key(KeyEvent::new(keys[i % keys.len()], KeyModifiers::NONE)));
            draw(&mut terminal, app);
            started.elapsed()
        })
        .collect();
    median(times)
}

fn synthetic_store() -> std::path::PathBuf {
    let store = std::env::temp_dir().join("planb-bench-synth-2000x1M").join("store");
    if !store.join("manifest.json").exists() {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_planb"))
            .arg("--data")
            .arg(&store)
            .args(["synth", "--sources", "2000", "--incidents", "1000000", "--seed", "1"])
            .status()
            .expect("run planb synth");
        assert!(status.success(), "planb synth failed");
        println!("synthetic store written in {:.1} s", started.elapsed().as_secs_f64());
    }
    store
}

fn main() {
    let now = chrono::Utc::now();
    let demo_dir = std::env::temp_dir().join(format!("planb-bench-demo-{}", std::process::id()));
    let demo = Loader::new(planb::demo::store(&demo_dir).expect("demo store"), Some(planb::inventory::demo().expect("demo inventory")), Origin::Demo { captured: planb::demo::CAPTURED }, now);
    let runs: Vec<Duration> = (0..RUNS).map(|_| first_frame(&demo, Window::All).0).collect();
    println!("dashboard benchmark, median of {RUNS} runs, 120x40");
    println!("  {:<46} {:>8.1} ms   (target <= 150 ms)", "first frame, demo (window all)", ms(median(runs)));
    let _ = std::fs::remove_dir_all(&demo_dir);

    let store = synthetic_store();
    let synth = Loader::new(planb::store::Store::at(Path::new(&store)), None, Origin::Live { inventory: None }, now);
    let mut frames: Vec<(Duration, App)> = (0..RUNS).map(|_| first_frame(&synth, Window::Days90)).collect();
    let sources = frames[0].1.base_data().map_or(0, |b| b.sources.len());
    let incidents = frames[0].1.data().map_or(0, |d| d.report.incidents.len());
    let (_, mut app) = frames.pop().expect("a run");
    let first = median(frames.into_iter().map(|f| f.0).collect());
    println!("  {:<46} {:>8.1} ms   (target <= 1,500 ms; {sources} sources, {incidents} incidents in 90d)", "first frame, 1M-incident synthetic store (90d)", ms(first));

    // Where the time goes: base data (manifest, labels, what is down), the metrics alone,
    // and the dashboard's own assembly on top of them.
    let started = Instant::now();
    let base = synth.base().expect("base");
    let base_time = started.elapsed();
    let labels = planb::dashboard::labels::labels(&synth.store.manifest().expect("manifest"), None);
    let started = Instant::now();
    let report = planb::metrics::communication(&synth.store, &labels, None, Window::Days90, now).expect("metrics");
    let metrics_time = started.elapsed();
    let started = Instant::now();
    let _ = planb::dashboard::vendors::assemble(report, &base, None, now);
    let assemble_time = started.elapsed();
    println!("    of which: base {:.0} ms · metrics {:.0} ms · vendor rows {:.0} ms", ms(base_time), ms(metrics_time), ms(assemble_time));
    let all_first = first_frame(&synth, Window::All).0;
    println!("  {:<46} {:>8.1} ms   (for reference: window all, every incident)", "first frame, 1M-incident synthetic store (all)", ms(all_first));

    let overview = keystrokes(&mut app, &[KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Char('k')]);
    println!("  {:<46} {:>8.2} ms   (target <= 16 ms)", format!("keystroke j/k, overview ({} vendors)", app.vendors.order.len()), ms(overview));
    app.update(Msg::Key(KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE)));
    let sources_view = keystrokes(&mut app, &[KeyCode::Char('j'), KeyCode::PageDown, KeyCode::Char('k')]);
    println!("  {:<46} {:>8.2} ms   (target <= 16 ms)", format!("keystroke j/PgDn/k, sources ({} rows)", app.sources.order.len()), ms(sources_view));
    let sort = keystrokes(&mut app, &[KeyCode::Char('s')]);
    println!("  {:<46} {:>8.2} ms   (target <= 16 ms)", "keystroke s (re-sort 2,000 sources)", ms(sort));
}
