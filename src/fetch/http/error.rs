//! What went wrong with a request, in the user's words: the error type, and reading
//! reqwest's error chains (our own refusals inside them, a body that does not
//! decompress versus a dropped connection).

use std::error::Error as StdError;

use super::HttpPolicy;
use super::guard::Refused;

#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    #[error("timed out after {seconds:.0} s")]
    Timeout { seconds: f64 },
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("more than {0} redirects (a redirect loop?)")]
    TooManyRedirects(usize),
    #[error("HTTP {0}")]
    Status(u16),
    #[error("response larger than the {limit_mb} MB cap")]
    TooLarge { limit_mb: u64 },
    #[error("server asked to wait {seconds} s before retrying (over the {limit} s limit)")]
    RetryTooLong { seconds: u64, limit: u64 },
    /// A link-local or metadata address, or a scheme other than http(s): never retried.
    #[error("refused: {0}")]
    Refused(String),
    /// A redirect to file:, javascript:, ftp: ...: never followed, never retried.
    #[error("redirect to a non-http(s) URL refused ({0})")]
    NonHttpRedirect(String),
    #[error("connection dropped while reading the body: {0}")]
    Body(String),
    /// The body arrived whole but cannot be decoded: asking again brings the same bytes.
    #[error("bad response body: {0}")]
    BadBody(String),
    #[error("gave up after {seconds} s, the source's overall deadline (--deadline){}", last_error(.last))]
    Deadline { seconds: u64, last: Option<String> },
    #[error("{0}")]
    Other(String),
}

/// The redirect policy's refusal of a non-http(s) target, inside a reqwest error.
#[derive(Debug, thiserror::Error)]
#[error("redirect to a non-http(s) URL refused ({0})")]
pub(super) struct NonHttpRedirect(pub(super) String);

fn last_error(last: &Option<String>) -> String {
    last.as_ref()
        .map_or_else(String::new, |e| format!("; last error: {e}"))
}

impl FetchError {
    pub(super) fn retryable(&self) -> bool {
        match self {
            Self::Timeout { .. } | Self::Connect(_) | Self::Body(_) => true,
            Self::Status(code) => *code == 429 || (500..600).contains(code),
            _ => false,
        }
    }
}

/// A reqwest error in the user's words, with what the policy says about it.
pub(super) fn classify(err: &reqwest::Error, policy: &HttpPolicy) -> FetchError {
    if let Some(refused) = find_in_chain::<Refused>(err) {
        FetchError::Refused(refused.0.clone())
    } else if let Some(NonHttpRedirect(to)) = find_in_chain(err) {
        FetchError::NonHttpRedirect(to.clone())
    } else if err.is_timeout() {
        FetchError::Timeout {
            seconds: policy.total_timeout.as_secs_f64(),
        }
    } else if err.is_redirect() {
        FetchError::TooManyRedirects(policy.max_redirects)
    } else if err.is_connect() {
        FetchError::Connect(root_cause(err))
    } else if err.is_body() || err.is_decode() {
        FetchError::Body(root_cause(err))
    } else {
        FetchError::Other(root_cause(err))
    }
}

/// The decoder's complaint when a body does not decompress. A decoder (gzip, brotli)
/// hands reqwest a bare `io::Error`; a transport failure (connection dropped) comes
/// wrapped in hyper's error first, so the innermost reqwest error's direct source tells
/// them apart.
pub(super) fn undecodable(err: &reqwest::Error) -> Option<String> {
    let mut innermost = err;
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(inner) = e.downcast_ref::<reqwest::Error>() {
            innermost = inner;
        }
        current = e.source();
    }
    let io = innermost.source()?.downcast_ref::<std::io::Error>()?;
    Some(io.to_string())
}

/// Our own error inside a reqwest error (from the redirect policy or the resolver).
fn find_in_chain<'a, E: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a E> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<E>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

/// The innermost error message: reqwest's outer text ("error sending request") says little.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}
