//! A revocation reaches a call already running: the worker applies a grant
//! change as soon as it arrives, not after the call in flight.

use std::time::Duration;

use annex_protocol::{ErrorCode, Permission};
use annex_tests::{config, host_with, plugin_url};
use futures::join;
use gloo_timers::future::sleep;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_permission_revoked_during_a_long_call_is_refused_at_its_next_use() {
    let host =
        host_with(config().grant(Permission::StorageRead).grant(Permission::StorageWrite)).await;
    let plugin = host.load_url(&plugin_url("storage-b")).await.unwrap();
    let storage = plugin.storage().unwrap();
    storage.clear().await.unwrap();
    let revoke = async {
        sleep(Duration::from_millis(150)).await;
        plugin.revoke(&Permission::StorageWrite).await.unwrap();
    };
    // 20 000 writes, one at a time: many seconds, far longer than 150 ms.
    let (result, ()) = join!(storage.set("__loop:20000", b"x"), revoke);
    let err = result.expect_err("the loop must stop at the revocation");
    assert_eq!(err.code(), ErrorCode::PermissionDenied, "{err}");
    assert!(err.to_string().contains("storage.write"), "{err}");
    let written = storage.list(Some("loop-*")).await.unwrap().len();
    assert!((1..20_000).contains(&written), "{written} keys written");
    // Nothing more is written after the refusal.
    sleep(Duration::from_millis(200)).await;
    assert_eq!(storage.list(Some("loop-*")).await.unwrap().len(), written);
    plugin.grant(&Permission::StorageWrite).await.unwrap();
    storage.clear().await.unwrap();
}
