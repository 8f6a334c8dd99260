//! What ingesting one source came to: the line each source gets in the pull and import
//! summary, the dashboard's pull report and (later) watch events.

use crate::store::MergeCounts;

#[derive(Debug, Clone)]
pub enum SourceResult {
    Stored {
        incidents: MergeCounts,
        maintenances: MergeCounts,
        /// Stored incidents closed because the feed no longer lists them (`closed_unseen`).
        closed_unseen: usize,
        warnings: Vec<String>,
    },
    NotModified,
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct SourceLine {
    pub source_id: String,
    pub name: String,
    pub result: SourceResult,
}

impl SourceLine {
    /// A failure, or data stored with problems worth a non-zero exit.
    pub fn failed(&self) -> bool {
        match &self.result {
            SourceResult::Failed(_) => true,
            SourceResult::Stored { warnings, .. } => !warnings.is_empty(),
            SourceResult::NotModified => false,
        }
    }

    /// The reason, when the source failed outright.
    pub fn failure(&self) -> Option<&str> {
        match &self.result {
            SourceResult::Failed(reason) => Some(reason),
            _ => None,
        }
    }
}
