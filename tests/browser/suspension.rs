//! How calls wait for asynchronous host functions: JSPI where the engine has
//! it, the Asyncify fallback elsewhere, and the fallback forced
//! (`SuspensionMode::Asyncify`) so it is checked in every engine, not only
//! in the one that needs it.

use annex_protocol::abi::CallSuspension;
use annex_protocol::api::analytics::{AnalyticsEvent, MetricsQuery, TimeRange};
use annex_protocol::api::network::{DomainPattern, NetworkPolicy, NetworkRequest};
use annex_protocol::{ErrorCode, Permission};
use annex_runtime::{HostConfig, PluginHost, SuspensionMode};
use annex_tests::{engine_has_jspi, host_with, plugin_url, server, unique};
use wasm_bindgen_test::wasm_bindgen_test;

fn config() -> HostConfig {
    annex_tests::config()
        .grant(Permission::StorageRead)
        .grant(Permission::StorageWrite)
        .grant(Permission::NetworkRequest)
}

async fn asyncify_host() -> PluginHost {
    host_with(config().suspension(SuspensionMode::Asyncify)).await
}

#[wasm_bindgen_test]
async fn plugins_suspend_by_jspi_where_the_engine_has_it_and_by_asyncify_elsewhere() {
    let host = host_with(config()).await;
    let notes = host.load_url(&plugin_url("notes")).await.unwrap();
    let expected = if engine_has_jspi() { CallSuspension::Jspi } else { CallSuspension::Asyncify };
    assert_eq!(notes.suspension(), Some(expected));
    let key = unique("auto");
    let storage = notes.storage().unwrap();
    storage.set(&key, b"stored").await.unwrap();
    assert_eq!(storage.get(&key).await.unwrap().as_deref(), Some(&b"stored"[..]));

    let gray = host.load_url(&plugin_url("grayscale")).await.unwrap();
    assert_eq!(gray.suspension(), Some(CallSuspension::Direct), "no async imports, no suspension");
}

#[wasm_bindgen_test]
async fn storage_through_the_asyncify_fallback_stores_lists_deletes_and_keeps_its_quota() {
    let mut small_quota = config().suspension(SuspensionMode::Asyncify);
    small_quota.limits.storage_quota_bytes = 1024;
    let host = host_with(small_quota).await;
    let plugin = host.load_url(&plugin_url("notes")).await.unwrap();
    assert_eq!(plugin.suspension(), Some(CallSuspension::Asyncify));
    let notes = plugin.storage().unwrap();
    notes.clear().await.unwrap();
    let prefix = unique("asyncify");
    let key = |k: &str| format!("{prefix}:{k}");
    notes.set(&key("a"), b"first").await.unwrap();
    notes.set(&key("b"), b"second").await.unwrap();
    assert_eq!(notes.get(&key("a")).await.unwrap().as_deref(), Some(&b"first"[..]));
    assert_eq!(notes.get(&key("missing")).await.unwrap(), None);
    assert_eq!(notes.list(Some(&format!("{prefix}:*"))).await.unwrap(), [key("a"), key("b")]);
    notes.delete(&key("a")).await.unwrap();
    assert_eq!(notes.get(&key("a")).await.unwrap(), None);
    let err = notes.set(&key("big"), &[b'x'; 2000]).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::QuotaExceeded, "{err}");
    assert_eq!(notes.get(&key("b")).await.unwrap().as_deref(), Some(&b"second"[..]));

    // Acknowledged writes are in IndexedDB: a JSPI (or any) instance reads them.
    let other = host_with(config()).await;
    let again = other.load_url(&plugin_url("notes")).await.unwrap().storage().unwrap();
    assert_eq!(again.get(&key("b")).await.unwrap().as_deref(), Some(&b"second"[..]));
}

#[wasm_bindgen_test]
async fn one_analytics_call_suspends_many_times_under_asyncify() {
    let host = asyncify_host().await;
    let plugin = host.load_url(&plugin_url("analytics")).await.unwrap();
    assert_eq!(plugin.suspension(), Some(CallSuspension::Asyncify));
    let api = plugin.analytics().unwrap();
    // Its own window of time, far from the analytics tests' windows.
    let from = 1_900_000_000_000 + (js_sys::Math::random() * 1e9) as u64;
    let range = TimeRange::between(from, from + 1_000_000);
    api.clear(range).await.unwrap();
    // Several batches: each is one stored chunk, and the query below reads
    // every chunk (a list, then a get per chunk) within one call.
    for batch in 0..4u64 {
        let events: Vec<AnalyticsEvent> = (0..5u64)
            .map(|i| AnalyticsEvent::new("asyncify.sample", from + batch * 1000 + i).with("n", i))
            .collect();
        assert_eq!(api.track_batch(events).await.unwrap(), 5);
    }
    let result = api.query(&MetricsQuery::new().range(range)).await.unwrap();
    assert_eq!(result.events, 20);
}

#[wasm_bindgen_test]
async fn network_through_the_asyncify_fallback_reaches_the_server_and_the_policy_holds() {
    let (server, key) = (server().await, unique("asyncify-net"));
    let mut loopback = config().suspension(SuspensionMode::Asyncify);
    loopback.limits.network = NetworkPolicy {
        allow: vec!["127.0.0.1:*".parse::<DomainPattern>().unwrap()],
        ..NetworkPolicy::default()
    };
    let host = host_with(loopback).await;
    let plugin = host.load_url(&plugin_url("http-client")).await.unwrap();
    assert_eq!(plugin.suspension(), Some(CallSuspension::Asyncify));
    let api = plugin.network().unwrap();
    let url = server.url(&format!("/__test/echo?t={key}"));
    let mut request = NetworkRequest::get(url.clone());
    request.method = "POST".into();
    let (response, body) = api.request(request, b"through asyncify").await.unwrap();
    assert_eq!(response.status, 200);
    let echo: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(echo["body"], "through asyncify");
    let refused = api.request(NetworkRequest::get("http://example.invalid/x"), b"").await;
    assert_eq!(refused.unwrap_err().code(), ErrorCode::NetworkBlocked);
    assert_eq!(server.stats(&format!("/__test/echo?t={key}"), None).await.count, 1);
}

#[wasm_bindgen_test]
async fn a_module_without_the_transform_runs_only_with_jspi_and_says_why_elsewhere() {
    let url = plugin_url("notes-untransformed");
    let forced = asyncify_host().await.load_url(&url).await.unwrap_err();
    assert_eq!(forced.code(), ErrorCode::Unsupported, "{forced}");
    assert!(forced.to_string().contains("not built with the Asyncify transform"), "{forced}");

    let host = host_with(config()).await;
    match host.load_url(&url).await {
        Ok(plugin) => {
            assert!(engine_has_jspi(), "an untransformed module loaded without JSPI");
            assert_eq!(plugin.suspension(), Some(CallSuspension::Jspi));
        }
        Err(error) => {
            assert!(!engine_has_jspi(), "refused although the engine has JSPI: {error}");
            assert_eq!(error.code(), ErrorCode::Unsupported);
            assert!(error.to_string().contains("Asyncify transform"), "{error}");
        }
    }
}
