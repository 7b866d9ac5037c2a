//! Custom APIs, host side: the calls an app defines with its plugins.

use annex_protocol::message::{PluginRequest, PluginResponse};
use js_sys::Uint8Array;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::storage::bytes_of;
use crate::{Error, Plugin, Result};

/// One custom API of one plugin (a name its manifest lists under
/// `capabilities.custom`). Get it with [`Plugin::custom`].
///
/// A call names a function and passes bytes; the plugin's
/// `Plugin::call_custom` answers with bytes. What the functions are and how
/// the bytes are encoded is between the app and its plugins; [`CustomApi::call_json`]
/// covers the common case of JSON both ways.
///
/// ```no_run
/// # async fn demo(plugin: annex_runtime::Plugin) -> annex_runtime::Result<()> {
/// let greeter = plugin.custom("greeter")?;
/// let raw: Vec<u8> = greeter.call("greet", b"Ada").await?;
/// let answer: serde_json::Value = greeter.call_json("greet", &serde_json::json!({"name": "Ada"})).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct CustomApi {
    plugin: Plugin,
    api: String,
}

impl CustomApi {
    pub(crate) fn new(plugin: Plugin, api: String) -> Self {
        Self { plugin, api }
    }

    /// The API's name.
    pub fn name(&self) -> &str {
        &self.api
    }

    /// Calls `function` with `input`; returns the plugin's output bytes
    /// (at most the host's `max_result_bytes`).
    pub async fn call(&self, function: &str, input: &[u8]) -> Result<Vec<u8>> {
        let payload = (!input.is_empty()).then(|| Uint8Array::from(input).buffer());
        let request = PluginRequest::Custom { api: self.api.clone(), function: function.into() };
        match self.plugin.call(request, payload).await? {
            (PluginResponse::Custom, bytes) => Ok(bytes_of(bytes)),
            (other, _) => {
                Err(self.plugin.protocol(format!("answered a custom call with {other:?}")))
            }
        }
    }

    /// Calls `function` with `input` as JSON and reads the output as JSON.
    pub async fn call_json<I: Serialize + ?Sized, O: DeserializeOwned>(
        &self,
        function: &str,
        input: &I,
    ) -> Result<O> {
        let input = serde_json::to_vec(input).map_err(|e| {
            Error::InvalidInput(format!("the input of {}.{function} is not JSON: {e}", self.api))
        })?;
        let output = self.call(function, &input).await?;
        serde_json::from_slice(&output).map_err(|e| {
            self.plugin.protocol(format!(
                "{}.{function} answered with output that is not the JSON expected: {e}",
                self.api
            ))
        })
    }
}
