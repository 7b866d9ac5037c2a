//! Which cached modules to drop: expired ones, older versions of a plugin
//! being stored again, and then the least recently used until the new entry
//! fits. Pure, so it is tested natively.

use serde::{Deserialize, Serialize};

/// What the cache keeps about one module (the bytes are stored apart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacheEntry {
    /// SHA-256 of the bytes, lowercase hex: the key.
    pub sha256: String,
    /// The plugin's id.
    pub plugin: String,
    /// The plugin's version.
    pub version: String,
    /// Size of the bytes.
    pub size: u64,
    /// When it was downloaded (milliseconds since the epoch).
    pub fetched_at_ms: f64,
    /// When it was last read (milliseconds since the epoch).
    pub last_used_ms: f64,
    /// How many reads served it.
    pub hits: u32,
}

/// Why an entry was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvictionReason {
    /// Older than the time to live.
    Expired,
    /// Another version of the same plugin is being stored.
    Superseded,
    /// The cache was over its byte cap; this was the least recently used.
    Capacity,
    /// Its bytes did not match its hash.
    Corrupt,
}

impl EvictionReason {
    /// The reason as a word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::Superseded => "superseded",
            Self::Capacity => "capacity",
            Self::Corrupt => "corrupt",
        }
    }
}

/// How big and how old the cache may get.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CacheLimits {
    /// Total bytes of modules kept.
    pub max_bytes: u64,
    /// Age after which an entry is dropped, in milliseconds.
    pub ttl_ms: f64,
}

/// What to do before storing a new entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Eviction {
    /// Entries to drop, with why, in the order they were chosen.
    pub evict: Vec<(String, EvictionReason)>,
    /// Whether the new entry fits at all (one larger than the cap is not stored).
    pub store: bool,
}

/// Chooses what to drop so that `incoming` (if any) fits under `limits` at `now_ms`.
pub fn plan_eviction(
    entries: &[CacheEntry],
    incoming: Option<&CacheEntry>,
    limits: CacheLimits,
    now_ms: f64,
) -> Eviction {
    let mut evict = Vec::new();
    let mut kept: Vec<&CacheEntry> = Vec::new();
    for entry in entries {
        if incoming.is_some_and(|new| new.sha256 == entry.sha256) {
            continue;
        }
        if now_ms - entry.fetched_at_ms > limits.ttl_ms {
            evict.push((entry.sha256.clone(), EvictionReason::Expired));
        } else if incoming.is_some_and(|new| new.plugin == entry.plugin) {
            evict.push((entry.sha256.clone(), EvictionReason::Superseded));
        } else {
            kept.push(entry);
        }
    }
    let incoming_size = incoming.map_or(0, |e| e.size);
    let store = incoming_size <= limits.max_bytes;
    let needed = if store { incoming_size } else { 0 };
    let mut total: u64 = kept.iter().map(|e| e.size).sum();
    kept.sort_by(|a, b| {
        a.last_used_ms.total_cmp(&b.last_used_ms).then(a.fetched_at_ms.total_cmp(&b.fetched_at_ms))
    });
    for entry in kept {
        if total + needed <= limits.max_bytes {
            break;
        }
        total -= entry.size;
        evict.push((entry.sha256.clone(), EvictionReason::Capacity));
    }
    Eviction { evict, store: store && incoming.is_some() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(sha: &str, plugin: &str, size: u64, fetched: f64, used: f64) -> CacheEntry {
        CacheEntry {
            sha256: sha.into(),
            plugin: plugin.into(),
            version: "1.0.0".into(),
            size,
            fetched_at_ms: fetched,
            last_used_ms: used,
            hits: 0,
        }
    }

    const LIMITS: CacheLimits = CacheLimits { max_bytes: 100, ttl_ms: 1000.0 };

    #[test]
    fn least_recently_used_go_first_until_the_new_entry_fits() {
        let entries = [
            entry("a", "p.a", 40, 0.0, 50.0),
            entry("b", "p.b", 40, 0.0, 10.0),
            entry("c", "p.c", 10, 0.0, 5.0),
        ];
        let plan =
            plan_eviction(&entries, Some(&entry("d", "p.d", 50, 100.0, 100.0)), LIMITS, 100.0);
        assert_eq!(
            plan.evict,
            [("c".into(), EvictionReason::Capacity), ("b".into(), EvictionReason::Capacity)]
        );
        assert!(plan.store);
    }

    #[test]
    fn nothing_is_evicted_when_it_fits() {
        let entries = [entry("a", "p.a", 40, 0.0, 0.0)];
        let plan = plan_eviction(&entries, Some(&entry("b", "p.b", 60, 1.0, 1.0)), LIMITS, 1.0);
        assert!(plan.evict.is_empty() && plan.store);
    }

    #[test]
    fn expired_and_superseded_entries_are_dropped() {
        let entries = [entry("old", "p.a", 10, 0.0, 0.0), entry("v1", "p.b", 10, 1500.0, 1500.0)];
        let plan =
            plan_eviction(&entries, Some(&entry("v2", "p.b", 10, 2000.0, 2000.0)), LIMITS, 2000.0);
        assert_eq!(
            plan.evict,
            [("old".into(), EvictionReason::Expired), ("v1".into(), EvictionReason::Superseded)]
        );
    }

    #[test]
    fn an_entry_larger_than_the_cap_is_not_stored_and_evicts_nothing_for_it() {
        let entries = [entry("a", "p.a", 40, 0.0, 0.0)];
        let plan = plan_eviction(&entries, Some(&entry("huge", "p.h", 101, 0.0, 0.0)), LIMITS, 0.0);
        assert!(plan.evict.is_empty());
        assert!(!plan.store);
    }

    #[test]
    fn a_sweep_without_incoming_enforces_ttl_and_cap() {
        let entries = [entry("a", "p.a", 80, 0.0, 9.0), entry("b", "p.b", 80, 0.0, 1.0)];
        let plan = plan_eviction(&entries, None, LIMITS, 10.0);
        assert_eq!(plan.evict, [("b".into(), EvictionReason::Capacity)]);
        assert!(!plan.store);
    }
}
