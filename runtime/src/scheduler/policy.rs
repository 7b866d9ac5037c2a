//! Retry decisions: which failures are worth another attempt, and how long
//! to wait before it. Pure, so it is tested natively.

use std::time::Duration;

use annex_protocol::manifest::RetryPolicy;

use crate::Error;

/// Whether trying again can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Network errors, timeouts, HTTP 5xx, 408 and 429: the next attempt may work.
    Transient,
    /// Everything else (bad hash, bad manifest, 404...): it will fail the same way.
    Permanent,
}

/// Classifies a load error.
pub fn classify(error: &Error) -> Failure {
    match error {
        Error::Fetch { status: None, .. } => Failure::Transient,
        Error::Fetch { status: Some(status), .. }
            if *status >= 500 || *status == 408 || *status == 429 =>
        {
            Failure::Transient
        }
        _ => Failure::Permanent,
    }
}

/// How long to wait before retry number `retry` (1 for the first retry).
///
/// `initial_backoff_ms × multiplier^(retry − 1)`, capped at `max_backoff_ms`,
/// then spread by ±`jitter` using `random` (uniform in `[0, 1)`), and capped
/// again so the wait never exceeds `max_backoff_ms`.
pub fn backoff(policy: &RetryPolicy, retry: u32, random: f64) -> Duration {
    let exponent = retry.saturating_sub(1).min(64) as i32;
    let max = f64::from(policy.max_backoff_ms);
    let base = (f64::from(policy.initial_backoff_ms) * policy.multiplier.powi(exponent)).min(max);
    let spread = 1.0 + policy.jitter * (2.0 * random.clamp(0.0, 1.0) - 1.0);
    Duration::from_millis((base * spread).clamp(0.0, max).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            attempts: 5,
            initial_backoff_ms: 100,
            max_backoff_ms: 1000,
            multiplier: 2.0,
            jitter: 0.2,
        }
    }

    #[test]
    fn waits_grow_exponentially_up_to_the_cap() {
        let waits: Vec<u64> =
            (1..=6).map(|r| backoff(&policy(), r, 0.5).as_millis() as u64).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
    }

    #[test]
    fn jitter_spreads_each_wait_within_bounds() {
        assert_eq!(backoff(&policy(), 2, 0.0).as_millis(), 160);
        assert_eq!(backoff(&policy(), 2, 0.999_999).as_millis(), 240);
        assert_eq!(backoff(&policy(), 9, 0.999_999).as_millis(), 1000, "never above the cap");
        let no_jitter = RetryPolicy { jitter: 0.0, ..policy() };
        assert_eq!(backoff(&no_jitter, 3, 0.0).as_millis(), 400);
    }

    #[test]
    fn network_errors_and_server_errors_are_transient_others_permanent() {
        let fetch = |status| Error::Fetch { url: "u".into(), status, reason: "r".into() };
        assert_eq!(classify(&fetch(None)), Failure::Transient);
        for status in [500, 503, 408, 429] {
            assert_eq!(classify(&fetch(Some(status))), Failure::Transient, "{status}");
        }
        for status in [400, 403, 404] {
            assert_eq!(classify(&fetch(Some(status))), Failure::Permanent, "{status}");
        }
        let integrity = Error::Integrity {
            plugin: "dev.x.y".parse().unwrap(),
            expected: "a".into(),
            actual: "b".into(),
            source_name: "u".into(),
        };
        assert_eq!(classify(&integrity), Failure::Permanent);
    }
}
