//! Pull orchestration: fetch every source's endpoints (bounded concurrency), parse them
//! with the source's provider, optionally walk deep history, and hand each source's
//! result to the caller as soon as it is ready. Never touches the store.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::Utc;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;

use super::http::{Fetched, HttpClient};
use super::providers::{Backfill, Provider, provider_for};
use crate::model::{RawPayload, Validators};
use crate::model::{Snapshot, SourceSpec};

/// What the caller already holds for a source (plain data, read from the store by the caller).
#[derive(Debug, Clone, Default)]
pub struct KnownState {
    pub validators: BTreeMap<String, Validators>,
    pub incident_ids: HashSet<String>,
    /// A history walk has reached the end before: later walks may stop early.
    pub history_complete: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct PullOptions {
    /// Sources in flight at once; a source's own endpoints are fetched together.
    pub concurrency: usize,
    pub backfill: bool,
}

/// Safety stop for history walks on a misbehaving server.
const MAX_HISTORY_PAGES: u32 = 500;
/// By-id requests in flight per source during a backfill.
const BACKFILL_PARALLEL: usize = 8;

/// The result for one source.
#[derive(Debug)]
pub struct SourceFetch {
    pub spec: SourceSpec,
    /// `None` when the source failed or every endpoint answered 304.
    pub snapshot: Option<Snapshot>,
    pub raw: Vec<RawPayload>,
    /// Validators for URLs that answered 200, to store for the next conditional GET.
    pub validators: BTreeMap<String, Validators>,
    /// Set when the source failed: nothing from it may be stored.
    pub error: Option<String>,
    /// Problems that did not fail the source (a backfilled incident that would not load).
    pub warnings: Vec<String>,
    /// The history walk reached its end (or its stop rule) this time.
    pub history_complete: bool,
}

impl SourceFetch {
    pub fn not_modified(&self) -> bool {
        self.error.is_none() && self.snapshot.is_none()
    }
}

/// Pull every source; each result is sent on `results` as it completes.
pub async fn pull_all(
    client: Arc<HttpClient>,
    sources: Vec<(SourceSpec, KnownState)>,
    options: PullOptions,
    results: mpsc::UnboundedSender<SourceFetch>,
) {
    let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for (spec, known) in sources {
        let (client, permits, results) = (client.clone(), permits.clone(), results.clone());
        tasks.spawn(async move {
            let Ok(_permit) = permits.acquire_owned().await else {
                return;
            };
            let fetched = pull_source(&client, spec, known, options.backfill).await;
            let _ = results.send(fetched);
        });
    }
    while tasks.join_next().await.is_some() {}
}

async fn pull_source(
    client: &Arc<HttpClient>,
    spec: SourceSpec,
    known: KnownState,
    backfill: bool,
) -> SourceFetch {
    let provider = provider_for(spec.platform);
    let mut out = SourceFetch {
        spec,
        snapshot: None,
        raw: Vec::new(),
        validators: BTreeMap::new(),
        error: None,
        warnings: Vec::new(),
        history_complete: false,
    };

    let mut requests = JoinSet::new();
    for (order, endpoint) in provider
        .endpoints(&out.spec.base_url)
        .into_iter()
        .enumerate()
    {
        let client = client.clone();
        let validators = known.validators.get(&endpoint.url).cloned();
        requests.spawn(async move {
            (
                order,
                endpoint.name,
                endpoint.url.clone(),
                client.get(&endpoint.url, validators.as_ref()).await,
            )
        });
    }
    let mut answers = Vec::new();
    while let Some(joined) = requests.join_next().await {
        match joined {
            Ok(answer) => answers.push(answer),
            Err(e) => answers.push((
                usize::MAX,
                "task",
                String::new(),
                Err(super::http::FetchError::Other(e.to_string())),
            )),
        }
    }
    answers.sort_by_key(|a| a.0);

    let mut snapshot: Option<Snapshot> = None;
    for (_, name, url, answer) in answers {
        match answer {
            Ok(Fetched::NotModified) => {}
            Ok(Fetched::Body { bytes, validators }) => match provider.parse(&bytes) {
                Ok(parsed) => {
                    out.validators.insert(url, validators);
                    out.raw.push(RawPayload {
                        endpoint: name.to_string(),
                        fetched_at: Utc::now(),
                        bytes,
                    });
                    absorb(&mut snapshot, parsed);
                }
                Err(e) => return failed(out, format!("{name}: {e}")),
            },
            Err(e) => return failed(out, format!("{name}: {e}")),
        }
    }

    if backfill && let Some(history) = provider.backfill() {
        let listed: HashSet<String> = snapshot
            .iter()
            .flat_map(|s| s.incidents.iter().chain(&s.maintenances))
            .map(|i| i.id.clone())
            .collect();
        let walk = Walk {
            stored: known.incident_ids,
            listed,
            resume: !known.history_complete,
        };
        let base_url = out.spec.base_url.clone();
        match walk_history(client, provider, history, &base_url, walk, &mut out).await {
            Ok(Some(deep)) => absorb(&mut snapshot, deep),
            Ok(None) => {}
            Err(e) => return failed(out, e),
        }
    }
    out.snapshot = snapshot;
    out
}

fn absorb(into: &mut Option<Snapshot>, parsed: Snapshot) {
    match into {
        Some(existing) => existing.absorb(parsed),
        None => *into = Some(parsed),
    }
}

fn failed(mut out: SourceFetch, reason: String) -> SourceFetch {
    out.snapshot = None;
    out.raw.clear();
    out.validators.clear();
    out.error = Some(reason);
    out
}

/// What a history walk starts from.
struct Walk {
    /// Incident ids in the store before this pull.
    stored: HashSet<String>,
    /// Incident ids this pull already has from the regular endpoints (no need to fetch them by id).
    listed: HashSet<String>,
    /// No walk has finished yet: go to the end instead of stopping at a page of known ids.
    resume: bool,
}

/// Page through the history listing and fetch by id every incident not yet held. Once a
/// walk has finished, later walks stop at the first page that brings nothing new.
async fn walk_history(
    client: &Arc<HttpClient>,
    provider: &'static dyn Provider,
    history: &dyn Backfill,
    base_url: &str,
    walk: Walk,
    out: &mut SourceFetch,
) -> Result<Option<Snapshot>, String> {
    let Walk {
        stored,
        listed,
        resume,
    } = walk;
    let mut seen: HashSet<String> = HashSet::new();
    let mut deep: Option<Snapshot> = None;
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    for page in 1..=MAX_HISTORY_PAGES {
        let url = history.history_url(base_url, page);
        let bytes = match client.get(&url, None).await {
            Ok(Fetched::Body { bytes, .. }) => bytes,
            Ok(Fetched::NotModified) => break,
            Err(e) => return Err(format!("history page {page}: {e}")),
        };
        let codes = history
            .parse_history(&bytes)
            .map_err(|e| format!("history page {page}: {e}"))?;
        if codes.is_empty() {
            out.history_complete = true;
            break;
        }
        let brings_new = codes.iter().any(|c| !stored.contains(c));
        if !brings_new && !resume {
            out.history_complete = true;
            break;
        }
        let fresh: Vec<String> = codes
            .into_iter()
            .filter(|c| !stored.contains(c) && !listed.contains(c) && seen.insert(c.clone()))
            .collect();
        let permits = Arc::new(Semaphore::new(BACKFILL_PARALLEL));
        let mut fetches = JoinSet::new();
        for id in fresh {
            let (client, permits, url) = (
                client.clone(),
                permits.clone(),
                history.incident_url(base_url, &id),
            );
            fetches.spawn(async move {
                let _permit = permits.acquire_owned().await;
                (id, client.get(&url, None).await)
            });
        }
        while let Some(joined) = fetches.join_next().await {
            let Ok((id, answer)) = joined else { continue };
            match answer
                .map_err(|e| e.to_string())
                .and_then(|fetched| match fetched {
                    Fetched::Body { bytes, .. } => provider
                        .parse(&bytes)
                        .map(|s| (s, bytes))
                        .map_err(|e| e.to_string()),
                    Fetched::NotModified => Err("unexpected 304".to_string()),
                }) {
                Ok((parsed, bytes)) => {
                    bodies.push(bytes);
                    absorb(&mut deep, parsed);
                }
                Err(e) => out.warnings.push(format!("backfill of incident {id}: {e}")),
            }
        }
    }
    if !bodies.is_empty() {
        // One archive entry per walk: a JSON array of the by-id payloads as received.
        let mut bundle = b"[".to_vec();
        for (n, body) in bodies.iter().enumerate() {
            if n > 0 {
                bundle.push(b',');
            }
            bundle.extend_from_slice(body);
        }
        bundle.push(b']');
        out.raw.push(RawPayload {
            endpoint: "backfill-incidents".into(),
            fetched_at: Utc::now(),
            bytes: bundle,
        });
    }
    Ok(deep)
}
