//! The dashboard's state and the one place it changes: `App::update(Msg) -> Vec<Effect>`.
//! Drawing reads this state and nothing else.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::lists::{self, VendorPanel};
use super::msg::{Effect, Msg};
use super::state::{
    Axis, CapabilitySort, IncidentPick, IncidentSort, ListPos, Load, PercentileCut, PullState,
    Reload, SourceSort, Tone, VendorSort, View, WindowCache,
};
use super::theme::Theme;
use crate::dashboard::{Base, Origin, WindowData};
use crate::metrics::Window;
use crate::model::Timestamp;

/// The exposure view's cursor: a capability row and a vendor or host column.
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureCursor {
    pub rows: ListPos,
    pub column: usize,
    pub axis: Axis,
    pub sort: CapabilitySort,
    /// Length of the what-if outage.
    pub days: u32,
}

#[derive(Debug, Clone)]
pub struct App {
    pub origin: Origin,
    pub theme: Theme,
    /// When the dashboard opened; every age and window counts from here.
    pub now: Timestamp,
    pub size: Rect,
    pub base: Load<Base>,
    pub windows: WindowCache,
    /// The window whose data is on screen.
    pub window: Window,
    /// The window asked for (differs from `window` while it loads).
    pub wanted: Window,
    pub view: View,
    pub history: Vec<View>,
    pub help: bool,
    /// First line of the help overlay shown.
    pub help_scroll: usize,
    /// Text being typed after `/`.
    pub filter_input: Option<String>,
    pub filters: HashMap<View, String>,
    pub vendors: ListPos,
    pub vendor_sort: VendorSort,
    /// The vendor the vendor view shows.
    pub vendor: Option<String>,
    pub vendor_panel: VendorPanel,
    pub incidents: ListPos,
    pub incident_sort: IncidentSort,
    /// All of the vendor's incidents, or those that set one of its p90s.
    pub incident_cut: PercentileCut,
    pub sources: ListPos,
    pub source_sort: SourceSort,
    pub exposure: ExposureCursor,
    pub incident: Option<IncidentPick>,
    pub pull: PullState,
    /// The metrics on screen are being recomputed (after a pull, or on the first load).
    pub updating: bool,
    /// A reload because the store changed under the dashboard.
    pub reload: Reload,
    pub status: Option<(String, Tone)>,
    pub quit: bool,
}

impl App {
    pub fn new(origin: Origin, theme: Theme, now: Timestamp, size: Rect) -> Self {
        let window = origin.default_window();
        Self {
            origin,
            theme,
            now,
            size,
            base: Load::Loading,
            windows: WindowCache::default(),
            window,
            wanted: window,
            view: View::Overview,
            history: Vec::new(),
            help: false,
            help_scroll: 0,
            filter_input: None,
            filters: HashMap::new(),
            vendors: ListPos::default(),
            vendor_sort: VendorSort::default(),
            vendor: None,
            vendor_panel: VendorPanel::default(),
            incidents: ListPos::default(),
            incident_sort: IncidentSort::default(),
            incident_cut: PercentileCut::default(),
            sources: ListPos::default(),
            source_sort: SourceSort::default(),
            exposure: ExposureCursor {
                rows: ListPos::default(),
                column: 0,
                axis: Axis::Vendors,
                sort: CapabilitySort::default(),
                days: 14,
            },
            incident: None,
            pull: PullState::Idle,
            updating: false,
            reload: Reload::Idle,
            status: None,
            quit: false,
        }
    }

    /// What to do first: load everything for the default window.
    pub fn start(&self) -> Vec<Effect> {
        vec![Effect::LoadAll(self.window)]
    }

    pub fn base_data(&self) -> Option<&Arc<Base>> {
        self.base.ready()
    }

    /// The data of the window on screen.
    pub fn data(&self) -> Option<&Arc<WindowData>> {
        self.windows.get(&self.window).and_then(Load::ready)
    }

    /// Why the window on screen has no metrics, when computing them failed.
    pub fn window_error(&self) -> Option<&str> {
        match self.windows.get(&self.window) {
            Some(Load::Failed(e)) => Some(e),
            _ => None,
        }
    }

    pub fn filter(&self, view: View) -> &str {
        self.filters.get(&view).map_or("", String::as_str)
    }

    pub fn say(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some((text.into(), tone));
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Mouse(mouse) => self.on_mouse(mouse),
            Msg::Resize(width, height) => {
                self.size = Rect::new(0, 0, width, height);
                Vec::new()
            }
            Msg::Loaded(Ok((base, data))) => {
                let mut effects = self.update(Msg::BaseLoaded(Ok(base)));
                effects.extend(self.update(Msg::WindowLoaded(data.window, Ok(data))));
                effects
            }
            Msg::Loaded(Err(e)) | Msg::BaseLoaded(Err(e)) => {
                if self.base.ready().is_some() {
                    self.say(
                        format!("reload failed, showing the previous data: {e}"),
                        Tone::Problem,
                    );
                } else {
                    self.base = Load::Failed(e);
                }
                self.reload_settled()
            }
            Msg::BaseLoaded(Ok(base)) => {
                self.now = base.now;
                self.base = Load::Ready(base);
                // Windows computed against the old base are stale; the one on screen stays
                // until its replacement (already being computed) arrives.
                let current = self.data().cloned();
                self.windows.clear();
                self.wanted = self.window;
                self.windows
                    .insert(self.window, current.map_or(Load::Loading, Load::Ready));
                self.updating = true;
                self.refresh_lists();
                Vec::new()
            }
            Msg::WindowLoaded(window, result) => {
                match result {
                    Ok(data) => {
                        self.windows.insert(window, Load::Ready(data));
                        if window == self.wanted {
                            self.window = window;
                            self.updating = false;
                            self.refresh_lists();
                        }
                    }
                    Err(e) => {
                        self.windows.insert(window, Load::Failed(e.clone()));
                        self.wanted = self.window;
                        self.updating = false;
                        self.say(format!("window {}: {e}", window.label()), Tone::Problem);
                    }
                }
                self.reload_settled()
            }
            Msg::IncidentLoaded {
                source_id,
                incident_id,
                result,
            } => {
                if let Some(pick) = self
                    .incident
                    .as_mut()
                    .filter(|p| p.source_id == source_id && p.incident_id == incident_id)
                {
                    pick.detail = match result {
                        Ok(detail) => Load::Ready(detail),
                        Err(e) => Load::Failed(e),
                    };
                }
                Vec::new()
            }
            Msg::PullProgress {
                done,
                total,
                source_id,
            } => {
                self.pull = PullState::Running {
                    done,
                    total,
                    current: source_id,
                };
                Vec::new()
            }
            Msg::PullFinished(result) => {
                self.pull = PullState::Idle;
                match result {
                    Ok(summary) if summary.failed.is_empty() => self.say(
                        format!("pulled {} source(s); reloading", summary.sources),
                        Tone::Info,
                    ),
                    Ok(summary) => {
                        let (id, reason) = &summary.failed[0];
                        self.say(format!("pulled {} source(s), {} failed (first: {id}: {reason}); see Sources (5)", summary.sources, summary.failed.len()), Tone::Problem)
                    }
                    Err(e) => {
                        self.say(format!("pull: {e}"), Tone::Problem);
                        return Vec::new();
                    }
                }
                vec![Effect::LoadAll(self.window)]
            }
            Msg::StoreChanged => self.on_store_changed(),
            Msg::Exported(result) => {
                match result {
                    Ok((path, rows)) => self.say(
                        format!("wrote {} ({rows} rows)", path.display()),
                        Tone::Info,
                    ),
                    Err(e) => self.say(format!("export failed: {e}"), Tone::Problem),
                }
                Vec::new()
            }
        }
    }

    /// Recompute every table's order after data, sort or filter changed.
    pub fn refresh_lists(&mut self) {
        let Some(base) = self.base_data().cloned() else {
            return;
        };
        self.sources.reorder(lists::sources(
            &base,
            self.source_sort,
            self.filter(View::Sources),
        ));
        if let Some(view) = &base.exposure {
            let order = lists::capabilities(view, self.exposure.sort, self.filter(View::Exposure));
            self.exposure.rows.reorder(order);
        }
        let Some(data) = self.data().cloned() else {
            return;
        };
        self.vendors.reorder(lists::vendors(
            &data.vendors,
            self.vendor_sort,
            self.filter(View::Overview),
        ));
        if self.vendor.is_none() {
            self.vendor = self
                .vendors
                .current()
                .and_then(|i| data.vendors.get(i))
                .map(|v| v.vendor.clone());
        }
        if let Some(vendor) = self.vendor.clone() {
            self.incidents.reorder(lists::incidents(
                &data,
                &vendor,
                self.incident_sort,
                self.filter(View::Vendor),
                self.incident_cut,
            ));
            self.vendor_panel = lists::vendor_panel(&data, &vendor);
        }
    }

    /// Show the vendor view for `vendor`, from the top of its incident list.
    pub fn open_vendor(&mut self, vendor: String) {
        if self.vendor.as_deref() != Some(vendor.as_str()) {
            self.vendor = Some(vendor);
            self.incidents = ListPos::default();
            self.incident_cut = PercentileCut::default();
            self.filters.remove(&View::Vendor);
            self.refresh_lists();
        }
        self.switch(View::Vendor);
    }

    pub fn switch(&mut self, view: View) {
        if view != self.view {
            self.history.push(self.view);
            self.view = view;
        }
    }
}
