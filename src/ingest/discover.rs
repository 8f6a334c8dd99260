//! Platforms for the inventory's status URLs that do not say theirs: remembered from an
//! earlier pull (the manifest), else found by asking the page (`fetch::discover`).

use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::IngestError;
use super::result::{SourceLine, SourceResult};
use super::select::Selection;
use crate::fetch::discover::{Probe, discover};
use crate::fetch::http::{HttpClient, HttpPolicy};
use crate::inventory::UndetectedSource;
use crate::model::{Platform, SourceSpec, sanitize_text};
use crate::store::Store;

/// Pages asked at once.
const PARALLEL: usize = 8;

/// What is known about one undetected source's platform, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub source: UndetectedSource,
    /// The platform and the base URL to pull it from.
    pub found: Option<(Platform, String)>,
    /// Every request tried (empty when remembered from an earlier pull).
    pub tried: Vec<Probe>,
}

impl Detection {
    pub fn spec(&self) -> Option<SourceSpec> {
        let (platform, base_url) = self.found.clone()?;
        Some(SourceSpec {
            source_id: self.source.source_id.clone(),
            name: self.source.name.clone(),
            platform,
            base_url,
        })
    }

    /// One line for the user: what was found where, or what was tried.
    pub fn describe(&self) -> String {
        let who = format!(
            "{} (line {})",
            sanitize_text(&self.source.name),
            self.source.line
        );
        match (&self.found, self.tried.last()) {
            (Some((platform, _)), None) => {
                format!("{who}: {platform}, as found on an earlier pull")
            }
            (Some((platform, _)), Some(last)) => {
                format!("{who}: {platform}, found at {}", sanitize_text(&last.url))
            }
            (None, _) => {
                let tried: Vec<String> = (self.tried.iter())
                    .map(|p| format!("{} ({})", sanitize_text(&p.url), sanitize_text(&p.outcome)))
                    .collect();
                let names: Vec<&str> = Platform::ALL.iter().map(|p| p.as_str()).collect();
                format!(
                    "{who}: no status platform planb reads at {}; tried {}. Give the feed's URL, or add a `platform` column ({})",
                    sanitize_text(&self.source.url),
                    tried.join(", "),
                    names.join(", ")
                )
            }
        }
    }
}

/// A selection with every platform known: what to fetch, what was asked of the pages,
/// and the sources no page answered for (as failed lines).
pub struct Resolved {
    pub specs: Vec<SourceSpec>,
    pub detections: Vec<Detection>,
    pub missed: Vec<SourceLine>,
}

/// Every source of a selection with its platform: those the inventory names, then those
/// detected. Sources whose platform could not be found come back as failed lines.
pub fn resolve_selection(
    store: &Store,
    selection: Selection,
    policy: HttpPolicy,
) -> Result<Resolved, IngestError> {
    let Selection {
        mut specs,
        undetected,
    } = selection;
    let detections = detect_platforms(Some(store), undetected, policy)?;
    let mut missed = Vec::new();
    for detection in &detections {
        match detection.spec() {
            Some(spec) => specs.push(spec),
            None => missed.push(SourceLine {
                source_id: detection.source.source_id.clone(),
                name: detection.source.name.clone(),
                result: SourceResult::Failed(detection.describe()),
            }),
        }
    }
    Ok(Resolved {
        specs,
        detections,
        missed,
    })
}

/// The platform of each undetected source: from the manifest when an earlier pull of the
/// same source found it, else by asking the page.
pub fn detect_platforms(
    store: Option<&Store>,
    undetected: Vec<UndetectedSource>,
    policy: HttpPolicy,
) -> Result<Vec<Detection>, IngestError> {
    let manifest = match store {
        Some(store) => store.manifest()?,
        None => Default::default(),
    };
    let mut done = Vec::new();
    let mut ask = Vec::new();
    for source in undetected {
        let remembered = (manifest.sources.get(&source.source_id))
            .filter(|entry| entry.last_success.is_some())
            .and_then(|entry| Some((entry.platform, entry.base_url.clone()?)));
        match remembered {
            Some(found) => done.push(Detection {
                source,
                found: Some(found),
                tried: Vec::new(),
            }),
            None => ask.push(source),
        }
    }
    if !ask.is_empty() {
        let client = HttpClient::new(policy)?;
        let runtime = tokio::runtime::Runtime::new().map_err(IngestError::Runtime)?;
        done.extend(runtime.block_on(ask_pages(client, ask)));
    }
    Ok(done)
}

async fn ask_pages(client: Arc<HttpClient>, sources: Vec<UndetectedSource>) -> Vec<Detection> {
    let permits = Arc::new(Semaphore::new(PARALLEL));
    let mut tasks = JoinSet::new();
    for (order, source) in sources.into_iter().enumerate() {
        let (client, permits) = (client.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let found = discover(&client, &source.url).await;
            (
                order,
                Detection {
                    source,
                    found: found.found,
                    tried: found.tried,
                },
            )
        });
    }
    let mut out = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(done) = joined {
            out.push(done);
        }
    }
    out.sort_by_key(|(order, _)| *order);
    out.into_iter().map(|(_, d)| d).collect()
}
