//! Fixture sites: real captured payloads (see `tests/fixtures/PROVENANCE.md`) mounted
//! at the vendors' real URL paths under a prefix, so several sources share one server.
//!
//! Files are read at runtime from the caller's fixtures directory and served byte for
//! byte. Where the real endpoint is a list we hold no capture of (`incidents.json`,
//! `/history`), the list is assembled from real objects; the objects themselves are the
//! raw text slices of the captured files, never re-serialised.
use super::{Route, Routes};
use raw_json::raw_member;

#[path = "raw_json.rs"]
mod raw_json;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

const GITHUB_BY_ID: &str = "statuspage/github-incidents-by-id";
const GITHUB_SUMMARY: &str = "statuspage/github-summary-20260817T2110Z.json";
const CLOUDFLARE_SUMMARY: &str = "statuspage/cloudflare-summary-20251118T1918Z.json";
const OPENAI_SUMMARY: &str = "incidentio/openai-summary-20260929T1829Z.json";
const GCP_INCIDENTS: &str = "google-cloud/gcp-incidents-20250320T1848Z.json";
/// `/history?page=N` targets past the last page that answer `{"months":[]}` (routes
/// match exactly, so only this many are mounted; further pages are 404).
pub const EMPTY_HISTORY_PAGES: usize = 16;

/// GitHub (Statuspage): `summary.json`, `incidents.json` (the 50 newest by-id incidents),
/// `incidents/<id>.json` for all 1,282 by-id files, and `/history?page=N`.
pub fn statuspage_github(fixtures: &Path, prefix: &str) -> Routes {
    statuspage_github_window(fixtures, prefix, 0, 50)
}

/// As `statuspage_github`, but `incidents.json` lists `count` incidents after skipping
/// the `skip_newest` newest (to simulate a page that has stopped listing old incidents,
/// or one seen earlier in time). History and by-id routes are unaffected.
pub fn statuspage_github_window(
    fixtures: &Path,
    prefix: &str,
    skip_newest: usize,
    count: usize,
) -> Routes {
    let p = prefix.trim_end_matches('/');
    let corpus = github_corpus(fixtures);
    let mut routes = Routes::new()
        .route(
            format!("{p}/api/v2/summary.json"),
            Route::json(read(fixtures, GITHUB_SUMMARY)),
        )
        .route(
            format!("{p}/api/v2/incidents.json"),
            github_incidents_route(fixtures, skip_newest, count),
        );
    for inc in &corpus.incidents {
        routes.insert(
            format!("{p}/api/v2/incidents/{}.json", inc.id),
            inc.route.clone(),
        );
    }
    let last = corpus.history.len();
    for (i, route) in corpus.history.iter().enumerate() {
        if i == 0 {
            routes.insert(format!("{p}/history"), route.clone());
        }
        routes.insert(format!("{p}/history?page={}", i + 1), route.clone());
    }
    for n in last + 1..=last + EMPTY_HISTORY_PAGES {
        routes.insert(
            format!("{p}/history?page={n}"),
            Route::json(&br#"{"months":[]}"#[..]),
        );
    }
    routes
}

/// The GitHub `incidents.json` route alone, for `Loopback::set_route` while running:
/// `{"page": <page of the newest by-id file>, "incidents": [by-id incidents newest
/// first, skipping `skip_newest`, at most `count`]}`.
pub fn github_incidents_route(fixtures: &Path, skip_newest: usize, count: usize) -> Route {
    let corpus = github_corpus(fixtures);
    let items: Vec<&str> = corpus
        .incidents
        .iter()
        .skip(skip_newest)
        .take(count)
        .map(GhIncident::raw)
        .collect();
    Route::json(list_body(
        &corpus.page,
        &format!("[\n{}\n]", items.join(",\n")),
    ))
}

/// All by-id incident ids, newest `created_at` first (the order every list uses).
pub fn github_incident_ids(fixtures: &Path) -> Vec<String> {
    github_corpus(fixtures)
        .incidents
        .iter()
        .map(|i| i.id.clone())
        .collect()
}

/// Cloudflare (Statuspage): `summary.json` verbatim; `incidents.json` = `{page, incidents}`
/// taken from that summary (the one unresolved incident it carries).
pub fn statuspage_cloudflare(fixtures: &Path, prefix: &str) -> Routes {
    summary_site(fixtures, prefix, CLOUDFLARE_SUMMARY)
}

/// OpenAI (incident.io, Statuspage-compatible /api/v2): `summary.json` verbatim;
/// `incidents.json` = `{page, incidents}` from the same capture.
pub fn incidentio_openai(fixtures: &Path, prefix: &str) -> Routes {
    summary_site(fixtures, prefix, OPENAI_SUMMARY)
}

/// Google Cloud Service Health: `{prefix}/incidents.json` verbatim (159 incidents).
pub fn gcloud(fixtures: &Path, prefix: &str) -> Routes {
    let p = prefix.trim_end_matches('/');
    Routes::new().route(
        format!("{p}/incidents.json"),
        Route::json(read(fixtures, GCP_INCIDENTS)),
    )
}

/// Any captured Statuspage summary (`rel` under the fixtures): `summary.json` verbatim and
/// `incidents.json` = `{page, incidents}` from the same capture.
pub fn statuspage_summary(fixtures: &Path, prefix: &str, rel: &str) -> Routes {
    summary_site(fixtures, prefix, rel)
}

fn summary_site(fixtures: &Path, prefix: &str, rel: &str) -> Routes {
    let p = prefix.trim_end_matches('/');
    let bytes = read(fixtures, rel);
    let text =
        std::str::from_utf8(&bytes).unwrap_or_else(|e| panic!("loopback fixture {rel}: {e}"));
    let member = |key: &str| {
        let r = raw_member(text, key)
            .unwrap_or_else(|| panic!("loopback fixture {rel}: no top-level {key:?}"));
        &text[r]
    };
    let list = list_body(member("page"), member("incidents"));
    Routes::new()
        .route(format!("{p}/api/v2/summary.json"), Route::json(bytes))
        .route(format!("{p}/api/v2/incidents.json"), Route::json(list))
}

fn read(fixtures: &Path, rel: &str) -> Vec<u8> {
    let path = fixtures.join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("loopback fixture {}: {e}", path.display()))
}

/// `{"page": …, "incidents": …}` from raw JSON texts; checked to parse.
fn list_body(page: &str, incidents: &str) -> Vec<u8> {
    let body = format!("{{\n  \"page\": {page},\n  \"incidents\": {incidents}\n}}\n");
    if let Err(e) = serde_json::from_str::<Value>(&body) {
        panic!("loopback: assembled incidents.json does not parse: {e}");
    }
    body.into_bytes()
}

struct GhIncident {
    id: String,
    name: String,
    impact: String,
    status: String,
    message: String,
    created: DateTime<Utc>,
    resolved: Option<DateTime<Utc>>,
    file: Arc<[u8]>,
    incident: Range<usize>,
    route: Route,
}

impl GhIncident {
    /// The raw `incident` object text of the by-id file.
    fn raw(&self) -> &str {
        std::str::from_utf8(self.file.get(self.incident.clone()).unwrap_or(b"null"))
            .unwrap_or("null")
    }
}

struct GhCorpus {
    page: String,
    incidents: Vec<GhIncident>, // newest created_at first
    history: Vec<Route>,        // `/history?page=1..`
}

/// Parsing 1,282 files costs tens of milliseconds in debug builds; do it once per process.
fn github_corpus(fixtures: &Path) -> Arc<GhCorpus> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<GhCorpus>>>> = OnceLock::new();
    let key = fixtures
        .canonicalize()
        .unwrap_or_else(|_| fixtures.to_path_buf());
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    Arc::clone(
        cache
            .entry(key)
            .or_insert_with_key(|dir| Arc::new(load_github(dir))),
    )
}

fn load_github(fixtures: &Path) -> GhCorpus {
    let dir = fixtures.join(GITHUB_BY_ID);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("loopback fixture {}: {e}", dir.display()));
    let mut incidents = Vec::new();
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("loopback fixture {}: {e}", dir.display()))
            .path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let bad = |what: &str| -> ! { panic!("loopback fixture {}: {what}", path.display()) };
        let file: Arc<[u8]> = std::fs::read(&path)
            .unwrap_or_else(|e| bad(&e.to_string()))
            .into();
        let text = std::str::from_utf8(&file).unwrap_or_else(|_| bad("not UTF-8"));
        let v: Value = serde_json::from_str(text).unwrap_or_else(|e| bad(&e.to_string()));
        let inc = &v["incident"];
        let s = |k: &str| inc[k].as_str().unwrap_or_default().to_owned();
        let ts = |k: &str| {
            inc[k]
                .as_str()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.to_utc())
        };
        incidents.push(GhIncident {
            id: s("id"),
            name: s("name"),
            impact: s("impact"),
            status: s("status"),
            message: inc["incident_updates"][0]["body"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            created: ts("created_at").unwrap_or_else(|| bad("no created_at")),
            resolved: ts("resolved_at"),
            incident: incident_member(text).unwrap_or_else(|| bad("no incident")),
            route: Route::json(Arc::clone(&file)),
            file,
        });
    }
    incidents.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    let newest = incidents
        .first()
        .unwrap_or_else(|| panic!("loopback fixture {}: empty", dir.display()));
    let text = std::str::from_utf8(&newest.file).unwrap_or_default();
    let page = raw_member(text, "page")
        .map(|r| text[r].to_owned())
        .expect("loopback fixture: no page");
    let mut corpus = GhCorpus {
        page,
        incidents,
        history: Vec::new(),
    };
    corpus.history = history_pages(&corpus)
        .into_iter()
        .map(Route::json)
        .collect();
    corpus
}

/// Range of the `incident` object in a by-id file. Fast path for the captured layout
/// (`"incident"` is the last top-level member; the text `"incident":` cannot occur inside
/// a JSON string, where quotes are escaped); otherwise the general scanner.
fn incident_member(text: &str) -> Option<Range<usize>> {
    let start = text
        .find("\"incident\":")
        .map(|i| i + "\"incident\":".len());
    let body = text.trim_end().strip_suffix('}').map(str::trim_end);
    if let (Some(start), Some(body)) = (start, body) {
        let start = start + (text[start..].len() - text[start..].trim_start().len());
        if text.as_bytes().get(start) == Some(&b'{') && body.ends_with('}') && body.len() > start {
            return Some(start..body.len());
        }
    }
    raw_member(text, "incident")
}

/// `/history?page=N` bodies. This mirrors the reported shape of the real Statuspage
/// `/history` JSON (`shared/reference/status-formats.md` §1.2, and the scraper that
/// listed GitHub's ids from pages 1..51): `{"months":[{"name", "incidents":[{code,
/// name, message, impact, status, timestamp}]}]}`, about 3 months per page, newest
/// first. Here each page holds exactly 3 calendar months (empty months included) by
/// `created_at`, counted back from the newest incident's month; `message` is the newest
/// update's body and `timestamp` imitates the reported HTML fragment. The month `name`
/// format ("October 2023") is a guess: no real capture of this endpoint is held.
fn history_pages(c: &GhCorpus) -> Vec<Vec<u8>> {
    let month_ix = |t: &DateTime<Utc>| i64::from(t.year()) * 12 + i64::from(t.month0());
    let (Some(newest), Some(oldest)) = (c.incidents.first(), c.incidents.last()) else {
        return Vec::new();
    };
    let anchor = month_ix(&newest.created);
    let pages = usize::try_from((anchor - month_ix(&oldest.created)) / 3 + 1).unwrap_or(0);
    let mut months: Vec<Vec<Value>> = vec![Vec::new(); pages * 3];
    for inc in &c.incidents {
        let t = inc.created;
        let mut stamp = format!(
            "{} <var data-var='date'>{}</var>, <var data-var='time'>{}</var>",
            t.format("%b"),
            t.day(),
            t.format("%H:%M")
        );
        if let Some(r) = inc.resolved {
            stamp.push_str(&format!(
                " - <var data-var='time'>{}</var>",
                r.format("%H:%M")
            ));
        }
        stamp.push_str(" UTC");
        let item = json!({"code": inc.id, "name": inc.name, "message": inc.message,
            "impact": inc.impact, "status": inc.status, "timestamp": stamp});
        if let Some(m) = usize::try_from(anchor - month_ix(&t))
            .ok()
            .and_then(|i| months.get_mut(i))
        {
            m.push(item);
        }
    }
    let mut out = Vec::with_capacity(pages);
    for (p, chunk) in months.chunks(3).enumerate() {
        let ms: Vec<Value> = chunk
            .iter()
            .enumerate()
            .map(|(k, incs)| {
                let ix = anchor - (p * 3 + k) as i64;
                let (y, m) = (ix.div_euclid(12) as i32, ix.rem_euclid(12) as u32 + 1);
                let month = NaiveDate::from_ymd_opt(y, m, 1).map(|d| d.format("%B %Y"));
                let name = month.map(|f| f.to_string()).unwrap_or_default();
                json!({"name": name, "incidents": incs})
            })
            .collect();
        out.push(serde_json::to_vec(&json!({ "months": ms })).expect("serialise history page"));
    }
    out
}
