//! Custom APIs: a host app's own calls to its plugins, bytes or JSON both
//! ways, through the plugin's worker.

use annex_protocol::ErrorCode;
use annex_runtime::Error;
use annex_tests::{host, plugin_url};
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

fn code(error: &Error) -> Option<ErrorCode> {
    match error {
        Error::Plugin { error, .. } => Some(error.code),
        _ => None,
    }
}

#[wasm_bindgen_test]
async fn a_custom_api_answers_bytes_and_json_from_its_worker() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("custom-calls")).await.unwrap();
    let counter = plugin.custom("test.counter").unwrap();
    assert_eq!(counter.name(), "test.counter");
    let total: Value = counter.call_json("add", &json!({"by": 40})).await.unwrap();
    assert_eq!(total, json!({"total": 40}));
    let total: Value = counter.call_json("add", &json!({"by": 2})).await.unwrap();
    assert_eq!(total, json!({"total": 42}));
    let bytes: Vec<u8> = (0..=255).collect();
    assert_eq!(counter.call("echo", &bytes).await.unwrap(), bytes);
    assert_eq!(counter.call("echo", &[]).await.unwrap(), Vec::<u8>::new());
}

#[wasm_bindgen_test]
async fn errors_name_the_plugin_and_leave_it_running() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("custom-calls")).await.unwrap();
    // Refused on the host, before anything is sent.
    let undeclared = plugin.custom("not.declared").unwrap_err();
    assert_eq!(code(&undeclared), Some(ErrorCode::Unsupported));
    assert!(undeclared.to_string().contains("dev.annex.test.custom-calls"), "{undeclared}");
    assert!(undeclared.to_string().contains("lists: test.counter"), "{undeclared}");
    let counter = plugin.custom("test.counter").unwrap();
    let failed = counter.call("fail", b"").await.unwrap_err();
    assert_eq!(code(&failed), Some(ErrorCode::PluginError), "{failed}");
    let unknown = counter.call("nope", b"").await.unwrap_err();
    assert_eq!(code(&unknown), Some(ErrorCode::Unsupported), "{unknown}");
    let not_json = counter.call_json::<_, Value>("echo", &json!("x")).await;
    assert!(not_json.is_ok(), "echoed JSON is JSON: {not_json:?}");
    let garbage = counter.call("echo", b"\xff not json").await.unwrap();
    assert_eq!(garbage, b"\xff not json");
    // Output that is not the JSON asked for is a protocol error, named.
    let wrong = counter.call_json::<_, Vec<u32>>("add", &json!({"by": 1})).await.unwrap_err();
    assert_eq!(code(&wrong), Some(ErrorCode::Protocol), "{wrong}");
    assert!(wrong.to_string().contains("test.counter.add"), "{wrong}");
    // Still running, with its total.
    let total: Value = counter.call_json("add", &json!({"by": 0})).await.unwrap();
    assert_eq!(total, json!({"total": 1}));
}
