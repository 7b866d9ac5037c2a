//! {{title}} in a real worker with real `fetch`, in a headless browser (`annex test`).
//! The test runner's own server answers: it serves this crate's folder.
#![cfg(target_arch = "wasm32")]

use annex_runtime::protocol::api::network::{DomainPattern, NetworkPolicy};
use annex_runtime::protocol::Permission;
use annex_runtime::{testing, LoadOptions};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// `location.origin` and `location.host` (host and port) of the test page.
fn page() -> (String, String) {
    let location = js_sys::Reflect::get(&js_sys::global(), &"location".into()).unwrap();
    let get = |key: &str| js_sys::Reflect::get(&location, &key.into()).unwrap().as_string().unwrap();
    (get("origin"), get("host"))
}

async fn client(allow: &str) -> (testing::Loaded, annex_runtime::NetworkApi) {
    let mut config = testing::fixture_config().grant(Permission::NetworkRequest);
    config.limits.network =
        NetworkPolicy { allow: vec![allow.parse::<DomainPattern>().unwrap()], ..NetworkPolicy::default() };
    let loaded = testing::load_fixture_with("{{name}}", config, LoadOptions::default()).await.unwrap();
    let api = loaded.plugin.network().unwrap();
    (loaded, api)
}

#[wasm_bindgen_test]
async fn fetches_from_an_allowed_host() {
    let (origin, host) = page();
    let (_loaded, api) = client(&host).await;
    let (response, body) = api.get(&format!("{origin}/Cargo.toml")).await.unwrap();
    assert_eq!(response.status, 200);
    assert!(String::from_utf8_lossy(&body).contains("name = \"{{name}}\""));
}

#[wasm_bindgen_test]
async fn a_host_outside_the_allow_list_is_refused() {
    let (origin, _) = page();
    let (_loaded, api) = client("example.com").await;
    let error = api.get(&format!("{origin}/Cargo.toml")).await.unwrap_err();
    assert_eq!(error.code(), annex_runtime::protocol::ErrorCode::NetworkBlocked, "{error}");
}
