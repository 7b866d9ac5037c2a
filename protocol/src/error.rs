//! Error codes and the error type that crosses the worker boundary.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code.
///
/// Codes are part of the public contract: they are serialized as the
/// snake_case strings shown on each variant and never change meaning. Match on
/// them instead of parsing messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// `manifest_invalid`: the manifest is missing, not JSON, or fails validation.
    ManifestInvalid,
    /// `module_invalid`: the bytes are not a well-formed WebAssembly module.
    ModuleInvalid,
    /// `abi_mismatch`: the module lacks an export the Annex ABI needs, or speaks another ABI version.
    AbiMismatch,
    /// `import_unknown`: the module imports something the host does not offer.
    ImportUnknown,
    /// `permission_denied`: the plugin used (or imports) a host function whose permission it was not granted.
    PermissionDenied,
    /// `timeout`: a call ran past its time budget; the worker was terminated.
    Timeout,
    /// `trap`: the plugin's code trapped (out-of-bounds access, unreachable, stack overflow...).
    Trap,
    /// `panic`: the plugin panicked; the message is the panic message.
    Panic,
    /// `plugin_error`: the plugin returned an error of its own.
    PluginError,
    /// `unsupported`: the plugin does not implement the requested API or method.
    Unsupported,
    /// `bad_request`: the request was malformed or its parameters are invalid.
    BadRequest,
    /// `fetch_failed`: the module could not be downloaded.
    FetchFailed,
    /// `compile_failed`: the browser refused to compile the module.
    CompileFailed,
    /// `worker_failed`: the plugin's worker could not start or died.
    WorkerFailed,
    /// `protocol`: a message between host and worker was malformed.
    Protocol,
    /// `terminated`: the plugin was stopped (after a failure or on request) and cannot answer.
    Terminated,
    /// `already_loaded`: a plugin with the same id is already loaded.
    AlreadyLoaded,
    /// `config_invalid`: a configuration does not match the plugin's schema.
    ConfigInvalid,
    /// `invalid_state`: the operation is not allowed in the plugin's current status.
    InvalidState,
    /// `not_found`: no plugin with that id is registered.
    NotFound,
    /// `hook_stopped`: a hook handler stopped the operation.
    HookStopped,
    /// `dependency`: dependencies cannot be satisfied, or others depend on the plugin.
    Dependency,
    /// `integrity_failed`: module bytes do not match their expected SHA-256.
    IntegrityFailed,
    /// `backpressure`: too much work is already queued; try again later.
    Backpressure,
    /// `cancelled`: the work was cancelled (for example by a route change).
    Cancelled,
    /// `bootstrap_failed`: a critical plugin could not be loaded at start-up.
    BootstrapFailed,
    /// `quota_exceeded`: a storage write would pass the plugin's quota.
    QuotaExceeded,
    /// `network_blocked`: a request to a host the policy does not allow; it was not sent.
    NetworkBlocked,
    /// `budget_exceeded`: a rate or size budget is spent (requests, response size, events).
    BudgetExceeded,
    /// `memory_limit`: the plugin's linear memory reached its cap (growing failed inside the plugin).
    MemoryLimit,
    /// `signature_invalid`: the module's signature is missing where required, malformed, or does not verify.
    SignatureInvalid,
    /// `restart_budget_spent`: the plugin crashed more often than its restart budget allows; it was disabled.
    RestartBudgetSpent,
    /// `update_rejected`: a new version of a running plugin was not applied
    /// (a permission not granted, another publisher, a failed start); the
    /// old version keeps running.
    UpdateRejected,
    /// `module_limit`: the module declares more than the host allows
    /// (memories, tables, globals, functions, segments, its size), or its
    /// download is larger than that; refused before compiling.
    ModuleLimit,
    /// An error code from a newer version of Annex that this version does not know.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The code as its stable string, e.g. `"permission_denied"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ManifestInvalid => "manifest_invalid",
            Self::ModuleInvalid => "module_invalid",
            Self::AbiMismatch => "abi_mismatch",
            Self::ImportUnknown => "import_unknown",
            Self::PermissionDenied => "permission_denied",
            Self::Timeout => "timeout",
            Self::Trap => "trap",
            Self::Panic => "panic",
            Self::PluginError => "plugin_error",
            Self::Unsupported => "unsupported",
            Self::BadRequest => "bad_request",
            Self::FetchFailed => "fetch_failed",
            Self::CompileFailed => "compile_failed",
            Self::WorkerFailed => "worker_failed",
            Self::Protocol => "protocol",
            Self::Terminated => "terminated",
            Self::AlreadyLoaded => "already_loaded",
            Self::ConfigInvalid => "config_invalid",
            Self::InvalidState => "invalid_state",
            Self::NotFound => "not_found",
            Self::HookStopped => "hook_stopped",
            Self::Dependency => "dependency",
            Self::IntegrityFailed => "integrity_failed",
            Self::Backpressure => "backpressure",
            Self::Cancelled => "cancelled",
            Self::BootstrapFailed => "bootstrap_failed",
            Self::QuotaExceeded => "quota_exceeded",
            Self::NetworkBlocked => "network_blocked",
            Self::BudgetExceeded => "budget_exceeded",
            Self::MemoryLimit => "memory_limit",
            Self::SignatureInvalid => "signature_invalid",
            Self::RestartBudgetSpent => "restart_budget_spent",
            Self::UpdateRejected => "update_rejected",
            Self::ModuleLimit => "module_limit",
            Self::Unknown => "unknown",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error raised inside a plugin or its worker, as it crosses postMessage.
///
/// It carries a [`ErrorCode`] and a human-readable message. The host adds the
/// plugin id when it turns this into its own error type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message} ({code})")]
pub struct PluginError {
    /// What kind of failure this is.
    pub code: ErrorCode,
    /// What went wrong, for people.
    pub message: String,
}

impl PluginError {
    /// An error with the given code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// A [`ErrorCode::BadRequest`] error: invalid parameters or input.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    /// A [`ErrorCode::Unsupported`] error: the plugin does not offer this.
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unsupported, message)
    }

    /// A [`ErrorCode::PluginError`]: a failure of the plugin's own logic.
    pub fn plugin(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::PluginError, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in [ErrorCode::PermissionDenied, ErrorCode::Timeout, ErrorCode::Panic] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn unknown_codes_from_newer_hosts_deserialize_as_unknown() {
        let code: ErrorCode = serde_json::from_str("\"quantum_flux\"").unwrap();
        assert_eq!(code, ErrorCode::Unknown);
    }

    #[test]
    fn plugin_error_round_trips() {
        let err = PluginError::bad_request("width is 0");
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(json, r#"{"code":"bad_request","message":"width is 0"}"#);
        assert_eq!(serde_json::from_str::<PluginError>(&json).unwrap(), err);
        assert_eq!(err.to_string(), "width is 0 (bad_request)");
    }
}
