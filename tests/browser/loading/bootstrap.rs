//! Bootstrap: eager plugins activated, the rest deferred, and a critical
//! failure failing it.

use annex_protocol::ErrorCode;
use annex_runtime::StatusKind;
use annex_tests::{server, unique};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{cache_config, catalog, host_recording, point};

#[wasm_bindgen_test]
async fn bootstrap_activates_eager_plugins_and_defers_the_rest() {
    let (server, key) = (server().await, unique("bootstrap"));
    let catalog = catalog(&server, &key).await;
    let (host, _) = host_recording(cache_config(&unique("cache-boot")), &catalog).await;
    let report = host.bootstrap().await.unwrap();
    let activated: Vec<&str> = report.activated.iter().map(|id| id.as_str()).collect();
    assert_eq!(activated, ["dev.annex.test.load-eager"]);
    assert!(report.failed.is_empty());
    assert_eq!(
        report.plan.skip_reason("dev.annex.test.load-deferred"),
        Some("deferred: waits until the host is idle")
    );
    // Parallel starts alongside; deferred starts once the page is idle.
    for id in ["dev.annex.test.load-parallel", "dev.annex.test.load-deferred"] {
        let id = id.parse().unwrap();
        let mut active = false;
        for _ in 0..200 {
            active = host.plugin(&id).is_some_and(|p| p.status().kind() == StatusKind::Active);
            if active {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
        assert!(active, "{id} did not start");
    }
    assert!(
        host.plugin(&"dev.annex.test.load-preload".parse().unwrap()).is_none(),
        "lazy stays unloaded"
    );
}

#[wasm_bindgen_test]
async fn a_critical_plugin_that_fails_fails_the_bootstrap() {
    let (server, key) = (server().await, unique("critical"));
    let mut catalog = catalog(&server, &key).await;
    point(
        &mut catalog,
        "dev.annex.test.load-eager",
        server.url(&format!("/__test/status/404?t={key}")),
    );
    let (host, _) = host_recording(cache_config(&unique("cache-critical")), &catalog).await;
    let err = host.bootstrap().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BootstrapFailed);
    assert!(
        err.to_string().starts_with(
            "bootstrap failed: critical plugin dev.annex.test.load-eager did not load"
        ),
        "{err}"
    );
}
