//! When each source is polled next. Every source is polled once at start, then once per
//! interval counted from when its last poll actually started, moved by a small random
//! jitter so that sources that started together drift apart. Politeness: at most
//! `PER_HOST` sources of one host are in flight at once (browsers keep about as many
//! connections per host), so a host's sources spread over the interval by themselves.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

/// Sources of one host polled at once.
pub const PER_HOST: usize = 6;
/// The jitter is ±5 % of the interval, and never more than this either way: detection
/// must stay within the interval plus a few seconds.
pub const MAX_JITTER: Duration = Duration::from_secs(3);
/// Sources due within this much of each other are dispatched together (fewer wake-ups).
pub const COALESCE: Duration = Duration::from_millis(10);

/// Due times of the sources that are waiting (a source in flight has no entry).
pub struct Schedule {
    interval: Duration,
    queue: BinaryHeap<Reverse<(Instant, usize)>>,
    rng: fastrand::Rng,
}

impl Schedule {
    /// `sources` sources, all due at `start`.
    pub fn new(sources: usize, start: Instant, interval: Duration, rng: fastrand::Rng) -> Self {
        Self {
            interval,
            queue: (0..sources).map(|n| Reverse((start, n))).collect(),
            rng,
        }
    }

    /// Half the width of the jitter band around the interval.
    pub fn jitter(interval: Duration) -> Duration {
        (interval / 20).min(MAX_JITTER)
    }

    /// When a source whose poll started at `started` is due again.
    pub fn next_after(&mut self, started: Instant) -> Instant {
        let half = Self::jitter(self.interval);
        let offset = half.mul_f64(self.rng.f64() * 2.0);
        started + self.interval - half + offset
    }

    /// Put a source back in the queue, due at `at`.
    pub fn again(&mut self, source: usize, at: Instant) {
        self.queue.push(Reverse((at, source)));
    }

    /// The sources due by `now` (plus `COALESCE`), taken out of the queue, earliest first.
    pub fn take_due(&mut self, now: Instant) -> Vec<usize> {
        self.take_due_at_most(now, usize::MAX)
    }

    /// As `take_due`, at most `limit` of them; the rest stay queued, still due.
    pub fn take_due_at_most(&mut self, now: Instant, limit: usize) -> Vec<usize> {
        let horizon = now + COALESCE;
        let mut due = Vec::new();
        while let Some(Reverse((at, source))) = self.queue.peek().copied() {
            if at > horizon || due.len() >= limit {
                break;
            }
            self.queue.pop();
            due.push(source);
        }
        due
    }

    /// When the earliest waiting source is due; `None` when every source is in flight.
    pub fn next_wake(&self) -> Option<Instant> {
        self.queue.peek().map(|Reverse((at, _))| *at)
    }
}

/// The host (and port) of a URL, lowercase: what politeness counts by.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    host.to_ascii_lowercase()
}

/// One semaphore of `PER_HOST` permits per host, and which one each source takes.
pub struct Hosts {
    of_source: Vec<Arc<Semaphore>>,
}

impl Hosts {
    pub fn new<'a>(urls: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_host: HashMap<String, Arc<Semaphore>> = HashMap::new();
        let of_source = urls
            .into_iter()
            .map(|url| {
                by_host
                    .entry(host_of(url))
                    .or_insert_with(|| Arc::new(Semaphore::new(PER_HOST)))
                    .clone()
            })
            .collect();
        Self { of_source }
    }

    pub fn permits(&self, source: usize) -> Arc<Semaphore> {
        Arc::clone(&self.of_source[source])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_is_due_at_start_then_once_per_interval_within_the_jitter() {
        let start = Instant::now();
        let interval = Duration::from_secs(60);
        let mut schedule = Schedule::new(3, start, interval, fastrand::Rng::with_seed(7));
        assert_eq!(schedule.take_due_at_most(start, 2), vec![0, 1]);
        assert_eq!(schedule.take_due(start), vec![2]);
        assert_eq!(schedule.next_wake(), None, "all three are in flight");
        let half = Schedule::jitter(interval);
        assert_eq!(half, Duration::from_secs(3));
        let mut seen = Vec::new();
        for _ in 0..2_000 {
            let next = schedule.next_after(start);
            assert!(next >= start + interval - half && next <= start + interval + half);
            seen.push(next);
        }
        // Spread over the band, not stuck at one value.
        let low = seen.iter().filter(|t| **t < start + interval).count();
        assert!(
            (800..1_200).contains(&low),
            "{low} of 2000 below the interval"
        );
    }

    #[test]
    fn jitter_is_five_percent_of_short_intervals() {
        assert_eq!(
            Schedule::jitter(Duration::from_secs(1)),
            Duration::from_millis(50)
        );
        assert_eq!(
            Schedule::jitter(Duration::from_secs(3600)),
            MAX_JITTER,
            "capped"
        );
    }

    #[test]
    fn due_sources_come_out_earliest_first_and_only_when_due() {
        let start = Instant::now();
        let mut schedule = Schedule::new(0, start, Duration::from_secs(10), fastrand::Rng::new());
        schedule.again(4, start + Duration::from_secs(5));
        schedule.again(2, start + Duration::from_secs(1));
        schedule.again(9, start + Duration::from_millis(1_005));
        assert_eq!(schedule.next_wake(), Some(start + Duration::from_secs(1)));
        assert!(schedule.take_due(start).is_empty());
        // 1 s and 1.005 s are within the coalescing window of each other.
        assert_eq!(
            schedule.take_due(start + Duration::from_secs(1)),
            vec![2, 9]
        );
        assert_eq!(schedule.take_due(start + Duration::from_secs(6)), vec![4]);
        assert_eq!(schedule.next_wake(), None);
    }

    #[test]
    fn sources_of_one_host_share_their_permits() {
        assert_eq!(
            host_of("https://Status.Example.com/x/y?z"),
            "status.example.com"
        );
        assert_eq!(host_of("http://127.0.0.1:8080/s1"), "127.0.0.1:8080");
        assert_eq!(host_of("http://user@host:1/"), "host:1");
        let hosts = Hosts::new([
            "http://127.0.0.1:8080/a",
            "http://127.0.0.1:8080/b",
            "https://other.example/",
        ]);
        assert!(Arc::ptr_eq(&hosts.permits(0), &hosts.permits(1)));
        assert!(!Arc::ptr_eq(&hosts.permits(0), &hosts.permits(2)));
        assert_eq!(hosts.permits(2).available_permits(), PER_HOST);
    }
}
