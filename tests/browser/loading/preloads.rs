//! Preloads: started by a matching route, cancelled when stale, and compiled
//! ahead so activation skips the download.

use annex_runtime::{EventKind, PluginHost};
use annex_tests::{server, unique};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{cache_config, catalog, host_recording, module_requests, point};

#[wasm_bindgen_test]
async fn a_route_change_starts_matching_preloads_and_cancels_stale_ones() {
    let (server, key) = (server().await, unique("routes"));
    let mut catalog = catalog(&server, &key).await;
    let slow =
        server.url(&format!("/__test/delayed?ms=2000&path=/plugins/load-preload.wasm&t={key}"));
    point(&mut catalog, "dev.annex.test.load-preload", slow);
    let (host, events) = host_recording(cache_config(&unique("cache-routes")), &catalog).await;
    host.set_roles(vec!["analyst".into()]);

    let plan = host.navigate("/analytics/today").unwrap();
    let item = plan.item("dev.annex.test.load-preload").expect("the preload rule matches");
    assert_eq!(
        item.reason,
        "preload dev.annex.test.load-preload: route /analytics/today matches /analytics/*, role analyst"
    );
    let preloading = |host: &PluginHost| {
        host.preloads().iter().any(|(id, _)| id.as_str() == "dev.annex.test.load-preload")
    };
    assert!(preloading(&host));
    gloo_timers::future::TimeoutFuture::new(100).await;

    let plan = host.navigate("/editor").unwrap();
    assert!(plan.item("dev.annex.test.load-preload").is_none());
    assert!(!preloading(&host), "the stale preload was cancelled");
    assert!(events.borrow().iter().any(|e| matches!(e, EventKind::PreloadCancelled { .. })));
    // Nothing of it got kept: past the time the download would have taken,
    // activating it downloads it again (a finished preload would have left
    // it compiled, and activation would not ask the server). The cancelled
    // request is aborted, so whether the server saw it depends on how far it
    // got: count only what activation adds.
    gloo_timers::future::TimeoutFuture::new(2500).await;
    let id = "dev.annex.test.load-preload".parse().unwrap();
    assert!(host.plugin(&id).is_none());
    let before = downloads_of(&server, &key).await;
    host.activate(&id).await.unwrap();
    let after = downloads_of(&server, &key).await;
    assert_eq!(after, before + 1, "activation downloaded it again");
}

/// The requests for the slow preload module the server has answered in test `key`.
async fn downloads_of(server: &annex_tests::TestServer, key: &str) -> usize {
    let stats = server.stats("/__test/delayed", None).await;
    stats.urls.iter().filter(|u| u.ends_with(&format!("t={key}"))).count()
}

#[wasm_bindgen_test]
async fn a_matching_preload_compiles_ahead_so_activation_skips_the_download() {
    let (server, key) = (server().await, unique("preload"));
    let catalog = catalog(&server, &key).await;
    let (host, events) = host_recording(cache_config(&unique("cache-preload")), &catalog).await;
    host.set_roles(vec!["analyst".into()]);
    host.navigate("/analytics").unwrap();
    for _ in 0..100 {
        if host.preloads().is_empty() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    assert!(events.borrow().iter().any(|e| matches!(e, EventKind::PreloadStarted { .. })));
    let id = "dev.annex.test.load-preload".parse().unwrap();
    assert!(host.plugin(&id).is_none(), "a lazy preload compiles, it does not start the plugin");
    let path = "/plugins/load-preload.wasm";
    let downloaded = module_requests(&server, path, &key).await;
    assert_eq!(downloaded, 1, "the preload downloaded it; events: {:?}", events.borrow());
    host.activate(&id).await.unwrap();
    assert_eq!(module_requests(&server, path, &key).await, 1, "activation did not download it");
}
