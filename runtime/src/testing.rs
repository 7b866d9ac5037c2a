//! Loading a plugin into a real worker from a `wasm-bindgen-test`.
//!
//! For plugin authors: test your plugin in headless Chromium exactly as a site
//! will run it. The worker bundle and your built plugin must be served from
//! your crate's `tests/fixtures/` folder (wasm-bindgen-test-runner serves the
//! crate folder); in this repository `cargo xtask build` puts them there for
//! every crate in `plugins/`.
//!
//! ```no_run
//! # async fn test() -> annex_runtime::Result<()> {
//! use annex_runtime::protocol::api::filter::Filter;
//! use annex_runtime::{testing, RgbaImage};
//!
//! // Loads tests/fixtures/grayscale.wasm with tests/fixtures/annex-worker/.
//! let loaded = testing::load_fixture("grayscale").await?;
//! let image = RgbaImage::from_bytes(1, 1, &[255, 0, 0, 255])?;
//! let gray = loaded.plugin.canvas_filter()?.apply(image, &Filter::Grayscale).await?;
//! assert_eq!(gray.to_vec(), [54, 54, 54, 255]);
//! # Ok(()) }
//! ```

use crate::{HostConfig, LoadOptions, Plugin, PluginHost, Result, WorkerSource};

/// Where fixtures are served from, relative to the crate under test.
pub const FIXTURES: &str = "/tests/fixtures";

/// A host with one plugin loaded. Keep the host alive as long as you use the
/// plugin: dropping it stops the plugin's worker.
#[derive(Debug)]
pub struct Loaded {
    /// The host.
    pub host: PluginHost,
    /// The plugin, active.
    pub plugin: Plugin,
}

/// A host configuration using the worker bundle in [`FIXTURES`].
pub fn fixture_config() -> HostConfig {
    HostConfig::new(WorkerSource::from_base(&format!("{FIXTURES}/annex-worker")))
}

/// Loads `tests/fixtures/<name>.wasm` with its default configuration.
pub async fn load_fixture(name: &str) -> Result<Loaded> {
    load_fixture_with(name, fixture_config(), LoadOptions::default()).await
}

/// Loads `tests/fixtures/<name>.wasm` into a host with `config` (grant
/// permissions, shorten budgets...) and `options` (the plugin's configuration).
pub async fn load_fixture_with(
    name: &str,
    config: HostConfig,
    options: LoadOptions,
) -> Result<Loaded> {
    let host = PluginHost::new(config).await?;
    let plugin = host.load_url_with(&format!("{FIXTURES}/{name}.wasm"), options).await?;
    Ok(Loaded { host, plugin })
}
