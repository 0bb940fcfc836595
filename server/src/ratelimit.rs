//! A small in-memory sliding-window rate limiter (per key, e.g. per client address).
//! The reference server runs as one process, so memory is the right place; a deployment behind
//! several instances would limit at its gateway instead.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use yishi_contract::Timestamp;

/// Above this many keys, idle ones are forgotten.
const SWEEP_ABOVE: usize = 10_000;

/// The hits of one key within its window.
#[derive(Debug, Default)]
struct Hits {
    /// The key's window in seconds (each limit has its own: a minute, an hour, a day).
    window: i64,
    times: VecDeque<i64>,
}

impl Hits {
    fn forget_before(&mut self, now: i64) {
        while self.times.front().is_some_and(|&t| t <= now - self.window) {
            self.times.pop_front();
        }
    }
}

#[derive(Debug)]
struct Table {
    hits: HashMap<String, Hits>,
    /// The size at which the next sweep runs: twice what a sweep left, so sweeping costs
    /// amortised constant time per request however many keys stay busy.
    sweep_at: usize,
}

impl Default for Table {
    fn default() -> Table {
        Table {
            hits: HashMap::new(),
            sweep_at: SWEEP_ABOVE,
        }
    }
}

#[derive(Debug, Default)]
pub struct RateLimiter {
    table: Mutex<Table>,
}

impl RateLimiter {
    /// Records a hit for `key` unless `limit` hits already fell within the last `window`
    /// seconds; then returns the seconds to wait.
    pub fn check(&self, key: &str, limit: u32, window: i64, now: Timestamp) -> Result<(), u64> {
        self.admit(key, limit, window, now, true)
    }

    /// Like [`check`](Self::check) but records nothing: for limits on what actually happened
    /// (a code sent), where the hit is recorded with [`record`](Self::record) afterwards.
    pub fn peek(&self, key: &str, limit: u32, window: i64, now: Timestamp) -> Result<(), u64> {
        self.admit(key, limit, window, now, false)
    }

    /// Records a hit for `key` (after a [`peek`](Self::peek) that let it through).
    pub fn record(&self, key: &str, now: Timestamp) {
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        table
            .hits
            .entry(key.to_string())
            .or_default()
            .times
            .push_back(now.0);
    }

    fn admit(
        &self,
        key: &str,
        limit: u32,
        window: i64,
        now: Timestamp,
        record: bool,
    ) -> Result<(), u64> {
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        if table.hits.len() > table.sweep_at {
            // Forget keys with nothing left in their *own* window (a day's limit is not
            // forgotten because a minute's limit is being checked).
            table.hits.retain(|_, h| {
                h.forget_before(now.0);
                !h.times.is_empty()
            });
            table.sweep_at = (table.hits.len() * 2).max(SWEEP_ABOVE);
        }
        let hits = table.hits.entry(key.to_string()).or_default();
        hits.window = window;
        hits.forget_before(now.0);
        if hits.times.len() >= limit as usize {
            let oldest = hits.times.front().copied().unwrap_or(now.0);
            return Err((oldest + window - now.0).max(1) as u64);
        }
        if record {
            hits.times.push_back(now.0);
        }
        Ok(())
    }

    /// How many keys are remembered (for tests).
    pub fn keys(&self) -> usize {
        self.table
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .hits
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_within_the_window_and_recovers() {
        let rl = RateLimiter::default();
        let t = |s: i64| Timestamp(1_000_000 + s);
        for i in 0..3 {
            assert!(rl.check("a", 3, 60, t(i)).is_ok());
        }
        assert_eq!(rl.check("a", 3, 60, t(10)), Err(50));
        assert!(rl.check("b", 3, 60, t(10)).is_ok(), "keys are separate");
        assert!(
            rl.check("a", 3, 60, t(60)).is_ok(),
            "the first hit left the window"
        );
    }

    /// Many keys (many clients) must not make a day's limit forget its hits: forgetting idle
    /// keys used the window of whatever limit was being checked, so after a burst of lookups
    /// (a minute's window) from 10,000 addresses, a number's daily code cap started over.
    #[test]
    fn forgetting_idle_keys_keeps_each_keys_own_window() {
        let rl = RateLimiter::default();
        let t = |s: i64| Timestamp(1_000_000 + s);
        let day = 86_400;
        for _ in 0..2 {
            assert!(rl.check("code-client:10.0.0.1", 2, day, t(0)).is_ok());
        }
        assert!(rl.check("code-client:10.0.0.1", 2, day, t(1)).is_err());
        // Two minutes later, lookups from more addresses than the sweep threshold.
        for i in 0..SWEEP_ABOVE {
            let _ = rl.check(&format!("lookup:{i}"), 10, 60, t(120));
        }
        assert_eq!(rl.keys(), SWEEP_ABOVE + 1);
        // A minute later still: the lookups are idle, the day's hits are not.
        let _ = rl.check("lookup:trigger", 10, 60, t(300));
        assert!(
            rl.keys() < 10,
            "idle minute-window keys are forgotten ({} left)",
            rl.keys()
        );
        assert!(
            rl.check("code-client:10.0.0.1", 2, day, t(300)).is_err(),
            "the daily cap still holds"
        );
    }

    /// With more busy keys than the threshold, a sweep runs only after the table has doubled,
    /// not on every request (which made every request cost a walk over every key).
    #[test]
    fn sweeping_is_amortised_when_every_key_is_busy() {
        let rl = RateLimiter::default();
        let t = Timestamp(1_000_000);
        for i in 0..=SWEEP_ABOVE + 1 {
            let _ = rl.check(&format!("k{i}"), 10, 60, t);
        }
        // The first request above the threshold swept (nothing was idle) and set the next
        // sweep at twice the size.
        let _ = rl.check("one-more", 10, 60, t);
        let table = rl.table.lock().unwrap();
        assert!(table.sweep_at >= 2 * SWEEP_ABOVE, "{}", table.sweep_at);
    }
}
