//! Events between the host and plugins, and the utility host functions.

use std::cell::RefCell;
use std::rc::Rc;

use annex_runtime::{EventKind, PluginHost};
use annex_tests::{host, plugin_url};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

/// `(type, data)` of plugin events seen on the host's stream.
async fn recording(host: &PluginHost) -> Rc<RefCell<Vec<(String, serde_json::Value)>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    std::mem::forget(host.events().subscribe(move |e| {
        if let (EventKind::PluginEvent { event_type, data }, Some(_)) = (&e.kind, &e.plugin) {
            sink.borrow_mut().push((event_type.clone(), data.clone()));
        }
    }));
    seen
}

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(100).await;
}

/// Waits until `seen` holds `n` events (10 s at most: WebKit with the suite
/// running beside it took longer than a fixed 100 ms), then a little more,
/// so an extra event would show.
async fn until_seen(seen: &Rc<RefCell<Vec<(String, serde_json::Value)>>>, n: usize) {
    let deadline = annex_tests::now_ms() + 10_000.0;
    while seen.borrow().len() < n && annex_tests::now_ms() < deadline {
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    settle().await;
}

#[wasm_bindgen_test]
async fn a_subscribed_plugin_receives_events_and_answers() {
    let host = host().await;
    host.load_url(&plugin_url("events")).await.unwrap();
    let seen = recording(&host).await;
    host.emit("ping", json!({"text": "abc"})).unwrap();
    until_seen(&seen, 1).await;
    let seen = seen.borrow();
    assert_eq!(seen.len(), 1);
    let (event_type, data) = &seen[0];
    assert_eq!(event_type, "pong");
    assert_eq!(data["echo"], json!({"text": "abc"}));
    assert_eq!(data["sha256"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(data["round_trip"], true);
}

#[wasm_bindgen_test]
async fn plugins_only_receive_types_they_subscribed_to_and_once_means_once() {
    let host = host().await;
    host.load_url(&plugin_url("events")).await.unwrap();
    let seen = recording(&host).await;
    host.emit("other", json!({})).unwrap();
    host.emit("single", json!({"n": 1})).unwrap();
    host.emit("single", json!({"n": 2})).unwrap();
    until_seen(&seen, 1).await;
    assert_eq!(*seen.borrow(), [("single.seen".to_owned(), json!({"n": 1}))]);
    let subscriptions = host.subscriptions();
    assert_eq!(subscriptions, [("ping".to_owned(), "dev.annex.test.events".parse().unwrap())]);
}

#[wasm_bindgen_test]
async fn unloading_a_plugin_ends_its_subscriptions() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("events")).await.unwrap();
    plugin.unload().await.unwrap();
    assert!(host.subscriptions().is_empty());
}
