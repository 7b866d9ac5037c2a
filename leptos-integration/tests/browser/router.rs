//! With the `router` feature, inside a leptos_router `<Router>`, the host
//! follows the location.

use std::sync::{Arc, Mutex};

use annex_leptos::PluginHost;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{catalog_of, config, mount, running_host, wait_for, Capture, Captured};

type Navigate = Arc<Mutex<Option<Box<dyn Fn(&str) + Send>>>>;

#[component]
fn Navigator(to: Navigate) -> impl IntoView {
    let navigate = use_navigate();
    *to.lock().unwrap() = Some(Box::new(move |path| navigate(path, NavigateOptions::default())));
}

#[wasm_bindgen_test]
async fn inside_a_router_the_host_follows_the_location() {
    let start = web_sys::window().unwrap().location().pathname().unwrap();
    let catalog = catalog_of(&["load-preload"]).await;
    let captured = Captured::default();
    let navigate = Navigate::default();
    let (to, nav) = (captured.clone(), navigate.clone());
    let _page = mount(move || {
        view! {
            <Router>
                <PluginHost config=config() catalog roles=vec!["analyst".to_owned()]>
                    <Capture to />
                    <Navigator to=nav />
                </PluginHost>
            </Router>
        }
    });
    let host = running_host(&captured).await;
    assert_eq!(host.context().route, start, "the router's location from the start");

    (navigate.lock().unwrap().as_ref().unwrap())("/analytics/today");
    wait_for("the host to follow", || host.context().route == "/analytics/today").await;
    let events = host.events().recent();
    assert!(
        events.iter().any(|e| matches!(
            &e.kind,
            annex_runtime::EventKind::PreloadStarted { reason, .. }
                if reason.contains("route /analytics/today matches /analytics/*, role analyst")
        )),
        "{events:?}"
    );
    (navigate.lock().unwrap().as_ref().unwrap())(&start);
    wait_for("the host to come back", || host.context().route == start).await;
}
