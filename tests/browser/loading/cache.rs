//! The module cache in real IndexedDB: repeat visits, a changed hash, a
//! corrupted entry, the byte cap.

use annex_runtime::cache::EvictionReason;
use annex_runtime::{EventKind, StatusKind};
use annex_tests::{server, unique};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{cache_config, catalog, host_recording, module_requests, GRAYSCALE};

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
