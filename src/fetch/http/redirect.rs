//! Redirects: followed at most a set number of times, and only to http(s) URLs the
//! guard allows; the refusal happens in the policy, before any connection to the new
//! host. A 3xx that reqwest hands back is one whose `Location` it could not follow.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};

use super::error::{FetchError, NonHttpRedirect};
use super::guard::{self, Refused};

/// Follow at most `max` redirects, and only to URLs the guard allows: the refusal
/// happens here, before any connection to the new host.
pub(super) fn redirect_policy(max: usize) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        // `previous` holds the first URL too.
        if attempt.previous().len() > max {
            return attempt.error(RedirectLimit);
        }
        if !matches!(attempt.url().scheme(), "http" | "https") {
            let to = shorten(attempt.url().as_str());
            return attempt.error(NonHttpRedirect(to));
        }
        match guard::check_url(attempt.url()) {
            Ok(()) => attempt.follow(),
            Err(Refused(reason)) => {
                let to = shorten(attempt.url().as_str());
                attempt.error(Refused(format!("redirect to {to}: {reason}")))
            }
        }
    })
}

#[derive(Debug, thiserror::Error)]
#[error("too many redirects")]
struct RedirectLimit;

/// A 3xx that reached us: its `Location` is no URL reqwest could request.
pub(super) fn unfollowed_redirect(
    url: &str,
    headers: &HeaderMap,
    status: StatusCode,
) -> FetchError {
    let location = headers.get(LOCATION).and_then(|v| v.to_str().ok());
    let target = location.and_then(|to| reqwest::Url::parse(url).ok()?.join(to).ok());
    match target {
        Some(to) if !matches!(to.scheme(), "http" | "https") => {
            FetchError::NonHttpRedirect(shorten(to.as_str()))
        }
        _ => FetchError::Status(status.as_u16()),
    }
}

/// Text from a server (a URL, a header), cut to a length that fits a summary line.
pub(super) fn shorten(text: &str) -> String {
    const MAX: usize = 100;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}
