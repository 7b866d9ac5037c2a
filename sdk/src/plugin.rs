//! The trait every plugin implements.

use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::PluginError;

/// What the host hands a plugin when it starts.
#[derive(Debug, Clone, Default)]
pub struct InitContext {
    /// The configuration the host loaded the plugin with (JSON `null` when none).
    pub config: serde_json::Value,
}

/// The trait every plugin implements; API families build on it.
///
/// The plugin is created with [`Default`] when its worker loads it, then
/// [`Plugin::initialize`] runs once before any call.
pub trait Plugin: Default + 'static {
    /// Called once after loading, before any other call. An error here fails
    /// the load and is shown to the host with the plugin's id.
    fn initialize(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        let _ = ctx;
        Ok(())
    }
}

/// Implemented by [`crate::export_plugin!`]: the plugin's embedded manifest and
/// its request dispatch. The [`crate::testing`] harness drives plugins through it.
pub trait ExportedPlugin: Plugin {
    /// The manifest JSON embedded in the module.
    const MANIFEST_JSON: &'static str;

    /// Routes one request to the API trait that handles it. `payload` holds the
    /// request's bytes on entry and the response's bytes on return.
    fn dispatch(
        &mut self,
        request: PluginRequest,
        payload: &mut Vec<u8>,
    ) -> Result<PluginResponse, PluginError>;
}
