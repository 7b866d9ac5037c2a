//! Greeter in a real worker, in a headless browser (`annex test`).
#![cfg(target_arch = "wasm32")]

use annex_runtime::testing;
use serde_json::{json, Value};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn greets_from_its_worker() {
    let loaded = testing::load_fixture("greeter").await.unwrap();
    let api = loaded.plugin.custom("greeter").unwrap();
    let answer: Value = api.call_json("greet", &json!({"name": "Ada"})).await.unwrap();
    assert_eq!(answer, json!({"message": "Hello, Ada!", "count": 1}));
    let answer: Value = api.call_json("greet", &json!({"name": "Grace"})).await.unwrap();
    assert_eq!(answer["count"], 2);
}

#[wasm_bindgen_test]
async fn an_unknown_function_is_an_error_and_the_plugin_keeps_running() {
    let loaded = testing::load_fixture("greeter").await.unwrap();
    let api = loaded.plugin.custom("greeter").unwrap();
    assert!(api.call("shout", b"{}").await.is_err());
    let answer: Value = api.call_json("greet", &json!({"name": "Ada"})).await.unwrap();
    assert_eq!(answer["count"], 1);
}
