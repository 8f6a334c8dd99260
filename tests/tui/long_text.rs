//! Vendor text of any length keeps the dashboard responsive: a frame lays out only what
//! the screen can show, and an over-long update says how much it leaves out.

use std::time::{Duration, Instant};

use super::*;

/// Generous for a debug build on a busy machine; the wrap this replaced took minutes.
const FRAME_LIMIT: Duration = Duration::from_secs(3);

/// A store holding one incident whose title and update body are each one 4 MiB word,
/// imported by the binary. CONSTRUCTED payload (issue 12's reproduction, with a long title
/// added), in the shape of the Statuspage
/// incidents API (https://developer.statuspage.io/#operation/getPagesPageIdIncidents).
/// The directory comes back with them: the store lives in it until the test ends.
fn store_with_a_long_word(tag: &str) -> (TempDir, Jobs, App) {
    let dir = TempDir::new(tag);
    let payload = format!(
        r#"{{"page":{{"url":"https://big.example"}},"incidents":[{{"id":"r1","name":"{}","created_at":"2026-11-20T10:00:00Z","incident_updates":[{{"id":"u1","body":"{}","created_at":"2026-11-20T10:05:00Z"}}]}}]}}"#,
        "T".repeat(4 << 20),
        "A".repeat(4 << 20)
    );
    let file = dir.join("big.json");
    std::fs::write(&file, payload).expect("write payload");
    let store = dir.join("store");
    let out = cli::command()
        .arg("--data")
        .arg(&store)
        .arg("import")
        .arg(&file)
        .output()
        .expect("run planb import");
    assert!(out.status.success(), "{out:?}");
    let origin = Origin::Live { inventory: None };
    let jobs = Jobs {
        loader: Loader::new(planb::store::Store::at(&store), None, origin.clone(), now()),
        export_dir: cli::process_dir("tui-export"),
        live_clock: false,
    };
    let mut app = App::new(origin, Theme::COLOR, now(), Rect::new(0, 0, 120, 40));
    let start = app.start();
    jobs.settle(&mut app, start);
    (dir, jobs, app)
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    assert!(took < FRAME_LIMIT, "{what} took {took:?}");
    out
}

#[test]
fn a_four_megabyte_word_draws_in_bounded_time() {
    let (_dir, jobs, mut app) = store_with_a_long_word("bigword");
    let vendor = timed("Enter and a frame of the vendor view", || {
        press(&mut app, &jobs, "\n");
        text(&draw(&app))
    });
    assert!(vendor.contains("TTTTTTTT"), "{vendor}");
    press(&mut app, &jobs, "\n");
    assert_eq!(app.view, View::Incident);
    let screen = timed("the first frame", || text(&draw(&app)));
    assert!(screen.contains(&"A".repeat(100)), "{screen}");
    timed("j and a frame", || {
        press(&mut app, &jobs, "j");
        draw(&app)
    });
    let bottom = timed("G and a frame", || {
        press(&mut app, &jobs, "G");
        text(&draw(&app))
    });
    assert!(
        bottom.contains("not shown") && bottom.contains("e exports"),
        "the end of the laid-out text says what is left out: {bottom}"
    );
}
