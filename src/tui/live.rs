//! Following a live store: when it changes under the dashboard, reload in the background
//! (the data on screen stays until the new data is in), one reload at a time, and never
//! during the dashboard's own pull (which reloads when it ends).

use super::app::App;
use super::msg::Effect;
use super::state::{PullState, Reload};

impl App {
    pub(super) fn on_store_changed(&mut self) -> Vec<Effect> {
        if matches!(self.pull, PullState::Running { .. }) {
            return Vec::new();
        }
        let busy = self.updating || self.base_data().is_none() || self.reload != Reload::Idle;
        if busy {
            self.reload = Reload::Wanted;
            return Vec::new();
        }
        self.reload = Reload::Running;
        vec![Effect::LoadAll(self.window)]
    }

    /// After a load finished (or failed): start the reload a change asked for meanwhile.
    pub(super) fn reload_settled(&mut self) -> Vec<Effect> {
        if self.updating {
            return Vec::new();
        }
        match self.reload {
            Reload::Wanted if !matches!(self.pull, PullState::Running { .. }) => {
                self.reload = Reload::Running;
                vec![Effect::LoadAll(self.window)]
            }
            _ => {
                self.reload = Reload::Idle;
                Vec::new()
            }
        }
    }
}
