//! Taking the store's writer lock with some patience: a `planb watch` holds it for the
//! moments it commits, and a pull or an import that starts during one of those moments
//! should wait for it rather than fail.

use std::time::{Duration, Instant};

use crate::store::{Store, StoreError, StoreWriter};

/// How often a waiting writer tries the lock again.
const RETRY_EVERY: Duration = Duration::from_millis(50);

/// The writer lock, tried until `patience` has passed; `StoreError::Locked` after that.
pub fn writer_within(store: &Store, patience: Duration) -> Result<StoreWriter, StoreError> {
    let deadline = Instant::now() + patience;
    loop {
        match store.writer() {
            Err(StoreError::Locked(root)) => {
                if Instant::now() + RETRY_EVERY > deadline {
                    return Err(StoreError::Locked(root));
                }
                std::thread::sleep(RETRY_EVERY);
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_for_a_short_hold_and_gives_up_on_a_long_one() {
        let root = std::env::temp_dir().join(format!("planb-lock-{}", fastrand::u64(..)));
        let store = Store::at(&root);
        let held = store.writer().expect("first writer");
        let started = Instant::now();
        assert!(matches!(
            writer_within(&store, Duration::from_millis(200)),
            Err(StoreError::Locked(_))
        ));
        assert!(started.elapsed() >= Duration::from_millis(150));
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(150));
            drop(held);
        });
        writer_within(&store, Duration::from_secs(5)).expect("lock after the holder let go");
        releaser.join().expect("releaser");
        let _ = std::fs::remove_dir_all(&root);
    }
}
