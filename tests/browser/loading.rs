//! The loading engine against a real server and real IndexedDB: the module
//! cache, integrity, retries, the concurrency limit, preloads and bootstrap.
//!
//! By part of the engine: `cache`, `downloads` (integrity, retries, the
//! concurrency limit), `preloads`, `bootstrap` and `workers` (the warm pool,
//! parking). The shared set-up is here.

use std::cell::RefCell;
use std::rc::Rc;

use annex_protocol::catalog::Catalog;
use annex_runtime::cache::CacheConfig;
use annex_runtime::catalog::load_catalog;
use annex_runtime::{EventKind, HostConfig, PluginHost};
use annex_tests::{config, host_with, TestServer};

mod bootstrap;
mod cache;
mod downloads;
mod preloads;
mod workers;

const GRAYSCALE: &str = "dev.annex.grayscale";

/// The fixture catalog from the test server, each URL tagged with `key` so
/// this test's requests can be counted apart from the others'.
async fn catalog(server: &TestServer, key: &str) -> Catalog {
    let mut catalog = load_catalog(&server.url("/plugins/catalog.json")).await.unwrap();
    for entry in &mut catalog.plugins {
        entry.url = format!("{}?t={key}", entry.url);
    }
    catalog
}

/// Rewrites one entry's URL.
fn point(catalog: &mut Catalog, id: &str, url: String) {
    catalog.plugins.iter_mut().find(|e| e.manifest.id.as_str() == id).unwrap().url = url;
}

fn cache_config(database: &str) -> HostConfig {
    let mut config = config();
    config.cache = Some(CacheConfig { database: database.into(), ..CacheConfig::default() });
    config
}

/// A host on `config` with `catalog`, recording every event kind.
async fn host_recording(
    config: HostConfig,
    catalog: &Catalog,
) -> (PluginHost, Rc<RefCell<Vec<EventKind>>>) {
    let host = host_with(config).await;
    host.set_catalog(catalog.clone());
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    std::mem::forget(host.events().subscribe(move |e| sink.borrow_mut().push(e.kind.clone())));
    (host, events)
}

async fn module_requests(server: &TestServer, path: &str, key: &str) -> u64 {
    server.stats(&format!("{path}?t={key}"), None).await.count
}
