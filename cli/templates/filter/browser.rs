//! {{title}} in a real worker, in a headless browser (`annex test`).
#![cfg(target_arch = "wasm32")]

use annex_runtime::protocol::api::filter::Filter;
use annex_runtime::{testing, LoadOptions, RgbaImage};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn filter() -> Filter {
    Filter::Custom { name: "{{name}}".into(), params: serde_json::Value::Null }
}

#[wasm_bindgen_test]
async fn inverts_in_its_worker() {
    let loaded = testing::load_fixture("{{name}}").await.unwrap();
    let image = RgbaImage::from_bytes(1, 1, &[0, 100, 255, 7]).unwrap();
    let out = loaded.plugin.canvas_filter().unwrap().apply(image, &filter()).await.unwrap();
    assert_eq!(out.to_vec(), [255, 155, 0, 7]);
}

#[wasm_bindgen_test]
async fn takes_its_configuration_from_the_host() {
    let options = LoadOptions::config(serde_json::json!({"strength": 0.5}));
    let loaded =
        testing::load_fixture_with("{{name}}", testing::fixture_config(), options).await.unwrap();
    let image = RgbaImage::from_bytes(1, 1, &[0, 0, 0, 255]).unwrap();
    let out = loaded.plugin.canvas_filter().unwrap().apply(image, &filter()).await.unwrap();
    assert_eq!(out.to_vec(), [128, 128, 128, 255]);
}
