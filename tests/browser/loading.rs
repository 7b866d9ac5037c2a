//! The loading engine against a real server and real IndexedDB: the module
//! cache, integrity, retries, the concurrency limit, preloads and bootstrap.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use annex_protocol::catalog::Catalog;
use annex_protocol::ErrorCode;
use annex_runtime::cache::{CacheConfig, EvictionReason};
use annex_runtime::catalog::load_catalog;
use annex_runtime::scheduler::SchedulerConfig;
use annex_runtime::{EventKind, HostConfig, PluginHost, StatusKind};
use annex_tests::{config, host_with, server, unique, TestServer};
use wasm_bindgen_test::wasm_bindgen_test;

const GRAYSCALE: &str = "dev.annex.grayscale";

/// The fixture catalog from the test server, each URL tagged with `key` so
/// this test's requests can be counted apart from the others'.
async fn catalog(server: &TestServer, key: &str) -> Catalog {
    let mut catalog = load_catalog(&server.url("/plugins/catalog.json")).await.unwrap();
    for entry in &mut catalog.plugins {
        entry.url = format!("{}?t={key}", entry.url);
    }
    catalog
}

/// Rewrites one entry's URL.
fn point(catalog: &mut Catalog, id: &str, url: String) {
    catalog.plugins.iter_mut().find(|e| e.manifest.id.as_str() == id).unwrap().url = url;
}

fn cache_config(database: &str) -> HostConfig {
    let mut config = config();
    config.cache = Some(CacheConfig { database: database.into(), ..CacheConfig::default() });
    config
}

/// A host on `config` with `catalog`, recording every event kind.
async fn host_recording(
    config: HostConfig,
    catalog: &Catalog,
) -> (PluginHost, Rc<RefCell<Vec<EventKind>>>) {
    let host = host_with(config).await;
    host.set_catalog(catalog.clone());
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    std::mem::forget(host.events().subscribe(move |e| sink.borrow_mut().push(e.kind.clone())));
    (host, events)
}

async fn module_requests(server: &TestServer, path: &str, key: &str) -> u64 {
    server.stats(&format!("{path}?t={key}"), None).await.count
}

#[wasm_bindgen_test]
async fn an_unchanged_plugin_is_not_downloaded_again_on_a_repeat_visit() {
    let (server, key) = (server().await, unique("repeat"));
    let catalog = catalog(&server, &key).await;
    let database = unique("cache-repeat");

    let (first, _) = host_recording(cache_config(&database), &catalog).await;
    first.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    assert_eq!(module_requests(&server, "/plugins/grayscale.wasm", &key).await, 1);
    drop(first);

    // A new page: new host, empty memory, same IndexedDB.
    let (second, events) = host_recording(cache_config(&database), &catalog).await;
    let plugin = second.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    assert_eq!(plugin.status().kind(), StatusKind::Active);
    assert_eq!(
        module_requests(&server, "/plugins/grayscale.wasm", &key).await,
        1,
        "no second download"
    );
    assert!(events.borrow().iter().any(|e| matches!(e, EventKind::CacheHit { .. })));
    let stats = second.cache().unwrap().stats();
    assert_eq!((stats.hits, stats.misses), (1, 0));
    assert!(stats.bytes_saved > 100_000);
}

#[wasm_bindgen_test]
async fn a_changed_hash_is_downloaded_and_replaces_the_old_version() {
    let (server, key) = (server().await, unique("rebuilt"));
    let mut catalog = catalog(&server, &key).await;
    let database = unique("cache-rebuilt");
    let (first, _) = host_recording(cache_config(&database), &catalog).await;
    first.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    drop(first);

    // The site ships a rebuilt grayscale: other bytes, another hash.
    let rebuilt = annex_tests::fetch("/fixtures/plugins/grayscale-rebuilt.wasm").await;
    let entry = catalog.plugins.iter_mut().find(|e| e.manifest.id.as_str() == GRAYSCALE).unwrap();
    entry.sha256 = annex_runtime::cache::sha256_hex(&rebuilt);
    entry.url = server.url(&format!("/plugins/grayscale-rebuilt.wasm?t={key}"));
    let (second, events) = host_recording(cache_config(&database), &catalog).await;
    second.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    assert_eq!(module_requests(&server, "/plugins/grayscale-rebuilt.wasm", &key).await, 1);
    let events = events.borrow().clone();
    assert!(events.iter().any(|e| matches!(e, EventKind::CacheMiss)));
    assert!(events
        .iter()
        .any(|e| matches!(e, EventKind::CacheEvicted { reason: EvictionReason::Superseded, .. })));
    let entries = second.cache().unwrap().entries().await.unwrap();
    assert_eq!(entries.len(), 1, "only the new build stays cached");
}

#[wasm_bindgen_test]
async fn a_corrupted_cache_entry_is_detected_and_repaired() {
    let (server, key) = (server().await, unique("corrupt"));
    let catalog = catalog(&server, &key).await;
    let database = unique("cache-corrupt");
    let (first, _) = host_recording(cache_config(&database), &catalog).await;
    first.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    drop(first);

    // Damage the stored bytes behind the cache's back.
    let sha = catalog.entry(GRAYSCALE).unwrap().sha256.clone();
    corrupt_cached_bytes(&database, &sha).await;

    let (second, events) = host_recording(cache_config(&database), &catalog).await;
    let plugin = second.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    assert_eq!(plugin.status().kind(), StatusKind::Active);
    assert!(events
        .borrow()
        .iter()
        .any(|e| matches!(e, EventKind::IntegrityFailure { source, .. } if source == "cache")));
    assert_eq!(
        module_requests(&server, "/plugins/grayscale.wasm", &key).await,
        2,
        "downloaded again"
    );
    match second.cache().unwrap().lookup(&sha).await.unwrap() {
        annex_runtime::cache::Lookup::Hit(_) => {}
        other => panic!("the entry was not repaired: {other:?}"),
    }
}

async fn corrupt_cached_bytes(database: &str, sha: &str) {
    let db = rexie::Rexie::builder(database)
        .version(1)
        .add_object_store(rexie::ObjectStore::new("meta").key_path("sha256"))
        .add_object_store(rexie::ObjectStore::new("bytes"))
        .build()
        .await
        .unwrap();
    let tx = db.transaction(&["bytes"], rexie::TransactionMode::ReadWrite).unwrap();
    let garbage = js_sys::Uint8Array::from(&b"\0asm not really"[..]);
    tx.store("bytes").unwrap().put(&garbage, Some(&sha.into())).await.unwrap();
    tx.done().await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn past_the_byte_cap_the_least_recently_used_module_goes() {
    let (server, key) = (server().await, unique("lru"));
    let catalog = catalog(&server, &key).await;
    let size = |id: &str| catalog.entry(id).unwrap().size;
    let mut config = cache_config(&unique("cache-lru"));
    config.cache.as_mut().unwrap().max_bytes = size(GRAYSCALE) + size("com.example.invert") - 1;
    let (host, events) = host_recording(config, &catalog).await;
    host.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    host.activate(&"com.example.invert".parse().unwrap()).await.unwrap();
    assert!(events
        .borrow()
        .iter()
        .any(|e| matches!(e, EventKind::CacheEvicted { reason: EvictionReason::Capacity, .. })));
    let cached: Vec<String> =
        host.cache().unwrap().entries().await.unwrap().into_iter().map(|e| e.plugin).collect();
    assert_eq!(cached, ["com.example.invert"]);
}

#[wasm_bindgen_test]
async fn a_wrong_hash_on_download_is_refused_and_not_retried() {
    let (server, key) = (server().await, unique("wrong-hash"));
    let mut catalog = catalog(&server, &key).await;
    catalog.plugins.iter_mut().find(|e| e.manifest.id.as_str() == GRAYSCALE).unwrap().sha256 =
        "0".repeat(64);
    let (host, events) = host_recording(cache_config(&unique("cache-wrong")), &catalog).await;
    let err = host.activate(&GRAYSCALE.parse().unwrap()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::IntegrityFailed);
    assert!(err.to_string().contains(&"0".repeat(64)), "{err}");
    assert_eq!(module_requests(&server, "/plugins/grayscale.wasm", &key).await, 1);
    assert!(!events.borrow().iter().any(|e| matches!(e, EventKind::RetryScheduled { .. })));
}

#[wasm_bindgen_test]
async fn a_transient_failure_is_retried_until_it_succeeds() {
    let (server, key) = (server().await, unique("flaky"));
    let mut catalog = catalog(&server, &key).await;
    let url = server.url(&format!("/__test/flaky?key={key}&fail=2&path=/plugins/grayscale.wasm"));
    point(&mut catalog, GRAYSCALE, url);
    let (host, events) = host_recording(cache_config(&unique("cache-flaky")), &catalog).await;
    host.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    let retries: Vec<u32> = events
        .borrow()
        .iter()
        .filter_map(|e| match e {
            EventKind::RetryScheduled { attempt, error, .. } => {
                assert_eq!(error.code(), ErrorCode::FetchFailed);
                Some(*attempt)
            }
            _ => None,
        })
        .collect();
    assert_eq!(retries, [2, 3]);
    assert_eq!(server.stats(&format!("/__test/flaky?key={key}"), None).await.count, 3);
}

#[wasm_bindgen_test]
async fn a_permanent_failure_is_not_retried() {
    let (server, key) = (server().await, unique("missing"));
    let mut catalog = catalog(&server, &key).await;
    point(&mut catalog, GRAYSCALE, server.url(&format!("/__test/status/404?t={key}")));
    let (host, events) = host_recording(cache_config(&unique("cache-404")), &catalog).await;
    let err = host.activate(&GRAYSCALE.parse().unwrap()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::FetchFailed);
    assert!(err.to_string().contains("404"), "{err}");
    assert_eq!(server.stats(&format!("/__test/status/404?t={key}"), None).await.count, 1);
    assert!(!events.borrow().iter().any(|e| matches!(e, EventKind::RetryScheduled { .. })));
}

#[wasm_bindgen_test]
async fn no_more_loads_run_at_once_than_the_limit() {
    let (server, key) = (server().await, unique("limit"));
    let mut catalog = catalog(&server, &key).await;
    let ids = [
        "dev.annex.grayscale",
        "com.example.invert",
        "dev.annex.test.lifecycle",
        "dev.annex.test.hostile",
    ];
    for id in ids {
        let file = catalog
            .entry(id)
            .unwrap()
            .url
            .split('?')
            .next()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        let url = server.url(&format!("/__test/delayed?ms=300&path=/plugins/{file}&group={key}"));
        point(&mut catalog, id, url);
    }
    let mut config = cache_config(&unique("cache-limit"));
    config.scheduler = SchedulerConfig { concurrency: 2, queue_cap: 16 };
    let (host, _) = host_recording(config, &catalog).await;
    let loads = ids.iter().map(|id| {
        let host = host.clone();
        async move { host.activate(&id.parse().unwrap()).await }
    });
    for outcome in futures::future::join_all(loads).await {
        outcome.unwrap();
    }
    let stats = server.stats("/__test/delayed", Some(&key)).await;
    assert_eq!(stats.max_inflight, 2, "the server saw {} downloads at once", stats.max_inflight);
}

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
    // it compiled, and activation would not ask the server).
    gloo_timers::future::TimeoutFuture::new(2500).await;
    let id = "dev.annex.test.load-preload".parse().unwrap();
    assert!(host.plugin(&id).is_none());
    host.activate(&id).await.unwrap();
    let stats = server.stats("/__test/delayed", None).await;
    let mine: Vec<&String> =
        stats.urls.iter().filter(|u| u.ends_with(&format!("t={key}"))).collect();
    assert_eq!(mine.len(), 2, "downloaded again: {mine:?}");
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
    assert_eq!(module_requests(&server, path, &key).await, 1, "the preload downloaded it");
    host.activate(&id).await.unwrap();
    assert_eq!(module_requests(&server, path, &key).await, 1, "activation did not download it");
}

#[wasm_bindgen_test]
async fn bootstrap_activates_eager_plugins_and_defers_the_rest() {
    let (server, key) = (server().await, unique("bootstrap"));
    let catalog = catalog(&server, &key).await;
    let (host, _) = host_recording(cache_config(&unique("cache-boot")), &catalog).await;
    let report = host.bootstrap().await.unwrap();
    let activated: Vec<&str> = report.activated.iter().map(|id| id.as_str()).collect();
    assert_eq!(activated, ["dev.annex.test.load-eager"]);
    assert!(report.failed.is_empty());
    assert_eq!(
        report.plan.skip_reason("dev.annex.test.load-deferred"),
        Some("deferred: waits until the host is idle")
    );
    // Parallel starts alongside; deferred starts once the page is idle.
    for id in ["dev.annex.test.load-parallel", "dev.annex.test.load-deferred"] {
        let id = id.parse().unwrap();
        let mut active = false;
        for _ in 0..200 {
            active = host.plugin(&id).is_some_and(|p| p.status().kind() == StatusKind::Active);
            if active {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
        assert!(active, "{id} did not start");
    }
    assert!(
        host.plugin(&"dev.annex.test.load-preload".parse().unwrap()).is_none(),
        "lazy stays unloaded"
    );
}

#[wasm_bindgen_test]
async fn a_critical_plugin_that_fails_fails_the_bootstrap() {
    let (server, key) = (server().await, unique("critical"));
    let mut catalog = catalog(&server, &key).await;
    point(
        &mut catalog,
        "dev.annex.test.load-eager",
        server.url(&format!("/__test/status/404?t={key}")),
    );
    let (host, _) = host_recording(cache_config(&unique("cache-critical")), &catalog).await;
    let err = host.bootstrap().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BootstrapFailed);
    assert!(
        err.to_string().starts_with(
            "bootstrap failed: critical plugin dev.annex.test.load-eager did not load"
        ),
        "{err}"
    );
}

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
