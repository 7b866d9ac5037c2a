//! The host's typed event stream: what an event says (here) and the bus
//! that delivers it (`bus.rs`).

use annex_protocol::PluginId;

use crate::cache::EvictionReason;
use crate::hooks::HookStep;
use crate::lifecycle::StatusKind;
use crate::monitor::Alert;
use crate::permissions::{PermissionState, PolicyRule};
use crate::planner::Action;
use crate::Error;
use annex_protocol::manifest::HookName;
use annex_protocol::Permission;

mod bus;
pub use bus::{EventBus, Subscription};

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
