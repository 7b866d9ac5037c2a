//! The plugin's own key-value storage (permissions `storage.read` and
//! `storage.write`). The host keeps each plugin's keys apart and enforces a
//! quota; a write returns once it is durable.
//!
//! ```no_run
//! use annex_sdk::host::storage;
//!
//! storage::set("note:1", b"buy milk")?;
//! assert_eq!(storage::get("note:1")?.as_deref(), Some(&b"buy milk"[..]));
//! assert_eq!(storage::list("note:*")?, ["note:1"]);
//! # Ok::<(), annex_sdk::Error>(())
//! ```

use super::{data, imp, outcome};
use crate::{Error, Result};

/// The value under `key`, if any.
pub fn get(key: &str) -> Result<Option<Vec<u8>>> {
    outcome(imp::storage_get(key))
}

/// Stores `value` under `key` (1 to 512 bytes). Fails with code
/// `quota_exceeded` when the plugin's quota would be passed.
pub fn set(key: &str, value: &[u8]) -> Result<()> {
    data(imp::storage_set(key, value)).map(drop)
}

/// Deletes `key` (nothing happens if it does not exist).
pub fn delete(key: &str) -> Result<()> {
    data(imp::storage_delete(key)).map(drop)
}

/// Keys matching a glob (`*` any run, `?` one character), sorted.
pub fn list(pattern: &str) -> Result<Vec<String>> {
    let json = data(imp::storage_list(pattern))?;
    serde_json::from_slice(&json).map_err(|e| Error::Malformed(e.to_string()))
}

/// Deletes every key of this plugin.
pub fn clear() -> Result<()> {
    data(imp::storage_clear()).map(drop)
}
