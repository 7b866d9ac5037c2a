//! The plugin host: the registry of plugins and the entry point of the runtime.

mod check;
mod context;
mod query;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use annex_protocol::catalog::Catalog;
use annex_protocol::manifest::HookName;
use annex_protocol::{PluginId, HOST_API_VERSION};
use js_sys::{Uint8Array, WebAssembly};
use wasm_bindgen_futures::JsFuture;

pub use context::VisitContext;
pub use query::PluginQuery;

use crate::events::{DependencyChange, EventBus, EventKind};
use crate::fetch::fetch_bytes;
use crate::hooks::{builtin_points, HookPoint, HookRun};
use crate::js::error_text;
use crate::lifecycle::StatusKind;
use crate::plugin::Env;
use crate::resolver::{Request, Resolver};
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
}

impl PluginHost {
    /// Starts a host: downloads and compiles the worker code once, so each
    /// plugin worker starts from the compiled module.
    pub async fn new(config: HostConfig) -> Result<Self> {
        let wasm_url = &config.worker.wasm_url;
        let bytes = fetch_bytes(wasm_url).await.map_err(|reason| {
            Error::Setup(format!("cannot fetch the worker code {wasm_url}: {reason}"))
        })?;
        let worker_module = compile(&bytes).await.map_err(|reason| {
            Error::Setup(format!("cannot compile the worker code {wasm_url}: {reason}"))
        })?;
        let env = Rc::new(Env { config, worker_module });
        let shared = Rc::new(HostShared {
            env,
            plugins: RefCell::default(),
            events: EventBus::new(RECENT_EVENTS),
            hooks: RefCell::new(builtin_points()),
            context: RefCell::default(),
            catalog: RefCell::default(),
        });
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

    /// Downloads a plugin module and loads it with its default configuration.
    pub async fn load_url(&self, url: &str) -> Result<Plugin> {
        self.load_url_with(url, LoadOptions::default()).await
    }

    /// Downloads a plugin module and loads it (see [`PluginHost::load_bytes_with`]).
    pub async fn load_url_with(&self, url: &str, options: LoadOptions) -> Result<Plugin> {
        self.shared.events.emit(None, EventKind::LoadStarted { source: url.to_owned() });
        let bytes = match fetch_bytes(url).await {
            Ok(bytes) => bytes,
            Err(reason) => {
                return Err(self.load_failed(Error::Fetch { url: url.to_owned(), reason }))
            }
        };
        self.load_module(&bytes, url, options).await
    }

    /// Loads a plugin from module bytes with its default configuration.
    pub async fn load_bytes(&self, bytes: &[u8], source_name: &str) -> Result<Plugin> {
        self.load_bytes_with(bytes, source_name, LoadOptions::default()).await
    }

    /// Loads a plugin from module bytes. `source_name` (a URL or file name)
    /// names the plugin in errors until its manifest has been read.
    ///
    /// In order, before any plugin code runs: the module is parsed, its
    /// `annex.manifest` section validated, its imports checked against the
    /// permissions granted, its ABI exports checked, and the configuration
    /// checked against the manifest's schema. Then it is compiled, a worker is
    /// started, and the plugin is instantiated and initialized there. The
    /// returned plugin is [`StatusKind::Active`].
    pub async fn load_bytes_with(
        &self,
        bytes: &[u8],
        source_name: &str,
        options: LoadOptions,
    ) -> Result<Plugin> {
        self.shared.events.emit(None, EventKind::LoadStarted { source: source_name.to_owned() });
        self.load_module(&Uint8Array::from(bytes), source_name, options).await
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

    /// Sets the catalog [`PluginHost::activate`] resolves against (see
    /// [`crate::catalog::load_catalog`]).
    pub fn set_catalog(&self, catalog: Catalog) {
        *self.shared.catalog.borrow_mut() = Some(Rc::new(catalog));
    }

    /// The catalog, if one was set.
    pub fn catalog(&self) -> Option<Rc<Catalog>> {
        self.shared.catalog.borrow().clone()
    }

    /// Loads a plugin from the catalog with everything it depends on,
    /// dependencies first (see [`crate::resolver`] for how versions are
    /// chosen). Plugins already running keep their version. Returns the plugin,
    /// active.
    pub async fn activate(&self, id: &PluginId) -> Result<Plugin> {
        let catalog = self.catalog().ok_or_else(|| {
            Error::InvalidInput("no catalog is set; call PluginHost::set_catalog first".into())
        })?;
        let running: Vec<Plugin> =
            self.plugins().into_iter().filter(|p| p.status().kind().has_worker()).collect();
        let running_ids: Vec<&PluginId> = running.iter().map(Plugin::id).collect();
        let available = catalog
            .plugins
            .iter()
            .map(|e| &e.manifest)
            .filter(|m| !running_ids.contains(&&m.id))
            .chain(running.iter().map(Plugin::manifest));
        let resolution = Resolver::new(available, HOST_API_VERSION)
            .peer_policy(self.config().peer_policy)
            .resolve(&[Request::any(id.clone())])
            .map_err(|e| Error::Dependency(Box::new(e)))?;
        for warning in &resolution.warnings {
            crate::js::warn(&format!("annex: activating {id}: {warning}"));
        }
        for next in &resolution.order {
            if running_ids.contains(&next) {
                continue;
            }
            let manifest = &resolution.selected[next];
            let entry = catalog
                .plugins
                .iter()
                .find(|e| &e.manifest.id == next && e.manifest.version == manifest.version)
                .expect("the resolver only picks catalog entries");
            self.load_url(&entry.url).await?;
        }
        self.get(id)
    }

    /// Looks a plugin up, or fails with [`Error::NotFound`].
    pub fn get(&self, id: &PluginId) -> Result<Plugin> {
        self.plugin(id).ok_or_else(|| Error::NotFound { plugin: id.clone() })
    }

    async fn load_module(
        &self,
        bytes: &Uint8Array,
        source_name: &str,
        options: LoadOptions,
    ) -> Result<Plugin> {
        let started = crate::js::now_ms();
        let env = &self.shared.env;
        let checked = check::check(&bytes.to_vec(), source_name, &env.config.auto_grant)
            .map_err(|e| self.load_failed(e))?;
        let id = checked.manifest.id.clone();
        let config =
            annex_protocol::manifest::resolve_config(&checked.manifest.config, &options.config)
                .map_err(|errors| self.load_failed(Error::Config { plugin: id.clone(), errors }))?;
        crate::plugin::check_loaded(&self.shared, &checked.manifest)
            .map_err(|e| self.load_failed(e))?;
        let replaced = match self.plugin(&id) {
            // A failed or disabled plugin may be replaced; a running one may not.
            Some(existing) => match existing.status().kind() {
                StatusKind::Error | StatusKind::Disabled => {
                    existing.unload_unchecked().await?;
                    Some(existing.manifest().version.clone())
                }
                _ => return Err(self.load_failed(Error::AlreadyLoaded { plugin: id })),
            },
            None => None,
        };
        let module = compile(bytes)
            .await
            .map_err(|reason| self.load_failed(Error::Compile { plugin: id.clone(), reason }))?;
        let version = checked.manifest.version.clone();
        let plugin = Plugin::new(checked.manifest, checked.grants, module, config, &self.shared);
        self.shared.plugins.borrow_mut().insert(id, plugin.clone());
        plugin.activate(started).await?;
        match replaced {
            Some(from) if from != version => {
                plugin.notify_dependents(DependencyChange::VersionChanged { from, to: version })
            }
            Some(_) => plugin.notify_dependents(DependencyChange::Restarted),
            None => {}
        }
        Ok(plugin)
    }

    fn load_failed(&self, error: Error) -> Error {
        self.shared.events.emit(error.plugin(), EventKind::LoadFailed { error: error.clone() });
        error
    }
}

async fn compile(bytes: &Uint8Array) -> std::result::Result<WebAssembly::Module, String> {
    let module = JsFuture::from(WebAssembly::compile(bytes)).await.map_err(|e| error_text(&e))?;
    Ok(module.into())
}
