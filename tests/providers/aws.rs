//! AWS Health Dashboard `public/currentevents`: the real UTF-16BE capture.
//!
//! Expected numbers were read from the file with Python
//! (`json.loads(open(f,'rb').read().decode('utf-16'))`): per event `len(event_log)`,
//! `date`, the last `event_log[].timestamp`, the last
//! `impacted_service_status_changes[].timestamp` (ms), `len(impacted_services)` and the
//! slugs ending in `-<region>`, and the `event_log[].status` counts.

use planb::fetch::providers::provider_for;
use planb::model::{Impact, IncidentStatus, Platform};

use super::{fixture, parse};

const CAPTURE: &str = "aws/aws-currentevents-20260702-cyanheads.utf16be.json";

fn rfc3339(t: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

#[test]
fn aws_capture_events_updates_and_regions() {
    let (platform, snap) = parse(CAPTURE);
    assert_eq!(platform, Platform::Aws);
    assert_eq!(
        snap.page.url.as_deref(),
        Some("https://health.aws.amazon.com")
    );
    assert!(snap.maintenances.is_empty());
    // A current-only feed, read in full; it states no time of its own.
    assert_eq!(snap.open_listing.map(|l| l.as_of), Some(None));

    // (region, updates, first post, last post, last service change, components, of
    // which named with the region, informational/degraded/disrupted posts)
    let expected = [
        (
            "me-central-1",
            23,
            "2026-03-01T12:51:25+00:00",
            "2026-04-30T07:25:54+00:00",
            "2026-05-06T08:06:13+00:00",
            140,
            129,
            [3, 2, 18],
        ),
        (
            "me-south-1",
            13,
            "2026-03-02T05:56:27+00:00",
            "2026-04-30T07:07:11+00:00",
            "2026-05-06T07:50:12+00:00",
            149,
            143,
            [12, 0, 1],
        ),
    ];
    assert_eq!(snap.incidents.len(), expected.len());
    for (incident, want) in snap.incidents.iter().zip(expected) {
        let (region, updates, first, last, changed, components, regional, codes) = want;
        assert!(
            incident
                .id
                .starts_with(&format!("arn:aws:health:{region}::event/")),
            "{}",
            incident.id
        );
        assert_eq!(
            planb::fetch::providers::aws::region_of(&incident.id),
            Some(region)
        );
        assert_eq!(incident.updates.len(), updates, "{region}");
        // `date` is the first public post; there is no stated start in the payload.
        assert_eq!(incident.created_at.to_rfc3339(), first, "{region}");
        assert_eq!(
            incident.updates[0].created_at.to_rfc3339(),
            first,
            "{region}"
        );
        assert_eq!(
            rfc3339(incident.updates.last().map(|u| u.created_at)).as_deref(),
            Some(last)
        );
        assert_eq!(
            (incident.stated_start, incident.started_at),
            (None, None),
            "{region}"
        );
        // Service recovery is published after the last post: it moves updated_at.
        assert_eq!(rfc3339(incident.updated_at).as_deref(), Some(changed));
        // Still open ("3"): disrupted now, informational at first.
        assert_eq!(incident.status, IncidentStatus::Investigating, "{region}");
        assert_eq!(incident.resolved_at, None);
        assert_eq!(
            (
                incident.impact.clone(),
                incident.first_impact.clone(),
                incident.max_impact.clone()
            ),
            (Impact::Major, Impact::None, Impact::Major),
            "{region}"
        );
        assert_eq!(incident.components.len(), components, "{region}");
        let suffix = format!(" ({region})");
        let with_region = incident
            .components
            .iter()
            .filter(|c| c.ends_with(&suffix))
            .count();
        assert_eq!(with_region, regional, "{region}");
        let count = |word: &str| {
            (incident.updates.iter())
                .filter(|u| u.status.as_str() == word)
                .count()
        };
        assert_eq!(
            [
                count("informational"),
                count("degraded"),
                count("disrupted")
            ],
            codes,
            "{region}"
        );
        assert!(incident.updates.iter().all(|u| u.body.is_some()));
    }
    assert!(
        snap.incidents[0]
            .components
            .contains(&"Amazon Simple Storage Service (me-central-1)".to_string())
    );
}

#[test]
fn aws_capture_reads_the_same_as_utf8() {
    let raw = std::fs::read(fixture(CAPTURE)).expect("fixture");
    assert_eq!(&raw[..2], b"\xFE\xFF", "the capture is UTF-16BE with a BOM");
    let units: Vec<u16> = raw[2..]
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect();
    let utf8 = String::from_utf16(&units).expect("valid UTF-16");
    let aws = provider_for(Platform::Aws);
    let from_utf16 = aws.parse(&raw).expect("UTF-16 parses");
    let from_utf8 = aws.parse(utf8.as_bytes()).expect("UTF-8 parses");
    assert_eq!(from_utf16, from_utf8);
    assert_eq!(
        planb::fetch::providers::detect::detect_platform(utf8.as_bytes()),
        Some(Platform::Aws)
    );
}
