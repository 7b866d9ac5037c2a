//! Host events as signals: [`use_plugin_events`], and the subscription that
//! feeds every hook and component.

use std::collections::BTreeMap;

use annex_runtime::events::{DependencyChange, Subscription};
use annex_runtime::protocol::PluginId;
use annex_runtime::{EventKind, HostEvent, PermissionState, PluginHost};
use leptos::prelude::*;

use crate::context::use_plugin_host;
use crate::metrics::EventCounts;

/// How many events the context keeps for [`use_plugin_events`].
pub const RECENT_EVENTS: usize = 100;

/// The signals a host's events are written to.
#[derive(Clone, Copy)]
pub(crate) struct EventSink {
    pub(crate) changes: RwSignal<u64>,
    pub(crate) events: RwSignal<Vec<HostEvent>>,
    pub(crate) tallies: RwSignal<BTreeMap<PluginId, EventCounts>>,
}

impl EventSink {
    /// Subscribes to `host`'s events. The listener only holds the signals
    /// (not the host, which would keep itself alive), and does nothing once
    /// they are disposed with their component.
    pub(crate) fn subscribe(self, host: &PluginHost) -> Subscription {
        let bus = host.events();
        let earlier = bus.recent();
        self.events
            .try_update(|list| list.extend(earlier.into_iter().rev().take(RECENT_EVENTS).rev()));
        bus.subscribe(move |event| self.record(event))
    }

    fn record(&self, event: &HostEvent) {
        self.events.try_update(|list| {
            if list.len() >= RECENT_EVENTS {
                list.remove(0);
            }
            list.push(event.clone());
        });
        if let Some(plugin) = &event.plugin {
            let mut tally = self
                .tallies
                .try_with_untracked(|t| t.get(plugin).copied())
                .flatten()
                .unwrap_or_default();
            if tally.observe(event) {
                self.tallies.try_update(|t| t.insert(plugin.clone(), tally));
            }
        }
        self.changes.try_update(|n| *n += 1);
    }
}

/// The host's recent events, oldest first (at most [`RECENT_EVENTS`]),
/// updated as they happen: loads with their durations, failures, status
/// changes, cache hits, preloads, crashes, plugin events.
///
/// Events from before the host started are not there; the list starts with
/// the host.
#[track_caller]
pub fn use_plugin_events() -> Signal<Vec<HostEvent>> {
    use_plugin_host().events.into()
}

/// One line for people: the plugin, then what happened.
///
/// ```
/// use annex_runtime::{EventKind, HostEvent};
///
/// let event = HostEvent {
///     at_ms: 12.0,
///     plugin: Some("dev.annex.grayscale".parse().unwrap()),
///     kind: EventKind::LoadCompleted { duration_ms: 15.25 },
/// };
/// assert_eq!(annex_leptos::describe_event(&event), "dev.annex.grayscale: loaded in 15.2 ms");
/// ```
pub fn describe_event(event: &HostEvent) -> String {
    let what = match &event.kind {
        EventKind::LoadStarted { source } => format!("loading from {source}"),
        EventKind::LoadCompleted { duration_ms } => format!("loaded in {duration_ms:.1} ms"),
        EventKind::LoadFailed { error } => format!("failed to load: {error}"),
        EventKind::InitFailed { error } => format!("failed to initialize: {error}"),
        EventKind::StatusChanged { from, to } => format!("{from} → {to}"),
        EventKind::ConfigUpdated => "configuration updated".to_owned(),
        EventKind::PermissionPending { permission } => {
            format!("asks for {permission}, waiting for an answer")
        }
        EventKind::PermissionDecided { permission, state, .. } => {
            format!("{permission} {}", permission_state(*state))
        }
        EventKind::PermissionsReset { reason } => {
            format!("remembered permission decisions dropped: {reason}")
        }
        EventKind::Throttled { what, refused } => format!("{refused} {what} refused (too fast)"),
        EventKind::PermissionRefused { permission, refused } => {
            format!("{refused} call(s) refused: {permission} is not granted")
        }
        EventKind::ResourceAlert { alert } => format!("{:?}: {}", alert.severity, alert.message),
        EventKind::RestartScheduled { attempt, delay_ms } => {
            format!("restart {attempt} in {delay_ms} ms")
        }
        EventKind::Restarted { attempt, .. } => format!("restarted (restart {attempt})"),
        EventKind::Crashed { error } => format!("crashed: {error}"),
        EventKind::UpdateStarted { from, to } => format!("updating from {from} to {to}"),
        EventKind::Updated { from, to, state_restored, rollback } => {
            let how = if *rollback { "rolled back" } else { "updated" };
            let state = if *state_restored { ", state kept" } else { "" };
            format!("{how} from {from} to {to}{state}")
        }
        EventKind::UpdateRejected { error, .. } => format!("update refused: {error}"),
        EventKind::Unloaded => "unloaded".to_owned(),
        EventKind::PluginEvent { event_type, .. } => format!("event {event_type}"),
        EventKind::CacheHit { bytes } => format!("module cache hit ({bytes} bytes)"),
        EventKind::CacheMiss => "module cache miss".to_owned(),
        EventKind::CacheEvicted { reason, bytes } => {
            format!("evicted from the module cache ({reason:?}, {bytes} bytes)")
        }
        EventKind::IntegrityFailure { source, .. } => {
            format!("bytes from {source} do not match the catalog's SHA-256")
        }
        EventKind::PreloadStarted { reason, .. } => format!("preload started: {reason}"),
        EventKind::PreloadCancelled { reason } => format!("preload cancelled: {reason}"),
        EventKind::RetryScheduled { attempt, delay_ms, error } => {
            format!("attempt {attempt} in {delay_ms} ms after: {error}")
        }
        EventKind::DependencyChanged { dependency, change } => {
            let change = match change {
                DependencyChange::Restarted => "restarted".to_owned(),
                DependencyChange::Stopped => "stopped".to_owned(),
                DependencyChange::VersionChanged { from, to } => {
                    format!("went from {from} to {to}")
                }
                other => format!("{other:?}"),
            };
            format!("dependency {dependency} {change}")
        }
        other => format!("{other:?}"),
    };
    match &event.plugin {
        Some(plugin) => format!("{plugin}: {what}"),
        None => format!("host: {what}"),
    }
}

/// The state as a word: `pending`, `granted`, `denied`, `revoked`.
pub(crate) fn permission_state(state: PermissionState) -> &'static str {
    match state {
        PermissionState::Pending => "pending",
        PermissionState::Granted => "granted",
        PermissionState::Denied => "denied",
        PermissionState::Revoked => "revoked",
        _ => "other",
    }
}

/// A short snake_case name for the kind of event, e.g. `load_completed`
/// (handy for styling and filtering).
pub fn event_name(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::LoadStarted { .. } => "load_started",
        EventKind::LoadCompleted { .. } => "load_completed",
        EventKind::LoadFailed { .. } => "load_failed",
        EventKind::InitFailed { .. } => "init_failed",
        EventKind::StatusChanged { .. } => "status_changed",
        EventKind::ConfigUpdated => "config_updated",
        EventKind::PermissionPending { .. } => "permission_pending",
        EventKind::PermissionDecided { .. } => "permission_decided",
        EventKind::PermissionsReset { .. } => "permissions_reset",
        EventKind::Throttled { .. } => "throttled",
        EventKind::PermissionRefused { .. } => "permission_refused",
        EventKind::ResourceAlert { .. } => "resource_alert",
        EventKind::RestartScheduled { .. } => "restart_scheduled",
        EventKind::Restarted { .. } => "restarted",
        EventKind::Crashed { .. } => "crashed",
        EventKind::UpdateStarted { .. } => "update_started",
        EventKind::Updated { .. } => "updated",
        EventKind::UpdateRejected { .. } => "update_rejected",
        EventKind::Unloaded => "unloaded",
        EventKind::PluginEvent { .. } => "plugin_event",
        EventKind::CacheHit { .. } => "cache_hit",
        EventKind::CacheMiss => "cache_miss",
        EventKind::CacheEvicted { .. } => "cache_evicted",
        EventKind::IntegrityFailure { .. } => "integrity_failure",
        EventKind::PreloadStarted { .. } => "preload_started",
        EventKind::PreloadCancelled { .. } => "preload_cancelled",
        EventKind::RetryScheduled { .. } => "retry_scheduled",
        EventKind::DependencyChanged { .. } => "dependency_changed",
        _ => "other",
    }
}
