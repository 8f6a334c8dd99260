//! Ingest-time extraction from vendor text, so the facts survive when the text is
//! dropped (`import --facts-only`): stated impact starts and promised next updates.

mod clock_text;
pub mod promises;
pub mod stated_start;

use crate::model::Snapshot;
use promises::extract_promise;
use stated_start::extract_from_updates;

/// Fill `stated_start` (earliest of the platform's own and the text's) and `promised_by`.
pub fn enrich(snapshot: &mut Snapshot) {
    for incident in &mut snapshot.incidents {
        let bodies = incident
            .updates
            .iter()
            .filter_map(|u| u.body.as_deref().map(|b| (b, u.created_at)));
        if let Some(stated) =
            extract_from_updates(bodies, incident.created_at, incident.resolved_at)
        {
            incident.stated_start = Some(
                incident
                    .stated_start
                    .map_or(stated, |known| known.min(stated)),
            );
        }
        for update in &mut incident.updates {
            if let Some(body) = update.body.as_deref() {
                update.promised_by =
                    extract_promise(body, update.created_at).or(update.promised_by);
            }
        }
    }
}
