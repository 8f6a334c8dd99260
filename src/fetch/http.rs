//! The HTTP policy, in one place: timeouts, a streamed size cap, bounded redirects,
//! compression, an honest User-Agent, conditional GETs and polite retries.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};

use crate::model::Validators;

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
        }
    }
}

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
    #[error("connection dropped while reading the body: {0}")]
    Body(String),
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    fn retryable(&self) -> bool {
        match self {
            Self::Timeout { .. } | Self::Connect(_) | Self::Body(_) => true,
            Self::Status(code) => *code == 429 || (500..600).contains(code),
            _ => false,
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
            .redirect(reqwest::redirect::Policy::limited(policy.max_redirects))
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

    /// GET with retries. `validators` make it conditional; a 304 is `NotModified`.
    pub async fn get(
        &self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let mut attempt = 0;
        loop {
            match self.get_once(url, validators).await {
                Ok(fetched) => return Ok(fetched),
                Err((err, retry_after)) => {
                    if !err.retryable() || attempt >= self.policy.retries {
                        return Err(err);
                    }
                    let wait = self.backoff(attempt, retry_after)?;
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
            .map_err(|e| (self.classify(&e), None))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
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
        // Stream with a running cap: a hostile server cannot make us buffer more than the cap.
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| (self.classify(&e), None))?
        {
            if bytes.len() as u64 + chunk.len() as u64 > limit {
                return Err((too_large, None));
            }
            bytes.extend_from_slice(&chunk);
        }
        self.bytes_received
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(Fetched::Body { bytes, validators })
    }

    fn classify(&self, err: &reqwest::Error) -> FetchError {
        if err.is_timeout() {
            FetchError::Timeout {
                seconds: self.policy.total_timeout.as_secs_f64(),
            }
        } else if err.is_redirect() {
            FetchError::TooManyRedirects(self.policy.max_redirects)
        } else if err.is_connect() {
            FetchError::Connect(root_cause(err))
        } else if err.is_body() || err.is_decode() {
            FetchError::Body(root_cause(err))
        } else {
            FetchError::Other(root_cause(err))
        }
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

/// The innermost error message: reqwest's outer text ("error sending request") says little.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
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
