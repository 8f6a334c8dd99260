//! Azure status RSS (`https://azure.status.microsoft/en-us/status/feed/`): the events
//! active now, one `<item>` each, and nothing once they are over. There is no severity,
//! no update history (the `description` is overwritten) and no start field.
//!
//! Timing, as the captures show it (tests/fixtures/PROVENANCE.md, "Azure status RSS"):
//! - `pubDate` is sometimes the stated start (16:00:00 for "Starting at approximately
//!   16:00 UTC"), sometimes the post time (33 h after the stated start). It is used only
//!   to tell incidents apart: `guid` slugs are reused years apart, so an incident is
//!   keyed on (guid, pubDate).
//! - The start is taken from the text alone: the description goes into an update body
//!   and ingest's stated-start reader finds "Starting at 16:10 UTC …" there.
//! - `lastBuildDate` is when the feed was generated, at or after the last edit.

mod rss;

use super::lenient::{decode_text, text_hash};
use super::time::UNKNOWN;
use super::{Endpoint, ParseError, Provider, join_url};
use crate::model::{
    Impact, Incident, IncidentStatus, IncidentUpdate, OpenListing, PageInfo, Platform, Snapshot,
    Timestamp,
};
use rss::{Item, html_to_text, parse_rss_date, read_channel};

const PAGE_URL: &str = "https://azure.status.microsoft";
const FEED_PATH: &str = "en-us/status/feed/";

pub struct Azure;

impl Provider for Azure {
    fn platform(&self) -> Platform {
        Platform::Azure
    }

    /// `base_url` is the status site; a feed URL (ending in `/feed` or `/feed/`) is used
    /// as it is.
    fn endpoints(&self, base_url: &str) -> Vec<Endpoint> {
        let trimmed = base_url.trim_end_matches('/');
        let url = if trimmed.ends_with("/feed") {
            format!("{trimmed}/")
        } else {
            join_url(trimmed, FEED_PATH)
        };
        vec![Endpoint { name: "feed", url }]
    }

    fn parse(&self, body: &[u8]) -> Result<Snapshot, ParseError> {
        let text = decode_text(body);
        let text = String::from_utf8_lossy(&text);
        let head = text
            .trim_start()
            .get(..15)
            .unwrap_or("")
            .to_ascii_lowercase();
        if head.starts_with("<!doctype html") || head.starts_with("<html") {
            return Err(ParseError::Html);
        }
        if matches!(text.trim_start().chars().next(), Some('{' | '[')) {
            return Err(ParseError::Shape(
                "expected the Azure status RSS feed (XML), found JSON".to_string(),
            ));
        }
        let channel = read_channel(&text)?;
        let built = channel.last_build_date.as_deref().and_then(parse_rss_date);
        let mut snapshot = Snapshot::empty(Platform::Azure);
        snapshot.page = PageInfo {
            id: None,
            name: Some(channel.title.unwrap_or_else(|| "Azure Status".to_string())),
            url: Some(PAGE_URL.to_string()),
        };
        let listed = channel.items.len();
        if let Some(built) = built {
            snapshot.incidents = channel
                .items
                .into_iter()
                .filter_map(|item| map_item(item, built))
                .collect();
        }
        // A listing of what is open only when every item could be read: an item left out
        // must not look like an incident that ended.
        if snapshot.incidents.len() == listed {
            snapshot.open_listing = Some(OpenListing { as_of: built });
        }
        Ok(snapshot)
    }
}

/// One active item as an open incident, seen in a feed built at `built`.
///
/// `created_at` is `lastBuildDate`, the feed's own time: the item was public by then.
/// It is an upper bound of the first post, never earlier than it. `pubDate` cannot be
/// the first post: on some items it is the stated start, and taking it as the post
/// would make time-to-first-communication zero, flattering the vendor. Across pulls the
/// store keeps the earliest sighting, so polling tightens the bound. Without a
/// `lastBuildDate` nothing in the feed says when an item was seen: no incident is made.
///
/// Each distinct description text becomes one update (id: a hash of the text), first
/// seen at `built`: a rewritten description is a new update on the next pull. The
/// update's `display_at` stays empty: `pubDate` is the item's, not this text's, and a
/// text rewritten days later would then look back-filled.
///
/// So time to first communication from this feed is an upper bound: within one poll
/// interval for a live pull, as loose as the capture's delay for a saved file.
fn map_item(item: Item, built: Timestamp) -> Option<Incident> {
    let key = item.guid.clone().or_else(|| item.title.clone())?;
    let published = item.pub_date.as_deref().and_then(parse_rss_date);
    let id = match published {
        Some(at) => format!("{key}@{}", at.format("%Y-%m-%dT%H:%M:%SZ")),
        None => key,
    };
    let body = item.description.as_deref().map(html_to_text);
    let updates = body
        .filter(|text| !text.is_empty())
        .map(|text| IncidentUpdate {
            id: format!("{id}/{}", text_hash(&text)),
            status: IncidentStatus::Investigating,
            body: Some(text),
            created_at: built,
            display_at: None,
            updated_at: None,
            affected_components: Vec::new(),
            promised_by: None,
        })
        .into_iter()
        .collect();
    let impact = Impact::from_text(UNKNOWN);
    Some(Incident {
        id,
        title: item.title.clone(),
        first_title: item.title,
        status: IncidentStatus::Investigating,
        impact: impact.clone(),
        first_impact: impact.clone(),
        max_impact: impact,
        created_at: built,
        started_at: None,
        first_started_at: None,
        stated_start: None,
        start_evidence: None,
        updated_at: Some(built),
        monitoring_at: None,
        resolved_at: None,
        url: None,
        // Services and regions, mixed as Azure lists them.
        components: item.categories,
        updates,
        observed_at: None,
        closed_unseen: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(
            Azure.endpoints("https://azure.status.microsoft")[0].url,
            "https://azure.status.microsoft/en-us/status/feed/"
        );
        assert_eq!(
            Azure.endpoints("https://rssfeed.azure.status.microsoft/en-us/status/feed")[0].url,
            "https://rssfeed.azure.status.microsoft/en-us/status/feed/"
        );
    }

    #[test]
    fn reused_guid_is_two_incidents_and_no_build_date_is_none() {
        let item = |date: &str| {
            format!(
                "<item><guid>same-slug</guid><title>T</title><description>x</description><pubDate>{date}</pubDate></item>"
            )
        };
        let feed = format!(
            "<rss><channel><lastBuildDate>Sun, 21 Jul 2024 18:11:00 Z</lastBuildDate>{}{}</channel></rss>",
            item("Wed, 07 Sep 2022 16:10:40 Z"),
            item("Sat, 20 Jul 2024 12:59:45 Z")
        );
        let snap = Azure.parse(feed.as_bytes()).expect("parses");
        let ids: Vec<&str> = snap.incidents.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "same-slug@2022-09-07T16:10:40Z",
                "same-slug@2024-07-20T12:59:45Z"
            ]
        );
        let undated = "<rss><channel><item><guid>g</guid></item></channel></rss>";
        let snap = Azure.parse(undated.as_bytes()).expect("parses");
        assert!(snap.incidents.is_empty());
        assert_eq!(
            snap.open_listing, None,
            "an unread item is not an ended one"
        );
        let quiet = "<rss><channel></channel></rss>";
        let snap = Azure.parse(quiet.as_bytes()).expect("parses");
        assert_eq!(snap.open_listing, Some(OpenListing { as_of: None }));
        assert!(matches!(Azure.parse(b"[]"), Err(ParseError::Shape(_))));
    }
}
