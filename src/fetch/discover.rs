//! Which status platform a page runs on, found from its URL alone: fetch the URL itself and
//! each platform's main endpoint under it, and read what answers with the providers'
//! content detection. Never touches the store; the caller records what was found.

use std::collections::HashSet;

use super::http::{Fetched, HttpClient};
use super::providers::{detect::detect_platform, provider_for};
use crate::model::Platform;

/// Platforms in the order their endpoints are tried after the URL itself: the common ones
/// first. Statuspage's endpoint also answers for incident.io (told apart by content).
const PROBE_ORDER: [Platform; 9] = [
    Platform::Statuspage,
    Platform::Instatus,
    Platform::Betterstack,
    Platform::Gcloud,
    Platform::Slack,
    Platform::Aws,
    Platform::Salesforce,
    Platform::Azure,
    Platform::Statusio,
];

/// One request made while looking, and what it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub url: String,
    pub outcome: String,
}

/// What a search found: the platform and the base URL to pull it from, or nothing, with
/// every request tried either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    pub found: Option<(Platform, String)>,
    pub tried: Vec<Probe>,
}

/// The URLs to try for `url`, in order, each once.
pub fn probe_urls(url: &str) -> Vec<String> {
    let url = url.trim_end_matches('/');
    let mut seen = HashSet::new();
    std::iter::once(url.to_string())
        .chain(PROBE_ORDER.iter().filter_map(|p| {
            provider_for(*p)
                .endpoints(url)
                .into_iter()
                .next()
                .map(|e| e.url)
        }))
        .filter(|u| seen.insert(u.clone()))
        .collect()
}

/// The base URL under which `platform` serves `probed`, when `probed` is one of its
/// endpoints for `url` or for `url` with an endpoint path taken off its end.
pub fn base_for(platform: Platform, url: &str, probed: &str) -> Option<String> {
    let url = url.trim_end_matches('/');
    let provider = provider_for(platform);
    let serves = |base: &str| provider.endpoints(base).iter().any(|e| e.url == probed);
    if serves(url) {
        return Some(url.to_string());
    }
    // A URL given as an endpoint ("…/api/v2/summary.json"): its base is what precedes it.
    provider
        .endpoints("")
        .into_iter()
        .filter_map(|e| url.strip_suffix(e.url.trim_end_matches('/')))
        .map(|base| base.trim_end_matches('/').to_string())
        .find(|base| !base.is_empty() && serves(base))
}

/// Try the URL and each platform's endpoint under it until one answers with a payload a
/// provider reads.
pub async fn discover(client: &HttpClient, url: &str) -> Discovery {
    let mut tried = Vec::new();
    for probed in probe_urls(url) {
        let outcome = match client.get(&probed, None).await {
            Err(e) => e.to_string(),
            Ok(Fetched::NotModified) => "answered 304 to a plain GET".to_string(),
            Ok(Fetched::Body { bytes, .. }) => match detect_platform(&bytes) {
                None => describe(&bytes).to_string(),
                Some(platform) => match base_for(platform, url, &probed) {
                    Some(base) => {
                        tried.push(Probe {
                            url: probed,
                            outcome: format!("{platform} payload"),
                        });
                        return Discovery {
                            found: Some((platform, base)),
                            tried,
                        };
                    }
                    None => {
                        format!("a {platform} payload, not at a {platform} endpoint of this URL")
                    }
                },
            },
        };
        tried.push(Probe {
            url: probed,
            outcome,
        });
    }
    Discovery { found: None, tried }
}

/// Why a body is not a status payload, in a few words.
fn describe(bytes: &[u8]) -> &'static str {
    let head = bytes
        .iter()
        .copied()
        .skip_while(u8::is_ascii_whitespace)
        .take(15)
        .collect::<Vec<u8>>()
        .to_ascii_lowercase();
    if head.starts_with(b"<!doctype html") || head.starts_with(b"<html") {
        "an HTML page, not a feed"
    } else if head.starts_with(b"{") || head.starts_with(b"[") {
        "JSON, but no status payload planb reads"
    } else if bytes.is_empty() {
        "an empty body"
    } else {
        "not JSON or RSS"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_itself_first_then_each_platform_endpoint_once() {
        let urls = probe_urls("https://status.example.com/");
        assert_eq!(urls[0], "https://status.example.com");
        assert!(urls.contains(&"https://status.example.com/api/v2/summary.json".to_string()));
        assert!(urls.contains(&"https://status.example.com/index.json".to_string()));
        let unique: HashSet<&String> = urls.iter().collect();
        assert_eq!(unique.len(), urls.len());
    }

    #[test]
    fn an_endpoint_url_gives_its_base() {
        let summary = "https://www.githubstatus.com/api/v2/summary.json";
        assert_eq!(
            base_for(Platform::Statuspage, summary, summary).as_deref(),
            Some("https://www.githubstatus.com")
        );
        assert_eq!(
            base_for(
                Platform::Statuspage,
                "https://www.githubstatus.com",
                "https://www.githubstatus.com/api/v2/summary.json"
            )
            .as_deref(),
            Some("https://www.githubstatus.com")
        );
        // A Statuspage payload found somewhere Statuspage never serves it is no match.
        assert_eq!(
            base_for(
                Platform::Statuspage,
                "https://x.example",
                "https://x.example/index.json"
            ),
            None
        );
        let feed = "https://rssfeed.azure.status.microsoft/en-us/status/feed/";
        assert!(base_for(Platform::Azure, feed, feed).is_some());
    }
}
