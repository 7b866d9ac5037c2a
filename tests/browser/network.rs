//! The network API: real fetch to the local test server, under the policy.

use annex_protocol::api::network::{DomainPattern, NetworkPolicy, NetworkRequest};
use annex_protocol::ErrorCode;
use annex_runtime::{NetworkApi, PluginHost};
use annex_tests::{config, host_with, plugin_url, server, unique, TestServer};
use wasm_bindgen_test::wasm_bindgen_test;

pub(crate) fn allow_loopback(policy: NetworkPolicy) -> NetworkPolicy {
    NetworkPolicy { allow: vec!["127.0.0.1:*".parse::<DomainPattern>().unwrap()], ..policy }
}

pub(crate) async fn client(policy: NetworkPolicy) -> (PluginHost, NetworkApi) {
    let mut config = config().grant(annex_protocol::Permission::NetworkRequest);
    config.limits.network = policy;
    let host = host_with(config).await;
    let api = host.load_url(&plugin_url("http-client")).await.unwrap().network().unwrap();
    (host, api)
}

pub(crate) async fn count(server: &TestServer, key: &str) -> u64 {
    server.stats(&format!("/__test/echo?t={key}"), None).await.count
}

#[wasm_bindgen_test]
async fn an_allowed_request_arrives_and_its_answer_comes_back() {
    let (server, key) = (server().await, unique("allowed"));
    let (_host, api) = client(allow_loopback(NetworkPolicy::default())).await;
    let mut request = NetworkRequest::get(server.url(&format!("/__test/echo?t={key}")));
    request.method = "POST".into();
    request.headers.insert("content-type".into(), "text/plain".into());
    let (response, body) = api.request(request, b"hello server").await.unwrap();
    assert_eq!(response.status, 200);
    let echo: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["body"], "hello server");
    assert_eq!(echo["headers"]["x-annex-client"], "dev.annex.http-client");
    assert_eq!(count(&server, &key).await, 1);
}

#[wasm_bindgen_test]
async fn a_disallowed_host_is_refused_before_anything_is_sent() {
    let (server, key) = (server().await, unique("blocked"));
    let (_host, api) = client(allow_loopback(NetworkPolicy::default())).await;
    // Same server, reached as `localhost`, which the allow-list does not name.
    let url = server.url(&format!("/__test/echo?t={key}")).replace("127.0.0.1", "localhost");
    let err = api.get(&url).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NetworkBlocked);
    let text = err.to_string();
    assert!(
        text.contains("localhost:") && text.contains("not in the allow-list (127.0.0.1:*)"),
        "{text}"
    );
    assert_eq!(count(&server, &key).await, 0, "the server saw nothing");

    let policy = NetworkPolicy {
        block: vec!["127.0.0.1:*".parse().unwrap()],
        ..allow_loopback(NetworkPolicy::default())
    };
    let (_host, api) = client(policy).await;
    let err = api.get(&server.url(&format!("/__test/echo?t={key}"))).await.unwrap_err();
    assert!(err.to_string().contains(&format!("{} is blocked", server.host())), "{err}");
    assert_eq!(count(&server, &key).await, 0);
}

#[wasm_bindgen_test]
async fn a_slow_server_hits_the_time_budget() {
    let server = server().await;
    let (_host, api) =
        client(NetworkPolicy { timeout_ms: 300, ..allow_loopback(NetworkPolicy::default()) }).await;
    let err = api.get(&server.url("/__test/slow?ms=3000")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout);
    assert!(err.to_string().contains("within 300 ms"), "{err}");
}

#[wasm_bindgen_test]
async fn the_request_budget_and_the_response_cap_are_enforced() {
    let (server, key) = (server().await, unique("budget"));
    let policy = NetworkPolicy {
        requests_per_minute: 2,
        max_response_bytes: 1000,
        ..allow_loopback(NetworkPolicy::default())
    };
    let (_host, api) = client(policy).await;
    let url = server.url(&format!("/__test/echo?t={key}"));
    api.get(&url).await.unwrap();
    let err = api.get(&server.url("/__test/bytes?n=5000")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BudgetExceeded);
    assert!(err.to_string().contains("larger than the 1000-byte limit"), "{err}");
    let err = api.get(&url).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BudgetExceeded);
    assert!(err.to_string().contains("2 requests per minute"), "{err}");
    assert_eq!(count(&server, &key).await, 1);
}
