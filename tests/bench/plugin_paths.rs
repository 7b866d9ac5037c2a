//! The same work through Annex: activation, calls, and the filter in a worker
//! and in-process.

use std::cell::RefCell;

use annex_protocol::api::filter::{Filter, FilterRequest};
use annex_protocol::message::{InitRequest, PluginRequest};
use annex_runtime::RgbaImage;
use annex_tests::bench::{sample_async, Report, FULL_HD, ITERATIONS, RTT_BATCH, WARMUP};
use annex_tests::{fetch, host, plugin_url, reference_grayscale, test_image};
use annex_worker::{HostEnv, PluginInstance};
use js_sys::{Uint8Array, WebAssembly};
use wasm_bindgen_futures::JsFuture;

pub async fn measure(report: &mut Report) {
    let host = &host().await;
    let bytes = &fetch(&plugin_url("grayscale")).await;

    let samples = sample_async(WARMUP, ITERATIONS, move || async move {
        let start = annex_tests::now_ms();
        let plugin = host.load_bytes(bytes, "grayscale.wasm").await.unwrap();
        let elapsed = annex_tests::now_ms() - start;
        plugin.terminate("benchmark sample done");
        elapsed
    })
    .await;
    report.add("activate_cold_ms", "ms", &samples);

    let plugin = &host.load_bytes(bytes, "grayscale.wasm").await.unwrap();
    let samples = sample_async(WARMUP, ITERATIONS, move || async move {
        let start = annex_tests::now_ms();
        for _ in 0..RTT_BATCH {
            plugin.ping().await.unwrap();
        }
        (annex_tests::now_ms() - start) / RTT_BATCH as f64
    })
    .await;
    report.add("call_rtt_ms", "ms", &samples);

    let (width, height) = FULL_HD;
    let original = test_image(width, height);
    let expected = reference_grayscale(&original);
    let filter = &plugin.canvas_filter().unwrap();
    let last = &RefCell::new(Vec::new());
    let original = &original;
    let samples = sample_async(WARMUP, ITERATIONS, move || {
        let image = RgbaImage::from_bytes(width, height, original).unwrap();
        async move {
            let start = annex_tests::now_ms();
            let out = filter.apply(image, &Filter::Grayscale).await.unwrap();
            let elapsed = annex_tests::now_ms() - start;
            *last.borrow_mut() = out.to_vec();
            elapsed
        }
    })
    .await;
    assert_eq!(*last.borrow(), expected, "worker filter is wrong");
    report.add("filter_1080p_worker_ms", "ms", &samples);
    plugin.terminate("benchmark done");

    // The floor: the same module instantiated on this thread and called directly.
    let module: WebAssembly::Module =
        JsFuture::from(WebAssembly::compile(&Uint8Array::from(bytes.as_slice())))
            .await
            .unwrap()
            .into();
    let grants = [annex_protocol::Permission::CanvasRead].into_iter().collect();
    let id = "dev.annex.grayscale".parse().unwrap();
    let env = HostEnv {
        grants,
        limits: Default::default(),
        log: Box::new(|_, _| {}),
        to_host: Box::new(|_| {}),
        suspension: Default::default(),
        storage_namespace: "bench dev.annex.grayscale".into(),
    };
    let instance = &PluginInstance::instantiate(id, &module, env).await.unwrap();
    let init = InitRequest {
        plugin: instance.plugin().clone(),
        grants: Vec::new(),
        config: Default::default(),
    };
    instance.init(&init).await.unwrap();
    let request =
        &PluginRequest::FilterApply(annex_protocol::encoded::Encoded::new(&FilterRequest {
            filter: Filter::Grayscale,
            width,
            height,
            hints: Default::default(),
        }));
    last.borrow_mut().clear();
    let samples = sample_async(WARMUP, ITERATIONS, move || {
        let pixels = Uint8Array::from(original.as_slice());
        async move {
            let start = annex_tests::now_ms();
            let (_, out) = instance.call(request, Some(pixels)).await.unwrap();
            let elapsed = annex_tests::now_ms() - start;
            *last.borrow_mut() = out.unwrap().to_vec();
            elapsed
        }
    })
    .await;
    assert_eq!(*last.borrow(), expected, "in-process filter is wrong");
    report.add("filter_1080p_inprocess_ms", "ms", &samples);
}
