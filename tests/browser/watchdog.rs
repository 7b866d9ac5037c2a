//! Plugins that never return, panic or trap: stopped, reported, contained.

use std::time::Duration;

use annex_protocol::api::filter::Filter;
use annex_protocol::ErrorCode;
use annex_runtime::{PluginStatus, RgbaImage, StatusKind};
use annex_tests::{config, host, host_with, plugin_url, reference_grayscale, test_image, Ticker};
use wasm_bindgen_test::wasm_bindgen_test;

fn custom(name: &str) -> Filter {
    Filter::Custom { name: name.into(), params: serde_json::Value::Null }
}

fn pixel() -> RgbaImage {
    RgbaImage::from_bytes(1, 1, &[10, 20, 30, 255]).unwrap()
}

#[wasm_bindgen_test]
async fn a_looping_plugin_is_terminated_and_the_others_keep_answering() {
    annex_tests::install_worker_spy();
    let host = host_with(config().call_timeout(Duration::from_millis(400))).await;
    let hostile = host.load_url(&plugin_url("hostile")).await.unwrap();
    let grayscale = host.load_url(&plugin_url("grayscale")).await.unwrap();

    let ticker = Ticker::every(20);
    let err = hostile.canvas_filter().unwrap().apply(pixel(), &custom("spin")).await.unwrap_err();
    let ticks = ticker.ticks();
    drop(ticker);

    assert_eq!(err.code(), ErrorCode::Timeout);
    assert_eq!(
        err.to_string(),
        "plugin dev.annex.test.hostile: `filter_apply` ran past its 400 ms budget; its worker was terminated"
    );
    assert!(ticks >= 5, "the main thread froze while the plugin spun ({ticks} ticks)");
    assert_eq!(hostile.status().kind(), StatusKind::Error);

    // Later calls fail at once with the reason, and the other plugin is unaffected.
    let again = hostile.canvas_filter().unwrap().apply(pixel(), &custom("identity")).await;
    assert_eq!(again.unwrap_err().code(), ErrorCode::Terminated);
    let image = RgbaImage::from_bytes(4, 4, &test_image(4, 4)).unwrap();
    let out = grayscale.canvas_filter().unwrap().apply(image, &Filter::Grayscale).await.unwrap();
    assert_eq!(out.to_vec(), reference_grayscale(&test_image(4, 4)));
    assert_eq!(grayscale.status(), PluginStatus::Active);
    assert_eq!(annex_tests::live_workers(&host, "dev.annex.test.hostile"), 0);
}

#[wasm_bindgen_test]
async fn a_timed_out_plugin_can_be_loaded_again() {
    let host = host_with(config().call_timeout(Duration::from_millis(300))).await;
    let hostile = host.load_url(&plugin_url("hostile")).await.unwrap();
    let _ = hostile.canvas_filter().unwrap().apply(pixel(), &custom("spin")).await;
    let fresh = host.load_url(&plugin_url("hostile")).await.unwrap();
    fresh.canvas_filter().unwrap().apply(pixel(), &custom("identity")).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_panic_reaches_the_host_with_its_message() {
    let host = host().await;
    let hostile = host.load_url(&plugin_url("hostile")).await.unwrap();
    let err = hostile.canvas_filter().unwrap().apply(pixel(), &custom("panic")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Panic);
    let message = err.to_string();
    assert!(message.starts_with("plugin dev.annex.test.hostile: panicked at"), "{message}");
    assert!(message.contains("hostile plugin panicked on purpose"), "{message}");

    // After a panic the instance is not trusted again: the plugin is stopped.
    assert_eq!(hostile.status().error(), Some(&err));
    let next = hostile.canvas_filter().unwrap().apply(pixel(), &custom("identity")).await;
    assert_eq!(next.unwrap_err().code(), ErrorCode::Terminated);
}

#[wasm_bindgen_test]
async fn a_trap_is_reported_as_a_trap() {
    let host = host().await;
    let hostile = host.load_url(&plugin_url("hostile")).await.unwrap();
    let err = hostile.canvas_filter().unwrap().apply(pixel(), &custom("trap")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Trap);
    assert!(err.to_string().contains("unreachable"), "{err}");
}

#[wasm_bindgen_test]
async fn terminate_stops_the_worker_and_fails_later_calls() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("grayscale")).await.unwrap();
    plugin.ping().await.unwrap();
    plugin.terminate("stopped by the test");
    let err = plugin.ping().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Terminated);
    assert!(err.to_string().contains("stopped by the test"), "{err}");
}
