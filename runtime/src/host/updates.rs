//! Updating registered plugins to new builds: from bytes (a dev server's
//! rebuild) or from a newer catalog (a site's deploy). See
//! `plugin/update.rs` for what an update checks and how it swaps.

use annex_protocol::catalog::Catalog;
use annex_protocol::PluginId;

use super::PluginHost;
use crate::{Error, Result, UpdateOutcome};

/// What [`PluginHost::apply_catalog`] did for one registered plugin.
#[derive(Debug)]
#[non_exhaustive]
pub struct CatalogUpdate {
    /// The plugin.
    pub plugin: PluginId,
    /// The update (`Ok(None)`: it already ran the catalog's build), or why
    /// it was not applied (the old version keeps running).
    pub result: Result<Option<UpdateOutcome>>,
}

impl PluginHost {
    /// Updates the registered plugin that `bytes` are a build of (same id,
    /// same publisher). `Ok(None)` when it already runs exactly this build.
    /// Unsigned bytes are taken as the running plugin's publisher's (the app
    /// vouches for them); signed ones must carry the running plugin's key.
    /// Refused with [`Error::UpdateRejected`] (and an
    /// [`crate::EventKind::UpdateRejected`] event) when the new version needs
    /// a permission that is not granted, its schema refuses the current
    /// configuration, or it fails to start; the old version keeps running.
    pub async fn update_bytes(
        &self,
        bytes: &[u8],
        source_name: &str,
    ) -> Result<Option<UpdateOutcome>> {
        let prepared = self.prepare(bytes.to_vec(), source_name, None).await?;
        let plugin = self.get(&prepared.manifest.id)?;
        let running = plugin.installed_publisher();
        let prepared = if running.is_key() { prepared } else { prepared.vouched_by(&running) };
        plugin.update_to(prepared).await
    }

    /// Makes `catalog` the host's catalog, and updates every registered
    /// plugin whose entry in it is another build than the one it runs
    /// (downloaded and checked like any catalog load). Plugins not
    /// registered load the new entries when they are next activated.
    pub async fn apply_catalog(&self, catalog: Catalog) -> Vec<CatalogUpdate> {
        self.set_catalog(catalog);
        let catalog = self.catalog().expect("just set");
        let mut updates = Vec::new();
        for plugin in self.plugins() {
            let Some(entry) = catalog.entry(plugin.id().as_str()) else { continue };
            if entry.sha256 == plugin.module_sha256() {
                continue;
            }
            let result = match self.prepared(&catalog, entry).await {
                Ok(prepared) => plugin.update_to(prepared).await,
                Err(error) => Err(error),
            };
            updates.push(CatalogUpdate { plugin: plugin.id().clone(), result });
        }
        updates
    }

    /// Reads the catalog at `url` again and applies it (see
    /// [`PluginHost::apply_catalog`]).
    pub async fn refresh_catalog(&self, url: &str) -> Result<Vec<CatalogUpdate>> {
        let catalog = crate::catalog::load_catalog(url).await?;
        Ok(self.apply_catalog(catalog).await)
    }
}

impl CatalogUpdate {
    /// The error, if the update was not applied.
    pub fn error(&self) -> Option<&Error> {
        self.result.as_ref().err()
    }
}
