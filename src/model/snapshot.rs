//! `Snapshot`: everything one payload says, and what ingest does to it before storing.

use super::{Component, Incident, PageInfo, PageStatus, Platform, Timestamp, sanitize_text};

/// Everything one payload says, normalized. Maintenance is kept apart from incidents.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub platform: Platform,
    pub page: PageInfo,
    pub incidents: Vec<Incident>,
    pub maintenances: Vec<Incident>,
    /// `Some` only when the payload lists the page's components (summary endpoints).
    pub components: Option<Vec<Component>>,
    pub status: Option<PageStatus>,
    /// Set when the payload lists every incident open on the page at one moment (a
    /// summary, a current-only feed): an incident stored as open and absent from such a
    /// listing closed in between.
    pub open_listing: Option<OpenListing>,
    /// Incidents the payload listed but planb could not read (a field of the wrong type):
    /// left out of `incidents`, and named so the user sees what was not counted.
    pub skipped: Vec<SkippedRecord>,
}

/// One incident left out of a payload because a field held a value of the wrong kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRecord {
    /// The incident's id, when it has a readable one.
    pub incident_id: Option<String>,
    /// Where the odd value sits: `components`, `incident_updates[2].affected_components`.
    pub field: String,
    /// What was there, in words: `a string "API" where a list belongs`.
    pub found: String,
}

impl std::fmt::Display for SkippedRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.incident_id {
            Some(id) => write!(f, "skipped incident `{id}`")?,
            None => f.write_str("skipped an incident without a readable id")?,
        }
        if self.field.is_empty() {
            write!(f, ": the incident is {}", self.found)
        } else {
            write!(f, ": field `{}` holds {}", self.field, self.found)
        }
    }
}

/// A payload that lists every open incident, and the payload's own time for that listing
/// when it states one (Statuspage `page.updated_at`, an RSS `lastBuildDate`): for a saved
/// file it is the best bound of when the listing was true; a live pull uses its fetch time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenListing {
    pub as_of: Option<Timestamp>,
}

impl Snapshot {
    pub fn empty(platform: Platform) -> Self {
        Self {
            platform,
            page: PageInfo::default(),
            incidents: Vec::new(),
            maintenances: Vec::new(),
            components: None,
            status: None,
            open_listing: None,
            skipped: Vec::new(),
        }
    }

    /// Fold another payload of the same source into this one (newer `updated_at` wins per id).
    pub fn absorb(&mut self, other: Snapshot) {
        if self.page.url.is_none() {
            self.page = other.page;
        }
        absorb_incidents(&mut self.incidents, other.incidents);
        absorb_incidents(&mut self.maintenances, other.maintenances);
        if other.components.is_some() {
            self.components = other.components;
        }
        if other.status.is_some() {
            self.status = other.status;
        }
        self.open_listing = match (self.open_listing, other.open_listing) {
            (Some(a), Some(b)) => Some(OpenListing {
                as_of: a.as_of.max(b.as_of),
            }),
            (a, b) => a.or(b),
        };
        self.skipped.extend(other.skipped);
    }

    /// Strip control characters and escape sequences from every vendor-written string.
    pub fn sanitize(&mut self) {
        let clean = |text: &mut Option<String>| {
            if let Some(t) = text.as_mut() {
                *t = sanitize_text(t);
            }
        };
        for incident in self
            .incidents
            .iter_mut()
            .chain(self.maintenances.iter_mut())
        {
            clean(&mut incident.title);
            clean(&mut incident.first_title);
            clean(&mut incident.url);
            incident
                .components
                .iter_mut()
                .for_each(|c| *c = sanitize_text(c).replace('\n', " "));
            for update in &mut incident.updates {
                clean(&mut update.body);
                update
                    .affected_components
                    .iter_mut()
                    .for_each(|c| *c = sanitize_text(c).replace('\n', " "));
            }
        }
        for component in self.components.iter_mut().flatten() {
            component.name = sanitize_text(&component.name).replace('\n', " ");
        }
        clean(&mut self.page.name);
        if let Some(status) = self.status.as_mut() {
            status.indicator = sanitize_text(&status.indicator);
            clean(&mut status.description);
        }
    }

    /// Record when this payload showed its incidents: `at` for a live pull, else the
    /// newest timestamp inside the payload (a lower bound of when it was captured).
    pub fn observe(&mut self, at: Option<Timestamp>) {
        let newest = self
            .incidents
            .iter()
            .chain(&self.maintenances)
            .flat_map(|i| {
                [Some(i.created_at), i.updated_at, i.resolved_at]
                    .into_iter()
                    .chain(
                        i.updates
                            .iter()
                            .flat_map(|u| [Some(u.created_at), u.updated_at]),
                    )
            })
            .flatten()
            .max();
        let Some(seen) = at.or(newest) else { return };
        for incident in self
            .incidents
            .iter_mut()
            .chain(self.maintenances.iter_mut())
        {
            incident.observed_at = incident.observed_at.max(Some(seen));
        }
    }

    /// Drop vendor-written prose everywhere (`import --facts-only`).
    pub fn strip_text(&mut self) {
        self.incidents
            .iter_mut()
            .chain(self.maintenances.iter_mut())
            .for_each(Incident::strip_text);
        if let Some(status) = self.status.as_mut() {
            status.description = None;
        }
    }
}

fn absorb_incidents(into: &mut Vec<Incident>, from: Vec<Incident>) {
    for incident in from {
        match into.iter_mut().find(|known| known.id == incident.id) {
            Some(known) if incident.updated_at > known.updated_at => *known = incident,
            Some(_) => {}
            None => into.push(incident),
        }
    }
}
