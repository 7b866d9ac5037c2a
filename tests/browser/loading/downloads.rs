//! Downloads: integrity on download, retries of transient failures only, and
//! the concurrency limit.

use annex_protocol::ErrorCode;
use annex_runtime::scheduler::SchedulerConfig;
use annex_runtime::EventKind;
use annex_tests::{server, unique};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{cache_config, catalog, host_recording, module_requests, point, GRAYSCALE};

#[wasm_bindgen_test]
async fn a_wrong_hash_on_download_is_refused_and_not_retried() {
    let (server, key) = (server().await, unique("wrong-hash"));
    let mut catalog = catalog(&server, &key).await;
    catalog.plugins.iter_mut().find(|e| e.manifest.id.as_str() == GRAYSCALE).unwrap().sha256 =
        "0".repeat(64);
    let (host, events) = host_recording(cache_config(&unique("cache-wrong")), &catalog).await;
    let err = host.activate(&GRAYSCALE.parse().unwrap()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::IntegrityFailed);
    assert!(err.to_string().contains(&"0".repeat(64)), "{err}");
    assert_eq!(module_requests(&server, "/plugins/grayscale.wasm", &key).await, 1);
    assert!(!events.borrow().iter().any(|e| matches!(e, EventKind::RetryScheduled { .. })));
}

#[wasm_bindgen_test]
async fn a_transient_failure_is_retried_until_it_succeeds() {
    let (server, key) = (server().await, unique("flaky"));
    let mut catalog = catalog(&server, &key).await;
    let url = server.url(&format!("/__test/flaky?key={key}&fail=2&path=/plugins/grayscale.wasm"));
    point(&mut catalog, GRAYSCALE, url);
    let (host, events) = host_recording(cache_config(&unique("cache-flaky")), &catalog).await;
    host.activate(&GRAYSCALE.parse().unwrap()).await.unwrap();
    let retries: Vec<u32> = events
        .borrow()
        .iter()
        .filter_map(|e| match e {
            EventKind::RetryScheduled { attempt, error, .. } => {
                assert_eq!(error.code(), ErrorCode::FetchFailed);
                Some(*attempt)
            }
            _ => None,
        })
        .collect();
    assert_eq!(retries, [2, 3]);
    assert_eq!(server.stats(&format!("/__test/flaky?key={key}"), None).await.count, 3);
}

#[wasm_bindgen_test]
async fn a_permanent_failure_is_not_retried() {
    let (server, key) = (server().await, unique("missing"));
    let mut catalog = catalog(&server, &key).await;
    point(&mut catalog, GRAYSCALE, server.url(&format!("/__test/status/404?t={key}")));
    let (host, events) = host_recording(cache_config(&unique("cache-404")), &catalog).await;
    let err = host.activate(&GRAYSCALE.parse().unwrap()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::FetchFailed);
    assert!(err.to_string().contains("404"), "{err}");
    assert_eq!(server.stats(&format!("/__test/status/404?t={key}"), None).await.count, 1);
    assert!(!events.borrow().iter().any(|e| matches!(e, EventKind::RetryScheduled { .. })));
}

#[wasm_bindgen_test]
async fn no_more_loads_run_at_once_than_the_limit() {
    let (server, key) = (server().await, unique("limit"));
    let mut catalog = catalog(&server, &key).await;
    let ids = [
        "dev.annex.grayscale",
        "com.example.invert",
        "dev.annex.test.lifecycle",
        "dev.annex.test.hostile",
    ];
    for id in ids {
        let file = catalog
            .entry(id)
            .unwrap()
            .url
            .split('?')
            .next()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        let url = server.url(&format!("/__test/delayed?ms=300&path=/plugins/{file}&group={key}"));
        point(&mut catalog, id, url);
    }
    let mut config = cache_config(&unique("cache-limit"));
    config.scheduler = SchedulerConfig { concurrency: 2, queue_cap: 16 };
    let (host, _) = host_recording(config, &catalog).await;
    let loads = ids.iter().map(|id| {
        let host = host.clone();
        async move { host.activate(&id.parse().unwrap()).await }
    });
    for outcome in futures::future::join_all(loads).await {
        outcome.unwrap();
    }
    let stats = server.stats("/__test/delayed", Some(&key)).await;
    assert_eq!(stats.max_inflight, 2, "the server saw {} downloads at once", stats.max_inflight);
}
