//! The IndexedDB side of the module cache, through rexie.
//!
//! Two object stores: `meta` (small [`CacheEntry`] records, keyed by hash) and
//! `bytes` (the module bytes, keyed by hash), so listing entries for eviction
//! never reads module bytes. Browsers cannot store a compiled
//! `WebAssembly.Module`, so bytes it is.

use js_sys::Uint8Array;
use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

use super::policy::CacheEntry;

const META: &str = "meta";
const BYTES: &str = "bytes";

/// An open cache database.
pub(crate) struct Store {
    db: Rexie,
}

/// An IndexedDB failure, as text.
pub(crate) type StoreError = String;

fn text(error: rexie::Error) -> StoreError {
    match error {
        rexie::Error::IdbError(inner) => format!("IndexedDB: {inner}"),
        other => format!("IndexedDB: {other}"),
    }
}

impl Store {
    pub(crate) async fn open(name: &str) -> Result<Self, StoreError> {
        let db = Rexie::builder(name)
            .version(1)
            .add_object_store(ObjectStore::new(META).key_path("sha256"))
            .add_object_store(ObjectStore::new(BYTES))
            .build()
            .await
            .map_err(text)?;
        Ok(Self { db })
    }

    pub(crate) async fn bytes(&self, sha256: &str) -> Result<Option<Uint8Array>, StoreError> {
        let tx = self.db.transaction(&[BYTES], TransactionMode::ReadOnly).map_err(text)?;
        let value = tx.store(BYTES).map_err(text)?.get(sha256.into()).await.map_err(text)?;
        tx.done().await.map_err(text)?;
        Ok(value.and_then(|v| v.dyn_into::<Uint8Array>().ok()))
    }

    pub(crate) async fn entries(&self) -> Result<Vec<CacheEntry>, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly).map_err(text)?;
        let values = tx.store(META).map_err(text)?.get_all(None, None).await.map_err(text)?;
        tx.done().await.map_err(text)?;
        Ok(values.into_iter().filter_map(|v| serde_wasm_bindgen::from_value(v).ok()).collect())
    }

    pub(crate) async fn entry(&self, sha256: &str) -> Result<Option<CacheEntry>, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly).map_err(text)?;
        let value = tx.store(META).map_err(text)?.get(sha256.into()).await.map_err(text)?;
        tx.done().await.map_err(text)?;
        Ok(value.and_then(|v| serde_wasm_bindgen::from_value(v).ok()))
    }

    /// Stores an entry and its bytes in one transaction, after removing `evict`.
    pub(crate) async fn put(
        &self,
        entry: Option<(&CacheEntry, &Uint8Array)>,
        evict: &[String],
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[META, BYTES], TransactionMode::ReadWrite).map_err(text)?;
        let (meta, bytes) = (tx.store(META).map_err(text)?, tx.store(BYTES).map_err(text)?);
        for sha in evict {
            meta.delete(sha.as_str().into()).await.map_err(text)?;
            bytes.delete(sha.as_str().into()).await.map_err(text)?;
        }
        if let Some((entry, data)) = entry {
            meta.put(&to_js(entry), None).await.map_err(text)?;
            bytes.put(data, Some(&entry.sha256.as_str().into())).await.map_err(text)?;
        }
        tx.done().await.map_err(text)?;
        Ok(())
    }

    /// Rewrites an entry's record (last use, hits).
    pub(crate) async fn touch(&self, entry: &CacheEntry) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite).map_err(text)?;
        tx.store(META).map_err(text)?.put(&to_js(entry), None).await.map_err(text)?;
        tx.done().await.map_err(text)?;
        Ok(())
    }

    pub(crate) async fn clear(&self) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[META, BYTES], TransactionMode::ReadWrite).map_err(text)?;
        tx.store(META).map_err(text)?.clear().await.map_err(text)?;
        tx.store(BYTES).map_err(text)?.clear().await.map_err(text)?;
        tx.done().await.map_err(text)?;
        Ok(())
    }
}

fn to_js(entry: &CacheEntry) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(entry, &serializer).expect("cache entries convert to JS")
}
