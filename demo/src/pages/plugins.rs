//! The plugin manager page: `<PluginManager>` from annex-leptos over the
//! app's host, with buttons to start any catalog plugin that is not running.

use annex_leptos::{use_plugin_host, PluginManager};
use annex_runtime::protocol::PluginId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;

use crate::shell::status_line::{Status, StatusLine};
use crate::shell::track::use_tracker;

/// A catalog plugin the host has not registered.
#[derive(Debug, Clone, PartialEq)]
struct Startable {
    id: PluginId,
    name: String,
}

/// The plugin manager page.
#[component]
pub fn PluginsPage() -> impl IntoView {
    let tracker = use_tracker();
    tracker.track("page_view", json!({ "page": "plugins" }));
    let context = use_plugin_host();
    let status = RwSignal::new(Status::Working("Starting the plugin host…".into()));

    spawn_local(async move {
        let ready = context.await.map(|_| {
            "The host is running. Start more plugins above, or disable, unload or revoke below."
                .to_owned()
        });
        status.try_set(Status::from_result(ready.map_err(|e| e.to_string())));
    });

    // How many plugins the host runs and the catalog lists, read again on
    // every host event so it agrees with the manager below.
    let counts = Memo::new(move |_| {
        context.track_changes();
        context.host().map(|host| {
            let listed = host.catalog().map_or(0, |c| c.plugins.len());
            (host.plugins().len(), listed)
        })
    });

    // Catalog plugins not registered with the host (tracked: follows every host event).
    let startable = Memo::new(move |_| {
        context.track_changes();
        let Some(host) = context.host() else { return Vec::new() };
        let Some(catalog) = host.catalog() else { return Vec::new() };
        let mut list: Vec<Startable> = catalog
            .plugins
            .iter()
            .filter(|entry| host.plugin(&entry.manifest.id).is_none())
            .map(|entry| Startable {
                id: entry.manifest.id.clone(),
                name: entry.manifest.name.clone(),
            })
            .collect();
        list.dedup_by(|a, b| a.id == b.id);
        list
    });

    let start = move |plugin: Startable| {
        status.set(Status::Working(format!("Starting {} ({})…", plugin.name, plugin.id)));
        tracker.track("plugin_start", json!({ "plugin": plugin.id.to_string() }));
        spawn_local(async move {
            let outcome = async {
                let host = context.await.map_err(|e| e.to_string())?;
                let started = host.activate(&plugin.id).await.map_err(|e| e.to_string())?;
                Ok(format!(
                    "{} {} ({}) is {}, in its own worker.",
                    started.manifest().name,
                    started.manifest().version,
                    started.id(),
                    started.status().kind().as_str()
                ))
            };
            status.try_set(Status::from_result(outcome.await));
        });
    };

    view! {
        <section class="panel">
            <h1>"Plugin manager"</h1>
            <p class="lead">
                "Every plugin this tab's host has registered, read live from the runtime: status, "
                "version, the permissions it holds and why it asked, calls, memory and restarts. "
                "Disabling stops its worker and keeps the compiled module; unloading removes it; "
                "a revoked permission is refused by its worker from the next call on, and remembered."
            </p>
            <h2 class="subhead">"Start from the catalog"</h2>
            <div class="choices" id="startable" role="group" aria-label="Start a plugin">
                <For each=move || startable.get() key=|p| p.id.clone() let:plugin>
                    {
                        let id = plugin.id.to_string();
                        let label = format!("Start {}", plugin.name);
                        view! {
                            <button
                                class="choice start"
                                data-plugin=id
                                on:click=move |_| start(plugin.clone())
                            >
                                {label}
                            </button>
                        }
                    }
                </For>
                <Show when=move || startable.with(Vec::is_empty)>
                    <span class="muted">"Every catalog plugin is registered."</span>
                </Show>
            </div>
            <StatusLine status />
            {move || {
                counts
                    .get()
                    .map(|(running, listed)| {
                        view! {
                            <p id="host-summary" class="muted" data-running=running data-listed=listed>
                                {format!(
                                    "The host runs {running} plugin(s); the catalog lists {listed}.",
                                )}
                            </p>
                        }
                    })
            }}
            <PluginManager />
        </section>
    }
}
