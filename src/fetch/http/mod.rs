//! The HTTP policy, in one place: timeouts, a streamed size cap, bounded redirects,
//! compression, an honest User-Agent, conditional GETs and polite retries; and where
//! requests may go (`guard`), checked before each request, on each redirect and on each
//! resolved address (`resolve`).

mod error;
pub mod guard;
mod redirect;
pub mod resolve;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, CONTENT_ENCODING, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    RETRY_AFTER,
};

use crate::model::Validators;
pub use error::FetchError;
use error::{classify, undecodable};
use redirect::{redirect_policy, shorten, unfollowed_redirect};
use resolve::{GuardedResolver, Lookup, SystemLookup};

#[derive(Debug, Clone)]
pub struct HttpPolicy {
    pub connect_timeout: Duration,
    /// Whole request, body included, per attempt.
    pub total_timeout: Duration,
    pub max_body_bytes: u64,
    pub max_redirects: usize,
    /// Retries after the first attempt, on 429, 5xx, timeouts and dropped connections.
    pub retries: u32,
    pub backoff_base: Duration,
    /// A `Retry-After` longer than this fails the source instead of stalling the pull.
    pub max_retry_after: Duration,
    /// All of one source's requests, retries and waits together (a body trickling in
    /// for every attempt would otherwise hold a source for attempts × total_timeout).
    pub source_deadline: Duration,
}

impl Default for HttpPolicy {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_body_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            retries: 3,
            backoff_base: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
            source_deadline: Duration::from_secs(60),
        }
    }
}

/// When one source's requests must be done by: shared by all of them, retries included.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    at: tokio::time::Instant,
    seconds: u64,
}

impl Deadline {
    /// `allowance` from now.
    pub fn after(allowance: Duration) -> Self {
        Self {
            at: tokio::time::Instant::now() + allowance,
            seconds: allowance.as_secs(),
        }
    }

    fn exceeded(&self, last: Option<&FetchError>) -> FetchError {
        FetchError::Deadline {
            seconds: self.seconds,
            last: last.map(ToString::to_string),
        }
    }
}

/// A successful fetch: a body, or the server's word that nothing changed.
#[derive(Debug, Clone)]
pub enum Fetched {
    NotModified,
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
}

pub struct HttpClient {
    client: reqwest::Client,
    policy: HttpPolicy,
    bytes_received: AtomicU64,
}

impl HttpClient {
    pub fn new(policy: HttpPolicy) -> Result<Arc<Self>, FetchError> {
        Self::with_lookup(policy, Arc::new(SystemLookup))
    }

    /// A client whose host names are resolved by `lookup` (tests give a fixed table);
    /// the guard applies to whatever it returns.
    pub fn with_lookup(
        policy: HttpPolicy,
        lookup: Arc<dyn Lookup>,
    ) -> Result<Arc<Self>, FetchError> {
        // reqwest is built without a default crypto provider (no aws-lc): install ring once.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "planb/",
                env!("CARGO_PKG_VERSION"),
                " (vendor outage risk; status-page reader)"
            ))
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.total_timeout)
            .redirect(redirect_policy(policy.max_redirects))
            .dns_resolver(GuardedResolver::new(lookup))
            .gzip(true)
            .brotli(true)
            .build()
            .map_err(|e| FetchError::Other(format!("HTTP client setup failed: {e}")))?;
        Ok(Arc::new(Self {
            client,
            policy,
            bytes_received: AtomicU64::new(0),
        }))
    }

    pub fn policy(&self) -> &HttpPolicy {
        &self.policy
    }

    /// Body bytes received so far (after decompression).
    pub fn bytes_received(&self) -> u64 {
        self.bytes_received.load(Ordering::Relaxed)
    }

    /// GET with retries, within the policy's source deadline from now.
    pub async fn get(
        &self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let deadline = Deadline::after(self.policy.source_deadline);
        self.get_within(url, validators, deadline).await
    }

    /// GET with retries, all done by `deadline`. `validators` make it conditional; a
    /// 304 is `NotModified`.
    pub async fn get_within(
        &self,
        url: &str,
        validators: Option<&Validators>,
        deadline: Deadline,
    ) -> Result<Fetched, FetchError> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| FetchError::Other(format!("`{url}` is not a URL: {e}")))?;
        guard::check_url(&parsed).map_err(|refused| FetchError::Refused(refused.0))?;
        let mut attempt = 0;
        loop {
            let once = tokio::time::timeout_at(deadline.at, self.get_once(url, validators));
            let Ok(answer) = once.await else {
                return Err(deadline.exceeded(None));
            };
            match answer {
                Ok(fetched) => return Ok(fetched),
                Err((err, retry_after)) => {
                    if !err.retryable() || attempt >= self.policy.retries {
                        return Err(err);
                    }
                    let wait = self.backoff(attempt, retry_after)?;
                    if tokio::time::Instant::now() + wait >= deadline.at {
                        return Err(deadline.exceeded(Some(&err)));
                    }
                    tracing::debug!(url, attempt, ?wait, error = %err, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
            }
        }
    }

    /// Exponential backoff with jitter, never shorter than the server's `Retry-After`.
    fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Result<Duration, FetchError> {
        let exp = self
            .policy
            .backoff_base
            .saturating_mul(1 << attempt.min(10));
        let jittered = exp.mul_f64(0.5 + fastrand::f64());
        match retry_after {
            Some(asked) if asked > self.policy.max_retry_after => Err(FetchError::RetryTooLong {
                seconds: asked.as_secs(),
                limit: self.policy.max_retry_after.as_secs(),
            }),
            Some(asked) => Ok(asked.max(jittered.min(asked + self.policy.backoff_base))),
            None => Ok(jittered),
        }
    }

    async fn get_once(
        &self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, (FetchError, Option<Duration>)> {
        let mut request = self.client.get(url).header(ACCEPT, "application/json");
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(modified) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, modified);
            }
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| (classify(&e, &self.policy), None))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if status.is_redirection() {
            // Redirects to http(s) were followed or refused by the policy; this one
            // points where reqwest cannot go at all (file:, javascript:, ...).
            return Err((unfollowed_redirect(url, response.headers(), status), None));
        }
        if !status.is_success() {
            return Err((
                FetchError::Status(status.as_u16()),
                retry_after(response.headers()),
            ));
        }
        let limit = self.policy.max_body_bytes;
        let too_large = FetchError::TooLarge {
            limit_mb: limit / (1024 * 1024),
        };
        if response.content_length().is_some_and(|len| len > limit) {
            return Err((too_large, None));
        }
        let validators = Validators {
            etag: header_text(response.headers(), &ETAG),
            last_modified: header_text(response.headers(), &LAST_MODIFIED),
        };
        let encoding = header_text(response.headers(), &CONTENT_ENCODING);
        let body_error = |e: reqwest::Error| match undecodable(&e) {
            Some(cause) => FetchError::BadBody(format!(
                "it is sent as `Content-Encoding: {}` but does not decompress ({cause})",
                shorten(encoding.as_deref().unwrap_or("?"))
            )),
            None => classify(&e, &self.policy),
        };
        // Stream with a running cap: a hostile server cannot make us buffer more than the cap.
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| (body_error(e), None))? {
            if bytes.len() as u64 + chunk.len() as u64 > limit {
                return Err((too_large, None));
            }
            bytes.extend_from_slice(&chunk);
        }
        self.bytes_received
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(Fetched::Body { bytes, validators })
    }
}

fn header_text(headers: &HeaderMap, name: &reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_honours_retry_after_and_its_limit() {
        let client = HttpClient::new(HttpPolicy::default()).expect("client");
        let wait = client
            .backoff(0, Some(Duration::from_secs(2)))
            .expect("within limit");
        assert!(wait >= Duration::from_secs(2) && wait <= Duration::from_millis(2500));
        assert!(matches!(
            client.backoff(0, Some(Duration::from_secs(600))),
            Err(FetchError::RetryTooLong { .. })
        ));
        let plain = client.backoff(2, None).expect("no header");
        assert!(plain >= Duration::from_secs(1) && plain <= Duration::from_secs(3));
    }
}
