//! Starting catalog plugins from pages and the tracker: a running plugin is
//! reused, and callers that ask for the same plugin at the same time share
//! one activation.
//!
//! `PluginHost::activate` registers the plugin only once its permissions are
//! decided, so two activations of one plugin that overlap both try to load
//! it and the second fails with `already_loaded`. Pages send several
//! analytics events at once, so they need the sharing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use annex_runtime::protocol::PluginId;
use annex_runtime::{Error, Plugin, PluginHost, Result, StatusKind};
use futures::channel::oneshot;
use futures::future::{FutureExt, LocalBoxFuture, Shared};

/// An activation in flight, awaited by every caller that wants the plugin.
type Attempt = Shared<LocalBoxFuture<'static, Result<Plugin>>>;

thread_local! {
    /// Activations under way, by plugin.
    static IN_FLIGHT: RefCell<HashMap<PluginId, Attempt>> = RefCell::default();
}

/// The plugin `id`, ready for calls: the registered one when it is active or
/// parked (a parked plugin comes back on its next call), else once the
/// loading under way finishes, else activated from the catalog (with its
/// dependencies), one activation shared by everyone asking meanwhile.
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
        match attempt(host, id).await {
            // Someone else (bootstrap, a preload, a `use_plugin`) registered
            // it first: wait for theirs.
            Err(Error::AlreadyLoaded { .. }) => continue,
            other => return other,
        }
    }
}

/// The activation of `id` under way, or a new one.
fn attempt(host: &PluginHost, id: &PluginId) -> Attempt {
    IN_FLIGHT.with(|in_flight| {
        let mut in_flight = in_flight.borrow_mut();
        if let Some(attempt) = in_flight.get(id) {
            return attempt.clone();
        }
        let (host, key) = (host.clone(), id.clone());
        let attempt = async move {
            let result = host.activate(&key).await;
            IN_FLIGHT.with(|in_flight| in_flight.borrow_mut().remove(&key));
            result
        }
        .boxed_local()
        .shared();
        in_flight.insert(id.clone(), attempt.clone());
        attempt
    })
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
