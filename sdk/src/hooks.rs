//! Hook handlers.

use annex_protocol::api::hooks::HookOutcome;
use annex_protocol::manifest::HookName;
use annex_protocol::PluginError;

use crate::Plugin;

/// A plugin that handles the hook points listed under `hooks` in its manifest.
///
/// The host calls handlers in priority order (`critical` first; equal
/// priorities by plugin id). Each gets the data as the previous handler left
/// it and decides: [`HookOutcome::Continue`], [`HookOutcome::Modify`] (pass new
/// data on), [`HookOutcome::Stop`] (end the chain; the guarded operation does
/// not happen) or an error (reported with the plugin's id; the chain goes on
/// unless the hook point says otherwise). The SDK refuses hook points the
/// manifest does not list, so `on_hook` only sees its own.
///
/// ```
/// use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};
///
/// #[derive(Default)]
/// struct Stamp;
/// impl Plugin for Stamp {}
/// impl Hooks for Stamp {
///     fn on_hook(&mut self, _hook: &HookName, data: &serde_json::Value) -> Result<HookOutcome, PluginError> {
///         let mut data = data.clone();
///         data["stamped"] = true.into();
///         Ok(HookOutcome::Modify { data })
///     }
/// }
/// ```
pub trait Hooks: Plugin {
    /// Handles one call of a subscribed hook point.
    fn on_hook(
        &mut self,
        hook: &HookName,
        data: &serde_json::Value,
    ) -> Result<HookOutcome, PluginError>;
}
