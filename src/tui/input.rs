//! Keys and mouse → commands → state changes (part of `App::update`).

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};

use super::app::App;
use super::command::{self, Command};
use super::msg::Effect;
use super::state::{Axis, IncidentPick, Load, PercentileCut, PullState, Tone, View};
use super::views;
use crate::metrics::Window;

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        self.status = None;
        if let Some(text) = self.filter_input.as_mut() {
            match key.code {
                KeyCode::Char(c)
                    if !key
                        .modifiers
                        .contains(ratatui::crossterm::event::KeyModifiers::CONTROL) =>
                {
                    text.push(c)
                }
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Enter => self.filter_input = None,
                KeyCode::Esc => {
                    self.filter_input = None;
                    self.filters.remove(&self.view);
                    self.refresh_lists();
                    return Vec::new();
                }
                _ => return Vec::new(),
            }
            if let Some(text) = self.filter_input.clone() {
                self.filters.insert(self.view, text);
            }
            self.refresh_lists();
            return Vec::new();
        }
        if self.help {
            match command::lookup(&key, self.view) {
                Some(Command::Quit) => self.quit = true,
                Some(Command::Help | Command::Back) => self.help = false,
                Some(Command::Down) => {
                    self.help_scroll = (self.help_scroll + 1).min(super::views::help::line_count())
                }
                Some(Command::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
                _ => {}
            }
            return Vec::new();
        }
        match command::lookup(&key, self.view) {
            Some(command) => self.run(command),
            None => Vec::new(),
        }
    }

    pub(super) fn on_mouse(&mut self, mouse: MouseEvent) -> Vec<Effect> {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.step(3),
            MouseEventKind::ScrollUp => self.step(-3),
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(view) = views::tab_at(self, mouse.column, mouse.row) {
                    return self.run(Command::Show(view));
                }
                if let Some(i) = views::row_at(self, mouse.column, mouse.row)
                    && let Some(list) = self.list_mut()
                {
                    list.selected = i;
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// The selectable list of the current view.
    fn list_mut(&mut self) -> Option<&mut super::state::ListPos> {
        match self.view {
            View::Overview => Some(&mut self.vendors),
            View::Exposure => Some(&mut self.exposure.rows),
            View::Vendor => Some(&mut self.incidents),
            View::Sources => Some(&mut self.sources),
            View::Incident => None,
        }
    }

    fn step(&mut self, delta: isize) {
        if self.view == View::Incident {
            let max = views::incident::max_scroll(self);
            if let Some(pick) = self.incident.as_mut() {
                pick.scroll = (pick.scroll as isize + delta).clamp(0, max as isize) as usize;
            }
        } else if let Some(list) = self.list_mut() {
            list.step(delta);
        }
    }

    pub fn run(&mut self, command: Command) -> Vec<Effect> {
        let page = views::page_height(self) as isize;
        match command {
            Command::Quit => self.quit = true,
            Command::Help => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Command::NextView | Command::PrevView => {
                let n = View::ALL.len();
                let i = self.view.index()
                    + if command == Command::NextView {
                        1
                    } else {
                        n - 1
                    };
                return self.show(View::ALL[i % n]);
            }
            Command::Show(view) => return self.show(view),
            Command::Down => self.step(1),
            Command::Up => self.step(-1),
            Command::PageDown => self.step(page),
            Command::PageUp => self.step(-page),
            Command::Top => self.step(isize::MIN / 2),
            Command::Bottom => self.step(isize::MAX / 2),
            Command::Left | Command::Right => {
                let columns = views::exposure::column_count(self);
                let c = &mut self.exposure.column;
                *c = if command == Command::Right {
                    (*c + 1).min(columns.saturating_sub(1))
                } else {
                    c.saturating_sub(1)
                };
            }
            Command::Open => return self.open(),
            Command::Back => {
                if let Some(view) = self.history.pop() {
                    self.view = view;
                } else {
                    self.say("nothing to go back to (q quits)", Tone::Info);
                }
            }
            Command::Filter if self.view == View::Incident => self.say(
                "the timeline has no filter: filter incidents in the vendor view (3)",
                Tone::Info,
            ),
            Command::Filter => self.filter_input = Some(self.filter(self.view).to_string()),
            Command::Sort => self.sort(),
            Command::Window => return self.next_window(),
            Command::Refresh => return self.refresh(),
            Command::Export => match views::export(self) {
                Some(table) => return vec![Effect::Export(table)],
                None => self.say("nothing to export here yet", Tone::Info),
            },
            Command::Axis => {
                self.exposure.axis = if self.exposure.axis == Axis::Vendors {
                    Axis::Hosts
                } else {
                    Axis::Vendors
                };
                self.exposure.column = 0;
            }
            Command::DaysUp => self.exposure.days = (self.exposure.days + 1).min(365),
            Command::DaysDown => self.exposure.days = self.exposure.days.saturating_sub(1).max(1),
            Command::Percentile => self.next_cut(),
        }
        Vec::new()
    }

    /// The vendor's incident list: all, or those at or above one of its p90s.
    fn next_cut(&mut self) {
        self.incident_cut = self.incident_cut.next();
        self.refresh_lists();
        let cut = self.incident_cut;
        let p90 = match (self.data(), self.vendor.as_deref()) {
            (Some(data), Some(vendor)) => super::lists::cut_p90(data, vendor, cut),
            _ => None,
        };
        let text = match (cut, p90) {
            (PercentileCut::All, _) => "showing all incidents".to_string(),
            (_, Some(p90)) => format!(
                "{} incident(s) at or above the p90 {} ({}): the ones that set it",
                self.incidents.order.len(),
                cut.label(),
                super::fmt::minutes(Some(p90))
            ),
            (_, None) => format!(
                "no p90 {} for this vendor in this window (n=0)",
                cut.label()
            ),
        };
        self.say(text, Tone::Info);
    }

    fn show(&mut self, view: View) -> Vec<Effect> {
        match view {
            View::Vendor if self.vendor.is_none() => self.say(
                "no vendor yet: pick one in the overview (1) and press Enter",
                Tone::Info,
            ),
            View::Incident if self.incident.is_none() => return self.open_incident(),
            _ => {}
        }
        self.switch(view);
        Vec::new()
    }

    fn open(&mut self) -> Vec<Effect> {
        let Some(data) = self.data().cloned() else {
            return Vec::new();
        };
        match self.view {
            View::Overview => {
                if let Some(row) = self.vendors.current().and_then(|i| data.vendors.get(i)) {
                    self.open_vendor(row.vendor.clone());
                }
            }
            View::Exposure => match views::exposure::selected_target(self) {
                Some(target) if self.exposure.axis == Axis::Vendors => self.open_vendor(target),
                Some(target) => self.say(
                    format!("{target} is a host: its vendor's page shows its incidents"),
                    Tone::Info,
                ),
                None => {}
            },
            View::Sources => {
                let vendor = self
                    .sources
                    .current()
                    .and_then(|i| self.base_data().and_then(|b| b.sources.get(i)))
                    .map(|s| s.vendor.clone());
                if let Some(vendor) = vendor {
                    self.open_vendor(vendor);
                }
            }
            View::Vendor => return self.open_incident(),
            View::Incident => {}
        }
        Vec::new()
    }

    /// Show the vendor view's selected incident in the timeline, loading its updates.
    fn open_incident(&mut self) -> Vec<Effect> {
        let Some(data) = self.data().cloned() else {
            return Vec::new();
        };
        let Some(row) = self
            .incidents
            .current()
            .and_then(|i| data.report.incidents.get(i))
        else {
            self.say(
                "no incident to show: pick a vendor with incidents (3) and press Enter",
                Tone::Info,
            );
            return Vec::new();
        };
        self.switch(View::Incident);
        let same = self
            .incident
            .as_ref()
            .is_some_and(|p| p.source_id == row.source_id && p.incident_id == row.incident_id);
        if same {
            return Vec::new();
        }
        self.incident = Some(IncidentPick {
            source_id: row.source_id.to_string(),
            incident_id: row.incident_id.to_string(),
            detail: Load::Loading,
            scroll: 0,
        });
        vec![Effect::LoadIncident(Box::new(row.to_row()))]
    }

    fn sort(&mut self) {
        let label = match self.view {
            View::Overview => {
                self.vendor_sort = self.vendor_sort.next();
                self.vendor_sort.label()
            }
            View::Vendor => {
                self.incident_sort = self.incident_sort.next();
                self.incident_sort.label()
            }
            View::Sources => {
                self.source_sort = self.source_sort.next();
                self.source_sort.label()
            }
            View::Exposure => {
                self.exposure.sort = self.exposure.sort.next();
                self.exposure.sort.label()
            }
            View::Incident => {
                self.say("the timeline is in time order", Tone::Info);
                return;
            }
        };
        self.say(format!("sorted by {label}"), Tone::Info);
        self.refresh_lists();
    }

    fn next_window(&mut self) -> Vec<Effect> {
        let Some(base) = self.base_data().cloned() else {
            return Vec::new();
        };
        let i = Window::ALL
            .iter()
            .position(|w| *w == self.wanted)
            .unwrap_or(0);
        let next = Window::ALL[(i + 1) % Window::ALL.len()];
        self.wanted = next;
        match self.windows.get(&next) {
            Some(Load::Ready(_)) => {
                self.window = next;
                self.refresh_lists();
                Vec::new()
            }
            Some(Load::Loading) => Vec::new(),
            _ => {
                self.windows.insert(next, Load::Loading);
                vec![Effect::LoadWindow(next, base)]
            }
        }
    }

    /// Start a pull unless one runs already (one at a time) or this is the demo.
    fn refresh(&mut self) -> Vec<Effect> {
        if let PullState::Running { done, total, .. } = &self.pull {
            let text = format!(
                "a pull is already running ({done}/{total} sources): wait for it to finish"
            );
            self.say(text, Tone::Problem);
            return Vec::new();
        }
        if self.origin.is_demo() {
            self.say("demo data: pull live data with `planb pull --inventory FILE`, then run `planb --inventory FILE`", Tone::Info);
            return Vec::new();
        }
        self.pull = PullState::Running {
            done: 0,
            total: 0,
            current: String::new(),
        };
        vec![Effect::Pull]
    }
}
