//! Annex in a Leptos CSR app built with Trunk: the host starts in the page,
//! reads the site's catalog, and the `greeter` plugin (made with
//! `annex new greeter`, in `plugins/greeter/`) answers in its own Web Worker.

use annex_leptos::{prompt_approver, use_plugin, PermissionPrompt, PluginHost, PluginManager};
use annex_runtime::{HostConfig, WorkerSource};
use leptos::prelude::*;
use serde_json::{json, Value};

fn main() {
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    // `annex build` put the worker bundle in /annex-worker/ and the plugins
    // with their catalog in /plugins/.
    let prompt = prompt_approver();
    let config =
        HostConfig::new(WorkerSource::from_base("/annex-worker")).approver(prompt.handler());
    view! {
        <main>
            <h1>"Annex in a Trunk app"</h1>
            <PluginHost config catalog_url="/plugins/catalog.json">
                <PermissionPrompt approver=prompt />
                <Greeter />
                <h2>"Plugins"</h2>
                <PluginManager />
            </PluginHost>
        </main>
    }
}

/// Asks the greeter plugin to greet; shows its answer and its running count.
#[component]
fn Greeter() -> impl IntoView {
    let greeter = use_plugin("com.example.greeter");
    let name = RwSignal::new("Ada".to_owned());
    let answer = RwSignal::new(String::new());
    let greet = move |_| {
        let who = name.get_untracked();
        leptos::task::spawn_local(async move {
            let reply = async {
                let api = greeter.api(|plugin| plugin.custom("greeter")).await?;
                api.call_json::<_, Value>("greet", &json!({ "name": who })).await
            };
            answer.set(match reply.await {
                Ok(reply) => {
                    format!("{} (#{})", reply["message"].as_str().unwrap_or("?"), reply["count"])
                }
                Err(error) => format!("The greeter failed: {error}"),
            });
        });
    };
    view! {
        <section class="greeter">
            <label>"Name " <input id="name" bind:value=name /></label>
            <button id="greet" on:click=greet>"Greet"</button>
            <span id="status" data-status=move || greeter.status().get().kind().as_str()>
                {move || format!("plugin: {}", greeter.status().get().kind().as_str())}
            </span>
        </section>
        <p id="answer" aria-live="polite">{move || answer.get()}</p>
    }
}
