//! What the server saw.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// One request the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// HTTP method.
    pub method: String,
    /// Path and query.
    pub url: String,
    /// Status code answered.
    pub status: u16,
    /// Body bytes sent.
    pub bytes: usize,
}

/// Request log and concurrency counters.
///
/// Requests may name a `group` in their query (`?group=cache-test-3`); the
/// concurrency peak is kept per group, so tests running side by side do not
/// see each other's traffic.
#[derive(Debug, Default)]
pub struct Stats {
    log: Mutex<Vec<LoggedRequest>>,
    inflight: AtomicUsize,
    max_inflight: AtomicUsize,
    groups: Mutex<BTreeMap<String, (usize, usize)>>,
}

/// Marks a request as in flight until dropped.
pub(crate) struct InFlight<'a> {
    stats: &'a Stats,
    group: Option<String>,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.stats.inflight.fetch_sub(1, Ordering::SeqCst);
        if let Some(group) = &self.group {
            if let Some(entry) = self.stats.groups.lock().expect("groups").get_mut(group) {
                entry.0 -= 1;
            }
        }
    }
}

impl Stats {
    pub(crate) fn begin(&self, group: Option<String>) -> InFlight<'_> {
        let now = self.inflight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_inflight.fetch_max(now, Ordering::SeqCst);
        if let Some(group) = &group {
            let mut groups = self.groups.lock().expect("groups");
            let entry = groups.entry(group.clone()).or_default();
            entry.0 += 1;
            entry.1 = entry.1.max(entry.0);
        }
        InFlight { stats: self, group }
    }

    /// The most requests of `group` in flight at once.
    pub fn group_max_inflight(&self, group: &str) -> usize {
        self.groups.lock().expect("groups").get(group).map_or(0, |g| g.1)
    }

    pub(crate) fn record(&self, request: LoggedRequest) {
        self.log.lock().expect("request log").push(request);
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.log.lock().expect("request log").clone()
    }

    /// Forgets the log and the concurrency peak.
    pub fn reset(&self) {
        self.log.lock().expect("request log").clear();
        self.max_inflight.store(self.inflight.load(Ordering::SeqCst), Ordering::SeqCst);
    }

    /// The most requests in flight at once since the last reset.
    pub fn max_inflight(&self) -> usize {
        self.max_inflight.load(Ordering::SeqCst)
    }
}
