//! A plugin that crashes and is restarted 1,000 times: afterwards the page
//! has the workers it had, and its JS heap and wasm memory are back within a
//! stated margin of where they were after the first cycles.

use std::time::Duration;

use annex_protocol::api::filter::Filter;
use annex_protocol::ErrorCode;
use annex_runtime::{Plugin, RgbaImage, StatusKind};
use annex_tests::{config, host_with, install_worker_spy, live_workers, plugin_url};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::limits::{answers, bystander};

const CYCLES: u32 = 1000;
/// Cycles run before the baseline is taken, so caches and pools that fill
/// once (compiled module, glue, event log) are in it.
const WARM_UP: u32 = 20;
/// Growth allowed over the 1,000 cycles: the page's wasm memory never
/// shrinks, so this is all it may gain (a leak of 8 KiB a cycle shows).
const WASM_MARGIN_BYTES: f64 = 8.0 * 1024.0 * 1024.0;
/// The JS heap is measured without a forced collection, so garbage counts:
/// a retained worker, module or buffer per cycle (100 KiB and up) shows.
const JS_HEAP_MARGIN_BYTES: f64 = 32.0 * 1024.0 * 1024.0;

/// The page's wasm memory (the host's), in bytes.
fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    f64::from(memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length())
}

/// `performance.memory.usedJSHeapSize`, where the engine has it (Chromium).
fn js_heap_bytes() -> Option<f64> {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok()?;
    let memory = js_sys::Reflect::get(&performance, &"memory".into()).ok()?;
    js_sys::Reflect::get(&memory, &"usedJSHeapSize".into()).ok()?.as_f64()
}

/// Crashes the plugin (a trap) and waits until the supervisor has it active again.
async fn crash_and_restart(plugin: &Plugin, cycle: u32) {
    let image = RgbaImage::from_bytes(1, 1, &[0; 4]).unwrap();
    let trap = Filter::Custom { name: "trap".into(), params: serde_json::Value::Null };
    let error = plugin.canvas_filter().unwrap().apply(image, &trap).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Trap, "cycle {cycle}: {error}");
    for _ in 0..5000 {
        if plugin.status().kind() == StatusKind::Active {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(1).await;
    }
    panic!("cycle {cycle}: not restarted within 5 s: {:?}", plugin.status());
}

#[wasm_bindgen_test]
async fn a_thousand_crash_restart_cycles_leave_no_workers_or_memory_behind() {
    install_worker_spy();
    let mut config = config();
    config.supervision.restart = true;
    config.supervision.max_restarts = 10 * CYCLES;
    config.supervision.backoff = Duration::from_millis(1);
    config.supervision.max_backoff = Duration::from_millis(1);
    let host = host_with(config).await;
    let bystander = bystander(&host).await;
    let plugin = host.load_url(&plugin_url("hostile")).await.unwrap();
    let id = plugin.id().to_string();
    for cycle in 0..WARM_UP {
        crash_and_restart(&plugin, cycle).await;
    }
    let workers = (live_workers(&host, &id), live_workers(&host, bystander.id().as_str()));
    assert_eq!(workers, (1, 1), "one worker each before the soak");
    let (wasm_start, heap_start) = (wasm_memory_bytes(), js_heap_bytes());
    let started = annex_tests::now_ms();
    for cycle in WARM_UP..WARM_UP + CYCLES {
        crash_and_restart(&plugin, cycle).await;
        if cycle % 100 == 0 {
            // The other plugin answers throughout.
            answers(&bystander).await;
        }
    }
    let took = annex_tests::now_ms() - started;
    let workers_after = (live_workers(&host, &id), live_workers(&host, bystander.id().as_str()));
    assert_eq!(workers_after, (1, 1), "every crashed worker was terminated");
    assert_eq!(plugin.metrics().restarts, WARM_UP + CYCLES);
    let wasm_growth = wasm_memory_bytes() - wasm_start;
    assert!(wasm_growth <= WASM_MARGIN_BYTES, "wasm memory grew {wasm_growth} bytes");
    let heap = match (heap_start, js_heap_bytes()) {
        (Some(start), Some(end)) => {
            let growth = end - start;
            assert!(growth <= JS_HEAP_MARGIN_BYTES, "JS heap grew {growth} bytes");
            format!("JS heap {:+.1} MiB", growth / 1048576.0)
        }
        _ => "JS heap not measurable in this engine".to_owned(),
    };
    answers(&bystander).await;
    web_sys::console::log_1(
        &format!(
            "soak: {CYCLES} cycles in {:.1} s, wasm memory {:+.1} MiB, {heap}",
            took / 1000.0,
            wasm_growth / 1048576.0
        )
        .into(),
    );
}
