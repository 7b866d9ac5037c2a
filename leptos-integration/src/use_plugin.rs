//! `use_plugin`: one plugin's status as a signal, and the plugin once it can
//! take calls, as a resource that works with `<Suspense>`.

use std::future::IntoFuture;

use annex_runtime::protocol::PluginId;
use annex_runtime::{Error, Plugin, PluginHost, PluginStatus, Result, StatusKind};
use leptos::prelude::*;

use crate::context::{use_plugin_host, HostContext};

/// A plugin as seen by a component: see [`use_plugin`]. Cheap to copy.
#[derive(Clone, Copy)]
pub struct UsePlugin {
    status: Memo<PluginStatus>,
    ready: LocalResource<Result<Plugin>>,
    activation: StoredValue<Activation, LocalStorage>,
}

impl std::fmt::Debug for UsePlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UsePlugin").field("status", &self.status.get_untracked()).finish()
    }
}

/// Where the plugin stands, coarsely: the resource starts over when this changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// The host has not started (or failed).
    NoHost,
    /// The host does not have the plugin.
    Absent,
    /// Loading, or being removed.
    Moving,
    /// Active or parked: it takes calls.
    Ready,
    /// Failed.
    Failed,
    /// Disabled.
    Disabled,
}

/// Whether a [`UsePlugin`] may still activate its plugin from the catalog: it
/// tries at most once, and never for a plugin it has seen registered (so it
/// does not bring back a plugin someone unloaded).
#[derive(Default)]
struct Activation {
    seen: bool,
    attempt: Attempt,
}

/// This hook's one activation from the catalog.
#[derive(Default, Clone)]
enum Attempt {
    #[default]
    NotYet,
    /// Under way: a later run of the resource joins it through the host,
    /// which shares an activation between callers (so it loads once).
    Running,
    /// Ended: `None` when it succeeded, else why it failed (said again
    /// while the plugin is absent).
    Ended(Option<Error>),
}

/// Follows one plugin of the host.
///
/// * [`UsePlugin::status`] is its status as a signal (with the error when it
///   failed); [`StatusKind::Unloaded`] while the host does not know it.
/// * [`UsePlugin::get`] / `.await` give the plugin once it can take calls:
///   inside `<Suspense>` or `<Transition>` the fallback shows while it loads;
///   a plugin that failed, is disabled, or is not there gives the error.
///   From the plugin, get its typed API handle (`plugin.canvas_filter()`,
///   `plugin.storage()`...) or use [`UsePlugin::api`].
///
/// If the host does not have the plugin yet but its catalog does, the hook
/// activates it (with its dependencies) as soon as the host runs: this is
/// how `on_demand` and `lazy` plugins start when a component that uses them
/// mounts. After that, a plugin that is unloaded
/// (say from [`crate::PluginManager`]) is not brought back by this hook;
/// [`UsePlugin::retry`] activates it again.
///
/// An id that is not a valid plugin id gives an `invalid input` error.
#[track_caller]
pub fn use_plugin(id: &str) -> UsePlugin {
    let context = use_plugin_host();
    let id = id.parse::<PluginId>().map_err(|e| Error::InvalidInput(format!("`{id}`: {e}")));
    let status = {
        let id = id.clone();
        Memo::new(move |_| match &id {
            Ok(id) => context.plugin(id).map_or(PluginStatus::Unloaded, |p| p.status()),
            Err(_) => PluginStatus::Unloaded,
        })
    };
    let phase = Memo::new(move |_| phase_of(context, status));
    let activation = StoredValue::new_local(Activation::default());
    let ready = LocalResource::new(move || {
        // Read, not just tracked: a memo nobody reads stays stale and stops
        // passing changes on.
        let _phase = phase.get();
        let id = id.clone();
        async move {
            let host = context.await?;
            ready_plugin(&host, &id?, activation).await
        }
    });
    UsePlugin { status, ready, activation }
}

fn phase_of(context: HostContext, status: Memo<PluginStatus>) -> Phase {
    if context.host().is_none() {
        return Phase::NoHost;
    }
    match status.get().kind() {
        StatusKind::Active | StatusKind::Parked => Phase::Ready,
        StatusKind::Error => Phase::Failed,
        StatusKind::Disabled => Phase::Disabled,
        StatusKind::Loading | StatusKind::Loaded | StatusKind::Unloading => Phase::Moving,
        // The status says Unloaded both for "not registered" and "just removed".
        StatusKind::Unloaded => Phase::Absent,
    }
}

/// Waits until the plugin can take calls, or says why it cannot.
async fn ready_plugin(
    host: &PluginHost,
    id: &PluginId,
    activation: StoredValue<Activation, LocalStorage>,
) -> Result<Plugin> {
    let activating = match host.plugin(id) {
        Some(plugin) => {
            activation.try_update_value(|a| a.seen = true);
            match plugin.status() {
                // Shown, not loaded again: `UsePlugin::retry` is for that.
                PluginStatus::Error(error) => return Err(error),
                PluginStatus::Unloaded => {
                    return Err(Error::InvalidState {
                        plugin: id.clone(),
                        status: StatusKind::Unloaded,
                        operation: "use",
                    })
                }
                _ => false,
            }
        }
        None => {
            let (seen, attempt) = activation
                .try_with_value(|a| (a.seen, a.attempt.clone()))
                .unwrap_or((true, Attempt::Ended(None)));
            let not_found = || Error::NotFound { plugin: id.clone() };
            match attempt {
                Attempt::Running => false,
                Attempt::Ended(failure) => return Err(failure.unwrap_or_else(not_found)),
                Attempt::NotYet => {
                    let in_catalog = host.catalog().is_some_and(|c| c.entry(id.as_str()).is_some());
                    if seen || !in_catalog {
                        return Err(not_found());
                    }
                    activation.try_update_value(|a| a.attempt = Attempt::Running);
                    true
                }
            }
        }
    };
    // Active or parked: at once; loading: once it settles; absent: activated
    // from the catalog (see `PluginHost::running`).
    let result = host.running(id).await;
    if activating {
        let ended = Attempt::Ended(result.as_ref().err().cloned());
        activation.try_update_value(|a| a.attempt = ended);
    }
    result
}

impl UsePlugin {
    /// The plugin's status (tracked), with the error when it failed.
    pub fn status(&self) -> Signal<PluginStatus> {
        self.status.into()
    }

    /// The resource that resolves to the plugin once it can take calls.
    pub fn resource(&self) -> LocalResource<Result<Plugin>> {
        self.ready
    }

    /// The plugin if it can take calls, the error if it cannot, `None` while
    /// it (or the host) is starting (tracked; suspends inside `<Suspense>`).
    pub fn get(&self) -> Option<Result<Plugin>> {
        self.ready.get()
    }

    /// Waits for the plugin, then gets one of its typed API handles, e.g.
    /// `use_plugin("dev.annex.grayscale").api(Plugin::canvas_filter).await?`.
    pub async fn api<T>(self, family: impl FnOnce(&Plugin) -> Result<T>) -> Result<T> {
        family(&self.await?)
    }

    /// Forgets a failed (or finished) activation from the catalog and tries
    /// again.
    pub fn retry(&self) {
        self.activation.try_set_value(Activation::default());
        self.ready.refetch();
    }
}

impl IntoFuture for UsePlugin {
    type Output = Result<Plugin>;
    type IntoFuture = <LocalResource<Result<Plugin>> as IntoFuture>::IntoFuture;

    /// Waits until the plugin can take calls (or fails).
    fn into_future(self) -> Self::IntoFuture {
        self.ready.into_future()
    }
}
