//! Where events live: chunks in the plugin's own storage namespace.
//!
//! See the crate documentation for the key layout and why.

use std::fmt;

use annex_sdk::api::analytics::{AnalyticsEvent, TimeRange};
use annex_sdk::host::{self, storage, util};
use annex_sdk::PluginError;
use serde::{Deserialize, Serialize};

/// Every chunk key starts with this.
pub const PREFIX: &str = "ev:";
/// The format version written in each chunk.
const VERSION: u32 = 1;

/// The name of one chunk: `ev:<first>:<last>:<seq>:<tag>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChunkKey {
    /// Earliest timestamp in the chunk (ms), 13 digits.
    pub first: u64,
    /// Latest timestamp in the chunk (ms), 13 digits.
    pub last: u64,
    /// Which write of this namespace made it, 10 digits: the tracked order.
    pub seq: u64,
    /// The first 8 hex digits of the SHA-256 of the chunk as first written,
    /// so two pages writing the same `seq` at once do not overwrite each other.
    pub tag: String,
}

impl ChunkKey {
    /// The key of a chunk holding `events` (not empty), stored as `stored`.
    pub fn new(events: &[AnalyticsEvent], seq: u64, stored: &[u8]) -> Self {
        let first = events.iter().map(|e| e.timestamp).min().unwrap_or(0);
        let last = events.iter().map(|e| e.timestamp).max().unwrap_or(0);
        let digest = util::sha256(stored);
        let tag = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        Self { first, last, seq, tag }
    }

    /// Reads a key written by [`ChunkKey`]'s `Display`; `None` for anything else.
    pub fn parse(key: &str) -> Option<Self> {
        let mut parts = key.strip_prefix(PREFIX)?.split(':');
        let mut number = |digits: usize| {
            let part = parts.next()?;
            let fixed = digits == 0 || part.len() == digits;
            (fixed && !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        };
        let (first, last, seq) = (number(13)?, number(13)?, number(0)?);
        let tag = parts.next()?;
        let hex = tag.len() == 8 && tag.bytes().all(|b| b.is_ascii_hexdigit());
        (hex && parts.next().is_none() && first <= last).then(|| Self {
            first,
            last,
            seq,
            tag: tag.to_owned(),
        })
    }
}

impl fmt::Display for ChunkKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}{:013}:{:013}:{:010}:{}", self.first, self.last, self.seq, self.tag)
    }
}

#[derive(Serialize)]
struct ChunkOut<'a> {
    v: u32,
    events: &'a [AnalyticsEvent],
}

#[derive(Deserialize)]
struct ChunkIn {
    v: u32,
    events: Vec<AnalyticsEvent>,
}

/// A chunk's stored bytes: zlib-compressed JSON `{"v": 1, "events": [...]}`.
pub fn encode(events: &[AnalyticsEvent]) -> Vec<u8> {
    let json = serde_json::to_vec(&ChunkOut { v: VERSION, events }).expect("events serialize");
    util::compress(&json)
}

/// The events of a chunk, from its stored bytes.
pub fn decode(key: &str, bytes: &[u8]) -> Result<Vec<AnalyticsEvent>, PluginError> {
    let unreadable =
        |why: String| PluginError::plugin(format!("chunk `{key}` is unreadable: {why}"));
    let json = util::decompress(bytes).map_err(|e| unreadable(e.to_string()))?;
    let chunk: ChunkIn = serde_json::from_slice(&json).map_err(|e| unreadable(e.to_string()))?;
    if chunk.v != VERSION {
        return Err(unreadable(format!(
            "format version {} (this plugin reads {VERSION})",
            chunk.v
        )));
    }
    Ok(chunk.events)
}

/// The plugin's events in its storage namespace.
#[derive(Debug, Default)]
pub struct Store {
    /// The `seq` of the next chunk, once known (found from the keys on the
    /// first write after start).
    next_seq: Option<u64>,
}

impl Store {
    /// Writes `events` (not empty) as one new chunk, in one storage write:
    /// when this returns they are durable, and a failure stores none of them.
    pub fn append(&mut self, events: &[AnalyticsEvent]) -> Result<ChunkKey, PluginError> {
        let seq = match self.next_seq {
            Some(seq) => seq,
            None => self.keys()?.iter().map(|k| k.seq + 1).max().unwrap_or(0),
        };
        let bytes = encode(events);
        let key = ChunkKey::new(events, seq, &bytes);
        storage::set(&key.to_string(), &bytes)?;
        self.next_seq = Some(seq + 1);
        Ok(key)
    }

    /// Every chunk key, in tracked order (`seq`, then `tag`).
    pub fn keys(&self) -> Result<Vec<ChunkKey>, PluginError> {
        let mut keys: Vec<ChunkKey> = storage::list(&format!("{PREFIX}*"))?
            .iter()
            .filter_map(|k| ChunkKey::parse(k))
            .collect();
        keys.sort_by(|a, b| (a.seq, &a.tag).cmp(&(b.seq, &b.tag)));
        Ok(keys)
    }

    /// The events of `key`, or `None` when it was deleted meanwhile.
    fn load(&self, key: &ChunkKey) -> Result<Option<Vec<AnalyticsEvent>>, PluginError> {
        let name = key.to_string();
        storage::get(&name)?.map(|bytes| decode(&name, &bytes)).transpose()
    }

    /// The events in `range`, ordered by timestamp, then in the order they
    /// were tracked. Only chunks whose key overlaps the range are read.
    pub fn events(&self, range: TimeRange) -> Result<Vec<AnalyticsEvent>, PluginError> {
        let mut events = Vec::new();
        for key in self.keys()?.iter().filter(|k| range.overlaps(k.first, k.last)) {
            if let Some(chunk) = self.load(key)? {
                events.extend(chunk.into_iter().filter(|e| range.contains(e.timestamp)));
            }
        }
        // Stable: equal timestamps keep the tracked order.
        events.sort_by_key(|e| e.timestamp);
        Ok(events)
    }

    /// Deletes the events in `range`; returns how many. A chunk wholly inside
    /// the range is deleted; one partly inside is rewritten under the same
    /// key without those events (one atomic write, so a chunk never holds
    /// some of its events twice). Each chunk is done by itself: after a
    /// failure, the chunks done so far stay done and a retry finishes.
    pub fn clear(&mut self, range: TimeRange) -> Result<u64, PluginError> {
        let mut deleted = 0;
        for key in self.keys()?.into_iter().filter(|k| range.overlaps(k.first, k.last)) {
            let name = key.to_string();
            let Some(bytes) = storage::get(&name)? else { continue };
            let events = match decode(&name, &bytes) {
                Ok(events) => events,
                Err(error) if range.covers(key.first, key.last) => {
                    host::warn(&format!("deleting {}", error.message));
                    storage::delete(&name)?;
                    continue;
                }
                Err(error) => return Err(error),
            };
            let (gone, kept): (Vec<_>, Vec<_>) =
                events.into_iter().partition(|e| range.contains(e.timestamp));
            if gone.is_empty() {
                continue;
            }
            if kept.is_empty() {
                storage::delete(&name)?;
            } else {
                storage::set(&name, &encode(&kept))?;
            }
            deleted += gone.len() as u64;
        }
        Ok(deleted)
    }
}
