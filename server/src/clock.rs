//! The one source of "now". Production reads the system clock; test mode may shift it so that
//! end-to-end tests can make sessions expire or deadlines pass without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use yishi_contract::{Date, Timestamp};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Seconds added to the system time (0 unless test mode moved the clock).
    offset: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `now` at this moment and then runs on in real time.
    pub fn starting_at(now: Timestamp) -> Clock {
        let c = Clock::default();
        c.set(now);
        c
    }

    fn system_seconds() -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }

    pub fn now(&self) -> Timestamp {
        Timestamp(Self::system_seconds() + self.offset.load(Ordering::Relaxed))
    }

    /// Today in China, where every deadline is counted.
    pub fn today(&self) -> Date {
        self.now().china_date()
    }

    /// Makes the clock read `now` from this moment on (time keeps running from there).
    pub fn set(&self, now: Timestamp) {
        self.offset
            .store(now.0 - Self::system_seconds(), Ordering::Relaxed);
    }

    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::Relaxed);
    }

    pub fn reset(&self) {
        self.offset.store(0, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_reset() {
        let c = Clock::system();
        let t = Timestamp::parse("2030-01-02T03:04:05Z").unwrap();
        c.set(t);
        assert!((c.now().0 - t.0).abs() <= 1);
        c.advance(3600);
        assert!((c.now().0 - t.0 - 3600).abs() <= 1);
        c.reset();
        assert!((c.now().0 - Clock::system_seconds()).abs() <= 1);
    }
}
