//! The plugin host: the registry of plugins and the entry point of the runtime.

mod activations;
mod bootstrap;
mod catalog;
mod check;
mod context;
mod follow;
mod load;
mod plugin_events;
mod query;
mod running;
mod site;
mod updates;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use annex_protocol::catalog::Catalog;
use annex_protocol::manifest::HookName;
use annex_protocol::PluginId;

pub use bootstrap::BootstrapReport;
pub use context::VisitContext;
pub use query::PluginQuery;
pub use updates::CatalogUpdate;

pub(crate) use load::compile;

use crate::cache::ModuleCache;
use crate::events::EventBus;
use crate::fetch::fetch_bytes;
use crate::hooks::{builtin_points, HookPoint, HookRun};
use crate::permissions::GrantStore;
use crate::plugin::Env;
use crate::scheduler::Scheduler;
use crate::worker::WarmPool;
use crate::{Error, HostConfig, Plugin, Result};

/// How many events [`PluginHost::events`] keeps for late readers.
const RECENT_EVENTS: usize = 200;

/// Options for loading one plugin.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct LoadOptions {
    /// Configuration (a JSON object), checked against the plugin's schema;
    /// `null` for the defaults.
    pub config: serde_json::Value,
}

impl LoadOptions {
    /// Loads with this configuration.
    pub fn config(config: serde_json::Value) -> Self {
        Self { config }
    }
}

/// Loads plugins, each into its own Web Worker, and keeps track of them.
///
/// Cheap to clone; clones share the same registry.
#[derive(Debug, Clone)]
pub struct PluginHost {
    shared: Rc<HostShared>,
}

/// What the host and its plugins share.
#[derive(Debug)]
pub(crate) struct HostShared {
    pub(crate) env: Rc<Env>,
    pub(crate) plugins: RefCell<BTreeMap<PluginId, Plugin>>,
    pub(crate) events: Rc<EventBus>,
    pub(crate) hooks: RefCell<BTreeMap<HookName, HookPoint>>,
    pub(crate) context: RefCell<VisitContext>,
    pub(crate) catalog: RefCell<Option<Rc<Catalog>>>,
    /// The module cache, when enabled and IndexedDB is available.
    pub(crate) cache: Option<ModuleCache>,
    /// Remembered permission decisions, when enabled and IndexedDB is available.
    pub(crate) grant_store: Option<GrantStore>,
    /// Compiled modules by SHA-256: each catalog plugin compiles once per page.
    pub(crate) compiled: RefCell<HashMap<String, Rc<crate::plugin::Prepared>>>,
    pub(crate) scheduler: Scheduler,
    /// What preload rules know about the device.
    pub(crate) device: RefCell<crate::planner::Device>,
    pub(crate) preloads: bootstrap::Preloads,
    pub(crate) subscriptions: plugin_events::Subscriptions,
    /// Catalog activations under way, shared by everyone asking meanwhile.
    pub(crate) activations: activations::Activations,
    /// How many times [`PluginHost::follow_catalog`] was called: the
    /// follower of the latest call is the one that runs.
    pub(crate) following: std::cell::Cell<u32>,
    /// Parks idle plugins, when `park_idle_after` is set.
    idle_sweep: RefCell<Option<gloo_timers::callback::Interval>>,
}

impl PluginHost {
    /// Starts a host: downloads and compiles the worker code once, so each
    /// plugin worker starts from the compiled module.
    pub async fn new(config: HostConfig) -> Result<Self> {
        let wasm_url = &config.worker.wasm_url;
        let bytes = fetch_bytes(wasm_url, None, None).await.map_err(|f| {
            Error::Setup(format!("cannot fetch the worker code {wasm_url}: {}", f.reason))
        })?;
        let worker_module = compile(&bytes).await.map_err(|reason| {
            Error::Setup(format!("cannot compile the worker code {wasm_url}: {reason}"))
        })?;
        let cache = match &config.cache {
            Some(cache_config) => match ModuleCache::open(cache_config).await {
                Ok(cache) => Some(cache),
                Err(reason) => {
                    crate::js::warn(&format!("annex: module cache disabled: {reason}"));
                    None
                }
            },
            None => None,
        };
        let grant_store = match &config.permissions.database {
            Some(name) => match GrantStore::open(name).await {
                Ok(store) => Some(store),
                Err(reason) => {
                    crate::js::warn(&format!(
                        "annex: permissions will not be remembered: {reason}"
                    ));
                    None
                }
            },
            None => None,
        };
        let scheduler = Scheduler::new(config.scheduler);
        let pool = WarmPool::new();
        pool.refill(&config, &worker_module);
        let fonts = Default::default();
        let env = Rc::new(Env { config, worker_module, pool, fonts });
        let shared = Rc::new(HostShared {
            env,
            plugins: RefCell::default(),
            events: EventBus::new(RECENT_EVENTS),
            hooks: RefCell::new(builtin_points()),
            context: RefCell::default(),
            catalog: RefCell::default(),
            cache,
            grant_store,
            compiled: RefCell::default(),
            scheduler,
            device: RefCell::new(PluginHost::detect_device()),
            preloads: bootstrap::Preloads::default(),
            subscriptions: plugin_events::Subscriptions::default(),
            activations: activations::Activations::default(),
            following: std::cell::Cell::new(0),
            idle_sweep: RefCell::default(),
        });
        if let Some(after) = shared.env.config.park_idle_after {
            *shared.idle_sweep.borrow_mut() = Some(idle_sweep(&shared, after));
        }
        Ok(Self { shared })
    }

    /// The host's configuration.
    pub fn config(&self) -> &HostConfig {
        &self.shared.env.config
    }

    /// The event stream: subscribe, or read the most recent events.
    pub fn events(&self) -> Rc<EventBus> {
        self.shared.events.clone()
    }

    /// A registered plugin by id.
    pub fn plugin(&self, id: &PluginId) -> Option<Plugin> {
        self.shared.plugins.borrow().get(id).cloned()
    }

    /// Every registered plugin, ordered by id.
    pub fn plugins(&self) -> Vec<Plugin> {
        self.shared.plugins.borrow().values().cloned().collect()
    }

    /// The registered plugins matching `query`, ordered by id.
    pub fn find(&self, query: &PluginQuery) -> Vec<Plugin> {
        self.plugins().into_iter().filter(|p| query.matches(p)).collect()
    }

    /// The name a plugin-provided font `family` is registered under in
    /// `document.fonts`, for a page that wants it in its own CSS; `None`
    /// when no running plugin provides it. Plugin fonts never take the
    /// family name they claim (see [`crate::TypographyApi::register_fonts`]).
    ///
    /// ```no_run
    /// # fn demo(host: &annex_runtime::PluginHost) {
    /// if let Some(family) = host.font_family("Annex Serif") {
    ///     let css = format!("font: 700 48px \"{family}\", serif");
    /// #   let _ = css;
    /// }
    /// # }
    /// ```
    pub fn font_family(&self, family: &str) -> Option<String> {
        self.shared.env.fonts.resolve(family)
    }

    /// Declares a host-defined hook point (`custom:<name>`), or changes whether
    /// a declared one stops on the first failing handler.
    pub fn declare_hook(&self, name: HookName, stop_on_error: bool) {
        self.shared.hooks.borrow_mut().insert(name.clone(), HookPoint { name, stop_on_error });
    }

    /// Every hook point the host offers: the built-in ones and those declared.
    pub fn hook_points(&self) -> Vec<HookPoint> {
        self.shared.hooks.borrow().values().cloned().collect()
    }

    /// Runs a hook point over the active plugins that subscribe to it (see
    /// [`crate::hooks`] for the order and rules) and returns the final data
    /// with a trace of what each plugin did.
    pub async fn run_hook(&self, hook: &HookName, data: serde_json::Value) -> Result<HookRun> {
        crate::hooks::run_hook(&self.shared, hook, data).await
    }

    /// Sets the current route (from the router), used by hook conditions and
    /// preload rules.
    pub fn set_route(&self, route: &str) {
        self.shared.context.borrow_mut().route = route.to_owned();
    }

    /// Sets the current user's roles, used by hook conditions and preload rules.
    pub fn set_roles(&self, roles: Vec<String>) {
        self.shared.context.borrow_mut().roles = roles;
    }

    /// The current route and roles.
    pub fn context(&self) -> VisitContext {
        self.shared.context.borrow().clone()
    }

    /// Warm workers booted and waiting for a plugin.
    pub fn warm_workers(&self) -> usize {
        self.shared.env.pool.idle()
    }

    /// The module cache, if enabled and available.
    pub fn cache(&self) -> Option<&ModuleCache> {
        self.shared.cache.as_ref()
    }

    /// Looks a plugin up, or fails with [`Error::NotFound`].
    pub fn get(&self, id: &PluginId) -> Result<Plugin> {
        self.plugin(id).ok_or_else(|| Error::NotFound { plugin: id.clone() })
    }
}

/// Every quarter of `after` (at least every 50 ms), parks the active plugins
/// idle for longer than `after`.
fn idle_sweep(
    shared: &Rc<HostShared>,
    after: std::time::Duration,
) -> gloo_timers::callback::Interval {
    let weak = Rc::downgrade(shared);
    let limit_ms = after.as_millis() as f64;
    let every = (after.as_millis() / 4).clamp(50, 5_000) as u32;
    gloo_timers::callback::Interval::new(every, move || {
        let Some(shared) = weak.upgrade() else { return };
        let idle: Vec<Plugin> = shared
            .plugins
            .borrow()
            .values()
            .filter(|p| p.status().kind() == crate::StatusKind::Active && p.idle_ms() > limit_ms)
            .cloned()
            .collect();
        for plugin in idle {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = plugin.park().await;
            });
        }
    })
}
