//! The storage API: real IndexedDB behind each plugin's own namespace.

use annex_protocol::{ErrorCode, Permission};
use annex_runtime::HostConfig;
use annex_runtime::PluginHost;
use annex_tests::{host_with, plugin_url, unique};

/// The test configuration, granting storage (the default grants only canvas).
fn config() -> HostConfig {
    annex_tests::config().grant(Permission::StorageRead).grant(Permission::StorageWrite)
}

async fn host() -> PluginHost {
    host_with(config()).await
}
use wasm_bindgen_test::wasm_bindgen_test;

async fn notes(host: &PluginHost) -> annex_runtime::StorageApi {
    let plugin = host.load_url(&plugin_url("notes")).await.unwrap();
    plugin.storage().unwrap()
}

#[wasm_bindgen_test]
async fn store_retrieve_list_delete_and_clear() {
    let host = host().await;
    let notes = notes(&host).await;
    let prefix = unique("crud");
    let key = |k: &str| format!("{prefix}:{k}");
    let (a, b, c) = (key("a"), key("b"), key("c"));
    notes.set(&a, b"first").await.unwrap();
    notes.set(&b, b"second").await.unwrap();
    notes.set(&c, b"third").await.unwrap();
    assert_eq!(notes.get(&a).await.unwrap().as_deref(), Some(&b"first"[..]));

    assert_eq!(
        notes.list(Some(&format!("{prefix}:*"))).await.unwrap(),
        [a.clone(), b.clone(), c.clone()]
    );
    assert_eq!(notes.list(Some(&format!("{prefix}:?"))).await.unwrap().len(), 3);
    notes.delete(&b).await.unwrap();
    assert_eq!(notes.get(&b).await.unwrap(), None);
    notes.clear().await.unwrap();
    assert!(notes.list(None).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_plugin_cannot_read_or_delete_another_plugins_keys() {
    let host = host().await;
    let notes = notes(&host).await;
    let other = host.load_url(&plugin_url("storage-b")).await.unwrap().storage().unwrap();
    let key = unique("secret");
    notes.set(&key, b"only mine").await.unwrap();

    assert_eq!(other.get(&key).await.unwrap(), None, "B sees nothing under A's key");
    assert!(!other.list(None).await.unwrap().contains(&key));
    other.delete(&key).await.unwrap();
    other.clear().await.unwrap();
    assert_eq!(
        notes.get(&key).await.unwrap().as_deref(),
        Some(&b"only mine"[..]),
        "A's value is intact"
    );

    // Same key, separate values.
    other.set(&key, b"B's own").await.unwrap();
    assert_eq!(notes.get(&key).await.unwrap().as_deref(), Some(&b"only mine"[..]));
    assert_eq!(other.get(&key).await.unwrap().as_deref(), Some(&b"B's own"[..]));
}

#[wasm_bindgen_test]
async fn passing_the_quota_is_a_clear_error_and_stores_nothing() {
    let mut config = config();
    config.limits.storage_quota_bytes = 64;
    let host = host_with(config).await;
    let other = host.load_url(&plugin_url("storage-b")).await.unwrap().storage().unwrap();
    other.clear().await.unwrap();
    other.set("small", b"fits").await.unwrap();
    let err = other.set("big", &[b'x'; 100]).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::QuotaExceeded);
    assert_eq!(
        err.to_string(),
        "plugin dev.annex.test.storage-b: storage quota exceeded: storing `big` (103 bytes) would use 112 of 64 bytes"
    );
    assert_eq!(other.get("big").await.unwrap(), None);
    assert_eq!(other.get("small").await.unwrap().as_deref(), Some(&b"fits"[..]));
}

#[wasm_bindgen_test]
async fn an_acknowledged_write_survives_the_worker_being_killed_right_after() {
    let host = host().await;
    let key = unique("durable");
    {
        let plugin = host.load_url(&plugin_url("notes")).await.unwrap();
        plugin.storage().unwrap().set(&key, b"written").await.unwrap();
        plugin.terminate("killed right after the write");
    }
    let plugin = host.load_url(&plugin_url("notes")).await.unwrap();
    assert_eq!(
        plugin.storage().unwrap().get(&key).await.unwrap().as_deref(),
        Some(&b"written"[..])
    );
}

#[wasm_bindgen_test]
async fn values_survive_in_a_new_host_as_after_a_reload() {
    let key = unique("reload");
    notes(&host().await).await.set(&key, b"still here").await.unwrap();
    let fresh = notes(&host().await).await;
    assert_eq!(fresh.get(&key).await.unwrap().as_deref(), Some(&b"still here"[..]));
}

#[wasm_bindgen_test]
async fn a_revoked_permission_stops_the_very_next_call() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("notes")).await.unwrap();
    let notes = plugin.storage().unwrap();
    let key = unique("revoke");
    notes.set(&key, b"before").await.unwrap();
    plugin.revoke(&Permission::StorageWrite).await.unwrap();
    let err = notes.set(&key, b"after").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    assert!(err.to_string().contains("storage.write"), "{err}");
    assert_eq!(
        notes.get(&key).await.unwrap().as_deref(),
        Some(&b"before"[..]),
        "reads still allowed"
    );
    plugin.grant(&Permission::StorageWrite).await.unwrap();
    notes.set(&key, b"after").await.unwrap();
}
