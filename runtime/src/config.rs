//! How a [`crate::PluginHost`] is set up.

use std::time::Duration;

use annex_protocol::api::network::NetworkPolicy;
use annex_protocol::permission::{Permission, PermissionSet};

use crate::cache::CacheConfig;
use crate::resolver::PeerPolicy;
use crate::scheduler::SchedulerConfig;

/// Where the plugin worker's code is served from.
///
/// The worker is a small wasm-bindgen program (`annex-worker`) plus a module
/// loader script. `cargo xtask build` puts all three files in one folder:
/// `annex-worker-loader.js`, `annex_worker.js` and `annex_worker_bg.wasm`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerSource {
    /// URL of `annex-worker-loader.js`, the entry script of every plugin worker.
    pub script_url: String,
    /// URL of `annex_worker_bg.wasm`; the host compiles it once and hands the
    /// compiled module to each new worker.
    pub wasm_url: String,
}

impl WorkerSource {
    /// The worker files in the folder at `base` (with or without a trailing `/`).
    ///
    /// ```
    /// let source = annex_runtime::WorkerSource::from_base("/annex-worker");
    /// assert_eq!(source.script_url, "/annex-worker/annex-worker-loader.js");
    /// ```
    pub fn from_base(base: &str) -> Self {
        let base = base.trim_end_matches('/');
        Self {
            script_url: format!("{base}/annex-worker-loader.js"),
            wasm_url: format!("{base}/annex_worker_bg.wasm"),
        }
    }
}

/// Limits the worker enforces on each plugin's host calls.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PluginLimits {
    /// Bytes of storage per plugin (keys and values). Default: 1 MiB.
    pub storage_quota_bytes: u64,
    /// Network access. Default: no host allowed, 60 requests per minute,
    /// 5 MiB responses, 10 s per request.
    pub network: NetworkPolicy,
}

impl Default for PluginLimits {
    fn default() -> Self {
        Self { storage_quota_bytes: 1 << 20, network: NetworkPolicy::default() }
    }
}

/// Configuration of a [`crate::PluginHost`].
///
/// ```
/// use std::time::Duration;
/// use annex_runtime::{HostConfig, WorkerSource};
///
/// let config = HostConfig::new(WorkerSource::from_base("/annex-worker"))
///     .call_timeout(Duration::from_millis(500));
/// assert_eq!(config.call_timeout, Duration::from_millis(500));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HostConfig {
    /// Where the worker code is.
    pub worker: WorkerSource,
    /// Permissions granted to any plugin that requests them. A plugin that
    /// requests (or imports a function needing) anything else is refused.
    /// Default: `canvas.read` and `canvas.write`, which only expose pixels the
    /// host itself hands over.
    pub auto_grant: PermissionSet,
    /// Time budget of one call. Past it the plugin's worker is terminated and
    /// the plugin is marked failed. Default: 5 s.
    pub call_timeout: Duration,
    /// Time budget for starting a worker and initializing the plugin. Default: 10 s.
    pub load_timeout: Duration,
    /// The IndexedDB module cache; `None` turns it off. Default: on, with
    /// [`CacheConfig::default`].
    pub cache: Option<CacheConfig>,
    /// Limits every plugin gets (a manifest's budgets may only tighten them).
    pub limits: PluginLimits,
    /// Workers booted ahead of need, so activation skips worker start-up.
    /// Default: 1.
    pub warm_workers: usize,
    /// Park plugins that have not been called for this long (their worker
    /// stops; the next call starts them again). Default: never.
    pub park_idle_after: Option<Duration>,
    /// How many loads run at once and how many may wait.
    pub scheduler: SchedulerConfig,
    /// What a missing peer dependency is when activating from a catalog.
    /// Default: a warning.
    pub peer_policy: PeerPolicy,
    /// A label for this host, prefixed to its workers' names (`label/plugin-id`)
    /// so pages with several hosts can tell their workers apart in dev tools.
    /// Default: none (workers are named after the plugin id).
    pub label: Option<String>,
}

impl HostConfig {
    /// The defaults, with the given worker source.
    pub fn new(worker: WorkerSource) -> Self {
        Self {
            worker,
            auto_grant: [Permission::CanvasRead, Permission::CanvasWrite].into_iter().collect(),
            call_timeout: Duration::from_secs(5),
            load_timeout: Duration::from_secs(10),
            label: None,
            cache: Some(CacheConfig::default()),
            scheduler: SchedulerConfig::default(),
            warm_workers: 1,
            limits: PluginLimits::default(),
            park_idle_after: None,
            peer_policy: PeerPolicy::Warn,
        }
    }

    /// Sets [`HostConfig::call_timeout`].
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = timeout;
        self
    }

    /// Sets [`HostConfig::load_timeout`].
    pub fn load_timeout(mut self, timeout: Duration) -> Self {
        self.load_timeout = timeout;
        self
    }

    /// Sets [`HostConfig::label`].
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// The name given to the worker of plugin `id`.
    pub fn worker_name(&self, id: &str) -> String {
        match &self.label {
            Some(label) => format!("{label}/{id}"),
            None => id.to_owned(),
        }
    }

    /// Adds a permission to [`HostConfig::auto_grant`].
    pub fn grant(mut self, permission: Permission) -> Self {
        self.auto_grant.insert(permission);
        self
    }
}
