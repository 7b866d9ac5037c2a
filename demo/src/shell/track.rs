//! Analytics from every page: pages report what the visitor did, and the
//! analytics plugin stores it for the dashboard.
//!
//! Events are often sent together (a page view and the first action, or a
//! batch of samples); they share one activation of the plugin (see
//! `PluginHost::running`) instead of each starting it, which failed all but
//! the first with `already_loaded` and lost those events.

use annex_leptos::{use_plugin_host, HostContext};
use annex_runtime::protocol::api::analytics::AnalyticsEvent;
use annex_runtime::protocol::PluginId;
use leptos::task::spawn_local;
use serde_json::{Map, Value};

/// The plugin the demo's events go to.
pub const ANALYTICS_PLUGIN: &str = "dev.annex.analytics";

/// Sends events to the analytics plugin; get one with [`use_tracker`].
#[derive(Clone, Copy)]
pub struct Tracker {
    host: HostContext,
}

/// A tracker for the nearest plugin host.
pub fn use_tracker() -> Tracker {
    Tracker { host: use_plugin_host() }
}

impl Tracker {
    /// Records `event_type` with `data` (a JSON object), in the background.
    /// The analytics plugin is started if it is not running; a failure is
    /// logged to the console and does not disturb the page.
    pub fn track(self, event_type: &str, data: Value) {
        let event = event(event_type, data);
        spawn_local(async move {
            if let Err(error) = self.send(event).await {
                leptos::logging::warn!("demo: analytics event not recorded: {error}");
            }
        });
    }

    /// Records `event_type` with `data` and returns once the plugin has
    /// stored it durably, or why it did not.
    pub async fn record(self, event_type: &str, data: Value) -> annex_runtime::Result<()> {
        self.send(event(event_type, data)).await
    }

    async fn send(self, event: AnalyticsEvent) -> annex_runtime::Result<()> {
        let host = self.host.await?;
        let plugin = host.running(&analytics_id()).await?;
        plugin.analytics()?.track(event).await
    }
}

/// The analytics plugin's id.
pub fn analytics_id() -> PluginId {
    ANALYTICS_PLUGIN.parse().expect("a valid plugin id")
}

/// An event stamped now; `data` that is not an object is kept under `value`.
fn event(event_type: &str, data: Value) -> AnalyticsEvent {
    let data = match data {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => Map::from_iter([("value".to_owned(), other)]),
    };
    let mut event = AnalyticsEvent::new(event_type, js_sys::Date::now() as u64);
    event.data = data;
    event
}
