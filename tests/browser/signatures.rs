//! Module signatures: verified before compiling, tampering refused, the
//! signing key as the publisher (and remembered permissions tied to it).

use annex_module::edit;
use annex_module::signature::{sign, SigningKey};
use annex_protocol::{ErrorCode, Permission};
use annex_runtime::events::EventKind;
use annex_runtime::{Approval, SignaturePolicy};
use annex_tests::{config, fetch, host_with, plugin_url, plugin_with, unique};
use wasm_bindgen_test::wasm_bindgen_test;

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn hex_key(seed: u8) -> String {
    key(seed).verifying_key().to_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

#[wasm_bindgen_test]
async fn a_signed_plugin_loads_and_its_key_is_its_publisher() {
    let signed = sign(&fetch(&plugin_url("grayscale")).await, &key(1));
    let host = host_with(config()).await;
    let plugin = host.load_bytes(&signed, "grayscale-signed.wasm").await.unwrap();
    assert_eq!(plugin.publisher(), format!("key:{}", hex_key(1)));
    let unsigned = host_with(config()).await;
    let plugin = unsigned.load_url(&plugin_url("grayscale")).await.unwrap();
    // Unsigned and loaded outside a catalog: bound to its bytes, whatever
    // authors its manifest names.
    let bytes = fetch(&plugin_url("grayscale")).await;
    let sha256 = annex_runtime::cache::sha256_hex(&bytes);
    assert_eq!(plugin.publisher(), format!("sha256:{sha256}"));
}

#[wasm_bindgen_test]
async fn a_manifest_edited_after_signing_is_refused_before_compiling() {
    let signed = sign(&fetch(&plugin_url("grayscale")).await, &key(1));
    // Someone adds a permission to the signed plugin's manifest.
    let manifest = plugin_with("grayscale", |m| {
        m.permissions.push(annex_protocol::manifest::PermissionRequest {
            permission: Permission::NetworkRequest,
            reason: "totally harmless".into(),
        });
    })
    .await;
    let json = annex_module::inspect(&manifest).unwrap().manifest.unwrap();
    let tampered = edit::with_manifest(&signed, std::str::from_utf8(&json).unwrap()).unwrap();
    let host = host_with(config()).await;
    let err = host.load_bytes(&tampered, "tampered.wasm").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::SignatureInvalid);
    let text = err.to_string();
    assert!(
        text.starts_with("plugin dev.annex.grayscale: its signature does not match its bytes"),
        "{text}"
    );
    assert!(host.plugins().is_empty());
    assert!(host.events().recent().iter().any(|e| matches!(&e.kind,
        EventKind::LoadFailed { error } if error.code() == ErrorCode::SignatureInvalid)));
}

#[wasm_bindgen_test]
async fn a_host_can_require_signatures_from_keys_it_trusts() {
    let bytes = fetch(&plugin_url("grayscale")).await;
    let mut trusting = config();
    trusting.signatures = SignaturePolicy::trusting([hex_key(1)]);
    let host = host_with(trusting).await;
    let err = host.load_bytes(&bytes, "unsigned.wasm").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::SignatureInvalid);
    assert!(err.to_string().contains("only loads signed plugins"), "{err}");
    let err = host.load_bytes(&sign(&bytes, &key(2)), "other.wasm").await.unwrap_err();
    assert!(err.to_string().contains("which this host does not trust"), "{err}");
    host.load_bytes(&sign(&bytes, &key(1)), "trusted.wasm").await.unwrap();
}

#[wasm_bindgen_test]
async fn remembered_permissions_belong_to_the_signing_key() {
    let database = unique("annex-test-signed-grants");
    let (asked, notes) =
        (std::rc::Rc::new(std::cell::Cell::new(0)), fetch(&plugin_url("notes")).await);
    let host_config = || {
        let mut config = config();
        config.permissions.database = Some(database.clone());
        let asked = asked.clone();
        config.approver(move |_| {
            asked.set(asked.get() + 1);
            async { Approval::allow(true) }
        })
    };
    let signed = sign(&notes, &key(1));
    // Checked here too, so a failure below tells the page's own signing and
    // verifying (WebKit failed the load once in a full run) from the host's.
    let publisher = annex_module::signature::verify(&signed).unwrap().expect("signed");
    assert_eq!(publisher.public_key, key(1).verifying_key().to_bytes());
    host_with(host_config()).await.load_bytes(&signed, "a").await.unwrap();
    assert_eq!(asked.get(), 2);
    host_with(host_config()).await.load_bytes(&sign(&notes, &key(1)), "a").await.unwrap();
    assert_eq!(asked.get(), 2, "same key: remembered");
    let host = host_with(host_config()).await;
    host.load_bytes(&sign(&notes, &key(2)), "b").await.unwrap();
    assert_eq!(asked.get(), 4, "another key: asked again");
    let reset = host
        .events()
        .recent()
        .into_iter()
        .any(|e| matches!(e.kind, EventKind::PermissionsReset { .. }));
    assert!(!reset, "another key's plugin is not this one's heir: nothing of key 1's is reset");
    host_with(host_config()).await.load_bytes(&sign(&notes, &key(1)), "a").await.unwrap();
    assert_eq!(asked.get(), 4, "key 1's answers survived key 2's load");
}
