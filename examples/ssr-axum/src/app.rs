//! The page: the same components on the server (rendered to HTML) and in
//! the browser (hydrated).

use annex_leptos::{prompt_approver, use_plugin, PermissionPrompt, PluginHost, PluginManager};
use annex_runtime::{HostConfig, WorkerSource};
use leptos::prelude::*;
use serde_json::{json, Value};

/// The whole document, rendered by the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>"Annex in an SSR app"</title>
                <link rel="stylesheet" href="/style.css" />
                // No favicon: say so, instead of a request that fails.
                <link rel="icon" href="data:," />
                <HydrationScripts options />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// What the server renders into `<body>` and the browser hydrates.
#[component]
pub fn App() -> impl IntoView {
    // `annex build --out site` put the worker bundle in /annex-worker/ and
    // the plugins with their catalog in /plugins/.
    let prompt = prompt_approver();
    let config =
        HostConfig::new(WorkerSource::from_base("/annex-worker")).approver(prompt.handler());
    view! {
        <main>
            <h1>"Annex in an SSR app"</h1>
            <PluginHost config catalog_url="/plugins/catalog.json">
                <PermissionPrompt approver=prompt />
                <Greeter />
                <h2>"Plugins"</h2>
                <PluginManager />
            </PluginHost>
        </main>
    }
}

/// The greeter: a fallback until its plugin runs (all the server can
/// render), then a button that asks it to greet.
#[component]
fn Greeter() -> impl IntoView {
    let greeter = use_plugin("com.example.greeter");
    let answer = RwSignal::new(String::new());
    let greet = move |_| {
        leptos::task::spawn_local(async move {
            let reply = async {
                let api = greeter.api(|plugin| plugin.custom("greeter")).await?;
                api.call_json::<_, Value>("greet", &json!({ "name": "Ada" })).await
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
            <Suspense fallback=|| view! { <p id="fallback">"Starting the greeter plugin…"</p> }>
                {move || Suspend::new(async move {
                    match greeter.await {
                        Ok(_) => view! { <button id="greet" on:click=greet>"Greet"</button> }.into_any(),
                        Err(error) => view! { <p id="failed">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <p id="answer" aria-live="polite">{move || answer.get()}</p>
        </section>
    }
}
