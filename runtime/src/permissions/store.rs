//! Remembered permission decisions, in IndexedDB (via rexie), filed under
//! publisher and plugin id together ([`Publisher::identity`]).
//!
//! A module claiming a known id from another publisher finds no record and
//! starts from the policy; the real plugin's record stays. A record also
//! holds the major version it was made for: a new major starts again.
//!
//! [`Publisher::identity`]: super::Publisher::identity

use std::collections::BTreeMap;

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};

const GRANTS: &str = "grants";

/// The remembered decisions for one publisher's plugin.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Remembered {
    /// Publisher and plugin id. (The store's key path is still `plugin`, as
    /// when records were filed under the id alone; those are never matched.)
    #[serde(rename = "plugin")]
    pub(crate) key: String,
    pub(crate) publisher: String,
    pub(crate) major: u64,
    /// Permission → granted (`true`) or denied/revoked (`false`).
    pub(crate) decisions: BTreeMap<String, bool>,
}

/// The open decisions database.
#[derive(Debug)]
pub(crate) struct GrantStore {
    db: Rexie,
}

fn text(error: rexie::Error) -> String {
    format!("IndexedDB: {error}")
}

impl GrantStore {
    pub(crate) async fn open(name: &str) -> Result<Self, String> {
        let db = Rexie::builder(name)
            .version(1)
            .add_object_store(ObjectStore::new(GRANTS).key_path("plugin"))
            .build()
            .await
            .map_err(text)?;
        Ok(Self { db })
    }

    pub(crate) async fn get(&self, key: &str) -> Result<Option<Remembered>, String> {
        let tx = self.db.transaction(&[GRANTS], TransactionMode::ReadOnly).map_err(text)?;
        let value = tx.store(GRANTS).map_err(text)?.get(key.into()).await.map_err(text)?;
        tx.done().await.map_err(text)?;
        Ok(value.and_then(|v| serde_wasm_bindgen::from_value(v).ok()))
    }

    /// Stores `record`, replacing the plugin's previous one; returns once committed.
    pub(crate) async fn put(&self, record: &Remembered) -> Result<(), String> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let value = record.serialize(&serializer).map_err(|e| e.to_string())?;
        let tx = self.db.transaction(&[GRANTS], TransactionMode::ReadWrite).map_err(text)?;
        tx.store(GRANTS).map_err(text)?.put(&value, None).await.map_err(text)?;
        tx.done().await.map(drop).map_err(text)
    }

    pub(crate) async fn delete(&self, key: &str) -> Result<(), String> {
        let tx = self.db.transaction(&[GRANTS], TransactionMode::ReadWrite).map_err(text)?;
        tx.store(GRANTS).map_err(text)?.delete(key.into()).await.map_err(text)?;
        tx.done().await.map(drop).map_err(text)
    }
}
