//! What the host knows about the flaky plugin: its status (with the error
//! when it failed), how often the supervisor restarted it, its last crash,
//! and its recent events.

use annex_leptos::{describe_event, event_name, use_plugin_events, use_plugin_host};
use annex_runtime::{EventKind, PluginStatus};
use leptos::prelude::*;

use super::flaky::{describe, flaky_id};

/// How many of the plugin's events are listed.
const SHOWN_EVENTS: usize = 12;

/// The plugin's status panel.
#[component]
pub fn PluginState() -> impl IntoView {
    let context = use_plugin_host();
    let id = StoredValue::new(flaky_id().ok());
    let status = Memo::new(move |_| {
        id.get_value()
            .and_then(|id| context.plugin(&id))
            .map_or(PluginStatus::Unloaded, |p| p.status())
    });
    let restarts =
        move || id.get_value().and_then(|id| context.metrics(&id)).map_or(0, |m| m.restarts);
    let events = use_plugin_events();
    let mine = move || {
        let id = id.get_value();
        events.with(|list| {
            list.iter()
                .filter(|e| e.plugin.is_some() && e.plugin == id)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let last_crash = move || {
        mine().iter().rev().find_map(|e| match &e.kind {
            EventKind::Crashed { error } => Some(describe(error)),
            _ => None,
        })
    };
    let history = move || {
        mine()
            .iter()
            .rev()
            .take(SHOWN_EVENTS)
            .map(|e| view! { <li data-event=event_name(&e.kind)>{describe_event(e)}</li> })
            .collect_view()
    };
    let status_text = move || match status.get() {
        PluginStatus::Error(error) => format!("failed: {}", describe(&error)),
        PluginStatus::Disabled(Some(error)) => format!("disabled: {error}"),
        other => other.kind().as_str().to_owned(),
    };
    view! {
        <dl class="facts">
            <dt>"Status"</dt>
            <dd id="plugin-state" data-status=move || status.get().kind().as_str()>
                {status_text}
            </dd>
            <dt>"Restarts by the supervisor"</dt>
            <dd id="restarts" data-restarts=restarts>{restarts}</dd>
            <dt>"Last crash"</dt>
            <dd id="last-crash">{move || last_crash().unwrap_or_else(|| "none yet".to_owned())}</dd>
        </dl>
        <h2 class="subhead">"What the host saw, newest first"</h2>
        <ol id="flaky-events" class="event-list">{history}</ol>
    }
}
