//! Starting catalog plugins from pages and the tracker: a running plugin is
//! reused, one that bootstrap or a preload is loading is waited for, and a
//! disabled one stays disabled. (`PluginHost::activate` itself shares an
//! activation under way between callers, so the tracker's events sent
//! together start the analytics plugin once.)

use std::cell::RefCell;
use std::rc::Rc;

use annex_runtime::protocol::PluginId;
use annex_runtime::{Error, Plugin, PluginHost, Result, StatusKind};
use futures::channel::oneshot;

/// The plugin `id`, ready for calls: the registered one when it is active or
/// parked (a parked plugin comes back on its next call), else once the
/// loading under way finishes, else activated from the catalog (with its
/// dependencies).
///
/// A disabled plugin is not started again behind the visitor's back: that is
/// an `invalid_state` error. A failed one is activated again.
pub async fn running(host: &PluginHost, id: &PluginId) -> Result<Plugin> {
    loop {
        if let Some(plugin) = host.plugin(id) {
            match plugin.status().kind() {
                StatusKind::Active | StatusKind::Parked => return Ok(plugin),
                StatusKind::Loading | StatusKind::Loaded | StatusKind::Unloading => {
                    next_event_of(host, id).await;
                    continue;
                }
                StatusKind::Disabled => {
                    return Err(Error::InvalidState {
                        plugin: id.clone(),
                        status: StatusKind::Disabled,
                        operation: "use",
                    })
                }
                // Activation replaces a failed registration.
                StatusKind::Error | StatusKind::Unloaded => {}
            }
        }
        match host.activate(id).await {
            // Someone else (bootstrap, a preload, a `use_plugin`) registered
            // it first: wait for theirs.
            Err(Error::AlreadyLoaded { .. }) => continue,
            other => return other,
        }
    }
}

/// Resolves at the next host event about plugin `id` (a status change).
async fn next_event_of(host: &PluginHost, id: &PluginId) {
    let (sender, receiver) = oneshot::channel::<()>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let id = id.clone();
    let subscription = host.events().subscribe(move |event| {
        if event.plugin.as_ref() == Some(&id) {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(());
            }
        }
    });
    let _ = receiver.await;
    drop(subscription);
}
