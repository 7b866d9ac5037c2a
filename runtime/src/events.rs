//! The host's typed event stream.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::rc::{Rc, Weak};

use annex_protocol::PluginId;
use futures::channel::oneshot;

use crate::cache::EvictionReason;
use crate::hooks::HookStep;
use crate::lifecycle::StatusKind;
use crate::monitor::Alert;
use crate::permissions::{PermissionState, PolicyRule};
use crate::planner::Action;
use crate::Error;
use annex_protocol::manifest::HookName;
use annex_protocol::Permission;

/// Something that happened to a plugin.
#[derive(Debug, Clone, PartialEq)]
pub struct HostEvent {
    /// When, in milliseconds since the page loaded (`performance.now()`).
    pub at_ms: f64,
    /// Which plugin; `None` before a module's manifest has been read.
    pub plugin: Option<PluginId>,
    /// What happened.
    pub kind: EventKind,
}

/// The kinds of [`HostEvent`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventKind {
    /// Loading began; `source` is the URL or name of the bytes.
    LoadStarted {
        /// Where the module comes from.
        source: String,
    },
    /// The plugin is active.
    LoadCompleted {
        /// From the start of loading to active, in milliseconds.
        duration_ms: f64,
    },
    /// Loading failed before the plugin's code ran (fetch, manifest, imports, compile, instantiate).
    LoadFailed {
        /// Why.
        error: Error,
    },
    /// The plugin's `validate_config` or `initialize` failed.
    InitFailed {
        /// Why.
        error: Error,
    },
    /// The status changed.
    StatusChanged {
        /// Before.
        from: StatusKind,
        /// After.
        to: StatusKind,
    },
    /// A new configuration was accepted.
    ConfigUpdated,
    /// A permission waits for the approver's answer.
    PermissionPending {
        /// The permission.
        permission: Permission,
    },
    /// A permission was decided: at load, by the approver, or by a grant or
    /// revocation later.
    PermissionDecided {
        /// The permission.
        permission: Permission,
        /// The outcome.
        state: PermissionState,
        /// The policy rule it fell under.
        rule: PolicyRule,
    },
    /// Remembered permission decisions were dropped because the plugin's
    /// publisher or major version changed since they were made.
    PermissionsReset {
        /// What changed, e.g. `"major version 1 → 2"`.
        reason: String,
    },
    /// The plugin's worker stopped unexpectedly (timeout, trap, worker error).
    Crashed {
        /// Why.
        error: Error,
    },
    /// The plugin was removed from the host.
    Unloaded,
    /// A plugin (the event's plugin) or the host (no plugin) emitted an event.
    PluginEvent {
        /// Its type.
        event_type: String,
        /// Its data.
        data: serde_json::Value,
    },
    /// Module bytes came from the module cache.
    CacheHit {
        /// Their size.
        bytes: u64,
    },
    /// The module cache did not have the module; it is downloaded.
    CacheMiss,
    /// A cached module was dropped.
    CacheEvicted {
        /// Why.
        reason: EvictionReason,
        /// Its size.
        bytes: u64,
    },
    /// Module bytes did not match the catalog's SHA-256.
    IntegrityFailure {
        /// `cache`, or the URL downloaded from.
        source: String,
        /// The catalog's hash.
        expected: String,
        /// The bytes' hash.
        actual: String,
    },
    /// A planned load started in the background.
    PreloadStarted {
        /// What it does.
        action: Action,
        /// Why, from the plan.
        reason: String,
    },
    /// A background load was cancelled because the plan no longer wants it.
    PreloadCancelled {
        /// Why.
        reason: String,
    },
    /// The plugin's worker refused some of what it tried to do too often, or
    /// the host dropped events on their way to it because it was not answering
    /// them (reported at most once a second while it lasts).
    Throttled {
        /// What: `"events"` or `"logs"` (refused by its worker), or
        /// `"deliveries"` (events for it the host dropped).
        what: String,
        /// How many were refused since the plugin started.
        refused: u64,
    },
    /// The plugin's worker refused host calls it made for a permission it
    /// does not hold (revoked, say), even if the plugin swallowed the error:
    /// the first time, then at most once a second while it goes on.
    PermissionRefused {
        /// The permission the calls needed.
        permission: Permission,
        /// How many such calls were refused since the plugin started.
        refused: u64,
    },
    /// A hook point ran over at least one plugin: who did what, how long each took.
    HookRan {
        /// The hook point.
        hook: HookName,
        /// One step per subscribed plugin, in the order they ran.
        trace: Vec<HookStep>,
    },
    /// A plugin came near, reached or went back from one of its limits.
    ResourceAlert {
        /// What, how bad, and the numbers.
        alert: Alert,
    },
    /// The supervisor will start a crashed plugin again after a back-off.
    RestartScheduled {
        /// Which restart this is (1 for the first since the window began).
        attempt: u32,
        /// The wait before it, in milliseconds.
        delay_ms: u64,
    },
    /// The supervisor started a crashed plugin again; its saved state (if
    /// any) was handed back.
    Restarted {
        /// Which restart this was.
        attempt: u32,
        /// Whether saved state was restored.
        state_restored: bool,
    },
    /// A download failed in a way worth retrying; it will be tried again.
    RetryScheduled {
        /// The attempt about to be made (2 for the first retry).
        attempt: u32,
        /// The wait before it, in milliseconds.
        delay_ms: u64,
        /// What failed.
        error: Error,
    },
    /// A new version of a running plugin is being checked and started; its
    /// calls wait until it runs (or the update is given up).
    UpdateStarted {
        /// The version running.
        from: semver::Version,
        /// The version coming.
        to: semver::Version,
    },
    /// The plugin now runs another version: calls that were running
    /// finished on the old one, later calls go to the new one.
    Updated {
        /// The version before.
        from: semver::Version,
        /// The version now.
        to: semver::Version,
        /// Whether the old instance's saved state was handed to the new one.
        state_restored: bool,
        /// Whether this was a rollback to the version an update replaced.
        rollback: bool,
    },
    /// An update was not applied; the old version keeps running.
    UpdateRejected {
        /// The version running (and kept).
        from: semver::Version,
        /// The version refused.
        to: semver::Version,
        /// Why: a permission not granted, a configuration the new schema
        /// refuses, or the new version failing to start.
        error: Error,
    },
    /// A plugin this one depends on restarted, stopped or changed version.
    DependencyChanged {
        /// The dependency.
        dependency: PluginId,
        /// What happened to it.
        change: DependencyChange,
    },
}

/// What happened to a dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DependencyChange {
    /// It started again (enabled, or loaded again after a failure).
    Restarted,
    /// It was replaced by another version.
    VersionChanged {
        /// The version before.
        from: semver::Version,
        /// The version now.
        to: semver::Version,
    },
    /// It stopped (disabled, unloaded or failed).
    Stopped,
}

type Listener = Rc<dyn Fn(&HostEvent)>;

/// Delivers events to subscribers and keeps the most recent ones.
pub struct EventBus {
    listeners: RefCell<Vec<(u64, Listener)>>,
    next_id: Cell<u64>,
    recent: RefCell<VecDeque<HostEvent>>,
    keep: usize,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBus").field("listeners", &self.listeners.borrow().len()).finish()
    }
}

impl EventBus {
    /// A bus keeping the last `keep` events.
    pub(crate) fn new(keep: usize) -> Rc<Self> {
        Rc::new(Self {
            listeners: RefCell::new(Vec::new()),
            next_id: Cell::new(0),
            recent: RefCell::new(VecDeque::with_capacity(keep)),
            keep,
        })
    }

    /// Calls `listener` for every future event until the returned
    /// [`Subscription`] is dropped.
    pub fn subscribe(self: &Rc<Self>, listener: impl Fn(&HostEvent) + 'static) -> Subscription {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.listeners.borrow_mut().push((id, Rc::new(listener)));
        Subscription { bus: Rc::downgrade(self), id }
    }

    /// Resolves at the next event about plugin `id`, whatever its kind: how
    /// a caller waits for a loading plugin to settle without polling. It
    /// listens from this call on, so an event emitted before the first poll
    /// still counts.
    pub fn next_about(self: &Rc<Self>, id: &PluginId) -> impl Future<Output = ()> + 'static {
        let (sender, receiver) = oneshot::channel::<()>();
        let sender = Cell::new(Some(sender));
        let id = id.clone();
        let subscription = self.subscribe(move |event| {
            if event.plugin.as_ref() == Some(&id) {
                if let Some(sender) = sender.take() {
                    let _ = sender.send(());
                }
            }
        });
        async move {
            let _ = receiver.await;
            drop(subscription);
        }
    }

    /// The most recent events, oldest first.
    pub fn recent(&self) -> Vec<HostEvent> {
        self.recent.borrow().iter().cloned().collect()
    }

    pub(crate) fn emit(&self, plugin: Option<&PluginId>, kind: EventKind) {
        let event = HostEvent { at_ms: crate::js::now_ms(), plugin: plugin.cloned(), kind };
        {
            let mut recent = self.recent.borrow_mut();
            if recent.len() == self.keep {
                recent.pop_front();
            }
            recent.push_back(event.clone());
        }
        // Listeners may subscribe or unsubscribe while we call them.
        let listeners: Vec<Listener> =
            self.listeners.borrow().iter().map(|(_, l)| l.clone()).collect();
        for listener in listeners {
            listener(&event);
        }
    }
}

/// Keeps a listener subscribed; dropping it unsubscribes.
#[derive(Debug)]
#[must_use = "dropping a Subscription unsubscribes at once"]
pub struct Subscription {
    bus: Weak<EventBus>,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(bus) = self.bus.upgrade() {
            bus.listeners.borrow_mut().retain(|(id, _)| *id != self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> PluginId {
        "dev.annex.x".parse().unwrap()
    }

    #[test]
    fn subscribers_get_events_until_they_drop_their_subscription() {
        let bus = EventBus::new(10);
        let seen = Rc::new(RefCell::new(Vec::new()));
        let sink = seen.clone();
        let subscription = bus.subscribe(move |e| sink.borrow_mut().push(e.kind.clone()));
        bus.emit(Some(&id()), EventKind::ConfigUpdated);
        drop(subscription);
        bus.emit(Some(&id()), EventKind::Unloaded);
        assert_eq!(*seen.borrow(), [EventKind::ConfigUpdated]);
    }

    #[test]
    fn next_about_waits_for_an_event_about_that_plugin_only() {
        use futures::FutureExt;
        let bus = EventBus::new(4);
        let other: PluginId = "dev.annex.other".parse().unwrap();
        let mut next = Box::pin(bus.next_about(&id()));
        bus.emit(Some(&other), EventKind::ConfigUpdated);
        bus.emit(None, EventKind::ConfigUpdated);
        assert!((&mut next).now_or_never().is_none(), "woken by an event about someone else");
        // Emitted before the next poll: still seen.
        bus.emit(Some(&id()), EventKind::Unloaded);
        assert!(next.now_or_never().is_some());
        assert_eq!(bus.listeners.borrow().len(), 0, "the listener is gone once it resolved");
    }

    #[test]
    fn recent_keeps_the_last_events_in_order() {
        let bus = EventBus::new(2);
        for source in ["a", "b", "c"] {
            bus.emit(None, EventKind::LoadStarted { source: source.into() });
        }
        let kinds: Vec<EventKind> = bus.recent().into_iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EventKind::LoadStarted { source: "b".into() },
                EventKind::LoadStarted { source: "c".into() }
            ]
        );
    }

    #[test]
    fn a_listener_may_subscribe_while_being_called() {
        let bus = EventBus::new(4);
        let inner = Rc::new(RefCell::new(None));
        let (bus2, slot) = (bus.clone(), inner.clone());
        let _outer = bus.subscribe(move |_| {
            *slot.borrow_mut() = Some(bus2.subscribe(|_| {}));
        });
        bus.emit(None, EventKind::Unloaded);
        assert!(inner.borrow().is_some());
    }
}
