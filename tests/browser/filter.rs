//! The canvas-filter path: bytes → manifest → worker → filtered pixels.

use annex_protocol::api::filter::Filter;
use annex_protocol::ErrorCode;
use annex_runtime::{PluginStatus, RgbaImage};
use annex_tests::{host, plugin_url, reference_grayscale, test_image};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn grayscale_in_a_worker_gives_exactly_the_reference_pixels() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("grayscale")).await.unwrap();
    assert_eq!(plugin.id().as_str(), "dev.annex.grayscale");
    assert_eq!(plugin.status(), PluginStatus::Active);

    let (width, height) = (97, 61);
    let original = test_image(width, height);
    let image = RgbaImage::from_bytes(width, height, &original).unwrap();
    let filtered = plugin.canvas_filter().unwrap().apply(image, &Filter::Grayscale).await.unwrap();

    assert_eq!((filtered.width(), filtered.height()), (width, height));
    let pixels = filtered.to_vec();
    assert_ne!(pixels, original, "the filter changed nothing");
    assert_eq!(pixels, reference_grayscale(&original));
}

#[wasm_bindgen_test]
async fn the_image_buffer_is_transferred_not_copied() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("grayscale")).await.unwrap();
    let image = RgbaImage::from_bytes(8, 8, &test_image(8, 8)).unwrap();
    let sent = image.buffer().clone();
    let filtered = plugin.canvas_filter().unwrap().apply(image, &Filter::Grayscale).await.unwrap();
    // A transferred ArrayBuffer is detached on the sending side.
    assert_eq!(sent.byte_length(), 0, "the buffer was copied instead of transferred");
    assert_eq!(filtered.buffer().byte_length(), 8 * 8 * 4);
}

#[wasm_bindgen_test]
async fn a_filter_the_plugin_does_not_offer_is_refused_before_the_call() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("grayscale")).await.unwrap();
    let image = RgbaImage::from_bytes(1, 1, &[1, 2, 3, 4]).unwrap();
    let blur = Filter::Custom { name: "blur".into(), params: serde_json::Value::Null };
    let err = plugin.canvas_filter().unwrap().apply(image, &blur).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unsupported);
    assert!(err.to_string().contains("dev.annex.grayscale"), "{err}");
    assert!(err.to_string().contains("offers: grayscale"), "{err}");
}

#[wasm_bindgen_test]
async fn a_granted_host_function_really_answers_from_the_browser() {
    let host =
        annex_tests::host_with(annex_tests::config().grant(annex_protocol::Permission::SystemInfo))
            .await;
    let plugin = host.load_url(&plugin_url("sysinfo")).await.unwrap();
    let image = RgbaImage::from_bytes(2, 1, &[0; 8]).unwrap();
    let cores = Filter::Custom { name: "cores".into(), params: serde_json::Value::Null };
    let out = plugin.canvas_filter().unwrap().apply(image, &cores).await.unwrap().to_vec();
    let expected = web_sys::window().unwrap().navigator().hardware_concurrency() as u8;
    assert!(expected > 0);
    assert_eq!(out, [expected, 0, 0, 0, expected, 0, 0, 0]);
}
