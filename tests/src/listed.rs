//! Loading module bytes the way a site lists a plugin: through a catalog.

use annex_protocol::catalog::{Catalog, CatalogEntry};
use annex_protocol::{Manifest, PluginId};
use annex_runtime::{Plugin, PluginHost, Result};
use js_sys::{Array, Uint8Array};

/// Sets `host`'s catalog to one entry for `bytes` (served from a `blob:` URL
/// of this page) and activates it. Unsigned, the plugin is then published by
/// the page's origin (`catalog:<origin>`), so another build of it listed the
/// same way keeps its remembered permissions and its storage, as on a site.
pub async fn load_listed(host: &PluginHost, bytes: &[u8]) -> Result<Plugin> {
    let json =
        annex_module::inspect(bytes).expect("a valid module").manifest.expect("a manifest section");
    let manifest = Manifest::from_json(&json).expect("a valid manifest").manifest;
    let id: PluginId = manifest.id.clone();
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).expect("a blob");
    let url = web_sys::Url::create_object_url_with_blob(&blob).expect("a blob URL");
    let sha256 = annex_runtime::cache::sha256_hex(bytes);
    let entry = CatalogEntry { url, sha256, size: bytes.len() as u64, manifest };
    host.set_catalog(Catalog::new(vec![entry]));
    host.activate(&id).await
}
