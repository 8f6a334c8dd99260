//! Sentences quoted from the captured payloads in tests/fixtures (GitHub by-id
//! incidents, Google Cloud incidents.json, Cloudflare summaries), each named by
//! incident id, with the UTC answer worked out in a comment.
use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("test timestamp")
        .with_timezone(&Utc)
}

fn check(
    id: &str,
    text: &str,
    posted: &str,
    created: &str,
    resolved: Option<&str>,
    want: Option<&str>,
) {
    let ctx = TextContext {
        posted_at: at(posted),
        incident_created_at: at(created),
        incident_resolved_at: resolved.map(at),
    };
    let got = extract_stated_start(text, &ctx).map(|t| t.format("%Y-%m-%dT%H:%MZ").to_string());
    assert_eq!(got.as_deref(), want, "incident {id}: {text}");
}

/// One test per quoted sentence: name, incident id, text, posted, created, resolved, expected.
macro_rules! case {
    ($name:ident, $id:literal, $text:expr, $posted:literal, $created:literal, $resolved:expr, $want:expr) => {
        #[test]
        fn $name() {
            check($id, $text, $posted, $created, $resolved, $want);
        }
    };
}

mod forms;
mod github;
mod google_cloud;
mod negatives;
mod templates;
