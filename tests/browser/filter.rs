//! The canvas-filter path: bytes → manifest → worker → filtered pixels.

use annex_protocol::api::filter::Filter;
use annex_protocol::ErrorCode;
use annex_runtime::{PluginStatus, RgbaImage};
use annex_tests::{host, plugin_url, reference_filter, reference_grayscale, test_image};
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

/// Every built-in filter, with parameters away from the neutral values.
fn every_builtin_filter() -> Vec<Filter> {
    vec![
        Filter::Grayscale,
        Filter::Brightness { amount: 0.25 },
        Filter::Brightness { amount: -0.4 },
        Filter::Contrast { factor: 1.8 },
        Filter::Saturation { factor: 0.3 },
        Filter::Saturation { factor: 2.5 },
        Filter::HueRotate { degrees: 120.0 },
        Filter::HueRotate { degrees: -45.0 },
        Filter::BoxBlur { radius: 3 },
        Filter::GaussianBlur { sigma: 1.5 },
        Filter::GaussianBlur { sigma: 4.0 },
        Filter::Pixelate { size: 7 },
        Filter::Swirl { angle: 180.0, radius: 0.9 },
        Filter::Swirl { angle: -400.0, radius: 0.5 },
        Filter::Sepia { amount: 1.0 },
        Filter::Sepia { amount: 0.35 },
        Filter::Posterize { levels: 4 },
        Filter::EdgeDetect,
    ]
}

#[wasm_bindgen_test]
async fn every_builtin_filter_matches_the_reference_implementation() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("image-filters")).await.unwrap();
    let (width, height) = (83, 59);
    let original = test_image(width, height);
    for filter in every_builtin_filter() {
        let image = RgbaImage::from_bytes(width, height, &original).unwrap();
        let out = plugin.canvas_filter().unwrap().apply(image, &filter).await;
        let out = out.unwrap_or_else(|e| panic!("{filter:?}: {e}")).to_vec();
        let expected = reference_filter(&filter, width, height, &original);
        assert_ne!(out, original, "{filter:?} changed nothing");
        // The Gaussian is documented as within ±1 of the exact result; every
        // other filter must match exactly.
        let tolerance = u8::from(matches!(filter, Filter::GaussianBlur { .. }));
        let worst = (0..out.len()).max_by_key(|&i| out[i].abs_diff(expected[i])).unwrap();
        let diff = out[worst].abs_diff(expected[worst]);
        assert!(
            diff <= tolerance,
            "{filter:?}: byte {worst} (pixel {}, channel {}) is {} but the reference says {}",
            worst / 4,
            worst % 4,
            out[worst],
            expected[worst]
        );
    }
}

#[wasm_bindgen_test]
async fn out_of_range_parameters_are_refused_with_the_parameter_named() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("image-filters")).await.unwrap();
    let image = RgbaImage::from_bytes(1, 1, &[1, 2, 3, 4]).unwrap();
    let err = plugin
        .canvas_filter()
        .unwrap()
        .apply(image, &Filter::GaussianBlur { sigma: 100.0 })
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    let text = err.to_string();
    assert!(text.contains("dev.annex.image-filters"), "{text}");
    assert!(
        text.contains("gaussian_blur: `sigma` is 100, it must be between 0.5 and 32"),
        "{text}"
    );
    // The plugin is still there for the next call.
    let image = RgbaImage::from_bytes(1, 1, &[1, 2, 3, 4]).unwrap();
    assert!(plugin.canvas_filter().unwrap().apply(image, &Filter::Grayscale).await.is_ok());
}

#[wasm_bindgen_test]
async fn quality_hints_reach_the_plugin() {
    use annex_protocol::api::filter::{FilterHints, Quality};
    let host = host().await;
    let plugin = host.load_url(&plugin_url("image-filters")).await.unwrap();
    let (width, height) = (40, 40);
    let original = test_image(width, height);
    let blur = Filter::GaussianBlur { sigma: 3.0 };
    let filters = plugin.canvas_filter().unwrap();
    let image = RgbaImage::from_bytes(width, height, &original).unwrap();
    let exact = filters.apply(image, &blur).await.unwrap().to_vec();
    let image = RgbaImage::from_bytes(width, height, &original).unwrap();
    let draft = FilterHints { quality: Quality::Draft, prefer_speed: false };
    let fast = filters.apply_with(image, &blur, draft).await.unwrap().to_vec();
    // Draft quality takes the three-box approximation: close, not identical.
    assert_ne!(fast, exact);
    let worst = fast.iter().zip(&exact).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
    assert!(worst < 64, "{worst}");
}

#[wasm_bindgen_test]
async fn a_plugin_defined_filter_runs_with_its_own_parameters() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("image-filters")).await.unwrap();
    let image = RgbaImage::from_bytes(10, 10, &[200, 200, 200, 255].repeat(100)).unwrap();
    let vignette =
        Filter::Custom { name: "vignette".into(), params: serde_json::json!({"strength": 1.0}) };
    let out = plugin.canvas_filter().unwrap().apply(image, &vignette).await.unwrap().to_vec();
    assert_eq!((out[0], out[(5 * 10 + 5) * 4]), (38, 198), "corner and centre");
}
