//! The mock host's storage: an in-memory map with a quota.

use std::collections::BTreeMap;

use annex_protocol::api::storage::glob_matches;
use annex_protocol::host_api::RESULT_NOT_FOUND;
use annex_protocol::permission::Permission;
use annex_protocol::{ErrorCode, PluginError};

use super::{HostCall, MockHost};

#[derive(Debug)]
pub(super) struct MockStorage {
    entries: BTreeMap<String, Vec<u8>>,
    quota: u64,
}

impl Default for MockStorage {
    fn default() -> Self {
        Self { entries: BTreeMap::new(), quota: 1 << 20 }
    }
}

impl MockStorage {
    fn used(&self) -> u64 {
        self.entries.iter().map(|(k, v)| (k.len() + v.len()) as u64).sum()
    }
}

impl MockHost {
    /// Sets the storage quota in bytes (keys and values), as the host would.
    pub fn set_storage_quota(&self, bytes: u64) -> &Self {
        self.state.borrow_mut().storage.quota = bytes;
        self
    }

    /// What the plugin has stored, as key → value.
    pub fn stored(&self) -> BTreeMap<String, Vec<u8>> {
        self.state.borrow().storage.entries.clone()
    }

    /// Puts a value in storage as if the plugin had stored it before.
    pub fn preload_storage(&self, key: &str, value: &[u8]) -> &Self {
        self.state.borrow_mut().storage.entries.insert(key.to_owned(), value.to_vec());
        self
    }

    pub(crate) fn storage_get(&self, key: &str) -> i32 {
        self.record(HostCall::Storage { op: "get", key: key.to_owned() });
        if let Err(e) = self.require(&Permission::StorageRead) {
            return self.answer(Err(e));
        }
        let value = self.state.borrow().storage.entries.get(key).cloned();
        match value {
            Some(value) => self.answer(Ok((value, Vec::new()))),
            None => RESULT_NOT_FOUND,
        }
    }

    pub(crate) fn storage_list(&self, pattern: &str) -> i32 {
        self.record(HostCall::Storage { op: "list", key: pattern.to_owned() });
        let outcome = self.require(&Permission::StorageRead).map(|()| {
            let state = self.state.borrow();
            let keys: Vec<&String> =
                state.storage.entries.keys().filter(|k| glob_matches(pattern, k)).collect();
            (serde_json::to_vec(&keys).expect("keys serialize"), Vec::new())
        });
        self.answer(outcome)
    }

    pub(crate) fn storage_set(&self, key: &str, value: &[u8]) -> i32 {
        self.record(HostCall::Storage { op: "set", key: key.to_owned() });
        let outcome = self.require(&Permission::StorageWrite).and_then(|()| {
            let mut state = self.state.borrow_mut();
            let storage = &mut state.storage;
            let old = storage.entries.get(key).map_or(0, |v| (key.len() + v.len()) as u64);
            let after = storage.used() - old + (key.len() + value.len()) as u64;
            if after > storage.quota {
                return Err(PluginError::new(
                    ErrorCode::QuotaExceeded,
                    format!(
                        "storage quota exceeded: storing `{key}` would use {after} of {} bytes",
                        storage.quota
                    ),
                ));
            }
            storage.entries.insert(key.to_owned(), value.to_vec());
            Ok((Vec::new(), Vec::new()))
        });
        self.answer(outcome)
    }

    pub(crate) fn storage_delete(&self, key: &str) -> i32 {
        self.record(HostCall::Storage { op: "delete", key: key.to_owned() });
        let outcome = self.require(&Permission::StorageWrite).map(|()| {
            self.state.borrow_mut().storage.entries.remove(key);
            (Vec::new(), Vec::new())
        });
        self.answer(outcome)
    }

    pub(crate) fn storage_clear(&self) -> i32 {
        self.record(HostCall::Storage { op: "clear", key: String::new() });
        let outcome = self.require(&Permission::StorageWrite).map(|()| {
            self.state.borrow_mut().storage.entries.clear();
            (Vec::new(), Vec::new())
        });
        self.answer(outcome)
    }
}
