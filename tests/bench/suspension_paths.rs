//! What suspending on an asynchronous host function costs: a storage read
//! through JSPI and through the Asyncify fallback, interleaved (one sample of
//! each in turn) so drift on a busy machine lands on both alike; and what
//! the transform adds to a module's size.

use annex_protocol::Permission;
use annex_runtime::{HostConfig, PluginHost, StorageApi, SuspensionMode};
use annex_tests::bench::{Report, ITERATIONS, RTT_BATCH, WARMUP};
use annex_tests::{config, fetch, host_with, plugin_url};

async fn notes(mode: SuspensionMode) -> (PluginHost, StorageApi) {
    let config: HostConfig =
        config().grant(Permission::StorageRead).grant(Permission::StorageWrite).suspension(mode);
    let host = host_with(config).await;
    let storage = host.load_url(&plugin_url("notes")).await.unwrap().storage().unwrap();
    (host, storage)
}

/// Mean time of one `get` over a batch (timer resolution is 100 µs here).
async fn batch_of_gets(storage: &StorageApi) -> f64 {
    let start = annex_tests::now_ms();
    for _ in 0..RTT_BATCH {
        storage.get("bench").await.unwrap();
    }
    (annex_tests::now_ms() - start) / RTT_BATCH as f64
}

pub async fn measure(report: &mut Report) {
    let transformed = fetch(&plugin_url("notes")).await.len() as f64;
    let untransformed = fetch(&plugin_url("notes-untransformed")).await.len() as f64;
    report.add("notes_wasm_bytes", "bytes", &[untransformed]);
    report.add("notes_asyncify_wasm_bytes", "bytes", &[transformed]);

    let (_host, asyncify) = notes(SuspensionMode::Asyncify).await;
    asyncify.set("bench", b"a small value").await.unwrap();
    let jspi =
        if annex_tests::engine_has_jspi() { Some(notes(SuspensionMode::Auto).await) } else { None };
    let (mut through_asyncify, mut through_jspi) = (Vec::new(), Vec::new());
    for round in 0..WARMUP + ITERATIONS {
        let a = batch_of_gets(&asyncify).await;
        let j = match &jspi {
            Some((_, jspi)) => Some(batch_of_gets(jspi).await),
            None => None,
        };
        if round >= WARMUP {
            through_asyncify.push(a);
            through_jspi.extend(j);
        }
    }
    report.add("storage_get_asyncify_ms", "ms", &through_asyncify);
    if !through_jspi.is_empty() {
        report.add("storage_get_jspi_ms", "ms", &through_jspi);
    }
}
