//! The module cache: plugin module bytes in IndexedDB, keyed by SHA-256.
//!
//! Browsers cannot store a compiled `WebAssembly.Module`, so the cache keeps
//! bytes, and the host keeps compiled modules in memory for the page's life
//! (so a plugin is compiled once per page). Every read is verified against its
//! hash; a mismatch drops the entry and the host downloads it again. Entries
//! expire after a time to live, a newer version of a plugin replaces the
//! older one, and past the byte cap the least recently used go first.
//!
//! Entries are addressed by content, so a changed plugin (or a changed
//! dependency, which is another plugin with its own hash) can never be served
//! stale bytes. Bytes are stored uncompressed: wasm modules are already dense,
//! and decompressing on every read would cost more than the disk it saves.

mod policy;
mod store;

use std::cell::Cell;
use std::time::Duration;

use js_sys::Uint8Array;
use sha2::{Digest, Sha256};

pub use policy::{plan_eviction, CacheEntry, CacheLimits, Eviction, EvictionReason};

use store::Store;

/// How the module cache is set up.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheConfig {
    /// IndexedDB database name. Default: `annex-module-cache`.
    pub database: String,
    /// Total bytes of modules kept. Default: 64 MiB.
    pub max_bytes: u64,
    /// Age after which an entry is dropped. Default: 30 days.
    pub ttl: Duration,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self {
            database: "annex-module-cache".into(),
            max_bytes: 64 << 20,
            ttl: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

/// Counters since the cache was opened.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CacheStats {
    /// Reads served from the cache.
    pub hits: u64,
    /// Reads that found nothing.
    pub misses: u64,
    /// Bytes not downloaded thanks to hits.
    pub bytes_saved: u64,
    /// Entries whose bytes did not match their hash.
    pub integrity_failures: u64,
    /// Entries dropped.
    pub evictions: u64,
}

impl CacheStats {
    /// Hits over reads, 0 when there were none.
    pub fn hit_rate(&self) -> f64 {
        let reads = self.hits + self.misses;
        if reads == 0 {
            0.0
        } else {
            self.hits as f64 / reads as f64
        }
    }
}

/// The result of a cache read.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// The bytes, verified against the hash.
    Hit(Uint8Array),
    /// Nothing cached under this hash.
    Miss,
    /// The stored bytes did not match the hash; the entry was dropped.
    Corrupt {
        /// The hash of what was stored.
        actual: String,
    },
}

/// The module cache.
pub struct ModuleCache {
    store: Store,
    limits: CacheLimits,
    stats: Cell<CacheStats>,
}

impl std::fmt::Debug for ModuleCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModuleCache").field("stats", &self.stats.get()).finish_non_exhaustive()
    }
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl ModuleCache {
    /// Opens (or creates) the cache database.
    pub async fn open(config: &CacheConfig) -> Result<Self, String> {
        Ok(Self {
            store: Store::open(&config.database).await?,
            limits: CacheLimits {
                max_bytes: config.max_bytes,
                ttl_ms: config.ttl.as_millis() as f64,
            },
            stats: Cell::default(),
        })
    }

    /// Reads the module with this hash, verifying it.
    pub async fn lookup(&self, sha256: &str) -> Result<Lookup, String> {
        let Some(bytes) = self.store.bytes(sha256).await? else {
            self.count(|s| s.misses += 1);
            return Ok(Lookup::Miss);
        };
        let actual = sha256_hex(&bytes.to_vec());
        if actual != sha256 {
            self.count(|s| {
                s.integrity_failures += 1;
                s.evictions += 1;
            });
            self.store.put(None, &[sha256.to_owned()]).await?;
            return Ok(Lookup::Corrupt { actual });
        }
        if let Some(mut entry) = self.store.entry(sha256).await? {
            entry.last_used_ms = js_sys::Date::now();
            entry.hits += 1;
            self.store.touch(&entry).await?;
        }
        let size = u64::from(bytes.length());
        self.count(|s| {
            s.hits += 1;
            s.bytes_saved += size;
        });
        Ok(Lookup::Hit(bytes))
    }

    /// Stores verified bytes, first dropping what [`plan_eviction`] says.
    /// Returns what was dropped.
    pub async fn store(
        &self,
        entry: CacheEntry,
        bytes: &Uint8Array,
    ) -> Result<Vec<(CacheEntry, EvictionReason)>, String> {
        let entries = self.store.entries().await?;
        let plan = plan_eviction(&entries, Some(&entry), self.limits, js_sys::Date::now());
        let shas: Vec<String> = plan.evict.iter().map(|(sha, _)| sha.clone()).collect();
        let incoming = plan.store.then_some((&entry, bytes));
        self.store.put(incoming, &shas).await?;
        let dropped: Vec<(CacheEntry, EvictionReason)> = plan
            .evict
            .into_iter()
            .filter_map(|(sha, reason)| {
                entries.iter().find(|e| e.sha256 == sha).map(|e| (e.clone(), reason))
            })
            .collect();
        self.count(|s| s.evictions += dropped.len() as u64);
        Ok(dropped)
    }

    /// Every cached entry.
    pub async fn entries(&self) -> Result<Vec<CacheEntry>, String> {
        self.store.entries().await
    }

    /// Drops everything.
    pub async fn clear(&self) -> Result<(), String> {
        self.store.clear().await
    }

    /// Counters since the cache was opened.
    pub fn stats(&self) -> CacheStats {
        self.stats.get()
    }

    fn count(&self, change: impl FnOnce(&mut CacheStats)) {
        let mut stats = self.stats.get();
        change(&mut stats);
        self.stats.set(stats);
    }
}
