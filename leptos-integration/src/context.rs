//! What `<PluginHost>` shares with the components below it.

use std::collections::BTreeMap;
use std::future::IntoFuture;

use annex_runtime::monitor::PluginMetrics;
use annex_runtime::protocol::PluginId;
use annex_runtime::{Error, HostEvent, Plugin, PluginHost, VisitContext};
use leptos::prelude::*;

use crate::metrics::EventCounts;

/// The plugin host of the nearest `<PluginHost>`, and what the components
/// need to follow it reactively. Cheap to copy; get it with
/// [`use_plugin_host`].
///
/// The host itself is a JavaScript-backed handle (`!Send`), so it lives in a
/// [`LocalResource`]: reading it (for example with [`HostContext::host`]
/// inside a `<Suspense>`) suspends until the host has started.
#[derive(Clone, Copy)]
pub struct HostContext {
    pub(crate) host: LocalResource<Result<PluginHost, Error>>,
    /// Bumped on every host event and by [`HostContext::notify_changed`].
    pub(crate) changes: RwSignal<u64>,
    /// The most recent events, oldest first.
    pub(crate) events: RwSignal<Vec<HostEvent>>,
    /// Per-plugin numbers gathered from the events.
    pub(crate) tallies: RwSignal<BTreeMap<PluginId, EventCounts>>,
    /// The route and roles last handed to the host (set after the host has them).
    pub(crate) visit: RwSignal<VisitContext>,
}

impl std::fmt::Debug for HostContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostContext").field("state", &self.state_untracked()).finish()
    }
}

/// Where the host of a `<PluginHost>` is: starting, running, or failed.
#[derive(Debug, Clone)]
pub enum HostState {
    /// The worker code, catalog and blocking (eager) plugins are loading.
    Starting,
    /// The host is running.
    Ready(PluginHost),
    /// The host could not start (the error says why: worker code, catalog,
    /// or a critical plugin that failed during bootstrap).
    Failed(Error),
}

impl HostState {
    fn from_resource(value: Option<Result<PluginHost, Error>>) -> Self {
        match value {
            None => Self::Starting,
            Some(Ok(host)) => Self::Ready(host),
            Some(Err(error)) => Self::Failed(error),
        }
    }

    /// A word for the state: `starting`, `ready` or `failed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Starting => "starting",
            Self::Ready(_) => "ready",
            Self::Failed(_) => "failed",
        }
    }
}

impl HostContext {
    /// The host's state (tracked). Inside a `<Suspense>`, reading it while
    /// the host starts suspends.
    pub fn state(&self) -> HostState {
        HostState::from_resource(self.host.get())
    }

    fn state_untracked(&self) -> HostState {
        HostState::from_resource(self.host.get_untracked())
    }

    /// The host once it runs (tracked); `None` while starting or after a failure.
    pub fn host(&self) -> Option<PluginHost> {
        self.host.get().and_then(Result::ok)
    }

    /// The host, not tracked.
    pub fn host_untracked(&self) -> Option<PluginHost> {
        self.host.get_untracked().and_then(Result::ok)
    }

    /// The resource holding the host: for `<Suspense>`, `<Transition>` and
    /// `Suspend::new(async move { ctx.resource().await })`.
    pub fn resource(&self) -> LocalResource<Result<PluginHost, Error>> {
        self.host
    }

    /// A registered plugin by id (tracked: re-runs when any plugin changes).
    pub fn plugin(&self, id: &PluginId) -> Option<Plugin> {
        self.track_changes();
        self.host().and_then(|host| host.plugin(id))
    }

    /// Subscribes the current reactive scope to every change the host
    /// reports (each host event).
    pub fn track_changes(&self) {
        self.changes.track();
    }

    /// Tells the components that something changed without an event (for
    /// example after granting or revoking a permission from app code), so
    /// they read the host again.
    pub fn notify_changed(&self) {
        self.changes.try_update(|n| *n += 1);
    }

    /// The route and roles the host currently plans and runs hooks with
    /// (tracked; changes after the host has them).
    pub fn visit(&self) -> VisitContext {
        self.visit.get()
    }
}

impl IntoFuture for HostContext {
    type Output = Result<PluginHost, Error>;
    type IntoFuture = <LocalResource<Result<PluginHost, Error>> as IntoFuture>::IntoFuture;

    /// Waits for the host to start.
    fn into_future(self) -> Self::IntoFuture {
        self.host.into_future()
    }
}

impl HostContext {
    /// What the events told about one plugin (tracked).
    pub fn event_counts(&self, id: &PluginId) -> EventCounts {
        self.tallies.with(|t| t.get(id).copied()).unwrap_or_default()
    }

    /// The runtime's measurements of one plugin (load time, calls, memory,
    /// storage, network, restarts), or `None` when it is not registered.
    ///
    /// Tracked for changes the host reports with events; calls and memory
    /// change without events, so a panel that shows them live reads again on
    /// a timer (as [`crate::PluginManager`] does).
    pub fn metrics(&self, id: &PluginId) -> Option<PluginMetrics> {
        self.plugin(id).map(|plugin| plugin.metrics())
    }
}

/// The context of the nearest `<PluginHost>` above the calling component.
///
/// # Panics
///
/// When there is no `<PluginHost>` above: that is a mistake in the app's
/// component tree, not something to handle at run time. Use
/// [`try_use_plugin_host`] where a host is optional.
#[track_caller]
pub fn use_plugin_host() -> HostContext {
    try_use_plugin_host().expect(
        "use_plugin_host: no <PluginHost> above this component; wrap the app (or this part of \
         it) in <PluginHost>",
    )
}

/// The context of the nearest `<PluginHost>`, if there is one.
pub fn try_use_plugin_host() -> Option<HostContext> {
    use_context::<HostContext>()
}
