//! Carries out the effects `App::update` asks for, on the caller's thread; the terminal
//! loop calls `run` on worker threads, tests call `settle` directly.

use std::path::PathBuf;
use std::sync::Arc;

use super::app::App;
use super::msg::{Effect, Msg};
use crate::dashboard::{Loader, jobs};

pub struct Jobs {
    pub loader: Loader,
    /// Where `e` writes its CSV files (the current directory in the app).
    pub export_dir: PathBuf,
    /// Re-read the clock for every full load (after a pull); off in tests for stable output.
    pub live_clock: bool,
}

impl Jobs {
    pub fn run(&self, effect: Effect, send: &dyn Fn(Msg)) {
        let text = |e: crate::dashboard::DashboardError| e.to_string();
        match effect {
            Effect::LoadAll(window) => {
                let mut loader = self.loader.clone();
                if self.live_clock {
                    loader.now = chrono::Utc::now();
                }
                // Base first: the screen fills in while the metrics (seconds on a big store) run.
                match loader.base() {
                    Ok(base) => {
                        let base = Arc::new(base);
                        send(Msg::BaseLoaded(Ok(Arc::clone(&base))));
                        send(Msg::WindowLoaded(
                            window,
                            loader.window(window, &base).map(Arc::new).map_err(text),
                        ));
                    }
                    Err(e) => send(Msg::BaseLoaded(Err(text(e)))),
                }
            }
            Effect::LoadWindow(window, base) => send(Msg::WindowLoaded(
                window,
                self.loader
                    .window(window, &base)
                    .map(Arc::new)
                    .map_err(text),
            )),
            Effect::LoadIncident(row) => send(Msg::IncidentLoaded {
                source_id: row.source_id.clone(),
                incident_id: row.incident_id.clone(),
                result: self.loader.incident(&row).map(Arc::new).map_err(text),
            }),
            Effect::Pull => {
                let result = match jobs::pull_specs(&self.loader) {
                    Err(e) => Err(e),
                    Ok(specs) => {
                        let mut progress = |done, total, source: &str| {
                            send(Msg::PullProgress {
                                done,
                                total,
                                source_id: source.to_string(),
                            })
                        };
                        jobs::pull(&self.loader, specs, &mut progress).map_err(text)
                    }
                };
                send(Msg::PullFinished(result));
            }
            Effect::Export(table) => {
                let rows = table.rows.len();
                send(Msg::Exported(
                    jobs::export_csv(&self.export_dir, &table)
                        .map(|p| (p, rows))
                        .map_err(text),
                ));
            }
        }
    }

    /// The store's generation stamp (see `dashboard::live`); `None` for the demo, whose
    /// store never changes, and while there is no manifest.
    pub fn store_stamp(&self) -> Option<crate::dashboard::live::Stamp> {
        if self.loader.origin.is_demo() {
            return None;
        }
        crate::dashboard::live::stamp(&self.loader.store)
    }

    /// Run effects and the effects their messages cause until nothing is left.
    pub fn settle(&self, app: &mut App, effects: Vec<Effect>) {
        let mut queue = effects;
        while let Some(effect) = queue.pop() {
            let inbox = std::cell::RefCell::new(Vec::new());
            self.run(effect, &|msg| inbox.borrow_mut().push(msg));
            for msg in inbox.into_inner() {
                queue.extend(app.update(msg));
            }
        }
    }
}
