//! How often a plugin was called and how long its calls took.
//!
//! Calls do not emit events (there can be thousands a second), so the
//! numbers are kept here and read on demand, e.g. by a manager panel.

use std::cell::Cell;

/// A plugin's calls since it was registered: every request the host sent it
/// (API calls, hooks, events, pings), timed from the host's side.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CallStats {
    /// Calls answered or failed.
    pub calls: u64,
    /// Of those, how many failed (plugin errors, timeouts, traps).
    pub failures: u64,
    /// Sum of their round-trip times, in milliseconds.
    pub total_ms: f64,
    /// The last call's round-trip time, in milliseconds.
    pub last_ms: f64,
    /// The slowest call's round-trip time, in milliseconds.
    pub max_ms: f64,
}

impl CallStats {
    /// Mean round-trip time, or `None` before the first call.
    pub fn mean_ms(&self) -> Option<f64> {
        (self.calls > 0).then(|| self.total_ms / self.calls as f64)
    }

    fn record(&mut self, elapsed_ms: f64, failed: bool) {
        self.calls += 1;
        self.failures += u64::from(failed);
        self.total_ms += elapsed_ms;
        self.last_ms = elapsed_ms;
        self.max_ms = self.max_ms.max(elapsed_ms);
    }
}

/// The running tally inside a plugin handle.
#[derive(Debug, Default)]
pub(crate) struct CallMeter(Cell<CallStats>);

impl CallMeter {
    pub(crate) fn record(&self, elapsed_ms: f64, failed: bool) {
        let mut stats = self.0.get();
        stats.record(elapsed_ms, failed);
        self.0.set(stats);
    }

    pub(crate) fn get(&self) -> CallStats {
        self.0.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_counted_and_timed() {
        let meter = CallMeter::default();
        assert_eq!(meter.get().mean_ms(), None);
        meter.record(2.0, false);
        meter.record(6.0, true);
        let stats = meter.get();
        assert_eq!((stats.calls, stats.failures), (2, 1));
        assert_eq!((stats.last_ms, stats.max_ms, stats.mean_ms()), (6.0, 6.0, Some(4.0)));
    }
}
