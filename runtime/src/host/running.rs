//! `PluginHost::running`: a plugin ready for calls, however it stands now
//! (running, loading, or only in the catalog), without reactive machinery.

use annex_protocol::PluginId;

use super::PluginHost;
use crate::lifecycle::{PluginStatus, StatusKind};
use crate::{Error, Plugin, Result};

impl PluginHost {
    /// The plugin `id`, ready for calls:
    ///
    /// * active or parked: the registered plugin (a parked one comes back
    ///   on its next call);
    /// * loading, loaded or unloading: once that settles;
    /// * not registered, or registered with a failure from an earlier try:
    ///   activated from the catalog with its dependencies (see
    ///   [`PluginHost::activate`]; callers asking meanwhile share one
    ///   activation).
    ///
    /// A disabled plugin is not started behind the user's back: that is an
    /// `invalid_state` error. A plugin whose loading fails while this call
    /// waits gives that failure (it is not loaded again at once).
    ///
    /// ```no_run
    /// # async fn demo(host: annex_runtime::PluginHost) -> annex_runtime::Result<()> {
    /// let id = "dev.annex.grayscale".parse().expect("a valid id");
    /// let plugin = host.running(&id).await?;
    /// let _filter = plugin.canvas_filter()?;
    /// # Ok(()) }
    /// ```
    pub async fn running(&self, id: &PluginId) -> Result<Plugin> {
        let mut waited = false;
        loop {
            if let Some(plugin) = self.plugin(id) {
                match plugin.status() {
                    PluginStatus::Active | PluginStatus::Parked => return Ok(plugin),
                    PluginStatus::Loading | PluginStatus::Loaded | PluginStatus::Unloading => {
                        self.shared.events.next_about(id).await;
                        waited = true;
                        continue;
                    }
                    PluginStatus::Disabled(_) => {
                        return Err(Error::InvalidState {
                            plugin: id.clone(),
                            status: StatusKind::Disabled,
                            operation: "use",
                        })
                    }
                    PluginStatus::Error(error) if waited => return Err(error),
                    // Activation replaces a failed registration.
                    PluginStatus::Error(_) | PluginStatus::Unloaded => {}
                }
            }
            match self.activate(id).await {
                // Someone else (bootstrap, a preload, another caller) registered
                // it first: wait for theirs.
                Err(Error::AlreadyLoaded { .. }) => continue,
                other => return other,
            }
        }
    }
}
