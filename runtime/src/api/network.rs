//! The network API family, host side.

use annex_protocol::api::network::{NetworkRequest, NetworkResponse};
use annex_protocol::encoded::Encoded;
use annex_protocol::message::{PluginRequest, PluginResponse};
use js_sys::Uint8Array;

use super::storage::bytes_of;
use crate::{Plugin, Result};

/// HTTP through one network plugin. Get it with [`Plugin::network`].
///
/// Requests go only to hosts the host's policy allows (never to blocked ones),
/// within a per-minute budget, a response-size cap and a time budget; a
/// refused request never leaves the plugin's worker.
#[derive(Debug, Clone)]
pub struct NetworkApi {
    plugin: Plugin,
}

impl NetworkApi {
    pub(crate) fn new(plugin: Plugin) -> Self {
        Self { plugin }
    }

    /// Sends `request` with `body`; returns the response and its body.
    pub async fn request(
        &self,
        request: NetworkRequest,
        body: &[u8],
    ) -> Result<(NetworkResponse, Vec<u8>)> {
        let payload = (!body.is_empty()).then(|| Uint8Array::from(body).buffer());
        let request = PluginRequest::Network { request: Encoded::new(&request) };
        match self.plugin.call(request, payload).await? {
            (PluginResponse::Network { response }, bytes) => {
                let response = response.decode().map_err(|e| {
                    self.plugin.protocol(format!("network answer not understood: {e}"))
                })?;
                Ok((response, bytes_of(bytes)))
            }
            (other, _) => {
                Err(self.plugin.protocol(format!("answered a network request with {other:?}")))
            }
        }
    }

    /// `GET url`.
    pub async fn get(&self, url: &str) -> Result<(NetworkResponse, Vec<u8>)> {
        self.request(NetworkRequest::get(url), &[]).await
    }
}
