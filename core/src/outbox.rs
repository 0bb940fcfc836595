//! The outbox for writes that must never be lost (ratings): a write that fails for a transient
//! reason (offline, timeout, 5xx, 429/503) waits and is retried with the same idempotency key, so
//! the backend applies it exactly once; one the backend refuses for good (4xx) is marked failed
//! with its reason. Pure state transitions: the app stores entries and does the sending.
//!
//! Backoff: 2 s doubling per attempt, capped at 5 minutes, with "full jitter" (a random share of
//! the delay, from the caller's `jitter` in [0, 1)) so clients that failed together don't retry
//! together; a Retry-After from the backend is a floor.

/// Where an entry stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Not delivered yet; try again at or after `next_at_ms`.
    Waiting { next_at_ms: i64 },
    /// Delivered; the backend's id for it.
    Sent { id: String },
    /// Refused for good (validation, conflict…): the backend's problem code.
    Failed { code: String },
}

/// What one delivery attempt came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The backend accepted it (or replayed the earlier acceptance of the same key).
    Delivered { id: String },
    /// Worth trying again later; the backend may have said when (seconds).
    Transient { retry_after_s: Option<u32> },
    /// The backend refused it; trying again cannot help.
    Rejected { code: String },
}

/// The first retry waits this long (before jitter).
pub const BASE_DELAY_MS: i64 = 2_000;
/// No retry waits longer than this (before a Retry-After floor).
pub const MAX_DELAY_MS: i64 = 5 * 60 * 1_000;

/// The delay before retry number `attempts` (1 = the first retry).
pub fn backoff_ms(attempts: u32, retry_after_s: Option<u32>, jitter: f64) -> i64 {
    let exponent = attempts.saturating_sub(1).min(20);
    let ceiling = BASE_DELAY_MS
        .saturating_mul(1 << exponent)
        .min(MAX_DELAY_MS);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.5
    };
    // Full jitter, but never under a tenth of the ceiling: a retry storm helps nobody.
    let delay = ((ceiling as f64) * (0.1 + 0.9 * jitter)) as i64;
    let floor = i64::from(retry_after_s.unwrap_or(0)) * 1_000;
    delay.max(floor)
}

/// The state after an attempt, the `attempts`-th (1-based), that ended in `outcome` at `now_ms`.
pub fn after_attempt(attempts: u32, outcome: Outcome, now_ms: i64, jitter: f64) -> State {
    match outcome {
        Outcome::Delivered { id } => State::Sent { id },
        Outcome::Rejected { code } => State::Failed { code },
        Outcome::Transient { retry_after_s } => State::Waiting {
            next_at_ms: now_ms.saturating_add(backoff_ms(attempts, retry_after_s, jitter)),
        },
    }
}

/// Whether an entry should be sent now.
pub fn is_due(state: &State, now_ms: i64) -> bool {
    matches!(state, State::Waiting { next_at_ms } if *next_at_ms <= now_ms)
}

/// Whether an entry still needs delivering (sign-out warns about these).
pub fn is_pending(state: &State) -> bool {
    matches!(state, State::Waiting { .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_then_cap_and_jitter_stays_within_bounds() {
        assert_eq!(backoff_ms(1, None, 1.0), 2_000);
        assert_eq!(backoff_ms(2, None, 1.0), 4_000);
        assert_eq!(backoff_ms(3, None, 1.0), 8_000);
        assert_eq!(backoff_ms(30, None, 1.0), MAX_DELAY_MS);
        assert_eq!(backoff_ms(1, None, 0.0), 200);
        for attempt in 1..12 {
            for j in [0.0, 0.3, 0.999] {
                let d = backoff_ms(attempt, None, j);
                assert!((200..=MAX_DELAY_MS).contains(&d), "{attempt} {j} {d}");
            }
        }
        // Nonsense jitter is tamed, not trusted.
        assert_eq!(backoff_ms(1, None, f64::NAN), backoff_ms(1, None, 0.5));
        assert_eq!(backoff_ms(1, None, 7.0), 2_000);
    }

    #[test]
    fn retry_after_is_a_floor() {
        assert_eq!(backoff_ms(1, Some(30), 0.0), 30_000);
        assert_eq!(backoff_ms(1, Some(1), 1.0), 2_000);
    }

    #[test]
    fn outcomes_move_the_state() {
        assert_eq!(
            after_attempt(1, Outcome::Delivered { id: "r1".into() }, 0, 0.5),
            State::Sent { id: "r1".into() }
        );
        assert_eq!(
            after_attempt(
                3,
                Outcome::Rejected {
                    code: "validation".into()
                },
                0,
                0.5
            ),
            State::Failed {
                code: "validation".into()
            }
        );
        let waiting = after_attempt(
            1,
            Outcome::Transient {
                retry_after_s: None,
            },
            10_000,
            1.0,
        );
        assert_eq!(waiting, State::Waiting { next_at_ms: 12_000 });
        assert!(!is_due(&waiting, 11_999));
        assert!(is_due(&waiting, 12_000));
        assert!(is_pending(&waiting));
        assert!(!is_pending(&State::Sent { id: "x".into() }));
        assert!(!is_due(
            &State::Failed {
                code: "conflict".into()
            },
            i64::MAX
        ));
    }

    #[test]
    fn a_long_outage_never_overflows() {
        let state = after_attempt(
            u32::MAX,
            Outcome::Transient {
                retry_after_s: Some(u32::MAX),
            },
            i64::MAX - 5,
            0.5,
        );
        assert_eq!(
            state,
            State::Waiting {
                next_at_ms: i64::MAX
            }
        );
    }
}
