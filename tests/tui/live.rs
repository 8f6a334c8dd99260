//! The dashboard follows a live store: "down now" lists what is open on the pages planb
//! polls, with the time since each was last read; when the store changes under it, one
//! background reload brings the new state (never two at once, none during its own pull).

use super::*;
use chrono::Duration as Age;
use planb::fetch::http::HttpPolicy;
use planb::fetch::pull::PullOptions;
use planb::model::SourceSpec;
use planb::store::Store;

const JIRA_OPEN: &str = "statuspage/atlassian/jira-software-summary-20220417T2150Z.json";
const JIRA_QUIET: &str = "statuspage/atlassian/jira-software-summary-20220419T0136Z.json";

fn fixtures() -> &'static std::path::Path {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn serve(server: &loopback::Loopback, capture: &str) {
    for (target, route) in loopback::statuspage_summary(fixtures(), "/jira", capture).iter() {
        server.set_route(target, route.clone());
    }
}

fn pull(store: &Store, spec: &SourceSpec) {
    let options = PullOptions {
        concurrency: 1,
        backfill: false,
    };
    let lines = planb::ingest::pull::pull_into(
        store,
        vec![spec.clone()],
        HttpPolicy::default(),
        options,
        &mut |_, _, _| {},
    )
    .expect("pull");
    assert!(lines.iter().all(|l| l.failure().is_none()), "{lines:?}");
}

fn down_line(app: &App) -> String {
    text(&draw(app))
        .lines()
        .find(|l| l.contains("Down now"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn down_now_shows_open_incidents_with_their_age_and_follows_the_store() {
    let server =
        loopback::Loopback::start(loopback::statuspage_summary(fixtures(), "/jira", JIRA_OPEN));
    let url = format!("{}/jira", server.base_url());
    let spec = SourceSpec {
        source_id: planb::model::source_id_for(&url),
        name: "Jira Software".into(),
        platform: planb::model::Platform::Statuspage,
        base_url: url,
    };
    let root = TempDir::new("live");
    let store = Store::at(&root);
    pull(&store, &spec);
    let polled = store.manifest().expect("manifest").sources[&spec.source_id]
        .last_success
        .expect("polled");
    // The dashboard's "now" is three minutes after the poll.
    let now = polled + Age::minutes(3);
    let jobs = Jobs {
        loader: Loader::new(store.clone(), None, Origin::Live { inventory: None }, now),
        export_dir: root.to_path_buf(),
        live_clock: false,
    };
    let base = jobs.loader.base().expect("base");
    // The page's indicator says "none" while the incident is open: only the incident tells.
    let down = &base.down_now[0];
    assert_eq!(
        (down.service.as_str(), down.indicator.as_str()),
        ("Jira Software", "minor")
    );
    assert_eq!(
        down.open[0].title,
        "Multiple sites showing down/under maintenance"
    );
    assert_eq!(down.as_of, Some(polled));

    let mut app = App::new(
        Origin::Live { inventory: None },
        Theme::MONO,
        now,
        Rect::new(0, 0, 120, 40),
    );
    let start = app.start();
    jobs.settle(&mut app, start);
    assert!(
        down_line(&app)
            .contains("• Jira Software minor: Multiple sites showing down/under maint… (3m ago)"),
        "{}",
        down_line(&app)
    );

    // The incident leaves the page; a pull elsewhere stores that.
    let before = jobs.store_stamp();
    serve(&server, JIRA_QUIET);
    pull(&store, &spec);
    assert_ne!(jobs.store_stamp(), before, "the stamp follows the manifest");
    let effects = app.update(Msg::StoreChanged);
    assert_eq!(effects, vec![Effect::LoadAll(app.window)]);
    // Another change while that reload runs waits for it, then reloads once more.
    assert!(app.update(Msg::StoreChanged).is_empty());
    jobs.settle(&mut app, effects);
    assert_eq!(app.reload, planb::tui::state::Reload::Idle);
    assert!(
        down_line(&app).contains("no page reports a problem"),
        "{}",
        down_line(&app)
    );

    // The dashboard's own pull reloads when it ends: a change seen meanwhile is ignored.
    app.pull = PullState::Running {
        done: 0,
        total: 1,
        current: String::new(),
    };
    assert!(app.update(Msg::StoreChanged).is_empty());
    assert_eq!(app.reload, planb::tui::state::Reload::Idle);
    let _ = std::fs::remove_dir_all(&root);
}
