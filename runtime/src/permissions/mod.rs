//! Permissions: the host's policy, the user's approvals, and remembered
//! decisions.
//!
//! At load, every permission a plugin requests is decided by the
//! [`PermissionPolicy`] (asking the host's approver where the policy says so);
//! the module is then checked against the grants, and refused before it is
//! instantiated if it imports a host function whose permission was not
//! granted. Later, [`crate::Plugin::revoke`] and [`crate::Plugin::grant`]
//! change a grant for the very next call. Decisions the user asked to
//! remember are kept in IndexedDB per plugin id, and dropped when the plugin's
//! publisher or major version changes.

mod approval;
mod decide;
mod policy;
mod publisher;
mod store;

pub use approval::{Approval, ApprovalRequest, Approver};
pub(crate) use decide::{decide, decide_update, remember};
pub use policy::{PermissionPolicy, PermissionState, PermissionStatus, PolicyRule};
pub(crate) use publisher::Publisher;
pub use publisher::SignaturePolicy;
pub(crate) use store::GrantStore;
