//! Helpers shared by the browser tests and the benchmark.
//!
//! Fixtures are built by `cargo xtask build` into `tests/fixtures/` and served
//! by wasm-bindgen-test-runner from this crate's folder, so
//! `/fixtures/plugins/grayscale.wasm` is `tests/fixtures/plugins/grayscale.wasm`.
#![cfg(target_arch = "wasm32")]
#![deny(missing_docs)]

mod animation_reference;
pub mod bench;
mod listed;
pub mod raw;
mod reference;
mod server;
mod ticker;
mod worker_spy;

pub use animation_reference::cubic_bezier_reference;
pub use listed::load_listed;
pub use reference::{reference_filter, reference_grayscale};
pub use server::{server, unique, ServerStats, TestServer};
pub use ticker::Ticker;
pub use worker_spy::{deliver_as_worker, install_worker_spy, live_workers, post_raw};

use std::time::Duration;

use annex_runtime::cache::CacheConfig;
use annex_runtime::{HostConfig, PluginHost, WorkerSource};
use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the built worker bundle is served.
pub const WORKER_BASE: &str = "/fixtures/annex-worker";

/// URL of a built plugin fixture, e.g. `plugin_url("grayscale")`.
pub fn plugin_url(name: &str) -> String {
    format!("/fixtures/plugins/{name}.wasm")
}

/// The default host configuration for tests, with a label unique to this
/// host: tests run concurrently, and [`live_workers`] tells hosts apart by it.
pub fn config() -> HostConfig {
    thread_local!(static HOSTS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = HOSTS.with(|h| {
        h.set(h.get() + 1);
        h.get()
    });
    let label = format!("test-host-{n}");
    let mut config = HostConfig::new(WorkerSource::from_base(WORKER_BASE)).label(label.clone());
    // Tests run side by side: each host gets its own module cache database,
    // and no warm workers (the worker spy counts workers by plugin name).
    config.cache = Some(CacheConfig {
        database: format!("annex-test-cache-{label}-{}", js_sys::Date::now()),
        ..CacheConfig::default()
    });
    config.warm_workers = 0;
    // Tests that crash plugins on purpose check the crash; restarts would race
    // them. The supervision tests turn it back on.
    config.supervision.restart = false;
    // Remembered permission decisions, too, are per host unless a test says otherwise.
    config.permissions.database =
        Some(format!("annex-test-grants-{label}-{}", js_sys::Date::now()));
    config
}

/// Whether this engine has JavaScript Promise Integration
/// (`WebAssembly.Suspending` and `WebAssembly.promising`).
pub fn engine_has_jspi() -> bool {
    use js_sys::Reflect;
    let wasm = Reflect::get(&js_sys::global(), &"WebAssembly".into()).unwrap_or_default();
    let has = |name: &str| Reflect::get(&wasm, &name.into()).is_ok_and(|v| v.is_function());
    has("Suspending") && has("promising")
}

/// A host with `config`, panicking with the error if it cannot start.
pub async fn host_with(config: HostConfig) -> PluginHost {
    PluginHost::new(config).await.unwrap_or_else(|e| panic!("host did not start: {e}"))
}

/// A host with the default test configuration and a short call budget.
pub async fn host() -> PluginHost {
    host_with(config().call_timeout(Duration::from_secs(10))).await
}

/// The bytes of a served file.
pub async fn fetch(url: &str) -> Vec<u8> {
    let window = web_sys::window().expect("tests run on a page");
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str(url)).await.expect("fetch").unchecked_into();
    assert!(response.ok(), "{url}: HTTP {}", response.status());
    let body = JsFuture::from(response.array_buffer().expect("body")).await.expect("body");
    Uint8Array::new(&body).to_vec()
}

/// The bytes of a built plugin fixture with its manifest changed by `change`
/// (another id, version, author or permissions), the rest byte for byte.
pub async fn plugin_with(
    name: &str,
    change: impl FnOnce(&mut annex_protocol::Manifest),
) -> Vec<u8> {
    use annex_module::{edit, inspect};
    let bytes = fetch(&plugin_url(name)).await;
    let json = inspect(&bytes).expect("fixtures are valid modules").manifest.expect("a manifest");
    let mut manifest =
        annex_protocol::Manifest::from_json(&json).expect("a valid manifest").manifest;
    change(&mut manifest);
    edit::with_manifest(&bytes, &manifest.to_json()).expect("fixtures can be rewritten")
}

/// A deterministic RGBA test image: colour gradients with varied alpha.
pub fn test_image(width: u32, height: u32) -> Vec<u8> {
    let mut pixels = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        for x in 0..width {
            pixels.extend_from_slice(&[
                (x * 256 / width) as u8,
                (y * 256 / height) as u8,
                ((x * 7 + y * 13) % 256) as u8,
                (255 - (x + y) % 64) as u8,
            ]);
        }
    }
    pixels
}

/// Milliseconds since page load, from `performance.now()`.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
