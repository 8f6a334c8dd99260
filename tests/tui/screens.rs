//! Every screen drawn from demo data: snapshots, themes, sizes, help, empty and damaged stores.

use super::*;

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
    let empty = TempDir::new("empty");
    let store = planb::store::Store::at(&empty);
    let inventory = planb::inventory::demo().expect("demo inventory");
    let origin = Origin::Live {
        inventory: Some(PathBuf::from("inventory.csv")),
    };
    let jobs = Jobs {
        loader: Loader::new(store, Some(inventory), origin.clone(), now()),
        export_dir: cli::process_dir("tui-export"),
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
    let dir = TempDir::new("broken");
    std::fs::create_dir_all(dir.join("sources/x.example")).expect("dir");
    std::fs::write(dir.join("manifest.json"), "{ not json").expect("write");
    let origin = Origin::Live { inventory: None };
    let jobs = Jobs {
        loader: Loader::new(planb::store::Store::at(&dir), None, origin.clone(), now()),
        export_dir: cli::process_dir("tui-export"),
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
fn a_damaged_table_leaves_out_its_source_only() {
    // A real store (GitHub and Google Cloud captures, imported by the binary), then GitHub's
    // incidents table cut short: the other source's numbers still show, the banner says a
    // source is left out, and the Sources view names the file and the one-source fix
    // (issue 12, defect 4; before, the metrics failed for every source).
    let dir = TempDir::new("damaged-table");
    let fixtures = cli::FIXTURES;
    let status = cli::command()
        .arg("--data")
        .arg(&dir)
        .args([
            "import",
            &format!("{fixtures}/statuspage/github-incidents-by-id"),
        ])
        .arg(format!(
            "{fixtures}/google-cloud/gcp-incidents-20250320T1848Z.json"
        ))
        .output()
        .expect("run planb import");
    assert!(status.status.success(), "{status:?}");
    let table = dir.join("sources/www.githubstatus.com/incidents.parquet");
    let bytes = std::fs::read(&table).expect("read");
    std::fs::write(&table, &bytes[..bytes.len() / 2]).expect("cut short");
    let origin = Origin::Live { inventory: None };
    let jobs = Jobs {
        loader: Loader::new(planb::store::Store::at(&dir), None, origin.clone(), now()),
        export_dir: cli::process_dir("tui-export"),
        live_clock: false,
    };
    let mut app = App::new(origin, Theme::MONO, now(), Rect::new(0, 0, 120, 40));
    let start = app.start();
    jobs.settle(&mut app, start);
    let screen = text(&draw(&app));
    assert!(!screen.contains("(metrics failed)"), "{screen}");
    assert!(screen.contains("1 source(s) left out"), "{screen}");
    while app.window != planb::metrics::Window::All {
        press(&mut app, &jobs, "w");
    }
    let damaged = &app.data().expect("window metrics").report.damaged;
    assert_eq!(damaged.len(), 1);
    assert_eq!(damaged[0].source_id, "www.githubstatus.com");
    assert!(
        (app.data().expect("metrics").report.sources.iter())
            .any(|s| s.source_id == "status.cloud.google.com" && s.stats.incidents > 0),
        "Google Cloud still counted"
    );
    press(&mut app, &jobs, "5");
    let github = (app.base_data().expect("base").sources.iter())
        .position(|s| s.source_id == "www.githubstatus.com")
        .expect("listed");
    while app.sources.current() != Some(github) {
        press(&mut app, &jobs, "j");
    }
    let screen = text(&draw(&app));
    assert!(
        screen.contains("planb repair www.githubstatus.com"),
        "{screen}"
    );
    assert!(screen.contains("incidents.parquet"), "{screen}");
}
