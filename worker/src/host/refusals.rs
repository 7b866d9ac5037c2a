//! Host calls refused for a missing permission, counted so the host hears of
//! them even when the plugin swallows the error.

use std::collections::BTreeMap;

use annex_protocol::Permission;

/// How often one permission's refusals are reported while they go on.
const REPORT_EVERY_MS: f64 = 1000.0;

/// Per permission: refusals so far, and when they were last reported.
#[derive(Debug, Default)]
pub(crate) struct Refusals {
    // Keyed by the permissions host functions need: a fixed, small set.
    counts: BTreeMap<Permission, (u64, f64)>,
}

impl Refusals {
    /// Counts one refusal at `now_ms`; the count to report, if one is due
    /// (the first refusal, then at most once a second), so a plugin that
    /// retries in a loop cannot flood the host with reports.
    pub(crate) fn refuse(&mut self, permission: &Permission, now_ms: f64) -> Option<u64> {
        let (count, reported) =
            self.counts.entry(permission.clone()).or_insert((0, f64::NEG_INFINITY));
        *count += 1;
        if now_ms - *reported < REPORT_EVERY_MS {
            return None;
        }
        *reported = now_ms;
        Some(*count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_refusal_is_reported_then_at_most_once_a_second_with_the_count() {
        let mut refusals = Refusals::default();
        let write = Permission::StorageWrite;
        assert_eq!(refusals.refuse(&write, 0.0), Some(1));
        assert_eq!(refusals.refuse(&write, 10.0), None);
        assert_eq!(refusals.refuse(&write, 999.0), None);
        assert_eq!(refusals.refuse(&Permission::StorageRead, 999.0), Some(1), "per permission");
        assert_eq!(refusals.refuse(&write, 1000.0), Some(4));
    }
}
