//! Back-filled history versus a late post (issue 15, rule 2).
//!
//! A *late post* is an update shown (`display_at`) more than a day before it was posted
//! (`created_at`). One incident posted days after it began is a communication failure:
//! it keeps its ttfc. History imported in bulk has a shape of its own: many incidents of
//! one source posted within minutes of each other, each shown long before. On the GitHub
//! capture, 831 incidents of 2010–2018 were posted on 2018-12-05 between 11:24:04 and
//! 11:45:59 (never more than 6.4 s apart), while its five other late posts (2018–2021)
//! and Google Cloud's one stand alone, months apart. So: late posts whose posting times
//! chain with gaps of at most `BURST_GAP_MS` form a burst; a burst of at least
//! `BURST_MIN_INCIDENTS` incidents is an import, and its incidents are back-filled.
//! A person posting late incidents by hand does not post ten within minutes of each
//! other; an import ten times slower than GitHub's still chains.

use std::hash::Hash;

/// An update shown more than this long before it was posted is a late post.
pub const LATE_MS: i64 = 86_400_000;
/// Late posts at most this far apart (by posting time) belong to one burst.
pub const BURST_GAP_MS: i64 = 10 * 60_000;
/// A burst of at least this many incidents is an import of history.
pub const BURST_MIN_INCIDENTS: usize = 10;

/// Is an update with these times a late post?
pub fn is_late(created_ms: i64, display_ms: i64) -> bool {
    display_ms < created_ms - LATE_MS
}

/// One import burst of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Burst<K> {
    /// Its incidents, each once.
    pub incidents: Vec<K>,
    /// Posting time of its first and last late post.
    pub first_ms: i64,
    pub last_ms: i64,
}

/// The import bursts among one source's late posts, each given as (posting time,
/// incident). Usually there are none: most sources never post a day late.
pub fn import_bursts<K: Copy + Eq + Hash + Ord>(late: &mut [(i64, K)]) -> Vec<Burst<K>> {
    late.sort_unstable();
    let mut bursts = Vec::new();
    for chain in late.chunk_by(|a, b| b.0 - a.0 <= BURST_GAP_MS) {
        let mut incidents: Vec<K> = chain.iter().map(|(_, k)| *k).collect();
        incidents.sort_unstable();
        incidents.dedup();
        if incidents.len() >= BURST_MIN_INCIDENTS
            && let (Some(first), Some(last)) = (chain.first(), chain.last())
        {
            bursts.push(Burst {
                incidents,
                first_ms: first.0,
                last_ms: last.0,
            });
        }
    }
    bursts
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn a_chain_of_ten_is_an_import_and_lone_late_posts_are_not() {
        // Ten incidents posted a minute apart, and (one hour later) two more together.
        let mut late: Vec<(i64, u32)> = (0..10).map(|k| (k * MIN, k as u32)).collect();
        late.extend([(70 * MIN, 20), (70 * MIN, 21)]);
        let bursts = import_bursts(&mut late);
        assert_eq!(bursts.len(), 1);
        assert_eq!(bursts[0].incidents, (0..10).collect::<Vec<u32>>());
        assert_eq!((bursts[0].first_ms, bursts[0].last_ms), (0, 9 * MIN));
    }

    #[test]
    fn a_gap_over_ten_minutes_breaks_the_chain_and_one_incident_counts_once() {
        // Nine incidents (one with three late updates) then one more 11 minutes later.
        let mut late: Vec<(i64, u32)> = (0..9).map(|k| (k * MIN, k as u32)).collect();
        late.extend([(MIN, 0), (2 * MIN, 0), (8 * MIN + 11 * MIN, 9)]);
        assert!(import_bursts(&mut late).is_empty());
    }

    #[test]
    fn late_means_more_than_a_day() {
        assert!(is_late(3000 * MIN, 3000 * MIN - LATE_MS - 1));
        assert!(!is_late(3000 * MIN, 3000 * MIN - LATE_MS));
    }
}
