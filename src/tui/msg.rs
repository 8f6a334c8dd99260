//! Everything that can change the dashboard's state (`Msg`), and everything the state
//! asks the outside world to do (`Effect`). Only `App::update` turns one into the other.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::dashboard::jobs::{ExportTable, PullSummary};
use crate::dashboard::{Base, IncidentDetail, WindowData};
use crate::metrics::{IncidentRow, Window};

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Window-independent data: the first frame needs only this.
    BaseLoaded(Result<Arc<Base>, String>),
    /// Base data and a window at once (tests and benchmarks).
    Loaded(Result<(Arc<Base>, Arc<WindowData>), String>),
    WindowLoaded(Window, Result<Arc<WindowData>, String>),
    IncidentLoaded {
        source_id: String,
        incident_id: String,
        result: Result<Arc<IncidentDetail>, String>,
    },
    PullProgress {
        done: usize,
        total: usize,
        source_id: String,
    },
    PullFinished(Result<PullSummary, String>),
    /// The store changed under the dashboard (a `planb watch`, or a pull elsewhere).
    StoreChanged,
    Exported(Result<(PathBuf, usize), String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Base data and one window, from scratch (start, and after a pull).
    LoadAll(Window),
    LoadWindow(Window, Arc<Base>),
    LoadIncident(Box<IncidentRow>),
    Pull,
    Export(ExportTable),
}
