//! Workers: the warm pool handing out and refilling workers, and idle
//! plugins parked and brought back.

use std::time::Duration;

use annex_runtime::StatusKind;
use annex_tests::{config, host_with, server, unique};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{cache_config, catalog, host_recording, GRAYSCALE};

#[wasm_bindgen_test]
async fn warm_workers_are_handed_to_plugins_and_refilled() {
    annex_tests::install_worker_spy();
    let (server, key) = (server().await, unique("warm"));
    let catalog = catalog(&server, &key).await;
    let mut config = cache_config(&unique("cache-warm"));
    config.warm_workers = 2;
    let (host, _) = host_recording(config, &catalog).await;
    wait_until(|| host.warm_workers() == 2).await;
    assert_eq!(annex_tests::live_workers(&host, "warm"), 2);
    let plugin = host.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    plugin.ping().await.unwrap();
    assert_eq!(annex_tests::live_workers(&host, GRAYSCALE), 0, "no worker of its own was started");
    // One warm worker went to the plugin, and the pool boots another.
    wait_until(|| host.warm_workers() == 2).await;
    assert_eq!(annex_tests::live_workers(&host, "warm"), 3);
    plugin.unload().await.unwrap();
    assert_eq!(
        annex_tests::live_workers(&host, "warm"),
        2,
        "the plugin's (warm) worker was terminated"
    );
}

#[wasm_bindgen_test]
async fn an_idle_plugin_is_parked_and_its_next_call_brings_it_back() {
    let mut config = config();
    config.park_idle_after = Some(Duration::from_millis(200));
    let host = host_with(config).await;
    let plugin = host.load_url(&annex_tests::plugin_url("lifecycle")).await.unwrap();
    wait_until(|| plugin.status().kind() == StatusKind::Parked).await;
    assert_eq!(plugin.memory_bytes(), 0, "its worker is gone");
    plugin.ping().await.unwrap();
    assert_eq!(plugin.status().kind(), StatusKind::Active);
}

async fn wait_until(mut done: impl FnMut() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    panic!("timed out waiting");
}
