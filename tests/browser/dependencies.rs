//! Dependencies in a live host: catalog activation order, refusals, cascades, events.

use std::cell::RefCell;
use std::rc::Rc;

use annex_protocol::ErrorCode;
use annex_runtime::catalog::load_catalog;
use annex_runtime::{DependencyChange, EventKind, PluginHost, StatusKind, Subscription};
use annex_tests::{host, plugin_url};
use wasm_bindgen_test::wasm_bindgen_test;

const BASE: &str = "dev.annex.test.dep-base";
const APP: &str = "dev.annex.test.dep-app";

async fn host_with_catalog() -> PluginHost {
    let host = host().await;
    host.set_catalog(load_catalog("/fixtures/plugins/catalog.json").await.unwrap());
    host
}

/// The ids of the plugins whose loads complete, in order, while the
/// subscription lives.
fn record_loads(host: &PluginHost) -> (Rc<RefCell<Vec<String>>>, Subscription) {
    let loads = Rc::new(RefCell::new(Vec::new()));
    let sink = loads.clone();
    let subscription = host.events().subscribe(move |e| {
        if let (EventKind::LoadCompleted { .. }, Some(id)) = (&e.kind, &e.plugin) {
            sink.borrow_mut().push(id.to_string());
        }
    });
    (loads, subscription)
}

#[wasm_bindgen_test]
async fn activating_from_the_catalog_loads_dependencies_first() {
    let host = host_with_catalog().await;
    let (order, _subscription) = record_loads(&host);
    let app = host.activate(&APP.parse().unwrap()).await.unwrap();
    assert_eq!(app.status().kind(), StatusKind::Active);
    assert_eq!(*order.borrow(), [BASE, APP]);
    assert_eq!(host.get(&BASE.parse().unwrap()).unwrap().manifest().version.to_string(), "1.2.0");
}

#[wasm_bindgen_test]
async fn activations_of_one_plugin_at_the_same_time_share_one_load() {
    let host = host_with_catalog().await;
    let (loads, _subscription) = record_loads(&host);
    let id = APP.parse().unwrap();
    // Before sharing, the second of these failed with `already_loaded`.
    let (first, second) = futures::join!(host.activate(&id), host.activate(&id));
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first.status().kind(), StatusKind::Active);
    assert_eq!(second.status().kind(), StatusKind::Active);
    assert_eq!(*loads.borrow(), [BASE, APP], "each plugin loaded once");
    // Once it has ended, the next activation finds the plugin running.
    host.activate(&id).await.unwrap();
    assert_eq!(*loads.borrow(), [BASE, APP]);
}

#[wasm_bindgen_test]
async fn loading_a_plugin_whose_dependency_is_not_loaded_says_what_to_do() {
    let host = host().await;
    let err = host.load_url(&plugin_url("dep-app")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Dependency);
    assert_eq!(
        err.to_string(),
        format!("{APP} 0.1.0 needs {BASE} ^1.2, which is not loaded (load it first, or activate {APP} from a catalog)")
    );
    host.load_url(&plugin_url("dep-base")).await.unwrap();
    host.load_url(&plugin_url("dep-app")).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_plugin_others_require_is_not_unloaded_unless_asked_to_cascade() {
    let host = host_with_catalog().await;
    host.activate(&APP.parse().unwrap()).await.unwrap();
    let base = host.get(&BASE.parse().unwrap()).unwrap();

    let err = base.unload().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Dependency);
    assert_eq!(
        err.to_string(),
        format!("plugin {BASE} cannot be unloaded: {APP} depend on it (use the cascading variant to stop them too)")
    );
    assert_eq!(base.disable().await.unwrap_err().code(), ErrorCode::Dependency);
    assert_eq!(base.status().kind(), StatusKind::Active);

    base.unload_cascade().await.unwrap();
    assert!(host.plugins().is_empty(), "the dependent went first, then the dependency");
}

#[wasm_bindgen_test]
async fn dependents_are_told_when_a_dependency_stops_and_restarts() {
    let host = host_with_catalog().await;
    host.activate(&APP.parse().unwrap()).await.unwrap();
    let told = Rc::new(RefCell::new(Vec::new()));
    let sink = told.clone();
    let _subscription = host.events().subscribe(move |e| {
        if let EventKind::DependencyChanged { dependency, change } = &e.kind {
            let to = e.plugin.as_ref().map(|p| p.to_string()).unwrap_or_default();
            sink.borrow_mut().push((to, dependency.to_string(), change.clone()));
        }
    });
    let base = host.get(&BASE.parse().unwrap()).unwrap();
    base.terminate("simulated crash");
    host.activate(&BASE.parse().unwrap()).await.unwrap();
    assert_eq!(
        *told.borrow(),
        [
            (APP.to_owned(), BASE.to_owned(), DependencyChange::Stopped),
            (APP.to_owned(), BASE.to_owned(), DependencyChange::Restarted),
        ]
    );
}
