//! The dashboard's state types: views, list positions, sort orders, background work.

use std::sync::Arc;

use crate::dashboard::IncidentDetail;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Overview,
    Exposure,
    Vendor,
    Incident,
    Sources,
}

impl View {
    pub const ALL: [View; 5] = [
        Self::Overview,
        Self::Exposure,
        Self::Vendor,
        Self::Incident,
        Self::Sources,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Exposure => "Exposure",
            Self::Vendor => "Vendor",
            Self::Incident => "Incident",
            Self::Sources => "Sources",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Self::Overview => "overview",
            Self::Exposure => "exposure",
            Self::Vendor => "vendor",
            Self::Incident => "incident",
            Self::Sources => "sources",
        }
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }
}

/// Something loaded in the background.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(Arc<T>),
    Failed(String),
}

impl<T> Load<T> {
    pub fn ready(&self) -> Option<&Arc<T>> {
        match self {
            Self::Ready(v) => Some(v),
            _ => None,
        }
    }
}

/// A selectable list: the selection and the order rows are shown in (indices into the data).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListPos {
    pub selected: usize,
    pub order: Vec<usize>,
}

impl ListPos {
    pub fn current(&self) -> Option<usize> {
        self.order.get(self.selected).copied()
    }

    pub fn step(&mut self, delta: isize) {
        let last = self.order.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// Keep the selection on the same item after a re-order, else clamp it.
    pub fn reorder(&mut self, order: Vec<usize>) {
        let item = self.current();
        self.order = order;
        self.selected = item
            .and_then(|i| self.order.iter().position(|&o| o == i))
            .unwrap_or(0);
    }
}

macro_rules! cycle_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $name { #[default] $($variant),+ }
        impl $name {
            const ALL: &'static [$name] = &[$(Self::$variant),+];
            pub fn label(self) -> &'static str { match self { $(Self::$variant => $label),+ } }
            pub fn next(self) -> Self {
                let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
                Self::ALL[(i + 1) % Self::ALL.len()]
            }
        }
    };
}

cycle_enum!(
    /// Orders of the overview's vendor table.
    VendorSort { Risk => "risk", Share => "exposure share", Incidents => "incidents", Ttfc => "p90 ttfc", Silence => "p90 silence", Ttr => "p90 ttr", Name => "name" }
);
cycle_enum!(
    /// Orders of a vendor's incident list.
    IncidentSort { Newest => "newest", Ttfc => "ttfc", Silence => "longest silence", Ttr => "ttr", Impact => "impact" }
);
cycle_enum!(
    /// Which of a vendor's incidents its list shows: all, or those at or above the
    /// vendor's p90 of one metric (the incidents that set that percentile).
    PercentileCut { All => "all incidents", Ttfc => "ttfc", Silence => "longest silence", Ttr => "ttr" }
);
cycle_enum!(
    /// Orders of the sources table.
    SourceSort { Problems => "problems first", Stale => "stalest first", Incidents => "incidents", Name => "name" }
);
cycle_enum!(
    /// Row orders of the exposure matrix.
    CapabilitySort { Criticality => "criticality", Capability => "capability", Vendor => "vendor" }
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Axis {
    #[default]
    Vendors,
    Hosts,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum PullState {
    #[default]
    Idle,
    Running {
        done: usize,
        total: usize,
        current: String,
    },
}

/// The incident the timeline shows.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentPick {
    pub source_id: String,
    pub incident_id: String,
    pub detail: Load<IncidentDetail>,
    /// First visible line of the update text.
    pub scroll: usize,
}

/// Tone of a footer message: words carry the meaning, the tone only styles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Problem,
}

/// Loaded windows (metrics' `Window` is not `Hash`; there are only four).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WindowCache(Vec<(crate::metrics::Window, Load<crate::dashboard::WindowData>)>);

impl WindowCache {
    pub fn get(
        &self,
        window: &crate::metrics::Window,
    ) -> Option<&Load<crate::dashboard::WindowData>> {
        self.0.iter().find(|(w, _)| w == window).map(|(_, l)| l)
    }

    pub fn insert(
        &mut self,
        window: crate::metrics::Window,
        load: Load<crate::dashboard::WindowData>,
    ) {
        self.0.retain(|(w, _)| *w != window);
        self.0.push((window, load));
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// Following a live store (see `live`): whether a reload for a store change is under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reload {
    #[default]
    Idle,
    /// A reload for a store change is loading.
    Running,
    /// The store changed while something was loading: reload once that is done.
    Wanted,
}
