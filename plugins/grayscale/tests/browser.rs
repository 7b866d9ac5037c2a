//! The grayscale plugin in a real worker, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use annex_runtime::protocol::api::filter::Filter;
use annex_runtime::{testing, RgbaImage};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn converts_pixels_in_its_worker() {
    let loaded = testing::load_fixture("grayscale").await.unwrap();
    let pixels = [255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 255, 255, 255, 255];
    let image = RgbaImage::from_bytes(2, 2, &pixels).unwrap();
    let filter = loaded.plugin.canvas_filter().unwrap();
    let out = filter.apply(image, &Filter::Grayscale).await.unwrap().to_vec();
    assert_eq!(out, [54, 54, 54, 255, 182, 182, 182, 128, 18, 18, 18, 0, 255, 255, 255, 255]);
}

#[wasm_bindgen_test]
async fn its_manifest_is_read_from_the_module() {
    let loaded = testing::load_fixture("grayscale").await.unwrap();
    let manifest = loaded.plugin.manifest();
    assert_eq!(manifest.id.as_str(), "dev.annex.grayscale");
    assert_eq!(manifest.capabilities.canvas_filter.as_ref().unwrap().filters, ["grayscale"]);
}
