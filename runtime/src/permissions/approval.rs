//! The approver: how the host application answers permission requests that
//! need a user's say.

use std::fmt;
use std::future::Future;
use std::rc::Rc;

use annex_protocol::{Permission, PluginId};
use futures::future::LocalBoxFuture;
use futures::FutureExt;

/// A permission request that needs approval.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApprovalRequest {
    /// The plugin asking.
    pub plugin: PluginId,
    /// Its display name.
    pub plugin_name: String,
    /// Its version.
    pub version: semver::Version,
    /// Who published it: the signing key's fingerprint, or the manifest's
    /// first author when the module is not signed.
    pub publisher: String,
    /// The permission.
    pub permission: Permission,
    /// The plugin's reason, from its manifest.
    pub reason: String,
    /// When an update of a running plugin asks for a permission its running
    /// version did not: the running version. A prompt should say that the
    /// update wants more than the visitor agreed to.
    pub update_from: Option<semver::Version>,
}

/// The answer to an [`ApprovalRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Approval {
    /// Whether the permission is granted.
    pub granted: bool,
    /// Whether to remember the answer for this plugin (until its publisher or
    /// major version changes).
    pub remember: bool,
}

impl Approval {
    /// Granted, remembered or not.
    pub fn allow(remember: bool) -> Self {
        Self { granted: true, remember }
    }

    /// Denied, remembered or not.
    pub fn deny(remember: bool) -> Self {
        Self { granted: false, remember }
    }
}

/// Answers approval requests, usually by asking the user (the Leptos layer's
/// `PermissionPrompt` is one). Set it with [`crate::HostConfig::approver`].
#[derive(Clone)]
pub struct Approver(Rc<dyn Fn(ApprovalRequest) -> LocalBoxFuture<'static, Approval>>);

impl Approver {
    /// An approver from an async function.
    pub fn new<F, Fut>(f: F) -> Self
    where
        F: Fn(ApprovalRequest) -> Fut + 'static,
        Fut: Future<Output = Approval> + 'static,
    {
        Self(Rc::new(move |request| f(request).boxed_local()))
    }

    pub(crate) async fn ask(&self, request: ApprovalRequest) -> Approval {
        (self.0)(request).await
    }
}

impl fmt::Debug for Approver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Approver(..)")
    }
}
