//! `use_plugins`: a reactive list by capability and tag.

use annex_leptos::{use_plugins, PluginHost};
use annex_runtime::protocol::manifest::ApiFamily;
use annex_runtime::protocol::Permission;
use annex_runtime::PluginQuery;
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{config, mount, plugin_url, running_host, wait_for, Capture, Captured};

#[component]
fn Listing(query: RwSignal<PluginQuery>) -> impl IntoView {
    let plugins = use_plugins(query);
    let ids =
        move || plugins.get().iter().map(|p| p.id().to_string()).collect::<Vec<_>>().join(",");
    view! { <p class="ids">{ids}</p> }
}

#[wasm_bindgen_test]
async fn the_list_follows_loads_queries_and_unloads() {
    let query = RwSignal::new(PluginQuery::new().capability(ApiFamily::CanvasFilter));
    let captured = Captured::default();
    let to = captured.clone();
    let config = config().grant(Permission::StorageRead).grant(Permission::StorageWrite);
    let page = mount(move || {
        view! {
            <PluginHost config>
                <Capture to />
                <Listing query />
            </PluginHost>
        }
    });
    let host = running_host(&captured).await;
    assert_eq!(page.text(".ids"), "");
    host.load_url(&plugin_url("notes")).await.unwrap();
    let grayscale = host.load_url(&plugin_url("grayscale")).await.unwrap();
    wait_for("grayscale listed", || page.text(".ids") == "dev.annex.grayscale").await;

    query.set(PluginQuery::new().tag("storage"));
    wait_for("notes listed", || page.text(".ids") == "dev.annex.notes").await;
    query.set(PluginQuery::new());
    wait_for("both listed", || page.text(".ids") == "dev.annex.grayscale,dev.annex.notes").await;

    grayscale.unload().await.unwrap();
    wait_for("grayscale gone", || page.text(".ids") == "dev.annex.notes").await;
}
