//! Numbers a skeptic can follow (issue 15): the incidents behind a vendor's p90, how an
//! incident's numbers were made, and how its starts are known.

use super::*;

#[test]
fn p_lists_the_incidents_that_set_each_p90() {
    let jobs = demo_jobs();
    let mut app = demo_on(View::Vendor, Theme::COLOR, 120, 40);
    let data = app.data().cloned().expect("data");
    let all = app.incidents.order.len();
    let stats = data
        .vendor("Microsoft")
        .and_then(|v| v.stats.clone())
        .expect("Microsoft has stats");
    type Metric = fn(&planb::metrics::IncidentRef) -> Option<f64>;
    let cuts: [(&str, Metric, Option<f64>); 3] = [
        ("ttfc", |r| r.ttfc_min, stats.ttfc_min.p90),
        (
            "longest silence",
            |r| r.longest_silence_min,
            stats.longest_silence_min.p90,
        ),
        ("ttr", |r| r.ttr_min, stats.ttr_min.p90),
    ];
    for (name, metric, p90) in cuts {
        press(&mut app, jobs, "p");
        let p90 = p90.expect("a p90");
        let values: Vec<f64> = app
            .incidents
            .order
            .iter()
            .map(|&i| metric(&data.report.incidents.row(i)).expect("a value"))
            .collect();
        assert!(!values.is_empty(), "{name}: some incident sets the p90");
        assert!(
            values.iter().all(|v| *v >= p90 - 1e-9),
            "{name}: {values:?} vs {p90}"
        );
        assert!(
            values.windows(2).all(|w| w[0] >= w[1]),
            "{name}: largest first"
        );
        // Exactly the incidents at or above it: none below is left out.
        let above = data
            .incidents_of("Microsoft")
            .iter()
            .filter(|&&i| metric(&data.report.incidents.row(i)).is_some_and(|v| v >= p90 - 1e-9))
            .count();
        assert_eq!(values.len(), above, "{name}");
        let screen = text(&draw(&app));
        assert!(
            screen.contains(&format!("Incidents at or above p90 {name}")),
            "{name}: {screen}"
        );
        assert!(
            app.status
                .as_ref()
                .is_some_and(|(s, _)| s.contains("the ones that set it")),
            "{:?}",
            app.status
        );
    }
    press(&mut app, jobs, "p");
    assert_eq!(app.incidents.order.len(), all, "back to every incident");
    // Enter opens an incident of the cut list.
    press(&mut app, jobs, "pg\n");
    assert_eq!(app.view, View::Incident);
}

#[test]
fn the_incident_view_explains_each_number() {
    let app = demo_on(View::Incident, Theme::COLOR, 120, 40);
    let screen = text(&draw(&app));
    for wanted in [
        "How each number was made",
        "impact start",
        "first post",
        "not measurable — empty, never 0",
    ] {
        assert!(screen.contains(wanted), "{wanted}: {screen}");
    }
}

#[test]
fn the_vendor_view_says_how_starts_are_known() {
    let app = demo_on(View::Vendor, Theme::COLOR, 120, 40);
    let screen = text(&draw(&app));
    let data = app.data().cloned().expect("data");
    let bases = data
        .vendor("Microsoft")
        .and_then(|v| v.stats.as_ref())
        .map(|s| s.start_basis)
        .expect("stats");
    assert_eq!(bases.n(), 1285);
    assert!(
        screen.contains(&format!(
            "impact starts: stated 1% ({}) · backdated 0% ({}) · none 99% (1,276) of n=1,285",
            bases.stated, bases.backdated
        )),
        "{screen}"
    );
}
