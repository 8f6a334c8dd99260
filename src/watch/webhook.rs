//! Webhook delivery: one bounded queue and one sender task per URL, so a slow or dead
//! receiver delays only its own posts and never the polling (a full queue drops the post
//! and counts it). Each post is retried with exponential backoff on connection failures,
//! timeouts, 429 and 5xx; other answers are final. Posts to one URL keep their order.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderValue};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::live::Counters;
use crate::fetch::http::HttpPolicy;

/// Posts waiting per receiver before new ones are dropped.
pub const QUEUE: usize = 1_000;

/// How often and how patiently a post is retried.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts in all, the first included.
    pub attempts: u32,
    pub base: Duration,
    pub max_wait: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            attempts: 5,
            base: Duration::from_secs(1),
            max_wait: Duration::from_secs(30),
        }
    }
}

impl Retry {
    /// The wait before attempt `attempt + 1` (jittered, doubling, capped).
    fn wait(&self, attempt: u32) -> Duration {
        let exp = self.base.saturating_mul(1 << attempt.min(16));
        exp.min(self.max_wait).mul_f64(0.5 + fastrand::f64() / 2.0)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("webhook client setup failed: {0}")]
    Client(String),
}

/// The sender side: `post` never waits.
pub struct Webhooks {
    queues: Vec<mpsc::Sender<Arc<str>>>,
    senders: JoinSet<()>,
    counters: Arc<Counters>,
}

impl Webhooks {
    /// Start one sender task per URL (call inside the runtime). Timeouts come from the
    /// fetch policy; redirects are not followed (a POST is not replayed elsewhere).
    pub fn start(
        urls: &[reqwest::Url],
        policy: &HttpPolicy,
        retry: Retry,
        counters: Arc<Counters>,
    ) -> Result<Self, WebhookError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "planb/",
                env!("CARGO_PKG_VERSION"),
                " (watch webhook)"
            ))
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.total_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| WebhookError::Client(e.to_string()))?;
        let mut senders = JoinSet::new();
        let mut queues = Vec::new();
        for url in urls {
            let (tx, rx) = mpsc::channel(QUEUE);
            queues.push(tx);
            let (client, url, counters) = (client.clone(), url.clone(), counters.clone());
            senders.spawn(deliver(client, url, rx, retry, counters));
        }
        Ok(Self {
            queues,
            senders,
            counters,
        })
    }

    /// Queue one JSON body for every receiver.
    pub fn post(&self, body: &str) {
        let body: Arc<str> = Arc::from(body);
        for queue in &self.queues {
            if queue.try_send(Arc::clone(&body)).is_err() {
                Counters::add(&self.counters.webhook_dropped);
            }
        }
    }

    /// Stop taking posts and give the queued ones up to `grace` to go out.
    pub async fn drain(mut self, grace: Duration) {
        self.queues.clear();
        let all = async { while self.senders.join_next().await.is_some() {} };
        if tokio::time::timeout(grace, all).await.is_err() {
            tracing::warn!("webhook posts still queued at exit were dropped");
            self.senders.abort_all();
        }
    }
}

async fn deliver(
    client: reqwest::Client,
    url: reqwest::Url,
    mut queue: mpsc::Receiver<Arc<str>>,
    retry: Retry,
    counters: Arc<Counters>,
) {
    while let Some(body) = queue.recv().await {
        let mut attempt = 0;
        loop {
            match post_once(&client, &url, &body).await {
                Ok(()) => {
                    Counters::add(&counters.webhook_sent);
                    break;
                }
                Err((reason, retryable)) => {
                    attempt += 1;
                    if !retryable || attempt >= retry.attempts {
                        tracing::warn!(%url, %reason, attempts = attempt, "webhook post given up");
                        Counters::add(&counters.webhook_failures);
                        break;
                    }
                    tracing::info!(%url, %reason, attempt, "webhook post failed, retrying");
                    tokio::time::sleep(retry.wait(attempt - 1)).await;
                }
            }
        }
    }
}

/// One POST; the error says whether another attempt may work.
async fn post_once(
    client: &reqwest::Client,
    url: &reqwest::Url,
    body: &str,
) -> Result<(), (String, bool)> {
    let response = client
        .post(url.clone())
        .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| (e.to_string(), true))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let retryable = status.as_u16() == 429 || status.as_u16() == 408 || status.is_server_error();
    Err((format!("HTTP {}", status.as_u16()), retryable))
}

/// A webhook URL from the command line: http or https with a host, nothing else.
pub fn parse_url(text: &str) -> Result<reqwest::Url, String> {
    let url =
        reqwest::Url::parse(text.trim()).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(url),
        "http" | "https" => Err(format!("`{text}` has no host")),
        other => Err(format!(
            "`{text}`: only http and https webhooks are posted to, not {other}:"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn only_http_and_https_urls_with_a_host() {
        assert!(parse_url("https://hooks.slack.com/services/T/B/X").is_ok());
        assert!(parse_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(
            parse_url("ftp://example.com/x")
                .unwrap_err()
                .contains("only http and https")
        );
        assert!(parse_url("file:///etc/passwd").is_err());
        assert!(parse_url("not a url").is_err());
    }

    /// A receiver on 127.0.0.1 answering the statuses given, in turn (200 after them);
    /// returns its URL and the number of requests it read.
    async fn receiver(statuses: Vec<u16>) -> (reqwest::Url, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = reqwest::Url::parse(&format!(
            "http://{}/hook",
            listener.local_addr().expect("addr")
        ))
        .expect("url");
        let seen = Arc::new(AtomicUsize::new(0));
        let counter = seen.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let status = statuses.get(n).copied().unwrap_or(200);
                let mut buf = vec![0u8; 64 * 1024];
                let _ = socket.read(&mut buf).await;
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            }
        });
        (url, seen)
    }

    fn quick() -> Retry {
        Retry {
            attempts: 3,
            base: Duration::from_millis(10),
            max_wait: Duration::from_millis(50),
        }
    }

    #[tokio::test]
    async fn a_post_is_retried_after_a_5xx_and_delivered_once() {
        let (url, seen) = receiver(vec![503, 502]).await;
        let counters = Arc::new(Counters::default());
        let hooks = Webhooks::start(&[url], &HttpPolicy::default(), quick(), counters.clone())
            .expect("hooks");
        hooks.post("{\"text\":\"x\"}");
        hooks.drain(Duration::from_secs(10)).await;
        assert_eq!(seen.load(Ordering::SeqCst), 3);
        assert_eq!(Counters::get(&counters.webhook_sent), 1);
        assert_eq!(Counters::get(&counters.webhook_failures), 0);
    }

    #[tokio::test]
    async fn a_4xx_is_final_and_counted_as_a_failure() {
        let (url, seen) = receiver(vec![404]).await;
        let counters = Arc::new(Counters::default());
        let hooks = Webhooks::start(&[url], &HttpPolicy::default(), quick(), counters.clone())
            .expect("hooks");
        hooks.post("{}");
        hooks.drain(Duration::from_secs(10)).await;
        assert_eq!(seen.load(Ordering::SeqCst), 1);
        assert_eq!(Counters::get(&counters.webhook_failures), 1);
    }

    #[tokio::test]
    async fn a_receiver_that_never_answers_fills_its_queue_without_blocking_the_caller() {
        // Accepts and never answers: the sender task sits on its first post.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = reqwest::Url::parse(&format!("http://{}/", listener.local_addr().expect("addr")))
            .expect("url");
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let counters = Arc::new(Counters::default());
        let hooks = Webhooks::start(&[url], &HttpPolicy::default(), quick(), counters.clone())
            .expect("hooks");
        let started = std::time::Instant::now();
        for _ in 0..QUEUE + 50 {
            hooks.post("{}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "posting never waits"
        );
        // One is in flight, QUEUE wait; the rest were dropped (at least 49 of them).
        assert!(Counters::get(&counters.webhook_dropped) >= 49);
        hooks.drain(Duration::from_millis(100)).await;
    }
}
