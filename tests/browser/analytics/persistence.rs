//! Acknowledged events survive a killed worker and a new host, in chunks of
//! the plugin's own IndexedDB namespace.

use annex_protocol::api::analytics::{Aggregation, AnalyticsEvent, MetricsQuery};
use annex_tests::{fetch, plugin_url};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{analytics, host, window};

#[wasm_bindgen_test]
async fn acknowledged_events_survive_the_worker_being_killed_and_a_new_host() {
    let range;
    {
        let host = host().await;
        let plugin = host.load_url(&plugin_url("analytics")).await.unwrap();
        let api = plugin.analytics().unwrap();
        range = window(&api, 3).await;
        let t0 = range.from.unwrap();
        let batch = (0..50).map(|i| AnalyticsEvent::new("tick", t0 + i).with("n", i)).collect();
        assert_eq!(api.track_batch(batch).await.unwrap(), 50);
        api.track(AnalyticsEvent::new("tick", t0 + 50).with("n", 50)).await.unwrap();
        plugin.terminate("killed right after the track");

        // The same host loads it again: a new worker, nothing in memory.
        let api = analytics(&host).await;
        let sum = MetricsQuery::new().range(range).aggregate(Aggregation::sum("data.n"));
        let result = api.query(&sum).await.unwrap();
        assert_eq!((result.events, result.value("sum(data.n)")), (51, Some(1275.0)));
    }
    // A new host, as after a page reload.
    let api = analytics(&host().await).await;
    let result = api.query(&MetricsQuery::new().range(range)).await.unwrap();
    assert_eq!(result.events, 51);

    // They are in the plugin's own namespace of the real IndexedDB (its
    // publisher, unsigned and loaded by URL its bytes' hash, and its id), in
    // chunks keyed by their time bounds: one for the batch, one for the event.
    let t0 = range.from.unwrap();
    let sha256 = annex_runtime::cache::sha256_hex(&fetch(&plugin_url("analytics")).await);
    let keys = stored_keys(&format!("sha256:{sha256} dev.annex.analytics")).await;
    let mine: Vec<&String> =
        keys.iter().filter(|k| chunk_bounds(k).is_some_and(|(f, _)| range.contains(f))).collect();
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert_eq!(chunk_bounds(mine[0]), Some((t0, t0 + 49)), "{mine:?}");
    assert_eq!(chunk_bounds(mine[1]), Some((t0 + 50, t0 + 50)), "{mine:?}");
}

/// `(first, last)` of a chunk key `ev:<first:13>:<last:13>:<seq:10>:<tag:8 hex>`.
fn chunk_bounds(key: &str) -> Option<(u64, u64)> {
    let parts: Vec<&str> = key.strip_prefix("ev:")?.split(':').collect();
    let [first, last, seq, tag] = parts[..] else { return None };
    let widths = first.len() == 13 && last.len() == 13 && seq.len() == 10 && tag.len() == 8;
    widths.then(|| Some((first.parse().ok()?, last.parse().ok()?))).flatten()
}

/// The keys `plugin` has in the worker's storage database, read directly.
async fn stored_keys(plugin: &str) -> Vec<String> {
    let db = rexie::Rexie::builder("annex-plugin-storage")
        .version(1)
        .add_object_store(rexie::ObjectStore::new("entries").key_path_array(["plugin", "key"]))
        .add_object_store(rexie::ObjectStore::new("usage").key_path("plugin"))
        .build()
        .await
        .unwrap();
    let tx = db.transaction(&["entries"], rexie::TransactionMode::ReadOnly).unwrap();
    let lower = js_sys::Array::of2(&plugin.into(), &"".into());
    let upper = js_sys::Array::of2(&plugin.into(), &js_sys::Array::new());
    let range = rexie::KeyRange::bound(&lower, &upper, None, None).unwrap();
    let keys = tx.store("entries").unwrap().get_all_keys(Some(range), None).await.unwrap();
    tx.done().await.unwrap();
    db.close();
    let mut keys: Vec<String> =
        keys.iter().filter_map(|k| js_sys::Array::from(k).get(1).as_string()).collect();
    keys.sort();
    keys
}
