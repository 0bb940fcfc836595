//! A small in-memory sliding-window rate limiter (per key, e.g. per client address).
//! The reference server runs as one process, so memory is the right place; a deployment behind
//! several instances would limit at its gateway instead.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use yishi_contract::Timestamp;

#[derive(Debug, Default)]
pub struct RateLimiter {
    hits: Mutex<HashMap<String, VecDeque<i64>>>,
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
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(key.to_string()).or_default().push_back(now.0);
    }

    fn admit(
        &self,
        key: &str,
        limit: u32,
        window: i64,
        now: Timestamp,
        record: bool,
    ) -> Result<(), u64> {
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            // Forget idle keys so the map cannot grow without bound.
            map.retain(|_, q| q.back().is_some_and(|&t| t > now.0 - window));
        }
        let q = map.entry(key.to_string()).or_default();
        while q.front().is_some_and(|&t| t <= now.0 - window) {
            q.pop_front();
        }
        if q.len() >= limit as usize {
            let oldest = q.front().copied().unwrap_or(now.0);
            return Err((oldest + window - now.0).max(1) as u64);
        }
        if record {
            q.push_back(now.0);
        }
        Ok(())
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
}
