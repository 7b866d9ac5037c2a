//! A plugin's storage namespace in IndexedDB, with its quota.
//!
//! One database for all plugins: `entries` keyed by `[namespace, key]` and
//! `usage` (bytes used per namespace). The namespace is the plugin's
//! publisher and id, given by the host and added here: a plugin names only
//! its own keys and cannot reach another's, nor can a module that claims
//! another plugin's id. A write
//! checks and updates the usage in the same transaction, and returns only
//! once the transaction is committed, so an acknowledged write is durable.

use std::cell::Cell;

use annex_protocol::api::storage::glob_matches;
use annex_protocol::{ErrorCode, PluginError};
use js_sys::{Array, Uint8Array};
use rexie::{KeyRange, ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const DATABASE: &str = "annex-plugin-storage";
const ENTRIES: &str = "entries";
const USAGE: &str = "usage";

#[derive(Serialize, Deserialize)]
struct Usage {
    plugin: String,
    bytes: u64,
}

/// One plugin's view of the storage database.
pub(crate) struct PluginStore {
    db: Rexie,
    plugin: String,
    quota: u64,
    /// Bytes in use after the last write, for usage reports.
    pub(crate) used_bytes: Cell<Option<u64>>,
}

fn failed(error: rexie::Error) -> PluginError {
    PluginError::new(ErrorCode::PluginError, format!("storage failed: {error:?}"))
}

impl PluginStore {
    pub(crate) async fn open(namespace: &str, quota: u64) -> Result<Self, PluginError> {
        let db = Rexie::builder(DATABASE)
            .version(1)
            .add_object_store(ObjectStore::new(ENTRIES).key_path_array(["plugin", "key"]))
            .add_object_store(ObjectStore::new(USAGE).key_path("plugin"))
            .build()
            .await
            .map_err(failed)?;
        let store = Self { db, plugin: namespace.to_owned(), quota, used_bytes: Cell::new(None) };
        let tx = store.db.transaction(&[USAGE], TransactionMode::ReadOnly).map_err(failed)?;
        let used = store.used(&tx.store(USAGE).map_err(failed)?).await?;
        tx.done().await.map_err(failed)?;
        store.used_bytes.set(Some(used));
        Ok(store)
    }

    fn key(&self, key: &str) -> JsValue {
        Array::of2(&self.plugin.as_str().into(), &key.into()).into()
    }

    /// Every key of this plugin: `[plugin, ""]` up to `[plugin, []]` (arrays
    /// sort after every string in IndexedDB).
    fn range(&self) -> Result<KeyRange, PluginError> {
        let lower = Array::of2(&self.plugin.as_str().into(), &"".into());
        let upper = Array::of2(&self.plugin.as_str().into(), &Array::new());
        KeyRange::bound(&lower, &upper, None, None).map_err(|e| {
            PluginError::new(ErrorCode::PluginError, format!("storage key range: {e:?}"))
        })
    }

    pub(crate) async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, PluginError> {
        let tx = self.db.transaction(&[ENTRIES], TransactionMode::ReadOnly).map_err(failed)?;
        let value = tx.store(ENTRIES).map_err(failed)?.get(self.key(key)).await.map_err(failed)?;
        tx.done().await.map_err(failed)?;
        Ok(value.map(|v| value_bytes(&v)))
    }

    pub(crate) async fn set(&self, key: &str, value: &[u8]) -> Result<(), PluginError> {
        let size = (key.len() + value.len()) as u64;
        let tx =
            self.db.transaction(&[ENTRIES, USAGE], TransactionMode::ReadWrite).map_err(failed)?;
        let (entries, usage) =
            (tx.store(ENTRIES).map_err(failed)?, tx.store(USAGE).map_err(failed)?);
        let old =
            entries.get(self.key(key)).await.map_err(failed)?.map_or(0, |v| entry_size(key, &v));
        let used = self.used(&usage).await?;
        let after = used - old.min(used) + size;
        if after > self.quota {
            let _ = tx.abort().await;
            return Err(PluginError::new(
                ErrorCode::QuotaExceeded,
                format!(
                    "storage quota exceeded: storing `{key}` ({size} bytes) would use {after} of {} bytes",
                    self.quota
                ),
            ));
        }
        let entry = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&entry, &k.into(), v).map(drop);
        let _ = set("plugin", &self.plugin.as_str().into());
        let _ = set("key", &key.into());
        let _ = set("value", &Uint8Array::from(value));
        entries.put(&entry, None).await.map_err(failed)?;
        self.set_used(&usage, after).await?;
        tx.done().await.map_err(failed)?;
        self.used_bytes.set(Some(after));
        Ok(())
    }

    pub(crate) async fn delete(&self, key: &str) -> Result<(), PluginError> {
        let tx =
            self.db.transaction(&[ENTRIES, USAGE], TransactionMode::ReadWrite).map_err(failed)?;
        let (entries, usage) =
            (tx.store(ENTRIES).map_err(failed)?, tx.store(USAGE).map_err(failed)?);
        if let Some(old) = entries.get(self.key(key)).await.map_err(failed)? {
            let used = self.used(&usage).await?;
            entries.delete(self.key(key)).await.map_err(failed)?;
            let after = used.saturating_sub(entry_size(key, &old));
            self.set_used(&usage, after).await?;
            tx.done().await.map_err(failed)?;
            self.used_bytes.set(Some(after));
            return Ok(());
        }
        tx.done().await.map_err(failed)?;
        Ok(())
    }

    /// This plugin's keys matching the glob, sorted.
    pub(crate) async fn list(&self, pattern: &str) -> Result<Vec<String>, PluginError> {
        let tx = self.db.transaction(&[ENTRIES], TransactionMode::ReadOnly).map_err(failed)?;
        let keys = tx
            .store(ENTRIES)
            .map_err(failed)?
            .get_all_keys(Some(self.range()?), None)
            .await
            .map_err(failed)?;
        tx.done().await.map_err(failed)?;
        let mut keys: Vec<String> = keys
            .iter()
            .filter_map(|k| Array::from(k).get(1).as_string())
            .filter(|k| glob_matches(pattern, k))
            .collect();
        keys.sort();
        Ok(keys)
    }

    pub(crate) async fn clear(&self) -> Result<(), PluginError> {
        let tx =
            self.db.transaction(&[ENTRIES, USAGE], TransactionMode::ReadWrite).map_err(failed)?;
        let (entries, usage) =
            (tx.store(ENTRIES).map_err(failed)?, tx.store(USAGE).map_err(failed)?);
        for key in entries.get_all_keys(Some(self.range()?), None).await.map_err(failed)? {
            entries.delete(key).await.map_err(failed)?;
        }
        self.set_used(&usage, 0).await?;
        tx.done().await.map_err(failed)?;
        self.used_bytes.set(Some(0));
        Ok(())
    }

    async fn used(&self, usage: &rexie::Store) -> Result<u64, PluginError> {
        let record = usage.get(self.plugin.as_str().into()).await.map_err(failed)?;
        Ok(record
            .and_then(|r| serde_wasm_bindgen::from_value::<Usage>(r).ok())
            .map_or(0, |u| u.bytes))
    }

    async fn set_used(&self, usage: &rexie::Store, bytes: u64) -> Result<(), PluginError> {
        let record = Usage { plugin: self.plugin.clone(), bytes };
        let value = serde_wasm_bindgen::to_value(&record).expect("usage converts to JS");
        usage.put(&value, None).await.map_err(failed)?;
        Ok(())
    }
}

fn value_bytes(entry: &JsValue) -> Vec<u8> {
    js_sys::Reflect::get(entry, &"value".into())
        .map(|v| Uint8Array::new(&v).to_vec())
        .unwrap_or_default()
}

fn entry_size(key: &str, entry: &JsValue) -> u64 {
    (key.len() + value_bytes(entry).len()) as u64
}
