//! The trait every plugin implements, and what it is started with.

pub use annex_protocol::api::events::Event;
use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::permission::PermissionSet;
use annex_protocol::{Manifest, PluginError, PluginId};

use crate::Config;

/// What the host hands a plugin when it starts (and on reload or a config update).
#[derive(Debug, Clone)]
pub struct InitContext {
    /// The plugin's own id.
    pub plugin: PluginId,
    /// Its configuration: checked against the manifest's schema, defaults filled in.
    pub config: Config,
    /// The permissions it was granted (a subset of those it requested).
    pub grants: PermissionSet,
}

/// The trait every plugin implements; one trait per API family builds on it.
///
/// Identity (id, version, name...) is not repeated here: it comes from the
/// manifest in `Cargo.toml`. Every method has a default, so the smallest
/// plugin is `impl Plugin for MyPlugin {}`.
///
/// Lifecycle, as the host drives it:
///
/// 1. the worker creates the plugin with [`Default`];
/// 2. [`Plugin::validate_config`], then [`Plugin::initialize`];
/// 3. API calls; [`Plugin::update_config`] when the host changes the
///    configuration; [`Plugin::reload`] when the host asks for a reload;
/// 4. [`Plugin::cleanup`] before the host disables or unloads it.
///
/// An error from any of these reaches the host with the plugin's id; a panic
/// reaches it as an error with code `panic` and the panic message.
pub trait Plugin: Default + 'static {
    /// Called once after loading, before any API call.
    fn initialize(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        let _ = ctx;
        Ok(())
    }

    /// Called before the host stops the plugin (disable, unload). The worker is
    /// terminated right after, so this is the last chance to save state.
    fn cleanup(&mut self) -> Result<(), PluginError> {
        Ok(())
    }

    /// State to carry over a restart, in any encoding the plugin likes. The
    /// host asks after calls (at most about once a second) and before it
    /// parks or disables the plugin, and keeps the last answer; after the
    /// supervisor restarts a crashed plugin (or it wakes from parking, or is
    /// enabled again) that state goes to [`Plugin::restore_state`]. Data that
    /// must never be lost belongs in storage instead. Default: nothing.
    fn save_state(&mut self) -> Option<Vec<u8>> {
        None
    }

    /// Takes back what [`Plugin::save_state`] returned, after
    /// [`Plugin::initialize`]. Default: ignore it.
    fn restore_state(&mut self, state: &[u8]) -> Result<(), PluginError> {
        let _ = state;
        Ok(())
    }

    /// Called when the host asks for a reload. Default: [`Plugin::cleanup`],
    /// then [`Plugin::initialize`].
    fn reload(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        self.cleanup()?;
        self.initialize(ctx)
    }

    /// The configuration used when the host gives none: the defaults from the
    /// manifest's `config` schema.
    fn default_config(&self) -> Config
    where
        Self: ExportedPlugin,
    {
        let manifest = Manifest::from_json(Self::MANIFEST_JSON.as_bytes())
            .expect("the embedded manifest was validated at compile time")
            .manifest;
        Config::new(manifest.default_config().unwrap_or_default())
    }

    /// Rules the schema cannot express (e.g. `min` below `max`). Called before
    /// [`Plugin::initialize`] and [`Plugin::update_config`]; an error keeps the
    /// previous configuration. Default: accept.
    fn validate_config(&self, config: &Config) -> Result<(), PluginError> {
        let _ = config;
        Ok(())
    }

    /// Applies a new configuration (already validated). Default: [`Plugin::reload`]
    /// with it.
    fn update_config(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        self.reload(ctx)
    }

    /// Handles an event of a type the plugin subscribed to (see
    /// [`crate::host::events`]). Default: ignore it.
    fn on_event(&mut self, event: &Event) -> Result<(), PluginError> {
        let _ = event;
        Ok(())
    }

    /// Answers a call to one of the custom APIs the manifest declares
    /// (`capabilities.custom = ["greeter"]`), made by the host app with
    /// `plugin.custom("greeter")?.call("greet", input)`: `function` and the
    /// bytes in and out are whatever the app and the plugin agree on (often
    /// JSON). Calls to an API the manifest does not declare never reach it.
    /// Default: every function is unsupported.
    ///
    /// ```
    /// use annex_sdk::{Plugin, PluginError};
    ///
    /// #[derive(Default)]
    /// struct Greeter;
    ///
    /// impl Plugin for Greeter {
    ///     fn call_custom(&mut self, _api: &str, function: &str, input: &[u8])
    ///         -> Result<Vec<u8>, PluginError> {
    ///         match function {
    ///             "greet" => Ok(format!("Hello, {}!", String::from_utf8_lossy(input)).into_bytes()),
    ///             other => Err(PluginError::unsupported(format!("no function `{other}`"))),
    ///         }
    ///     }
    /// }
    /// ```
    fn call_custom(
        &mut self,
        api: &str,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, PluginError> {
        let _ = input;
        Err(PluginError::unsupported(format!(
            "custom API `{api}` has no function `{function}` (implement Plugin::call_custom)"
        )))
    }
}

/// Implemented by [`crate::export_plugin!`]: the plugin's embedded manifest and
/// the routing of API requests to its family traits.
pub trait ExportedPlugin: Plugin {
    /// The manifest JSON embedded in the module.
    const MANIFEST_JSON: &'static str;

    /// Routes one API request to the family trait that handles it. `payload`
    /// holds the request's bytes on entry and the response's bytes on return.
    /// Lifecycle requests never reach this; the SDK handles them.
    fn dispatch(
        &mut self,
        request: PluginRequest,
        payload: &mut Vec<u8>,
    ) -> Result<PluginResponse, PluginError>;
}
