//! How a [`crate::PluginHost`] is set up.

use std::time::Duration;

use annex_module::limits::ModuleLimits;
use annex_protocol::abi::SuspensionMode;
use annex_protocol::api::network::NetworkPolicy;
use std::future::Future;

use annex_protocol::permission::Permission;

use crate::permissions::{Approval, ApprovalRequest, Approver, PermissionPolicy, SignaturePolicy};

use crate::cache::CacheConfig;
use crate::plugin::SupervisionConfig;
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
    /// Largest linear memory per plugin, written into the module as its
    /// memory's maximum before it is compiled; growing past it fails inside
    /// the plugin. Default: 128 MiB.
    pub memory_bytes: u64,
    /// Largest data (payload, e.g. a filtered image) one call may return;
    /// larger data is dropped in the worker and the call fails. Default: 64 MiB.
    pub max_result_bytes: u64,
    /// Largest answer (JSON) one call, hook handler or `initialize` may
    /// return; a larger one is dropped in the worker and the call fails.
    /// The page's main thread decodes every answer, so this bounds the
    /// time one answer can take from it. Default: 1 MiB.
    pub max_answer_bytes: u64,
    /// Events per second a plugin may emit. Default: 100.
    pub events_per_second: u32,
    /// Log lines per second forwarded from a plugin. Default: 50.
    pub logs_per_second: u32,
    /// What a module may declare (memories, tables, globals, functions,
    /// segments) and its size, checked before it is compiled; a download is
    /// stopped as soon as it passes `module_bytes`. See [`ModuleLimits`].
    pub module: ModuleLimits,
    /// Event types a plugin may be subscribed to at once; past it,
    /// subscribing fails inside the plugin. Default: 256.
    pub max_subscriptions: u32,
    /// Longest log line or panic message kept from a plugin, in bytes; the
    /// rest is cut. Default: 8 KiB.
    pub max_log_bytes: u32,
    /// Largest state a plugin's `save_state` may hand over; a larger one is
    /// refused and the previous checkpoint stays. Default: 1 MiB.
    pub max_state_bytes: u64,
    /// Calls to one plugin that may wait for an answer at once; past it, a
    /// call fails at once with `budget_exceeded`. Default: 256.
    pub max_pending_calls: u32,
    /// Events on their way to one plugin at once (delivered, not yet
    /// answered); past it, events for that plugin are dropped and counted
    /// (a [`crate::events::EventKind::Throttled`] event with `what:
    /// "deliveries"`). Default: 64.
    pub max_events_in_flight: u32,
}

impl Default for PluginLimits {
    fn default() -> Self {
        Self {
            storage_quota_bytes: 1 << 20,
            network: NetworkPolicy::default(),
            memory_bytes: 128 << 20,
            max_result_bytes: 64 << 20,
            max_answer_bytes: 1 << 20,
            events_per_second: 100,
            logs_per_second: 50,
            module: ModuleLimits::default(),
            max_subscriptions: 256,
            max_log_bytes: 8 * 1024,
            max_state_bytes: 1 << 20,
            max_pending_calls: 256,
            max_events_in_flight: 64,
        }
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
    /// How requested permissions are decided. Default:
    /// [`PermissionPolicy::default`] (canvas access granted, everything else
    /// needs approval).
    pub permissions: PermissionPolicy,
    /// Answers requests the policy sends for approval; without one they are
    /// denied. Default: none.
    pub approver: Option<Approver>,
    /// Which module signatures are required or trusted. Default: signatures
    /// are checked when present, unsigned modules are accepted.
    pub signatures: SignaturePolicy,
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
    /// How crashed plugins are restarted. Default: [`SupervisionConfig::default`].
    pub supervision: SupervisionConfig,
    /// What a missing peer dependency is when activating from a catalog.
    /// Default: a warning.
    pub peer_policy: PeerPolicy,
    /// A label for this host, prefixed to its workers' names (`label/plugin-id`)
    /// so pages with several hosts can tell their workers apart in dev tools.
    /// Default: none (workers are named after the plugin id).
    pub label: Option<String>,
    /// How plugin calls wait for asynchronous host functions (storage,
    /// network). Default: [`SuspensionMode::Auto`], JSPI where the browser
    /// has it, else the Asyncify fallback for modules built with it.
    pub suspension: SuspensionMode,
}

impl HostConfig {
    /// The defaults, with the given worker source.
    pub fn new(worker: WorkerSource) -> Self {
        Self {
            worker,
            permissions: PermissionPolicy::default(),
            approver: None,
            signatures: SignaturePolicy::default(),
            call_timeout: Duration::from_secs(5),
            load_timeout: Duration::from_secs(10),
            label: None,
            cache: Some(CacheConfig::default()),
            scheduler: SchedulerConfig::default(),
            warm_workers: 1,
            limits: PluginLimits::default(),
            park_idle_after: None,
            peer_policy: PeerPolicy::Warn,
            supervision: SupervisionConfig::default(),
            suspension: SuspensionMode::Auto,
        }
    }

    /// Sets [`HostConfig::suspension`].
    pub fn suspension(mut self, mode: SuspensionMode) -> Self {
        self.suspension = mode;
        self
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

    /// Grants `permission` to every plugin that requests it (moves it to the
    /// policy's [`PermissionPolicy::auto_grant`] set).
    pub fn grant(mut self, permission: Permission) -> Self {
        self.permissions = self.permissions.auto(permission);
        self
    }

    /// Sets [`HostConfig::permissions`].
    pub fn permissions(mut self, policy: PermissionPolicy) -> Self {
        self.permissions = policy;
        self
    }

    /// Sets the approver: an async function that answers permission requests
    /// the policy wants approved, usually by asking the user.
    ///
    /// ```
    /// use annex_runtime::permissions::Approval;
    /// use annex_runtime::protocol::Permission;
    /// use annex_runtime::{HostConfig, WorkerSource};
    ///
    /// // Allows storage, refuses everything else it is asked about.
    /// let config = HostConfig::new(WorkerSource::from_base("/annex-worker")).approver(
    ///     |request| async move {
    ///         let storage = matches!(request.permission, Permission::StorageRead | Permission::StorageWrite);
    ///         if storage { Approval::allow(false) } else { Approval::deny(false) }
    ///     },
    /// );
    /// # let _ = config;
    /// ```
    pub fn approver<F, Fut>(mut self, approver: F) -> Self
    where
        F: Fn(ApprovalRequest) -> Fut + 'static,
        Fut: Future<Output = Approval> + 'static,
    {
        self.approver = Some(Approver::new(approver));
        self
    }
}
