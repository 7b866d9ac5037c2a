//! The glue between this crate and the runtime's permission API, in one
//! place.
//!
//! The runtime is gaining permission approval (an approver callback in
//! `HostConfig`, per-permission states, async grant and revoke). Until it
//! ships, this file mirrors the announced shapes so that
//! [`crate::PermissionPrompt`] and [`crate::PluginManager`] are written
//! against them; switching is local to this file:
//!
//! * delete the four mirrored types and `pub use annex_runtime::{Approval,
//!   ApprovalRequest, PermissionState, PermissionStatus};` instead;
//! * [`permissions`] becomes `plugin.permissions()`;
//! * [`revoke`] / [`grant`] become `plugin.revoke(p).await` / `plugin.grant(p).await`.

use annex_runtime::protocol::{Permission, PluginId};
use annex_runtime::{Plugin, Result};

/// A plugin asks for a permission the host's policy does not settle by
/// itself; an approver (such as [`crate::PromptApprover`]) answers with an
/// [`Approval`]. Mirrors `annex_runtime::ApprovalRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalRequest {
    /// The plugin asking.
    pub plugin: PluginId,
    /// Its display name (from its manifest).
    pub plugin_name: String,
    /// Its version.
    pub version: semver::Version,
    /// What it asks for.
    pub permission: Permission,
    /// Why, in the plugin's words (from its manifest).
    pub reason: String,
}

/// The answer to an [`ApprovalRequest`]. Mirrors `annex_runtime::Approval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approval {
    /// Whether the permission is granted.
    pub granted: bool,
    /// Whether to keep the answer for later visits.
    pub remember: bool,
}

/// Where one requested permission stands. Mirrors `annex_runtime::PermissionState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermissionState {
    /// Asked for, not answered yet.
    Pending,
    /// Granted.
    Granted,
    /// Refused.
    Denied,
    /// Granted, then taken back.
    Revoked,
}

impl PermissionState {
    /// The state as a word: `pending`, `granted`, `denied`, `revoked`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Granted => "granted",
            Self::Denied => "denied",
            Self::Revoked => "revoked",
        }
    }
}

/// One permission a plugin requested, with its reason and state. Mirrors
/// `annex_runtime::PermissionStatus`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionStatus {
    /// The permission.
    pub permission: Permission,
    /// Why the plugin wants it.
    pub reason: String,
    /// Where it stands.
    pub state: PermissionState,
}

/// The permissions `plugin` requested and where each stands.
///
/// Today's runtime refuses a plugin whose requests it does not grant, so a
/// requested permission is granted, or revoked when it was taken back.
pub(crate) fn permissions(plugin: &Plugin) -> Vec<PermissionStatus> {
    let grants = plugin.grants();
    plugin
        .manifest()
        .permissions
        .iter()
        .map(|request| PermissionStatus {
            permission: request.permission.clone(),
            reason: request.reason.clone(),
            state: if grants.contains(&request.permission) {
                PermissionState::Granted
            } else {
                PermissionState::Revoked
            },
        })
        .collect()
}

/// Takes a permission back from `plugin`.
pub(crate) async fn revoke(plugin: &Plugin, permission: &Permission) -> Result<()> {
    plugin.revoke(permission)
}

/// Grants `plugin` a permission it requested (again).
pub(crate) async fn grant(plugin: &Plugin, permission: &Permission) -> Result<()> {
    plugin.grant(permission)
}
