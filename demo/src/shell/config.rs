//! The demo's host configuration: what plugins may do without asking, what
//! needs the visitor's yes, and where plugins may connect.

use std::time::Duration;

use annex_leptos::PromptApprover;
use annex_runtime::permissions::PermissionPolicy;
use annex_runtime::protocol::api::network::DomainPattern;
use annex_runtime::protocol::Permission;
use annex_runtime::{HostConfig, WorkerSource};

/// A host whose being asked is visible: storage is granted by default (a
/// visitor can revoke it in the plugin manager), network access waits for
/// the permission prompt, and plugins may only reach the demo's own server.
pub fn host_config(prompt: &PromptApprover) -> HostConfig {
    let policy = PermissionPolicy::default()
        .by_default(Permission::StorageRead)
        .by_default(Permission::StorageWrite);
    let mut config = HostConfig::new(WorkerSource::from_base("/annex-worker"))
        .permissions(policy)
        .approver(prompt.handler())
        // The host's ceiling; each plugin's manifest sets its own budget
        // under it (5 s unless it says otherwise). The broken-plugin page's
        // flaky plugin asks for 3 s, so the kill and the restart show
        // without a long wait; a 3 s ceiling for every plugin was too
        // tight for analytics in WebKit on a loaded machine.
        .call_timeout(Duration::from_secs(10));
    config.limits.network.allow = own_host().into_iter().collect();
    config
}

/// The host and port the page was served from (`127.0.0.1:8080` for
/// `cargo xtask demo`): patterns name ports.
fn own_host() -> Option<DomainPattern> {
    let host = web_sys::window()?.location().host().ok()?;
    host.parse().ok()
}
