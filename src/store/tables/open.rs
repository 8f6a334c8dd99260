//! The incidents still open in one source's incidents file, read alone (five columns):
//! what "down now" needs for every source on each reload of a live store.

use std::path::Path;

use polars::prelude::{ParquetReader, SerReader};

use crate::model::IncidentStatus;
use crate::store::{StoreError, schema};

/// An open incident as stored: vendor text, not yet made safe for a terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenIncident {
    pub title: String,
    pub impact: String,
}

/// The open incidents (not maintenance, not closed, no resolution time) of the incidents
/// file at `path`, in file order.
pub fn open_incidents(path: &Path) -> Result<Vec<OpenIncident>, StoreError> {
    let names = [
        schema::KIND,
        schema::TITLE,
        schema::STATUS,
        schema::IMPACT,
        schema::RESOLVED_AT,
    ];
    let file = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let read = || {
        let frame = ParquetReader::new(file)
            .with_columns(Some(names.iter().map(|n| n.to_string()).collect()))
            .finish()?;
        let text = |name: &str| frame.column(name).and_then(|c| c.str().cloned());
        let (kind, title, status, impact) = (
            text(schema::KIND)?,
            text(schema::TITLE)?,
            text(schema::STATUS)?,
            text(schema::IMPACT)?,
        );
        let resolved = frame.column(schema::RESOLVED_AT)?;
        Ok((0..frame.height())
            .filter(|&n| kind.get(n) != Some(schema::KIND_MAINTENANCE))
            .filter(|&n| !IncidentStatus::closes(status.get(n).unwrap_or("")))
            .filter(|&n| resolved.get(n).is_ok_and(|v| v.is_null()))
            .map(|n| OpenIncident {
                title: title.get(n).unwrap_or("").to_string(),
                impact: impact.get(n).unwrap_or("").to_string(),
            })
            .collect())
    };
    read().map_err(|e| StoreError::parquet(path, e))
}
