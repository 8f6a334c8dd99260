//! Ingest-time extraction from vendor text, so the facts survive when the text is
//! dropped (`import --facts-only`): stated impact starts (with the evidence for them)
//! and promised next updates.

mod clock_text;
pub mod promises;
pub mod stated_start;

use crate::model::{Incident, Snapshot, StartEvidence};
use promises::extract_promise;
use stated_start::{TextContext, stated_start_in};

/// Fill `stated_start` (earliest of the platform's own and the text's, with the
/// evidence for it) and `promised_by`.
pub fn enrich(snapshot: &mut Snapshot) {
    for incident in &mut snapshot.incidents {
        if let Some((at, evidence)) = text_start(incident)
            && incident.stated_start.is_none_or(|known| at < known)
        {
            incident.stated_start = Some(at);
            incident.start_evidence = Some(evidence);
        }
        for update in &mut incident.updates {
            if let Some(body) = update.body.as_deref() {
                update.promised_by =
                    extract_promise(body, update.created_at).or(update.promised_by);
            }
        }
    }
}

/// The earliest start stated in the incident's update texts, and which update said it how.
fn text_start(incident: &Incident) -> Option<(crate::model::Timestamp, StartEvidence)> {
    incident
        .updates
        .iter()
        .filter_map(|u| {
            let context = TextContext {
                posted_at: u.created_at,
                incident_created_at: incident.created_at,
                incident_resolved_at: incident.resolved_at,
            };
            let found = stated_start_in(u.body.as_deref()?, &context)?;
            let evidence = StartEvidence {
                kind: found.phrase.as_str().to_string(),
                update_id: Some(u.id.clone()),
                sentence: Some(crate::model::sanitize_text(&found.sentence)),
            };
            Some((found.at, evidence))
        })
        .min_by_key(|(at, _)| *at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::providers::{Provider, gcloud::Gcloud};

    /// Google Cloud `storage/20005` (fixtures/google-cloud, 2020-11-17 capture): `begin`
    /// 16:56:39Z, while its first update says "beginning at Saturday, 2020-10-24 07:40 PDT"
    /// (14:40Z): the earlier sentence is the start and the evidence. In a copy whose text
    /// says 09:58 PDT (16:58Z, after `begin`), the field stays.
    #[test]
    fn text_start_replaces_the_field_only_when_earlier() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/google-cloud/gcp-incidents-20201117T2032Z.json"
        );
        let body = std::fs::read(path).expect("fixture");
        let mut snapshot = Gcloud.parse(&body).expect("parses");
        snapshot.incidents.retain(|i| i.id == "storage/20005");
        let original = snapshot.clone();
        enrich(&mut snapshot);
        let incident = &snapshot.incidents[0];
        assert_eq!(
            incident.stated_start.map(|t| t.to_rfc3339()).as_deref(),
            Some("2020-10-24T14:40:00+00:00")
        );
        let evidence = incident.start_evidence.clone().expect("evidence");
        assert_eq!(evidence.kind, "start-word");
        assert_eq!(evidence.update_id.as_deref(), Some("storage/20005/0"));
        assert!(
            evidence
                .sentence
                .as_deref()
                .is_some_and(|s| s.contains("beginning at Saturday, 2020-10-24 07:40 PDT")),
            "{evidence:?}"
        );
        let mut facts_only = incident.clone();
        facts_only.strip_text();
        let kept = facts_only.start_evidence.expect("evidence");
        assert_eq!((kept.kind.as_str(), kept.sentence), ("start-word", None));

        let mut later = original;
        for update in &mut later.incidents[0].updates {
            if let Some(body) = update.body.as_mut() {
                *body = body.replace("07:40 PDT", "09:58 PDT");
            }
        }
        enrich(&mut later);
        let incident = &later.incidents[0];
        assert_eq!(
            incident.stated_start.map(|t| t.to_rfc3339()).as_deref(),
            Some("2020-10-24T16:56:39+00:00")
        );
        assert_eq!(
            incident.start_evidence.as_ref().map(|e| e.kind.as_str()),
            Some("field:begin")
        );
    }
}
