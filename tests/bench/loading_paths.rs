//! The loading engine: warm activation, cache reads, bootstrap of many
//! plugins, and the network bytes of a repeat visit.

use annex_protocol::catalog::Catalog;
use annex_runtime::cache::{CacheConfig, Lookup};
use annex_runtime::catalog::load_catalog;
use annex_runtime::{HostConfig, PluginHost};
use annex_tests::bench::{sample_async, Report, ITERATIONS, WARMUP};
use annex_tests::{config, host_with, server, unique, TestServer};
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(inline_js = r#"
export function watch_long_tasks() {
  const durations = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  return { observer, durations };
}
export function blocking_ms(watch) {
  for (const entry of watch.observer.takeRecords()) watch.durations.push(entry.duration);
  watch.observer.disconnect();
  return watch.durations.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
}
"#)]
extern "C" {
    fn watch_long_tasks() -> wasm_bindgen::JsValue;
    fn blocking_ms(watch: &wasm_bindgen::JsValue) -> f64;
}

async fn catalog(server: &TestServer, path: &str, key: &str) -> Catalog {
    let mut catalog = load_catalog(&server.url(path)).await.unwrap();
    for entry in &mut catalog.plugins {
        entry.url = format!("{}?t={key}", entry.url);
    }
    catalog
}

fn with_cache(database: &str, warm_workers: usize) -> HostConfig {
    let mut config = config();
    config.cache = Some(CacheConfig { database: database.into(), ..CacheConfig::default() });
    config.warm_workers = warm_workers;
    config
}

async fn wait_for_warm_worker(host: &PluginHost) {
    while host.warm_workers() == 0 {
        gloo_timers::future::TimeoutFuture::new(5).await;
    }
}

pub async fn measure(report: &mut Report) {
    let server = server().await;

    // Warm activation: the module compiled and a worker booted beforehand.
    let key = unique("bench-warm");
    let plugins = catalog(&server, "/plugins/catalog.json", &key).await;
    let host = &host_with(with_cache(&unique("bench-warm-db"), 1)).await;
    host.set_catalog(plugins);
    let grayscale = &"dev.annex.grayscale".parse().unwrap();
    host.activate(grayscale).await.unwrap().unload().await.unwrap();
    let samples = sample_async(WARMUP, ITERATIONS, move || async move {
        wait_for_warm_worker(host).await;
        let start = annex_tests::now_ms();
        let plugin = host.activate(grayscale).await.unwrap();
        let elapsed = annex_tests::now_ms() - start;
        plugin.unload().await.unwrap();
        elapsed
    })
    .await;
    report.add("activate_warm_ms", "ms", &samples);

    // Reading and verifying 1 MiB of module bytes from IndexedDB.
    let bench = catalog(&server, "/bench/catalog.json", &unique("bench-cache")).await;
    let big = bench.entry("dev.annex.bench.big").unwrap().sha256.clone();
    let host = &host_with(with_cache(&unique("bench-cache-db"), 0)).await;
    host.set_catalog(bench.clone());
    host.prefetch(&"dev.annex.bench.big".parse().unwrap()).await.unwrap();
    let cache = host.cache().expect("IndexedDB is available");
    let big = &big;
    let samples = sample_async(WARMUP, ITERATIONS, move || async move {
        let start = annex_tests::now_ms();
        let hit = cache.lookup(big).await.unwrap();
        let elapsed = annex_tests::now_ms() - start;
        assert!(matches!(hit, Lookup::Hit(ref b) if b.length() >= 1 << 19));
        elapsed
    })
    .await;
    report.add("cache_hit_1mb_ms", "ms", &samples);

    // Would compressing cached modules pay? Ratio and inflate time for a real
    // plugin, to set against the bytes it would save in IndexedDB.
    let module = annex_tests::fetch(&annex_tests::plugin_url("image-filters")).await;
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&module, 6);
    report.add("cache_compressed_ratio", "ratio", &[packed.len() as f64 / module.len() as f64]);
    let (packed, original_len) = (&packed, module.len());
    let samples = sample_async(WARMUP, ITERATIONS, move || async move {
        let start = annex_tests::now_ms();
        let unpacked = miniz_oxide::inflate::decompress_to_vec_zlib(packed).unwrap();
        let elapsed = annex_tests::now_ms() - start;
        assert_eq!(unpacked.len(), original_len);
        elapsed
    })
    .await;
    report.add("cache_inflate_plugin_ms", "ms", &samples);

    // Bootstrap of 50 plugins (5 eager) on a repeat visit: wall time to ready,
    // main-thread blocking time (long tasks beyond 50 ms), and network bytes.
    let key = unique("bench-boot");
    let bench = &catalog(&server, "/bench/catalog.json", &key).await;
    let database = &unique("bench-boot-db");
    let first = host_with(with_cache(database, 0)).await;
    first.set_catalog(bench.clone());
    first.bootstrap().await.unwrap();
    drop(first);
    let mut blocking = Vec::new();
    let mut network = Vec::new();
    let mut seen = server.stats("/bench/p", None).await.bytes;
    let mut wall = Vec::new();
    for round in 0..WARMUP + ITERATIONS {
        let host = host_with(with_cache(database, 0)).await;
        host.set_catalog(bench.clone());
        let watch = watch_long_tasks();
        let start = annex_tests::now_ms();
        let report = host.bootstrap().await.unwrap();
        let elapsed = annex_tests::now_ms() - start;
        let blocked = blocking_ms(&watch);
        assert_eq!(report.activated.len(), 5);
        let bytes = server.stats("/bench/p", None).await.bytes;
        if round >= WARMUP {
            wall.push(elapsed);
            blocking.push(blocked);
            network.push((bytes - seen) as f64);
        }
        seen = bytes;
    }
    report.add("bootstrap_50_plugins_ms", "ms", &wall);
    report.add("bootstrap_50_plugins_blocking_ms", "ms", &blocking);
    report.add("repeat_visit_network_bytes", "bytes", &network);
}
