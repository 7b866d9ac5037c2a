//! Identity: a plugin's stored data, remembered permissions and registration
//! belong to its publisher and id together, never to the id a module claims.
//! Unsigned, a site's catalog vouches for a plugin (`catalog:<origin>`); the
//! same id from anywhere else is an impostor.

use annex_protocol::catalog::{Catalog, CatalogEntry};
use annex_protocol::{ErrorCode, Permission};
use annex_runtime::catalog::load_catalog;
use annex_runtime::scheduler::SchedulerConfig;
use annex_runtime::{HostConfig, Plugin, PluginHost, StorageApi};
use annex_tests::{fetch, host_with, load_listed, plugin_url, plugin_with, server, unique};
use wasm_bindgen_test::wasm_bindgen_test;

const NOTES: &str = "dev.annex.notes";
const GRAYSCALE: &str = "dev.annex.grayscale";

fn config() -> HostConfig {
    annex_tests::config().grant(Permission::StorageRead).grant(Permission::StorageWrite)
}

fn storage(plugin: &Plugin) -> StorageApi {
    plugin.storage().expect("a storage plugin")
}

/// Three impostors of the notes plugin, each in its own host: other code
/// claiming its id, its very bytes loaded from outside the site's catalog,
/// and its bytes listed by a catalog of another origin (the test server).
async fn impostors() -> Vec<(&'static str, PluginHost, Plugin)> {
    let mut found = Vec::new();
    let other_code = plugin_with("storage-b", |m| m.id = NOTES.parse().unwrap()).await;
    let host = host_with(config()).await;
    let plugin = host.load_bytes(&other_code, "impostor.wasm").await.unwrap();
    found.push(("other code", host, plugin));

    let host = host_with(config()).await;
    let plugin = host.load_bytes(&fetch(&plugin_url("notes")).await, "notes.wasm").await.unwrap();
    found.push(("same bytes, no catalog", host, plugin));

    let server = server().await;
    let elsewhere = load_catalog(&server.url("/plugins/catalog.json")).await.unwrap();
    let host = host_with(config()).await;
    host.set_catalog(elsewhere);
    let plugin = host.activate(&NOTES.parse().unwrap()).await.unwrap();
    found.push(("another origin's catalog", host, plugin));
    found
}

#[wasm_bindgen_test]
async fn a_module_claiming_a_plugins_id_can_neither_read_nor_erase_its_data() {
    let notes = fetch(&plugin_url("notes")).await;
    let key = unique("diary");
    let real_host = host_with(config()).await;
    let real = load_listed(&real_host, &notes).await.unwrap();
    storage(&real).set(&key, b"dear diary").await.unwrap();
    real.unload().await.unwrap();

    for (how, _host, impostor) in impostors().await {
        assert_ne!(impostor.publisher(), real.publisher(), "{how}");
        let stolen = storage(&impostor);
        assert_eq!(stolen.get(&key).await.unwrap(), None, "{how}: read the real plugin's value");
        assert!(!stolen.list(None).await.unwrap().contains(&key), "{how}: listed its key");
        stolen.delete(&key).await.unwrap();
        stolen.clear().await.unwrap();
        stolen.set(&key, b"forged").await.unwrap();
    }

    // After a reload, the site's own notes plugin finds its value untouched.
    let host = host_with(config()).await;
    let real = load_listed(&host, &notes).await.unwrap();
    let value = storage(&real).get(&key).await.unwrap();
    assert_eq!(value.as_deref(), Some(&b"dear diary"[..]), "the real plugin's value survived");
    storage(&real).delete(&key).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_impostor_cannot_take_over_a_disabled_plugins_registration() {
    let host = host_with(config()).await;
    let real = load_listed(&host, &fetch(&plugin_url("notes")).await).await.unwrap();
    real.disable().await.unwrap();
    let other_code = plugin_with("storage-b", |m| m.id = NOTES.parse().unwrap()).await;
    let error = host.load_bytes(&other_code, "impostor.wasm").await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::AlreadyLoaded, "{error}");
    let text = error.to_string();
    assert!(text.contains(NOTES) && text.contains("sha256:"), "{text}");
    assert!(text.contains(&real.publisher()), "names the registered publisher: {text}");
    // The registration is still the real plugin's, and it comes back.
    assert_eq!(host.plugin(&NOTES.parse().unwrap()).unwrap().publisher(), real.publisher());
    real.enable().await.unwrap();
    storage(&real).list(None).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_catalog_an_entry_came_from_vouches_for_it_even_if_another_is_set_meanwhile() {
    // Another origin's catalog; one load at a time, and a slow one (grayscale)
    // holds the slot, so the notes activation waits for it. Meanwhile the
    // app sets the site's own catalog.
    let server = server().await;
    let mut elsewhere = load_catalog(&server.url("/plugins/catalog.json")).await.unwrap();
    let key = unique("vouch");
    let slow = server.url(&format!("/__test/delayed?ms=800&path=/plugins/grayscale.wasm&t={key}"));
    let entry = elsewhere.plugins.iter_mut().find(|e| e.manifest.id.as_str() == GRAYSCALE);
    entry.unwrap().url = slow;
    let notes_entry = elsewhere.entry(NOTES).unwrap().clone();
    let mut config = config();
    config.scheduler = SchedulerConfig { concurrency: 1, queue_cap: 16 };
    let host = host_with(config).await;
    host.set_catalog(elsewhere);
    let (grayscale, notes) = (GRAYSCALE.parse().unwrap(), NOTES.parse().unwrap());
    let switch = async {
        gloo_timers::future::TimeoutFuture::new(200).await;
        let site = CatalogEntry { url: plugin_url("notes"), ..notes_entry.clone() };
        host.set_catalog(Catalog::new(vec![site]));
    };
    let (slow, plugin, ()) =
        futures::join!(host.activate(&grayscale), host.activate(&notes), switch);
    slow.unwrap();
    let server_origin = web_sys::Url::new(&server.url("/")).unwrap().origin();
    let publisher = plugin.unwrap().publisher();
    assert_eq!(publisher, format!("catalog:{server_origin}"), "vouched by its own catalog");
}
