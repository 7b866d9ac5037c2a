//! A registered plugin, as the host application sees it.

mod backlog;
mod dependencies;
pub(crate) use dependencies::check_loaded;
mod prepared;
pub(crate) use prepared::{check_grants, Prepared};
mod site;
pub(crate) use site::Site;
mod lifecycle;
mod monitoring;
mod permissions;
mod supervision;
mod update;

pub use update::UpdateOutcome;

pub use supervision::SupervisionConfig;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::{ErrorCode, Manifest, PluginError, PluginId};
use js_sys::{ArrayBuffer, WebAssembly};
use serde_json::{Map, Value};

use crate::api::{AnalyticsApi, CanvasFilterApi, CustomApi, NetworkApi, StorageApi, TypographyApi};
use crate::events::{EventBus, EventKind};
use crate::lifecycle::{PluginStatus, StatusKind};
use crate::monitor::{AlertLevels, PluginMetrics};
use crate::permissions::PermissionStatus;
use crate::worker::{WarmPool, WorkerConnection};
use crate::{Error, HostConfig, Result};
use annex_module::memory_cap::MemoryCap;
use annex_protocol::manifest::ApiFamily;

/// What every plugin of a host needs to start a worker.
#[derive(Debug)]
pub(crate) struct Env {
    pub(crate) config: HostConfig,
    pub(crate) worker_module: WebAssembly::Module,
    pub(crate) pool: Rc<WarmPool>,
    /// The fonts plugins provide, in their own namespace.
    pub(crate) fonts: crate::api::typography::FontBook,
}

/// A plugin registered with a [`crate::PluginHost`]. Cheap to clone; clones
/// share the plugin.
///
/// The handle stays valid after [`Plugin::unload`]: its status is then
/// [`StatusKind::Unloaded`] and calls fail.
#[derive(Debug, Clone)]
pub struct Plugin {
    inner: Rc<Inner>,
}

struct Inner {
    id: PluginId,
    /// The version running (or to run): manifest, publisher, memory cap,
    /// module. An update replaces it (see `update.rs`).
    installed: RefCell<Rc<Prepared>>,
    /// The version an update replaced, for [`Plugin::rollback`].
    previous: RefCell<Option<Retired>>,
    /// Set while an update swaps the worker: new calls wait for it.
    swap: RefCell<Option<update::SwapGate>>,
    /// Which worker is the plugin's: each start (and each update) makes a
    /// new generation; failures of workers of other generations are not crashes.
    generation: Cell<u32>,
    /// Every requested permission and where it stands.
    permissions: RefCell<Vec<PermissionStatus>>,
    env: Rc<Env>,
    events: Rc<EventBus>,
    /// The host it belongs to (see [`Site`]).
    site: Weak<dyn Site>,
    state: RefCell<State>,
    /// How many times it became active; from the second on, dependents are told.
    starts: Cell<u32>,
    /// When it was last called (or started), for idle parking.
    last_call_ms: Cell<f64>,
    /// Crash times within the supervisor's window.
    crashes: RefCell<Vec<f64>>,
    /// The last state checkpoint, handed back after a restart.
    saved_state: RefCell<Option<Vec<u8>>>,
    last_checkpoint_ms: Cell<f64>,
    metrics: RefCell<PluginMetrics>,
    alerts: RefCell<AlertLevels>,
    deliveries: backlog::Deliveries,
}

#[derive(Debug)]
struct State {
    status: PluginStatus,
    /// The compiled module, kept to start the plugin again (enable); dropped on unload.
    module: Option<WebAssembly::Module>,
    connection: Option<WorkerConnection>,
    config: Map<String, Value>,
}

impl PartialEq for Plugin {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

/// A version an update replaced, kept to roll back to.
#[derive(Debug, Clone)]
struct Retired {
    prepared: Rc<Prepared>,
    permissions: Vec<PermissionStatus>,
}

impl Plugin {
    /// The host's book of plugin fonts.
    pub(crate) fn font_book(&self) -> &crate::api::typography::FontBook {
        &self.inner.env.fonts
    }

    pub(crate) fn new(
        prepared: &Rc<Prepared>,
        permissions: Vec<PermissionStatus>,
        config: Map<String, Value>,
        site: Rc<dyn Site>,
    ) -> Self {
        let state = State {
            status: PluginStatus::Unloaded,
            module: Some(prepared.module.clone()),
            connection: None,
            config,
        };
        Self {
            inner: Rc::new(Inner {
                id: prepared.manifest.id.clone(),
                installed: RefCell::new(prepared.clone()),
                previous: RefCell::default(),
                swap: RefCell::default(),
                generation: Cell::new(0),
                permissions: RefCell::new(permissions),
                env: site.env(),
                events: site.events(),
                site: Rc::downgrade(&site),
                state: RefCell::new(state),
                starts: Cell::new(0),
                last_call_ms: Cell::new(crate::js::now_ms()),
                crashes: RefCell::default(),
                saved_state: RefCell::default(),
                last_checkpoint_ms: Cell::new(f64::NEG_INFINITY),
                metrics: RefCell::default(),
                alerts: RefCell::default(),
                deliveries: backlog::Deliveries::default(),
            }),
        }
    }

    /// The plugin's id.
    pub fn id(&self) -> &PluginId {
        &self.inner.id
    }

    /// The plugin's manifest, as read from its module (of the version
    /// running: an update replaces it).
    pub fn manifest(&self) -> Rc<Manifest> {
        self.inner.installed.borrow().manifest.clone()
    }

    /// The version running.
    pub fn version(&self) -> semver::Version {
        self.inner.installed.borrow().manifest.version.clone()
    }

    /// SHA-256 of the running version's module, as published.
    pub fn module_sha256(&self) -> String {
        self.inner.installed.borrow().sha256.clone()
    }

    /// The version its last update replaced, if it can roll back to it.
    pub fn previous_version(&self) -> Option<semver::Version> {
        self.inner.previous.borrow().as_ref().map(|r| r.prepared.manifest.version.clone())
    }

    /// The memory cap written into the running version's module.
    fn memory_cap(&self) -> Option<MemoryCap> {
        self.inner.installed.borrow().memory
    }

    /// Its status (with the reason, when it failed).
    pub fn status(&self) -> PluginStatus {
        self.inner.state.borrow().status.clone()
    }

    /// Its current configuration, defaults filled in.
    pub fn config(&self) -> Map<String, Value> {
        self.inner.state.borrow().config.clone()
    }

    /// Milliseconds since its last call (or its start).
    pub fn idle_ms(&self) -> f64 {
        crate::js::now_ms() - self.inner.last_call_ms.get()
    }

    /// Size of the plugin's linear memory after its last call, in bytes (0 when not running).
    pub fn memory_bytes(&self) -> u32 {
        self.inner.state.borrow().connection.as_ref().map_or(0, WorkerConnection::memory_bytes)
    }

    /// How this plugin's calls wait for asynchronous host functions in this
    /// browser (JSPI, the Asyncify fallback, or not at all), once its worker
    /// has instantiated it.
    pub fn suspension(&self) -> Option<annex_protocol::abi::CallSuspension> {
        self.inner.state.borrow().connection.as_ref().and_then(WorkerConnection::suspension)
    }

    /// Round trip to the plugin with an empty request.
    pub async fn ping(&self) -> Result<()> {
        match self.call(PluginRequest::Ping, None).await?.0 {
            PluginResponse::Pong => Ok(()),
            other => Err(self.protocol(format!("answered ping with {other:?}"))),
        }
    }

    /// The host this plugin belongs to, while it exists.
    pub(crate) fn site(&self) -> Option<Rc<dyn Site>> {
        self.inner.site.upgrade()
    }

    /// The canvas-filter API, if the plugin declares it.
    pub fn canvas_filter(&self) -> Result<CanvasFilterApi> {
        if self.manifest().capabilities.canvas_filter.is_none() {
            return Err(self.unsupported("canvas_filter"));
        }
        Ok(CanvasFilterApi::new(self.clone()))
    }

    /// The analytics API, if the plugin declares it.
    pub fn analytics(&self) -> Result<AnalyticsApi> {
        self.family(ApiFamily::Analytics).map(|p| AnalyticsApi::new(p.clone()))
    }

    /// The storage API, if the plugin declares it.
    pub fn storage(&self) -> Result<StorageApi> {
        self.family(ApiFamily::Storage).map(|p| StorageApi::new(p.clone()))
    }

    /// The typography API (text effects, fonts), if the plugin declares it.
    pub fn typography(&self) -> Result<TypographyApi> {
        self.family(ApiFamily::Typography).map(|p| TypographyApi::new(p.clone()))
    }

    /// The network API, if the plugin declares it.
    pub fn network(&self) -> Result<NetworkApi> {
        self.family(ApiFamily::Network).map(|p| NetworkApi::new(p.clone()))
    }

    /// The custom API `api`, if the manifest lists it under `capabilities.custom`.
    pub fn custom(&self, api: &str) -> Result<CustomApi> {
        if !self.manifest().capabilities.custom.iter().any(|a| a == api) {
            return Err(Error::Plugin {
                plugin: self.id().clone(),
                error: PluginError::unsupported(format!(
                    "does not offer the custom API `{api}` (its manifest lists: {})",
                    self.manifest().capabilities.custom.join(", ")
                )),
            });
        }
        Ok(CustomApi::new(self.clone(), api.to_owned()))
    }

    /// This plugin, if it declares `family`.
    pub(crate) fn family(&self, family: ApiFamily) -> Result<&Self> {
        if self.manifest().capabilities.has(family) {
            Ok(self)
        } else {
            Err(self.unsupported(family.as_str()))
        }
    }

    /// Time budget of one call: the manifest's `call_ms`, capped by the host's.
    fn call_budget(&self) -> Duration {
        let declared = Duration::from_millis(self.manifest().loading.timeouts.call_ms.into());
        declared.min(self.inner.env.config.call_timeout)
    }

    /// Time budget of starting: the manifest's `init_ms`, capped by the host's.
    fn init_budget(&self) -> Duration {
        let declared = Duration::from_millis(self.manifest().loading.timeouts.init_ms.into());
        declared.min(self.inner.env.config.load_timeout)
    }

    /// Sends a request to the running plugin. A timeout, trap or panic
    /// stops the plugin: its status becomes [`PluginStatus::Error`].
    pub(crate) async fn call(
        &self,
        request: PluginRequest,
        payload: Option<ArrayBuffer>,
    ) -> Result<(PluginResponse, Option<ArrayBuffer>)> {
        self.wait_for_swap().await;
        if self.status().kind() == StatusKind::Parked {
            self.unpark().await?;
        }
        self.inner.last_call_ms.set(crate::js::now_ms());
        let method = request.method();
        let connection = self.running_connection(method)?;
        self.check_backlog(&connection)?;
        let started = crate::js::now_ms();
        let result = connection.call(request, payload, self.call_budget()).await;
        self.record_call(crate::js::now_ms() - started, result.as_ref().map(drop));
        match &result {
            Err(error) => {
                let fatal = matches!(
                    error,
                    Error::Plugin {
                        error: PluginError {
                            code: ErrorCode::Trap | ErrorCode::Panic | ErrorCode::MemoryLimit,
                            ..
                        },
                        ..
                    }
                );
                if fatal {
                    self.crashed(error.clone());
                }
            }
            Ok(_) if !matches!(method, "save_state" | "restore_state" | "cleanup" | "ping") => {
                self.checkpoint_soon();
            }
            Ok(_) => {}
        }
        result
    }

    /// The worker connection, if the plugin can take calls now.
    fn running_connection(&self, operation: &'static str) -> Result<WorkerConnection> {
        let state = self.inner.state.borrow();
        match (&state.status, &state.connection) {
            (PluginStatus::Active, Some(connection)) => Ok(connection.clone()),
            (PluginStatus::Error(error), _) => Err(match error {
                Error::Terminated { .. } => error.clone(),
                other => Error::Terminated { plugin: self.id().clone(), reason: other.to_string() },
            }),
            (status, _) => Err(Error::InvalidState {
                plugin: self.id().clone(),
                status: status.kind(),
                operation,
            }),
        }
    }

    /// Moves to `next`, emitting [`EventKind::StatusChanged`]; an illegal move is an error.
    fn set_status(&self, next: PluginStatus, operation: &'static str) -> Result<()> {
        let to = next.kind();
        let from = {
            let mut state = self.inner.state.borrow_mut();
            let from = state.status.kind();
            if !from.can_become(to) {
                return Err(Error::InvalidState {
                    plugin: self.id().clone(),
                    status: from,
                    operation,
                });
            }
            state.status = next;
            from
        };
        self.emit(EventKind::StatusChanged { from, to });
        Ok(())
    }

    fn emit(&self, kind: EventKind) {
        self.inner.events.emit(Some(self.id()), kind);
    }

    pub(crate) fn protocol(&self, reason: String) -> Error {
        Error::Plugin {
            plugin: self.id().clone(),
            error: PluginError::new(ErrorCode::Protocol, reason),
        }
    }

    fn unsupported(&self, family: &str) -> Error {
        Error::Plugin {
            plugin: self.id().clone(),
            error: PluginError::unsupported(format!(
                "does not implement the `{family}` API (see its manifest's capabilities)"
            )),
        }
    }
}

impl StatusKind {
    /// Whether a plugin in this status has a worker.
    pub(crate) fn has_worker(self) -> bool {
        matches!(self, StatusKind::Loaded | StatusKind::Active)
    }
}
