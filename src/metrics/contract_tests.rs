//! Contracts between parts of the metrics that are written in two places: the downtime
//! weights and the policy text that names them; the borrowed and the owned incident row.

use polars::prelude::*;

use super::plan::impact_weight;
use super::tables::{DOWNTIME_WEIGHTS, WEIGHTING_POLICY};
use super::{IncidentRef, StartBasis};
use crate::model::Timestamp;
use crate::store::schema;

#[test]
fn the_policy_text_names_the_weights_the_plan_applies() {
    assert_eq!(
        WEIGHTING_POLICY,
        "impact-weighted v1: critical 1.0, major 1.0, minor 0.3, none 0"
    );
    let impacts = [
        "critical",
        "major",
        "minor",
        "none",
        "maintenance",
        "catastrophic",
    ];
    let frame = df!(schema::MAX_IMPACT => impacts).expect("frame");
    let applied = frame
        .lazy()
        .select([impact_weight().alias("w")])
        .collect()
        .expect("plan");
    let applied: Vec<Option<f64>> = applied
        .column("w")
        .expect("w")
        .f64()
        .expect("f64")
        .iter()
        .collect();
    for (impact, weight) in impacts.iter().zip(applied) {
        let listed = DOWNTIME_WEIGHTS.iter().find(|(name, _)| name == impact);
        let expected = listed.map_or(0.0, |(_, w)| *w);
        assert_eq!(weight, Some(expected), "{impact}");
        if let Some((name, w)) = listed {
            let shown = if *w == 0.0 {
                "0".to_string()
            } else {
                format!("{w:?}")
            };
            assert!(
                WEIGHTING_POLICY.contains(&format!("{name} {shown}")),
                "{name}"
            );
        }
    }
}

#[test]
fn an_owned_row_carries_every_field_of_the_borrowed_one() {
    let at = |ms: i64| Timestamp::from_timestamp_millis(ms).expect("time");
    // Every field distinct, so a field copied into the wrong place shows.
    let borrowed = IncidentRef {
        source_id: "src",
        vendor: "Vendor",
        service: "Service",
        incident_id: "inc",
        title: "Title",
        impact: "minor",
        first_impact: "none",
        max_impact: "major",
        status: "resolved",
        created_at: at(1_000),
        first_update_at: Some(at(2_000)),
        resolved_at: Some(at(3_000)),
        impact_start: Some(at(500)),
        start_basis: StartBasis::Stated,
        ttfc_min: Some(1.5),
        longest_silence_min: Some(2.5),
        ttr_min: Some(3.5),
        updates: 4,
        postmortem: true,
        postmortem_delay_min: Some(5.5),
        retroactive: true,
        backfilled: false,
        promises_made: 6,
        promises_kept: 7,
        url: Some("https://x.example/incidents/inc"),
        closed_after: Some(at(4_000)),
        closed_before: Some(at(5_000)),
    };
    let owned = borrowed.to_row();
    assert_eq!(
        serde_json::to_value(borrowed).expect("json"),
        serde_json::to_value(&owned).expect("json")
    );
}
