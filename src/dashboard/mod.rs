//! Assembles the plain data the dashboard shows, from the store, the inventory and the
//! metrics. The TUI never touches the store, polars or HTTP: it asks for these values
//! through jobs that run on worker threads and receives them as messages.
//!
//! Two layers: `Base` (window-independent: sources, what is down, exposure, warnings)
//! and `WindowData` (communication metrics, vendor rows and risk for one window).

pub mod exposure;
pub mod incident;
pub mod jobs;
pub mod labels;
pub mod live;
pub mod months;
pub mod register;
pub mod sources;
pub mod vendors;

use std::path::PathBuf;

use crate::inventory::{Inventory, InventoryKind};
use crate::metrics::{self, MetricsError, Window};
use crate::model::Timestamp;
use crate::store::{Store, StoreError};

pub use exposure::{ExposureView, Warning};
pub use incident::{IncidentDetail, UpdateLine};
pub use register::{RegisterStatus, RtoGap};
pub use sources::{DownNow, SourceRow};
pub use vendors::{VendorRow, WindowData};

#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    #[error("{0}")]
    Other(String),
}

/// Where the data comes from: decides the banner and the default window.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// The embedded demo: facts-only captures and a fictional company.
    Demo { captured: &'static str },
    /// The user's store, with the inventory file if one was given.
    Live { inventory: Option<PathBuf> },
}

impl Origin {
    pub fn is_demo(&self) -> bool {
        matches!(self, Self::Demo { .. })
    }

    /// Demo captures span years, so `all`; a live store is about the recent past.
    pub fn default_window(&self) -> Window {
        if self.is_demo() {
            Window::All
        } else {
            Window::Days90
        }
    }
}

/// Everything that does not depend on the window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Base {
    /// The moment this data describes: windows count back from it, ages are measured to it.
    pub now: Timestamp,
    pub facts_only: bool,
    pub synthetic: bool,
    pub sources: Vec<SourceRow>,
    pub down_now: Vec<DownNow>,
    /// `None` without an inventory that says what each service is used for.
    pub exposure: Option<ExposureView>,
    pub warnings: Vec<Warning>,
    /// Why there is no exposure (no inventory, or a sources-only one).
    pub exposure_note: Option<String>,
    /// The DORA register's readiness, when the dashboard has a register to look at.
    pub register: Option<RegisterStatus>,
}

/// Reads what the dashboard needs; cheap to share between worker threads.
#[derive(Debug, Clone)]
pub struct Loader {
    pub store: Store,
    pub inventory: Option<Inventory>,
    pub origin: Origin,
    /// The moment `base` describes (the dashboard moves it forward after a pull).
    pub now: Timestamp,
    /// register.toml for the readiness line (`with_register`).
    pub register: Option<PathBuf>,
}

impl Loader {
    pub fn new(store: Store, inventory: Option<Inventory>, origin: Origin, now: Timestamp) -> Self {
        Self {
            store,
            inventory,
            origin,
            now,
            register: None,
        }
    }

    /// Looks for the DORA register at `path` (it may not exist yet).
    pub fn with_register(mut self, path: Option<PathBuf>) -> Self {
        self.register = path;
        self
    }

    pub fn base(&self) -> Result<Base, DashboardError> {
        let manifest = self.store.manifest()?;
        let labels = labels::labels(&manifest, self.inventory.as_ref());
        let sources = sources::rows(&manifest, &labels);
        let down_now = sources::down_now(&self.store, &sources)?;
        let (exposure, exposure_note) = match &self.inventory {
            Some(inv) if inv.kind == InventoryKind::Exposure => (Some(ExposureView::build(inv)), None),
            Some(_) => (None, Some("the inventory lists sources only: add capability, criticality and fallback columns for exposure".to_string())),
            None => (None, Some("no inventory: pass --inventory FILE to see exposure and risk".to_string())),
        };
        let warnings = exposure
            .as_ref()
            .map(exposure::warnings)
            .unwrap_or_default();
        Ok(Base {
            now: self.now,
            facts_only: manifest.facts_only,
            synthetic: manifest.synthetic,
            sources,
            down_now,
            exposure,
            warnings,
            exposure_note,
            register: match (&self.register, &self.inventory) {
                (Some(path), Some(inv)) if inv.kind == InventoryKind::Exposure => {
                    Some(register::status(path, inv, self.now))
                }
                _ => None,
            },
        })
    }

    /// Communication metrics, vendor rows and risk for one window (~1 s on 1M incidents).
    pub fn window(&self, window: Window, base: &Base) -> Result<WindowData, DashboardError> {
        let manifest = self.store.manifest()?;
        let labels = labels::labels(&manifest, self.inventory.as_ref());
        let report = metrics::communication(
            &self.store,
            &labels,
            None,
            window,
            base.now,
            metrics::IncidentRows::Build,
        )?;
        let mut data = vendors::assemble(report, base, self.inventory.as_ref(), base.now);
        data.rto_gaps = register::rto_gaps(base.register.as_ref(), &data.vendors);
        Ok(data)
    }

    /// One incident with its updates, for the timeline view.
    pub fn incident(&self, row: &metrics::IncidentRow) -> Result<IncidentDetail, DashboardError> {
        let tables = self.store.load_source(&row.source_id)?;
        let found = tables.incidents.iter().find(|i| i.id == row.incident_id);
        let found = found.ok_or_else(|| {
            DashboardError::Other(format!(
                "incident {} is no longer in {}",
                row.incident_id, row.source_id
            ))
        })?;
        let facts_only = self.store.manifest()?.facts_only;
        Ok(incident::detail(row, found, &tables, facts_only, self.now))
    }
}
