//! API families whose work is done through host functions: storage and network.

use annex_protocol::api::network::{NetworkRequest, NetworkResponse};
use annex_protocol::PluginError;

use crate::Plugin;

/// A plugin that stores data for the host application (notes, settings,
/// drafts...), usually in its own namespace through [`crate::host::storage`],
/// adding what the app needs: validation, formats, encryption, sync.
pub trait StoragePlugin: Plugin {
    /// The value under `key`.
    fn get(&mut self, key: &str) -> Result<Option<Vec<u8>>, PluginError>;
    /// Stores `value` under `key`.
    fn set(&mut self, key: &str, value: Vec<u8>) -> Result<(), PluginError>;
    /// Deletes `key`.
    fn delete(&mut self, key: &str) -> Result<(), PluginError>;
    /// Keys matching a glob (`*`, `?`); all when `None`. Sorted.
    fn list(&mut self, pattern: Option<&str>) -> Result<Vec<String>, PluginError>;
    /// Deletes every key.
    fn clear(&mut self) -> Result<(), PluginError>;
}

/// A plugin that makes HTTP requests for the host application (an API
/// client, a feed reader...), through [`crate::host::network`].
pub trait NetworkPlugin: Plugin {
    /// Handles one request with its body; returns the response and its body.
    fn request(
        &mut self,
        request: NetworkRequest,
        body: Vec<u8>,
    ) -> Result<(NetworkResponse, Vec<u8>), PluginError>;
}
