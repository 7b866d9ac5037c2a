//! The storage API family, host side.

use annex_protocol::api::storage::{StorageRequest, StorageResponse};
use annex_protocol::encoded::Encoded;
use annex_protocol::message::{PluginRequest, PluginResponse};
use js_sys::{ArrayBuffer, Uint8Array};

use crate::{Error, Plugin, Result};

/// Storage operations of one storage plugin. Get it with [`Plugin::storage`].
///
/// The plugin keeps the data in its own namespace (other plugins cannot reach
/// it), within its quota; values survive worker restarts and page reloads.
#[derive(Debug, Clone)]
pub struct StorageApi {
    plugin: Plugin,
}

impl StorageApi {
    pub(crate) fn new(plugin: Plugin) -> Self {
        Self { plugin }
    }

    /// The value under `key`, if any.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        match self.send(StorageRequest::Get { key: key.into() }, None).await? {
            (StorageResponse::Value, bytes) => Ok(Some(bytes)),
            (StorageResponse::NotFound, _) => Ok(None),
            (other, _) => Err(self.unexpected(&other)),
        }
    }

    /// Stores `value` under `key`; returns once the plugin has it stored.
    pub async fn set(&self, key: &str, value: &[u8]) -> Result<()> {
        self.done(self.send(StorageRequest::Set { key: key.into() }, Some(value)).await?)
    }

    /// Deletes `key`.
    pub async fn delete(&self, key: &str) -> Result<()> {
        self.done(self.send(StorageRequest::Delete { key: key.into() }, None).await?)
    }

    /// Keys matching a glob (`*`, `?`), or all keys; sorted.
    pub async fn list(&self, pattern: Option<&str>) -> Result<Vec<String>> {
        match self.send(StorageRequest::List { pattern: pattern.map(Into::into) }, None).await? {
            (StorageResponse::Keys { keys }, _) => Ok(keys),
            (other, _) => Err(self.unexpected(&other)),
        }
    }

    /// Deletes every key.
    pub async fn clear(&self) -> Result<()> {
        self.done(self.send(StorageRequest::Clear, None).await?)
    }

    async fn send(
        &self,
        request: StorageRequest,
        value: Option<&[u8]>,
    ) -> Result<(StorageResponse, Vec<u8>)> {
        let payload = value.map(|v| Uint8Array::from(v).buffer());
        match self.plugin.call(PluginRequest::Storage(Encoded::new(&request)), payload).await? {
            (PluginResponse::Storage(response), bytes) => {
                let response = response.decode().map_err(|e| {
                    self.plugin.protocol(format!("storage answer not understood: {e}"))
                })?;
                Ok((response, bytes_of(bytes)))
            }
            (other, _) => {
                Err(self.plugin.protocol(format!("answered a storage request with {other:?}")))
            }
        }
    }

    fn done(&self, (response, _): (StorageResponse, Vec<u8>)) -> Result<()> {
        match response {
            StorageResponse::Done => Ok(()),
            other => Err(self.unexpected(&other)),
        }
    }

    fn unexpected(&self, response: &StorageResponse) -> Error {
        self.plugin.protocol(format!("unexpected storage answer {response:?}"))
    }
}

pub(super) fn bytes_of(buffer: Option<ArrayBuffer>) -> Vec<u8> {
    buffer.map(|b| Uint8Array::new(&b).to_vec()).unwrap_or_default()
}
