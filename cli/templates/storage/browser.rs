//! {{title}} in a real worker with real IndexedDB, in a headless browser (`annex test`).
#![cfg(target_arch = "wasm32")]

use annex_runtime::protocol::Permission;
use annex_runtime::{testing, LoadOptions};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

async fn storage() -> (testing::Loaded, annex_runtime::StorageApi) {
    let config = testing::fixture_config()
        .grant(Permission::StorageRead)
        .grant(Permission::StorageWrite);
    let loaded = testing::load_fixture_with("{{name}}", config, LoadOptions::default()).await.unwrap();
    let api = loaded.plugin.storage().unwrap();
    (loaded, api)
}

#[wasm_bindgen_test]
async fn keeps_values_in_indexeddb() {
    let (_loaded, api) = storage().await;
    api.set("greeting", b"hello").await.unwrap();
    assert_eq!(api.get("greeting").await.unwrap().as_deref(), Some(&b"hello"[..]));
    assert!(api.list(Some("greet*")).await.unwrap().contains(&"greeting".to_owned()));
    api.delete("greeting").await.unwrap();
    assert_eq!(api.get("greeting").await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_value_that_is_not_text_is_refused() {
    let (_loaded, api) = storage().await;
    let error = api.set("binary", &[0xff, 0xfe]).await.unwrap_err();
    assert!(error.to_string().contains("UTF-8"), "{error}");
}
