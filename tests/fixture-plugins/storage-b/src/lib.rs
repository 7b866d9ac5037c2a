//! Test fixture: a storage plugin that passes every operation straight to the
//! host's storage functions, so a test can try to reach another plugin's keys.
//! Setting the key `__loop:N` instead writes `loop-0` … `loop-<N-1>` in one
//! long call, stopping at the first refusal (a revocation during the call).

use annex_sdk::host::storage;
use annex_sdk::{Plugin, PluginError, StoragePlugin};

/// The plugin.
#[derive(Debug, Default)]
pub struct StorageB;

impl Plugin for StorageB {}

impl StoragePlugin for StorageB {
    fn get(&mut self, key: &str) -> Result<Option<Vec<u8>>, PluginError> {
        Ok(storage::get(key)?)
    }

    fn set(&mut self, key: &str, value: Vec<u8>) -> Result<(), PluginError> {
        if let Some(n) = key.strip_prefix("__loop:").and_then(|n| n.parse::<u32>().ok()) {
            for i in 0..n {
                storage::set(&format!("loop-{i}"), &value)?;
            }
            return Ok(());
        }
        Ok(storage::set(key, &value)?)
    }

    fn delete(&mut self, key: &str) -> Result<(), PluginError> {
        Ok(storage::delete(key)?)
    }

    fn list(&mut self, pattern: Option<&str>) -> Result<Vec<String>, PluginError> {
        Ok(storage::list(pattern.unwrap_or("*"))?)
    }

    fn clear(&mut self) -> Result<(), PluginError> {
        Ok(storage::clear()?)
    }
}

annex_sdk::export_plugin!(StorageB);
