//! A plugin's permissions after load: reading them, granting and revoking.

use annex_protocol::permission::PermissionSet;
use annex_protocol::Permission;

use super::Plugin;
use crate::events::EventKind;
use crate::permissions::{remember, PermissionState, PermissionStatus};
use crate::{Error, Result};

impl Plugin {
    /// Every permission it requested, with its reason and where it stands.
    pub fn permissions(&self) -> Vec<PermissionStatus> {
        self.inner.permissions.borrow().clone()
    }

    /// Who published it: `key:<hex>` for the Ed25519 key that signed it;
    /// unsigned, `catalog:<origin>` when a catalog from that origin listed it,
    /// else `sha256:<hex>` of its bytes. Its remembered permissions and its
    /// storage belong to this publisher and its id together.
    pub fn publisher(&self) -> String {
        self.installed_publisher().0
    }

    pub(crate) fn installed_publisher(&self) -> crate::permissions::Publisher {
        self.inner.installed.borrow().publisher.clone()
    }

    /// The permissions it holds now.
    pub fn grants(&self) -> PermissionSet {
        let permissions = self.inner.permissions.borrow();
        permissions.iter().filter(|s| s.state.is_granted()).map(|s| s.permission.clone()).collect()
    }

    /// Revokes a permission: the worker refuses the very next host call that
    /// needs it. The revocation is remembered (for its publisher and id,
    /// until its major version changes), so the next load does not grant
    /// it by default either.
    pub async fn revoke(&self, permission: &Permission) -> Result<()> {
        self.set_grant(permission, PermissionState::Revoked).await
    }

    /// Grants a permission it requested (again). Remembered like
    /// [`Plugin::revoke`]. A plugin only imports the host functions it was
    /// granted at load, so this covers permissions revoked since then; a
    /// permission denied at load stays unusable until the plugin is loaded
    /// again.
    pub async fn grant(&self, permission: &Permission) -> Result<()> {
        self.set_grant(permission, PermissionState::Granted).await
    }

    async fn set_grant(&self, permission: &Permission, state: PermissionState) -> Result<()> {
        let rule = {
            let mut permissions = self.inner.permissions.borrow_mut();
            let status =
                permissions.iter_mut().find(|s| &s.permission == permission).ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "plugin {} does not request `{permission}`",
                        self.id()
                    ))
                })?;
            status.state = state;
            status.rule
        };
        let connection = self.inner.state.borrow().connection.clone();
        if let Some(connection) = connection {
            connection.set_grant(permission.clone(), state.is_granted())?;
        }
        self.inner.events.emit(
            Some(self.id()),
            EventKind::PermissionDecided { permission: permission.clone(), state, rule },
        );
        if let Some(site) = self.site() {
            if let Some(store) = site.grant_store() {
                let granted = state.is_granted();
                let (manifest, publisher) = {
                    let installed = self.inner.installed.borrow();
                    (installed.manifest.clone(), installed.publisher.clone())
                };
                remember(store, &manifest, &publisher, permission, granted, &self.inner.events)
                    .await
                    .map_err(|reason| {
                        Error::Setup(format!(
                            "plugin {}: the change applies but cannot be remembered: {reason}",
                            self.id()
                        ))
                    })?;
            }
        }
        Ok(())
    }
}
