//! `<PluginManager>`: every plugin of the host with its status, metrics and
//! permissions, buttons to manage it, and the recent events.

mod format;

mod row;

use std::time::Duration;

use annex_runtime::protocol::PluginId;
use leptos::prelude::*;

use crate::context::{use_plugin_host, HostState};
use crate::events::{describe_event, event_name, use_plugin_events};
use row::PluginRow;

/// A management panel for the host of the nearest `<PluginHost>`.
///
/// For each registered plugin: name, version, status (with the error when it
/// failed), live metrics from the runtime's resource monitor (last start
/// time, calls with mean and last round-trip time, memory against its cap,
/// storage against its quota, network requests, restarts) and from the
/// events (crashes, module cache hits and misses), its
/// permissions with the reason each was asked for and a Revoke (or Grant
/// again) button, and Enable, Disable and Unload buttons. An action the
/// runtime refuses (say, disabling a plugin others depend on) shows its error
/// in the row. Below, the most recent host events, newest first.
///
/// Metrics that change without events (calls, memory) are read again every
/// `refresh_ms` while the panel is mounted.
///
/// Markup, for styling and tests: `<section class="annex-manager">`; one
/// `<li class="annex-manager-plugin" data-plugin="<id>" data-status="<status>">`
/// per plugin with `button[data-action=enable|disable|unload]`, permission
/// rows `li[data-permission]` with `data-state`, and metrics `dd[data-metric]`;
/// events in `ol.annex-manager-events`.
#[component]
pub fn PluginManager(
    /// How often live metrics are read again, in milliseconds. Default: 1000.
    #[prop(default = 1000)]
    refresh_ms: u32,
    /// How many recent events to list. Default: 20.
    #[prop(default = 20)]
    events: usize,
) -> AnyView {
    let context = use_plugin_host();
    let tick = RwSignal::new(0_u64);
    let every = Duration::from_millis(u64::from(refresh_ms.max(50)));
    // In an effect: only in the browser (effects do not run on a server).
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || tick.update(|t| *t += 1), every) {
            on_cleanup(move || handle.clear());
        }
    });
    let ids = Memo::new(move |_| {
        context.track_changes();
        let host = context.host();
        host.map(|h| h.plugins().iter().map(|p| p.id().clone()).collect::<Vec<PluginId>>())
            .unwrap_or_default()
    });
    let recent = use_plugin_events();
    let recent = move || {
        recent.with(|list| {
            list.iter()
                .rev()
                .take(events)
                .map(|e| {
                    let text = describe_event(e);
                    view! { <li data-event=event_name(&e.kind)>{text}</li> }
                })
                .collect_view()
        })
    };
    let host_state = move || match context.state() {
        HostState::Starting => Some("Starting the plugin host…".to_owned()),
        HostState::Failed(error) => Some(error.to_string()),
        HostState::Ready(_) => None,
    };
    view! {
        <section class="annex-manager" aria-label="Plugins">
            <p class="annex-manager-host" data-state=move || context.state().as_str()>
                {host_state}
            </p>
            <ul class="annex-manager-plugins">
                <For each=move || ids.get() key=PluginId::clone let:id>
                    <PluginRow id=id tick=tick />
                </For>
            </ul>
            <h3 class="annex-manager-events-title">"Recent events"</h3>
            <ol class="annex-manager-events">{recent}</ol>
        </section>
    }
    .into_any()
}
