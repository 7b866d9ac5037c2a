//! The host's permission policy: which requested permissions are granted
//! silently, which are asked for, which are never granted.

use annex_protocol::permission::PermissionSet;
use annex_protocol::Permission;
use serde::{Deserialize, Serialize};

/// How the host answers permission requests. Each permission a plugin
/// requests falls under the first rule that lists it, in this order:
///
/// 1. [`never_grant`](Self::never_grant): refused, even if a user approved it before;
/// 2. [`auto_grant`](Self::auto_grant): granted, whatever was remembered;
/// 3. [`default_grant`](Self::default_grant): granted unless the user revoked it
///    earlier and that revocation was remembered;
/// 4. [`require_approval`](Self::require_approval): a remembered decision if
///    there is one, otherwise the host's approver (see
///    [`crate::HostConfig::approver`]) is asked; without an approver, denied;
/// 5. anything else: denied.
///
/// A plugin never gets a permission it did not request, and a module that
/// imports a host function whose permission was not granted is refused before
/// it is instantiated.
///
/// ```
/// use annex_runtime::permissions::{PermissionPolicy, PolicyRule};
/// use annex_runtime::protocol::Permission;
///
/// let policy = PermissionPolicy::default();
/// assert_eq!(policy.rule(&Permission::CanvasRead), PolicyRule::Auto);
/// assert_eq!(policy.rule(&Permission::NetworkRequest), PolicyRule::Approval);
/// let custom = "custom:shop.checkout".parse().unwrap();
/// assert_eq!(policy.rule(&custom), PolicyRule::Unlisted);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PermissionPolicy {
    /// Granted when requested, unless a remembered revocation says otherwise.
    /// Default: none.
    pub default_grant: PermissionSet,
    /// Always granted when requested. Default: `canvas.read` and
    /// `canvas.write`, which only expose pixels the host itself hands over.
    pub auto_grant: PermissionSet,
    /// Granted only when the approver (the user) says so. Default: every other
    /// built-in permission.
    pub require_approval: PermissionSet,
    /// Never granted. Default: none.
    pub never_grant: PermissionSet,
    /// The IndexedDB database remembered decisions are kept in; `None` keeps
    /// them for this page only. Default: `"annex-permissions"`.
    pub database: Option<String>,
}

/// Which rule of a [`PermissionPolicy`] a permission falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PolicyRule {
    /// [`PermissionPolicy::never_grant`].
    Never,
    /// [`PermissionPolicy::auto_grant`].
    Auto,
    /// [`PermissionPolicy::default_grant`].
    Default,
    /// [`PermissionPolicy::require_approval`].
    Approval,
    /// In no set: denied.
    Unlisted,
}

impl Default for PermissionPolicy {
    fn default() -> Self {
        let auto: PermissionSet = [Permission::CanvasRead, Permission::CanvasWrite].into();
        Self {
            default_grant: PermissionSet::new(),
            require_approval: Permission::builtin()
                .into_iter()
                .filter(|p| !auto.contains(p))
                .collect(),
            auto_grant: auto,
            never_grant: PermissionSet::new(),
            database: Some("annex-permissions".to_owned()),
        }
    }
}

impl PermissionPolicy {
    /// The rule `permission` falls under.
    pub fn rule(&self, permission: &Permission) -> PolicyRule {
        if self.never_grant.contains(permission) {
            PolicyRule::Never
        } else if self.auto_grant.contains(permission) {
            PolicyRule::Auto
        } else if self.default_grant.contains(permission) {
            PolicyRule::Default
        } else if self.require_approval.contains(permission) {
            PolicyRule::Approval
        } else {
            PolicyRule::Unlisted
        }
    }

    /// Moves `permission` to the auto-grant set (out of the others).
    pub fn auto(mut self, permission: Permission) -> Self {
        self.remove(&permission);
        self.auto_grant.insert(permission);
        self
    }

    /// Moves `permission` to the default-grant set (out of the others).
    pub fn by_default(mut self, permission: Permission) -> Self {
        self.remove(&permission);
        self.default_grant.insert(permission);
        self
    }

    /// Moves `permission` to the require-approval set (out of the others).
    pub fn ask(mut self, permission: Permission) -> Self {
        self.remove(&permission);
        self.require_approval.insert(permission);
        self
    }

    /// Moves `permission` to the never-grant set (out of the others).
    pub fn never(mut self, permission: Permission) -> Self {
        self.remove(&permission);
        self.never_grant.insert(permission);
        self
    }

    fn remove(&mut self, permission: &Permission) {
        for set in [
            &mut self.default_grant,
            &mut self.auto_grant,
            &mut self.require_approval,
            &mut self.never_grant,
        ] {
            set.remove(permission);
        }
    }
}

/// Where a plugin's permission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PermissionState {
    /// Waiting for the approver's answer.
    Pending,
    /// Granted: the plugin may use it.
    Granted,
    /// Refused by the policy or the approver.
    Denied,
    /// Granted once, then taken back.
    Revoked,
}

impl PermissionState {
    /// Whether the plugin may use the permission.
    pub fn is_granted(self) -> bool {
        self == Self::Granted
    }
}

/// One permission a plugin requested, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PermissionStatus {
    /// The permission.
    pub permission: Permission,
    /// The plugin's reason for it, from its manifest.
    pub reason: String,
    /// Where it stands.
    pub state: PermissionState,
    /// The policy rule that decided it.
    pub rule: PolicyRule,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_listing_rule_wins_and_builders_move_permissions() {
        let policy = PermissionPolicy::default()
            .auto(Permission::StorageRead)
            .never(Permission::NetworkRequest)
            .by_default(Permission::SystemInfo);
        assert_eq!(policy.rule(&Permission::StorageRead), PolicyRule::Auto);
        assert_eq!(policy.rule(&Permission::NetworkRequest), PolicyRule::Never);
        assert_eq!(policy.rule(&Permission::SystemInfo), PolicyRule::Default);
        assert_eq!(policy.rule(&Permission::StorageWrite), PolicyRule::Approval);
        assert!(!policy.require_approval.contains(&Permission::NetworkRequest));
        // Listed twice by hand: never wins.
        let mut policy = PermissionPolicy::default();
        policy.never_grant.insert(Permission::CanvasRead);
        assert_eq!(policy.rule(&Permission::CanvasRead), PolicyRule::Never);
    }
}
