//! One provider per status-page platform, behind one trait. Providers are pure:
//! they build URLs and parse bytes into the model; they never touch the store or HTTP.

pub mod aws;
pub mod azure;
pub mod betterstack;
pub mod detect;
pub mod gcloud;
pub mod incidentio;
pub mod instatus;
mod lenient;
pub mod salesforce;
pub mod slack;
pub mod statusio;
pub mod statuspage;
mod time;

use crate::model::{Platform, Snapshot};

/// Why a payload could not be read. Messages name what was expected so the pull
/// summary can say it plainly.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error(
        "received HTML, not JSON (the URL may point at a web page, a login wall or an error page)"
    )]
    Html,
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("unexpected JSON shape: {0}")]
    Shape(String),
    #[error("invalid XML {0}")]
    Xml(String),
}

impl ParseError {
    pub fn from_json(err: serde_json::Error, body: &[u8]) -> Self {
        let head = body
            .iter()
            .copied()
            .skip_while(|b| b.is_ascii_whitespace())
            .take(15)
            .collect::<Vec<u8>>();
        let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
        if head.starts_with("<!doctype") || head.starts_with("<html") || head.starts_with('<') {
            return Self::Html;
        }
        Self::Json {
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        }
    }
}

/// A URL to fetch on every pull, with a short name for progress and the raw archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub name: &'static str,
    pub url: String,
}

pub trait Provider: Send + Sync {
    fn platform(&self) -> Platform;

    /// Endpoints fetched on every pull for a source at `base_url` (no trailing slash needed).
    fn endpoints(&self, base_url: &str) -> Vec<Endpoint>;

    /// Parse any payload this platform serves (summary, incident list, single incident, history).
    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError>;

    /// Deep history, where the platform has it.
    fn backfill(&self) -> Option<&dyn Backfill> {
        None
    }
}

/// Walking a platform's history: list incident ids page by page, then fetch each by id.
pub trait Backfill: Send + Sync {
    fn history_url(&self, base_url: &str, page: u32) -> String;
    /// Incident ids listed on one history page; empty when the history is exhausted.
    fn parse_history(&self, body: &[u8]) -> Result<Vec<String>, ParseError>;
    fn incident_url(&self, base_url: &str, incident_id: &str) -> String;
}

/// The provider for a platform.
pub fn provider_for(platform: Platform) -> &'static dyn Provider {
    match platform {
        Platform::Statuspage => &statuspage::Statuspage,
        Platform::Incidentio => &incidentio::Incidentio,
        Platform::Gcloud => &gcloud::Gcloud,
        Platform::Slack => &slack::Slack,
        Platform::Aws => &aws::Aws,
        Platform::Azure => &azure::Azure,
        Platform::Salesforce => &salesforce::Salesforce,
        Platform::Statusio => &statusio::Statusio,
        Platform::Instatus => &instatus::Instatus,
        Platform::Betterstack => &betterstack::Betterstack,
    }
}

/// Join a base URL and a path without doubling or dropping the slash.
pub fn join_url(base_url: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base_url.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}
