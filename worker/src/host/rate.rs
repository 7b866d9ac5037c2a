//! Token buckets for what a plugin may do often (emit events, log), so a
//! flooding plugin is throttled in its own worker before it costs the page
//! anything.

use std::cell::Cell;

/// Allows `per_second` operations a second on average, with bursts of as many.
#[derive(Debug)]
pub(crate) struct RateLimit {
    per_second: f64,
    tokens: Cell<f64>,
    last_ms: Cell<f64>,
    dropped: Cell<u64>,
    last_report_ms: Cell<f64>,
}

/// What [`RateLimit::take`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Allowed,
    /// Refused; `report` is set at most once a second, with the total refused so far.
    Refused {
        report: Option<u64>,
    },
}

impl RateLimit {
    pub(crate) fn new(per_second: u32) -> Self {
        let per_second = f64::from(per_second.max(1));
        Self {
            per_second,
            tokens: Cell::new(per_second),
            last_ms: Cell::new(f64::NAN),
            dropped: Cell::new(0),
            last_report_ms: Cell::new(f64::NEG_INFINITY),
        }
    }

    /// Takes one token at time `now_ms`, if there is one.
    pub(crate) fn take(&self, now_ms: f64) -> Verdict {
        let last = self.last_ms.replace(now_ms);
        let elapsed = if last.is_nan() { 0.0 } else { (now_ms - last).max(0.0) };
        let tokens = (self.tokens.get() + elapsed / 1000.0 * self.per_second).min(self.per_second);
        if tokens >= 1.0 {
            self.tokens.set(tokens - 1.0);
            return Verdict::Allowed;
        }
        self.tokens.set(tokens);
        self.dropped.set(self.dropped.get() + 1);
        let report = (now_ms - self.last_report_ms.get() >= 1000.0).then(|| {
            self.last_report_ms.set(now_ms);
            self.dropped.get()
        });
        Verdict::Refused { report }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_are_allowed_then_the_rate_holds_and_refusals_are_reported_once_a_second() {
        let limit = RateLimit::new(10);
        let first: Vec<_> = (0..15).map(|_| limit.take(0.0)).collect();
        assert_eq!(first.iter().filter(|v| **v == Verdict::Allowed).count(), 10);
        assert_eq!(first[10], Verdict::Refused { report: Some(1) });
        assert_eq!(first[11], Verdict::Refused { report: None });
        // 100 ms later, one more token.
        assert_eq!(limit.take(100.0), Verdict::Allowed);
        assert_eq!(limit.take(100.0), Verdict::Refused { report: None });
        // A second later the bucket is full again, and the next refusal is reported.
        let later: Vec<_> = (0..12).map(|_| limit.take(1200.0)).collect();
        assert_eq!(later.iter().filter(|v| **v == Verdict::Allowed).count(), 10);
        assert_eq!(later[10], Verdict::Refused { report: Some(7) });
    }
}
