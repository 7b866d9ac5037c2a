//! `use_plugin_events`: the host's events as they happen.

use annex_leptos::{event_name, use_plugin_events, PluginHost};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{config, mount, plugin_url, running_host, wait_for, Capture, Captured};

#[component]
fn EventList() -> impl IntoView {
    let events = use_plugin_events();
    view! {
        <ol>
            {move || {
                events
                    .get()
                    .iter()
                    .map(|e| {
                        let who = e.plugin.as_ref().map_or("host".to_owned(), ToString::to_string);
                        view! { <li>{format!("{who} {}", event_name(&e.kind))}</li> }
                    })
                    .collect_view()
            }}
        </ol>
    }
}

#[wasm_bindgen_test]
async fn a_load_shows_up_event_by_event() {
    let captured = Captured::default();
    let to = captured.clone();
    let page = mount(move || {
        view! {
            <PluginHost config=config()>
                <Capture to />
                <EventList />
            </PluginHost>
        }
    });
    let host = running_host(&captured).await;
    let plugin = host.load_url(&plugin_url("grayscale")).await.unwrap();
    plugin.disable().await.unwrap();
    let g = "dev.annex.grayscale";
    let wanted: Vec<String> = [
        "host load_started",
        &format!("{g} permission_decided"), // canvas.read, by the policy
        &format!("{g} permission_decided"), // canvas.write
        &format!("{g} status_changed"),     // unloaded → loading
        &format!("{g} status_changed"),     // loading → loaded
        &format!("{g} status_changed"),     // loaded → active
        &format!("{g} load_completed"),
        &format!("{g} status_changed"), // active → disabled
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    wait_for("the events", || page.texts("li").len() >= wanted.len()).await;
    assert_eq!(page.texts("li"), wanted);
}
