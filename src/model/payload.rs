//! What a fetch brings back besides the parsed snapshot: the payload as received (for the
//! raw archive) and the HTTP cache validators of a URL (for the next conditional GET).

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// One fetched payload, as received.
#[derive(Debug, Clone)]
pub struct RawPayload {
    pub endpoint: String,
    pub fetched_at: Timestamp,
    pub bytes: Vec<u8>,
}

/// HTTP cache validators of one URL, sent back as a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}
