//! Keys, mouse and background work: sorting, filtering, drill-down, windows, pulls, export, hostile text.

use super::*;

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
    let dir = TempDir::new("hostile");
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
        impact: Impact::Other("\u{1b}[1;31mmajor\u{1b}[0m\u{202e}".into()),
        first_impact: Impact::Major,
        // An impact the vendor sent with escape sequences around it.
        max_impact: Impact::Other("\u{1b}[1;31mmajor\u{1b}[0m\u{202e}".into()),
        created_at: at(120),
        started_at: None,
        first_started_at: None,
        stated_start: None,
        start_evidence: None,
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
        closed_unseen: None,
    };
    let snapshot = Snapshot {
        page: PageInfo {
            id: None,
            name: Some("Evil\u{1b}[5m Corp".into()),
            url: Some("https://status.evil.example".into()),
        },
        incidents: vec![incident],
        ..Snapshot::empty(Platform::Statuspage)
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
        export_dir: cli::process_dir("tui-export"),
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
                !cell.symbol().chars().any(planb::model::is_hidden_control),
                "control character in {:?}",
                cell.symbol()
            );
        }
        let screen = text(&buffer);
        assert!(
            !screen.contains("[1;31m") && !screen.contains("[0m"),
            "escape remnants on view {view:?}: {screen}"
        );
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
