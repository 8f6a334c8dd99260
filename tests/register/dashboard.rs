//! The register's readiness in the dashboard: computed by the dashboard's data layer
//! (demo store, demo inventory, the fictional register.toml), drawn under the Exposure
//! view. The TUI only renders what it is given.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use planb::dashboard::{Loader, Origin, RegisterStatus};
use planb::metrics::Window;
use planb::tui::{App, Msg, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::{TempDir, fixture_register};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z")
        .expect("time")
        .with_timezone(&Utc)
}

fn origin() -> Origin {
    Origin::Demo {
        captured: planb::demo::CAPTURED,
    }
}

/// The Exposure view, 120×40, with `register` as the dashboard's register.toml.
fn exposure_screen(
    register: &Path,
) -> (
    String,
    Arc<planb::dashboard::WindowData>,
    Arc<planb::dashboard::Base>,
) {
    let store = planb::demo::store(&super::cli::process_dir("register-demo")).expect("demo store");
    let inventory = planb::inventory::demo().expect("demo inventory");
    let loader = Loader::new(store, Some(inventory), origin(), now())
        .with_register(Some(register.to_path_buf()));
    let base = Arc::new(loader.base().expect("base"));
    let data = Arc::new(loader.window(Window::All, &base).expect("window"));
    let mut app = App::new(origin(), Theme::MONO, now(), Rect::new(0, 0, 120, 40));
    app.start();
    app.update(Msg::Loaded(Ok((base.clone(), data.clone()))));
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('2'),
        KeyModifiers::NONE,
    )));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|frame| planb::tui::render(frame, &app))
        .expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let screen = buffer
        .content
        .chunks(120)
        .map(|row| {
            row.iter()
                .map(|c| c.symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    (screen, data, base)
}

#[test]
fn the_exposure_view_says_how_ready_the_register_is() {
    let (screen, data, base) = exposure_screen(&fixture_register());
    let Some(RegisterStatus::Ready(readiness)) = &base.register else {
        panic!("the register was read: {:?}", base.register);
    };
    assert_eq!(
        (readiness.providers_with_codes, readiness.providers_needed),
        (25, 25)
    );
    assert_eq!((readiness.functions_assessed, readiness.blocking), (25, 0));
    // Alphabet's stored page (Google Cloud) resolves in about 32 h at p90: over F9's 4 h.
    // GitHub's p90 (about 4 h) is within F6's 8 h.
    let gaps: Vec<(&str, &str)> = data
        .rto_gaps
        .iter()
        .map(|g| (g.function_id.as_str(), g.vendor.as_str()))
        .collect();
    assert_eq!(gaps, [("F9", "Alphabet")]);
    let strip: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("DORA register") || l.contains("RTO vs vendor p90"))
        .collect();
    assert_eq!(strip.len(), 2, "{screen}");
    assert!(
        strip[0].contains("providers with codes 25/25 · functions assessed 25/25 · 0 blocking"),
        "{}",
        strip[0]
    );
    assert!(
        strip[1].contains("F9 email 4.0 h < Alphabet p90 32 h (n=466)"),
        "{}",
        strip[1]
    );
}

#[test]
fn a_function_rto_shorter_than_the_vendors_p90_time_to_resolve_is_named() {
    // F6 (ci/cd, GitHub) with a 2-hour RTO: Microsoft's observed p90 is longer.
    let original = std::fs::read_to_string(fixture_register()).expect("fixture");
    let f6 = original.find("id = \"F6\"").expect("F6");
    let rto = f6 + original[f6..].find("rto_hours = 8").expect("F6's rto");
    let text = format!(
        "{}rto_hours = 2{}",
        &original[..rto],
        &original[rto + "rto_hours = 8".len()..]
    );
    let path_dir = TempDir::new("gap");
    let path = path_dir.join("register.toml");
    std::fs::write(&path, text).expect("write");
    let (screen, data, _) = exposure_screen(&path);
    assert_eq!(data.rto_gaps.len(), 2, "{:?}", data.rto_gaps);
    assert_eq!(
        data.rto_gaps[0].function_id, "F9",
        "the worst overrun first"
    );
    let gap = &data.rto_gaps[1];
    assert_eq!(
        (gap.function_id.as_str(), gap.vendor.as_str(), gap.rto_hours),
        ("F6", "Microsoft", 2.0)
    );
    assert!(gap.p90_ttr_hours > 2.0 && gap.n > 0);
    insta::assert_snapshot!("exposure_with_register_120x40", screen);
}

#[test]
fn without_a_register_the_strip_says_where_it_looked() {
    let missing_dir = TempDir::new("none");
    let missing = missing_dir.join("register.toml");
    let (screen, _, base) = exposure_screen(&missing);
    assert!(matches!(
        base.register,
        Some(RegisterStatus::Missing { .. })
    ));
    let line = screen
        .lines()
        .find(|l| l.contains("DORA register"))
        .expect("strip");
    assert!(
        line.contains("none at") && line.contains("`planb register init` writes it"),
        "{line}"
    );
}
