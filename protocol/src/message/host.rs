//! Host → worker: what the host tells a plugin's worker to do.

use serde::{Deserialize, Serialize};

use super::{PluginRequest, WorkerLimits};
use crate::manifest::PluginId;
use crate::permission::Permission;

/// Host → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum HostMessage {
    /// Instantiate the compiled plugin module that travels with this message.
    Instantiate {
        /// The plugin's id, for messages.
        plugin: PluginId,
        /// Its publisher and id: what its storage is filed under.
        storage_namespace: String,
        /// Permissions granted; the worker offers only the matching imports.
        grants: Vec<Permission>,
        /// Limits the worker enforces on the plugin's host calls.
        limits: WorkerLimits,
        /// How calls suspend on asynchronous host functions.
        #[serde(default)]
        suspension: crate::abi::SuspensionMode,
    },
    /// Run the plugin's `annex_init` (validate its configuration, then `initialize`).
    Init(InitRequest),
    /// Grant or revoke a permission; effective from the next host call.
    SetGrant {
        /// The permission.
        permission: Permission,
        /// Granted (true) or revoked (false).
        granted: bool,
    },
    /// Call the plugin; a byte payload may travel with this message.
    Call {
        /// Correlates the reply.
        call: u32,
        /// What to do.
        request: PluginRequest,
    },
}

/// What a plugin is started with: handed to `annex_init` as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitRequest {
    /// The plugin's id.
    pub plugin: PluginId,
    /// Permissions granted; the worker offers only the matching imports.
    pub grants: Vec<Permission>,
    /// The configuration, checked against the manifest's schema, defaults filled in.
    pub config: serde_json::Map<String, serde_json::Value>,
}
