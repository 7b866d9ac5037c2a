//! Modules that must be refused before any of their code runs.

use annex_protocol::ErrorCode;
use annex_tests::{fetch, host, plugin_url};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_module_without_the_manifest_section_is_refused() {
    let host = host().await;
    let err = host.load_url(&plugin_url("no-manifest")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ManifestInvalid);
    let message = err.to_string();
    assert!(message.contains("no-manifest.wasm"), "{message}");
    assert!(message.contains("no `annex.manifest` custom section"), "{message}");
}

#[wasm_bindgen_test]
async fn a_truncated_module_is_refused() {
    let host = host().await;
    let bytes = fetch(&plugin_url("grayscale")).await;
    let err = host.load_bytes(&bytes[..bytes.len() / 2], "truncated.wasm").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ModuleInvalid);
    let message = err.to_string();
    assert!(message.contains("truncated.wasm"), "{message}");
    assert!(message.contains("not a valid WebAssembly module"), "{message}");
    assert!(host.plugins().is_empty());
}

#[wasm_bindgen_test]
async fn a_module_importing_an_ungranted_host_function_is_refused() {
    // The default policy does not auto-grant `system.info`.
    let host = host().await;
    let err = host.load_url(&plugin_url("sysinfo")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    assert_eq!(
        err.to_string(),
        "plugin dev.annex.test.sysinfo refused before instantiation: it imports \
         `annex.system_info`, which needs permission `system.info`, and it was not granted"
    );
    assert!(host.plugins().is_empty());
}

#[wasm_bindgen_test]
async fn a_missing_module_is_a_fetch_error_naming_the_url() {
    let host = host().await;
    let err = host.load_url("/fixtures/plugins/does-not-exist.wasm").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::FetchFailed);
    assert!(err.to_string().contains("does-not-exist.wasm"), "{err}");
    assert!(err.to_string().contains("404"), "{err}");
}

#[wasm_bindgen_test]
async fn html_instead_of_wasm_is_refused() {
    let host = host().await;
    let err = host.load_bytes(b"<!doctype html><h1>Not found</h1>", "page.html").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ModuleInvalid);
    assert!(err.to_string().contains("page.html"), "{err}");
}

#[wasm_bindgen_test]
async fn the_same_plugin_cannot_be_loaded_twice() {
    let host = host().await;
    host.load_url(&plugin_url("grayscale")).await.unwrap();
    let err = host.load_url(&plugin_url("grayscale")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::AlreadyLoaded);
}
