//! The runtime's error type.

use std::time::Duration;

use annex_protocol::host_api::ImportViolation;
use annex_protocol::manifest::{FieldError, ManifestError};
use annex_protocol::{ErrorCode, PluginError, PluginId};

use crate::lifecycle::StatusKind;
use crate::resolver::DependencyError;
use annex_protocol::manifest::HookName;

/// Everything that can go wrong while loading or calling a plugin.
///
/// Each error names the plugin (or, before its manifest is read, where its
/// bytes came from) and the cause, and has a stable [`ErrorCode`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The module could not be downloaded.
    #[error("cannot fetch plugin module {url}: {reason}")]
    Fetch {
        /// What was requested.
        url: String,
        /// The HTTP status, when the server answered.
        status: Option<u16>,
        /// Why it failed (network error or HTTP status).
        reason: String,
    },
    /// The bytes are not a WebAssembly module Annex can load.
    #[error("plugin {source_name}: {reason}")]
    Module {
        /// Where the bytes came from (URL or plugin id).
        source_name: String,
        /// What is wrong.
        reason: String,
        /// [`ErrorCode::ModuleInvalid`], [`ErrorCode::ManifestInvalid`] or [`ErrorCode::AbiMismatch`].
        code: ErrorCode,
    },
    /// The manifest section is present but invalid.
    #[error("plugin {source_name}: {error}")]
    Manifest {
        /// Where the bytes came from.
        source_name: String,
        /// What is wrong with the manifest.
        error: ManifestError,
    },
    /// The module imports a host function it may not have.
    #[error("plugin {plugin} refused before instantiation: it {violation}")]
    Import {
        /// The plugin.
        plugin: PluginId,
        /// Which import, and why.
        violation: Box<ImportViolation>,
    },
    /// The browser refused to compile the module.
    #[error("plugin {plugin}: the browser cannot compile the module: {reason}")]
    Compile {
        /// The plugin.
        plugin: PluginId,
        /// The browser's message.
        reason: String,
    },
    /// The plugin's worker could not start, or died.
    #[error("plugin {plugin}: worker failed: {reason}")]
    Worker {
        /// The plugin.
        plugin: PluginId,
        /// What happened.
        reason: String,
    },
    /// A call or load phase ran past its time budget; the worker was terminated.
    #[error("plugin {plugin}: `{method}` ran past its {} ms budget; its worker was terminated", budget.as_millis())]
    Timeout {
        /// The plugin.
        plugin: PluginId,
        /// The call (or load phase) that timed out.
        method: String,
        /// The budget it had.
        budget: Duration,
    },
    /// The plugin itself reported an error, trapped or panicked.
    #[error("plugin {plugin}: {}", error.message)]
    Plugin {
        /// The plugin.
        plugin: PluginId,
        /// The error from the worker; its code says trap, panic, bad request...
        error: PluginError,
    },
    /// The plugin has stopped (after a failure) and cannot answer.
    #[error("plugin {plugin} is not running: {reason}")]
    Terminated {
        /// The plugin.
        plugin: PluginId,
        /// Why it stopped.
        reason: String,
    },
    /// A plugin with this id is already loaded.
    #[error("plugin {plugin} is already loaded")]
    AlreadyLoaded {
        /// The plugin.
        plugin: PluginId,
    },
    /// A message from a worker could not be understood.
    #[error("plugin {plugin}: malformed message from its worker: {reason}")]
    Protocol {
        /// The plugin.
        plugin: PluginId,
        /// What was wrong with it.
        reason: String,
    },
    /// A configuration does not match the plugin's schema; every field problem is listed.
    #[error("plugin {plugin}: invalid configuration: {}", list(.errors))]
    Config {
        /// The plugin.
        plugin: PluginId,
        /// One entry per problem, each with its path (`config.radius`).
        errors: Vec<FieldError>,
    },
    /// The operation is not possible in the plugin's current status.
    #[error("plugin {plugin}: cannot {operation} while it is {status}")]
    InvalidState {
        /// The plugin.
        plugin: PluginId,
        /// Its status.
        status: StatusKind,
        /// What was asked, e.g. `"enable"`.
        operation: &'static str,
    },
    /// No plugin with this id is registered.
    #[error("no plugin {plugin} is registered")]
    NotFound {
        /// The id asked for.
        plugin: PluginId,
    },
    /// A hook handler stopped the operation the hook guards.
    #[error("stopped by plugin {by} at hook `{hook}`{}", .reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
    HookStopped {
        /// The hook point.
        hook: HookName,
        /// The plugin that stopped it.
        by: PluginId,
        /// Its reason.
        reason: Option<String>,
    },
    /// Dependencies cannot be satisfied.
    #[error(transparent)]
    Dependency(#[from] Box<DependencyError>),
    /// Other active plugins depend on this one.
    #[error("plugin {plugin} cannot be {operation}: {} depend on it (use the cascading variant to stop them too)", .dependents.iter().map(PluginId::as_str).collect::<Vec<_>>().join(", "))]
    HasDependents {
        /// The plugin.
        plugin: PluginId,
        /// `"unloaded"` or `"disabled"`.
        operation: &'static str,
        /// The active plugins that need it.
        dependents: Vec<PluginId>,
    },
    /// Module bytes do not match the SHA-256 the catalog gives.
    #[error(
        "plugin {plugin}: {source_name} has SHA-256 {actual}, but the catalog expects {expected}"
    )]
    Integrity {
        /// The plugin.
        plugin: PluginId,
        /// Where the bytes came from (URL or `cache`).
        source_name: String,
        /// The catalog's hash.
        expected: String,
        /// The bytes' hash.
        actual: String,
    },
    /// Too many loads are queued already.
    #[error("too busy: {waiting} loads are already waiting (the limit is {cap}); try again later")]
    Backpressure {
        /// Loads waiting.
        waiting: usize,
        /// The queue's limit.
        cap: usize,
    },
    /// Work was cancelled before it finished.
    #[error("{what} was cancelled")]
    Cancelled {
        /// What.
        what: String,
    },
    /// A critical plugin failed to load during bootstrap.
    #[error("bootstrap failed: critical plugin {plugin} did not load: {error}")]
    Bootstrap {
        /// The plugin.
        plugin: PluginId,
        /// Why.
        error: Box<Error>,
    },
    /// An argument given to the runtime is invalid.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The plugin crashed more often than the supervisor's restart budget
    /// allows, so it was disabled instead of being restarted again.
    #[error("plugin {plugin} was disabled: it crashed {crashes} times within {} s; last: {last}", window.as_secs())]
    RestartBudgetSpent {
        /// The plugin.
        plugin: PluginId,
        /// Crashes counted within the window.
        crashes: u32,
        /// The window.
        window: Duration,
        /// The last crash.
        last: Box<Error>,
    },
    /// A new version of a running plugin was not applied; the old one keeps running.
    #[error("plugin {plugin}: the update from {from} to {to} was not applied: {reason}; {from} keeps running")]
    UpdateRejected {
        /// The plugin.
        plugin: PluginId,
        /// The version running, and kept (boxed, like the fields of other
        /// rare variants, to keep `Result<T>` small).
        from: Box<semver::Version>,
        /// The version refused.
        to: Box<semver::Version>,
        /// Why.
        reason: String,
    },
    /// The host itself could not be set up (for example the worker bundle is missing).
    #[error("cannot start the plugin host: {0}")]
    Setup(String),
}

fn list(errors: &[FieldError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// Result of runtime operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Fetch { .. } => ErrorCode::FetchFailed,
            Self::Module { code, .. } => *code,
            Self::Manifest { .. } => ErrorCode::ManifestInvalid,
            Self::Import { violation, .. } if violation.is_permission() => {
                ErrorCode::PermissionDenied
            }
            Self::Import { .. } => ErrorCode::ImportUnknown,
            Self::Compile { .. } => ErrorCode::CompileFailed,
            Self::Worker { .. } | Self::Setup(_) => ErrorCode::WorkerFailed,
            Self::Timeout { .. } => ErrorCode::Timeout,
            Self::Plugin { error, .. } => error.code,
            Self::Terminated { .. } => ErrorCode::Terminated,
            Self::AlreadyLoaded { .. } => ErrorCode::AlreadyLoaded,
            Self::Protocol { .. } => ErrorCode::Protocol,
            Self::InvalidInput(_) => ErrorCode::BadRequest,
            Self::Config { .. } => ErrorCode::ConfigInvalid,
            Self::InvalidState { .. } => ErrorCode::InvalidState,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::HookStopped { .. } => ErrorCode::HookStopped,
            Self::Dependency(_) | Self::HasDependents { .. } => ErrorCode::Dependency,
            Self::Integrity { .. } => ErrorCode::IntegrityFailed,
            Self::Backpressure { .. } => ErrorCode::Backpressure,
            Self::Cancelled { .. } => ErrorCode::Cancelled,
            Self::Bootstrap { .. } => ErrorCode::BootstrapFailed,
            Self::RestartBudgetSpent { .. } => ErrorCode::RestartBudgetSpent,
            Self::UpdateRejected { .. } => ErrorCode::UpdateRejected,
        }
    }

    /// The plugin the error is about, once its manifest has been read.
    pub fn plugin(&self) -> Option<&PluginId> {
        match self {
            Self::Import { plugin, .. }
            | Self::Compile { plugin, .. }
            | Self::Worker { plugin, .. }
            | Self::Timeout { plugin, .. }
            | Self::Plugin { plugin, .. }
            | Self::Terminated { plugin, .. }
            | Self::AlreadyLoaded { plugin }
            | Self::Protocol { plugin, .. }
            | Self::Config { plugin, .. }
            | Self::InvalidState { plugin, .. }
            | Self::NotFound { plugin }
            | Self::HasDependents { plugin, .. }
            | Self::Integrity { plugin, .. }
            | Self::Bootstrap { plugin, .. }
            | Self::RestartBudgetSpent { plugin, .. }
            | Self::UpdateRejected { plugin, .. } => Some(plugin),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annex_protocol::Permission;

    fn id() -> PluginId {
        "dev.annex.test".parse().unwrap()
    }

    #[test]
    fn messages_name_the_plugin_and_the_cause() {
        let timeout = Error::Timeout {
            plugin: id(),
            method: "filter_apply".into(),
            budget: Duration::from_millis(250),
        };
        assert_eq!(
            timeout.to_string(),
            "plugin dev.annex.test: `filter_apply` ran past its 250 ms budget; its worker was terminated"
        );
        assert_eq!(timeout.code(), ErrorCode::Timeout);
        assert_eq!(timeout.plugin(), Some(&id()));
    }

    #[test]
    fn import_errors_are_permission_or_unknown() {
        let denied = Error::Import {
            plugin: id(),
            violation: Box::new(ImportViolation::NotGranted {
                name: "system_info".into(),
                permission: Permission::SystemInfo,
                requested: true,
            }),
        };
        assert_eq!(denied.code(), ErrorCode::PermissionDenied);
        assert!(denied.to_string().contains("needs permission `system.info`"), "{denied}");
        let unknown = Error::Import {
            plugin: id(),
            violation: Box::new(ImportViolation::Unknown {
                module: "env".into(),
                name: "x".into(),
            }),
        };
        assert_eq!(unknown.code(), ErrorCode::ImportUnknown);
    }
}
