//! Which stored columns the metrics read, and which per-incident columns they keep.

use polars::prelude::*;

use super::{VENDOR_IX, read};
use crate::store::schema;

/// The per-incident columns kept for the three uses (rows, per-source and per-vendor
/// groups): ids and text only when incident rows are built.
pub(super) fn kept_columns(with_incidents: bool) -> Vec<Expr> {
    let mut keep: Vec<Expr> = [
        read::SOURCE_IX,
        VENDOR_IX,
        schema::INCIDENT_KEY,
        schema::IMPACT,
        schema::FIRST_IMPACT,
        schema::MAX_IMPACT,
        schema::STATUS,
        "start_basis",
        "created_ms",
        "first_update_ms",
        "resolved_ms",
        "impact_start_ms",
        "ttfc_min",
        "ttfc_clamped",
        "longest_silence_min",
        "ttr_min",
        "postmortem",
        "postmortem_delay_min",
        "retroactive",
        "backfilled",
        "n_updates",
        "promises_made",
        "promises_kept",
    ]
    .into_iter()
    .map(col)
    .collect();
    if with_incidents {
        keep.extend([
            col(schema::INCIDENT_ID),
            col(schema::TITLE),
            col(schema::COMPONENTS),
            col(schema::URL),
            col(schema::CLOSED_AFTER),
            col(schema::CLOSED_BEFORE),
        ]);
    }
    keep
}

/// The incident columns read; ids and text only when incident rows are built.
pub(super) fn incident_columns(with_incidents: bool) -> Vec<read::Wanted> {
    let mut wanted = all_incident_columns();
    if !with_incidents {
        wanted.retain(|c| {
            !matches!(
                c.name,
                schema::INCIDENT_ID
                    | schema::TITLE
                    | schema::URL
                    | schema::COMPONENTS
                    | schema::CLOSED_AFTER
                    | schema::CLOSED_BEFORE
            )
        });
    }
    wanted
}

pub(super) fn all_incident_columns() -> Vec<read::Wanted> {
    use read::{timestamp, wanted};
    let text = || DataType::String;
    vec![
        wanted(schema::KIND, text()),
        wanted(schema::INCIDENT_ID, text()),
        wanted(schema::INCIDENT_KEY, DataType::UInt64),
        wanted(schema::TITLE, text()),
        wanted(schema::STATUS, text()),
        wanted(schema::IMPACT, text()),
        wanted(schema::FIRST_IMPACT, text()),
        wanted(schema::MAX_IMPACT, text()),
        wanted(schema::CREATED_AT, timestamp()),
        wanted(schema::STARTED_AT, timestamp()),
        wanted(schema::FIRST_STARTED_AT, timestamp()),
        wanted(schema::STATED_START, timestamp()),
        wanted(schema::RESOLVED_AT, timestamp()),
        wanted(schema::OBSERVED_AT, timestamp()),
        wanted(schema::CLOSED_AFTER, timestamp()),
        wanted(schema::CLOSED_BEFORE, timestamp()),
        wanted(schema::URL, text()),
        wanted(schema::COMPONENTS, text()),
    ]
}

pub(super) fn update_columns() -> Vec<read::Wanted> {
    use read::{timestamp, wanted};
    vec![
        wanted(schema::INCIDENT_KEY, DataType::UInt64),
        wanted(schema::STATUS, DataType::String),
        wanted(schema::CREATED_AT, timestamp()),
        wanted(schema::DISPLAY_AT, timestamp()),
        wanted(schema::PROMISED_BY, timestamp()),
    ]
}
