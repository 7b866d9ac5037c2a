//! What a module may declare and how large it may be, enforced before it is
//! compiled: the attacks are raw modules (`annex_tests::raw`), and a
//! bystander plugin is called while each one is refused.

use annex_protocol::api::filter::Filter;
use annex_protocol::ErrorCode;
use annex_runtime::{Plugin, PluginHost, RgbaImage};
use annex_tests::raw::{grow_table, RawPlugin};
use annex_tests::{config, host, host_with, plugin_url, server, unique};
use futures::join;
use wasm_bindgen_test::wasm_bindgen_test;

/// The `custom-calls` fixture's manifest (it declares the custom API
/// `test.counter`) under another id, for a raw module.
pub(crate) async fn manifest(id: &str) -> String {
    manifest_of("custom-calls", id).await
}

pub(crate) use annex_tests::raw::manifest_of;

pub(crate) async fn bystander(host: &PluginHost) -> Plugin {
    host.load_url(&plugin_url("grayscale")).await.unwrap()
}

/// The bystander filters a pixel correctly.
pub(crate) async fn answers(plugin: &Plugin) {
    let image = RgbaImage::from_bytes(1, 1, &[200, 100, 50, 255]).unwrap();
    let gray = plugin.canvas_filter().unwrap().apply(image, &Filter::Grayscale).await;
    assert_eq!(gray.unwrap().to_vec(), [118, 118, 118, 255]);
}

/// Loads `raw` and expects a refusal with `module_limit` naming the plugin
/// and saying `what`, while the bystander answers.
async fn refused(raw: RawPlugin, what: &str) {
    let host = host().await;
    let bystander = bystander(&host).await;
    let id = "dev.annex.test.raw-limits";
    let bytes = raw.build(&manifest(id).await);
    let (result, ()) = join!(host.load_bytes(&bytes, "raw.wasm"), answers(&bystander));
    let error = result.unwrap_err();
    assert_eq!(error.code(), ErrorCode::ModuleLimit, "{error}");
    assert_eq!(error.to_string(), format!("plugin {id}: {what}"));
    assert_eq!(host.plugins().len(), 1, "only the bystander runs");
    answers(&bystander).await;
}

#[wasm_bindgen_test]
async fn a_module_declaring_several_memories_is_refused_before_compiling() {
    // A hundred empty memories that may each grow to 4 GiB: compiled, they
    // reserve address space per instance until no plugin can start.
    let raw = RawPlugin { memories: 100, ..RawPlugin::default() };
    refused(raw, "declares 100 memories; the limit is 1").await;
}

#[wasm_bindgen_test]
async fn a_module_declaring_too_many_tables_or_globals_is_refused() {
    let raw = RawPlugin { tables: 2, ..RawPlugin::default() };
    refused(raw, "declares 2 tables; the limit is 1").await;
    let raw = RawPlugin { extra_globals: 5_000, ..RawPlugin::default() };
    refused(raw, "declares 5001 globals; the limit is 1000").await;
}

#[wasm_bindgen_test]
async fn a_plugin_cannot_grow_its_table_past_the_cap() {
    let mut config = config();
    config.limits.module.table_entries = 1_000;
    let host = host_with(config).await;
    let raw = RawPlugin { call: grow_table, ..RawPlugin::default() };
    let plugin = host
        .load_bytes(&raw.build(&manifest("dev.annex.test.raw-table").await), "raw.wasm")
        .await
        .unwrap();
    let counter = plugin.custom("test.counter").unwrap();
    let grow = |by: i32| {
        let counter = counter.clone();
        async move {
            let answer = counter.call("grow", &by.to_le_bytes()).await.unwrap();
            i32::from_le_bytes(answer.try_into().unwrap())
        }
    };
    // The table starts with 1 entry: 999 more fit, then no more.
    assert_eq!(grow(1_000).await, -1, "grew past the cap");
    assert_eq!(grow(999).await, 1, "grows within the cap (returns the old size)");
    assert_eq!(grow(1).await, -1);
    assert_eq!(plugin.status().kind(), annex_runtime::StatusKind::Active);
}

#[wasm_bindgen_test]
async fn an_oversized_download_is_stopped_while_it_streams() {
    let server = server().await;
    let mut config = config();
    // Room for the bystander (grayscale, about 270 KiB).
    config.limits.module.module_bytes = 1 << 20;
    let host = host_with(config).await;
    let bystander = bystander(&host).await;
    // 16 MiB with no Content-Length, sent slowly: read to the end, it would
    // all arrive; stopped at the limit, the server sends little more.
    let path = format!("/__test/stream?n={}&k={}", 16 << 20, unique("stream"));
    let url = server.url(&path);
    let (result, ()) = join!(host.load_url(&url), answers(&bystander));
    let error = result.unwrap_err();
    assert_eq!(error.code(), ErrorCode::ModuleLimit, "{error}");
    assert!(error.to_string().contains(&url), "{error}");
    assert!(error.to_string().contains("larger than the limit of 1048576 bytes"), "{error}");
    // The server logs a request when its answer ends, a moment after the abort.
    let mut sent = None;
    for _ in 0..100 {
        let stats = server.stats(&path, None).await;
        if stats.count == 1 {
            sent = Some(stats.bytes);
            break;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    let sent = sent.expect("the server finished the answer");
    assert!(sent < 8 << 20, "the whole body was read before refusing: {sent} bytes sent");
    answers(&bystander).await;
}

#[wasm_bindgen_test]
async fn a_download_whose_declared_length_is_over_the_limit_is_refused() {
    let server = server().await;
    let mut config = config();
    config.limits.module.module_bytes = 64 << 10;
    let host = host_with(config).await;
    let url = server.url(&format!("/__test/bytes?n={}", (64 << 10) + 1));
    let error = host.load_url(&url).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::ModuleLimit, "{error}");
    // Within the limit, the same endpoint is read and then refused as not a module.
    let url = server.url(&format!("/__test/bytes?n={}", 64 << 10));
    let error = host.load_url(&url).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::ModuleInvalid, "{error}");
}

#[wasm_bindgen_test]
async fn a_manifest_with_a_million_unknown_fields_is_refused_without_stalling_the_page() {
    use std::fmt::Write;
    let host = host().await;
    let bystander = bystander(&host).await;
    // 11 MB of manifest: under the module size limit, so only the
    // manifest's own limit stops it (before, it parsed for seconds and
    // warned a million times on the main thread).
    let mut json = manifest("dev.annex.test.raw-fields").await;
    json.pop();
    for i in 0..1_000_000 {
        write!(json, ",\"u{i}\":0").unwrap();
    }
    json.push('}');
    let bytes = RawPlugin::default().build(&json);
    let ticker = annex_tests::Ticker::start();
    let (result, ()) = join!(host.load_bytes(&bytes, "fields.wasm"), answers(&bystander));
    let gap = ticker.max_gap_ms();
    let error = result.unwrap_err();
    assert_eq!(error.code(), ErrorCode::ManifestInvalid, "{error}");
    let message = error.to_string();
    assert!(message.contains("fields.wasm"), "{message}");
    assert!(
        message.contains(&format!("manifest is {} bytes; at most 65536", json.len())),
        "{message}"
    );
    assert!(gap < 600.0, "the main thread stalled {gap:.0} ms");
    assert_eq!(host.plugins().len(), 1, "only the bystander runs");
    answers(&bystander).await;
}
