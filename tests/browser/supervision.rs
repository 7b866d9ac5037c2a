//! The supervisor and the resource monitor: restarts with back-off and state
//! restored, the restart budget, usage metrics and alerts.

use std::time::Duration;

use annex_protocol::api::filter::Filter;
use annex_protocol::{ErrorCode, Permission};
use annex_runtime::events::EventKind;
use annex_runtime::monitor::{Resource, Severity};
use annex_runtime::{Error, HostConfig, Plugin, PluginHost, RgbaImage, StatusKind};
use annex_tests::{config, host_with, plugin_url, plugin_with, unique};
use wasm_bindgen_test::wasm_bindgen_test;

/// Restarts on, quick back-off, a checkpoint after every call.
fn supervised() -> HostConfig {
    let mut config = config();
    config.supervision.restart = true;
    config.supervision.backoff = Duration::from_millis(20);
    config.supervision.max_restarts = 2;
    config.supervision.checkpoint_every = Duration::ZERO;
    config
}

async fn call(plugin: &Plugin, filter: &str) -> Result<u32, Error> {
    let image = RgbaImage::from_bytes(1, 1, &[0; 4]).unwrap();
    let filter = Filter::Custom { name: filter.into(), params: serde_json::Value::Null };
    let out = plugin.canvas_filter().unwrap().apply(image, &filter).await?.to_vec();
    Ok(u32::from_le_bytes(out[..4].try_into().unwrap()))
}

/// Waits (up to 5 s) until `done` holds.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("timed out waiting until {what}");
}

fn restarts(host: &PluginHost) -> Vec<(u32, bool)> {
    host.events()
        .recent()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Restarted { attempt, state_restored } => Some((attempt, state_restored)),
            _ => None,
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_crashed_plugin_is_restarted_and_gets_its_saved_state_back() {
    let host = host_with(supervised()).await;
    let plugin = host.load_url(&plugin_url("hostile")).await.unwrap();
    for expected in 1..=3 {
        assert_eq!(call(&plugin, "count").await.unwrap(), expected);
    }
    // The checkpoint after the third call is taken without delaying it.
    until("the checkpoint holds 3", || plugin.saved_state() == Some(3u32.to_le_bytes().to_vec()))
        .await;
    assert_eq!(call(&plugin, "trap").await.unwrap_err().code(), ErrorCode::Trap);
    assert_eq!(plugin.status().kind(), StatusKind::Error);
    until("the plugin is restarted", || !restarts(&host).is_empty()).await;
    assert_eq!(restarts(&host), [(1, true)]);
    assert_eq!(plugin.status().kind(), StatusKind::Active);
    assert_eq!(call(&plugin, "count").await.unwrap(), 4, "the counter did not come back");
    assert_eq!(plugin.metrics().restarts, 1);
    assert!(host
        .events()
        .recent()
        .iter()
        .any(|e| matches!(e.kind, EventKind::RestartScheduled { attempt: 1, delay_ms: 20 })));
}

#[wasm_bindgen_test]
async fn a_plugin_that_keeps_crashing_is_disabled_with_the_reason() {
    let host = host_with(supervised()).await;
    let plugin = host.load_url(&plugin_url("hostile")).await.unwrap();
    for attempt in 1..=2u32 {
        call(&plugin, "panic").await.unwrap_err();
        until("the restart", || restarts(&host).len() == attempt as usize).await;
    }
    // The third crash within the window spends the budget of two restarts.
    call(&plugin, "panic").await.unwrap_err();
    let status = plugin.status();
    assert_eq!(status.kind(), StatusKind::Disabled);
    let reason = status.error().expect("a visible reason").clone();
    assert_eq!(reason.code(), ErrorCode::RestartBudgetSpent);
    let text = reason.to_string();
    assert!(text.starts_with("plugin dev.annex.test.hostile was disabled: it crashed 3 times"));
    assert!(text.contains("hostile plugin panicked on purpose"), "{text}");
    assert!(host.events().recent().iter().any(|e| matches!(&e.kind,
        EventKind::ResourceAlert { alert } if alert.severity == Severity::Critical
            && alert.resource == Resource::Restarts)));
    // Nothing restarts it behind the user's back; enabling it does, with a fresh budget.
    gloo_timers::future::TimeoutFuture::new(100).await;
    assert_eq!(plugin.status().kind(), StatusKind::Disabled);
    plugin.enable().await.unwrap();
    assert_eq!(call(&plugin, "identity").await.unwrap(), 0);
    assert_eq!(plugin.recent_crashes(), 0);
}

#[wasm_bindgen_test]
async fn metrics_and_alerts_follow_storage_use() {
    let mut config = config().grant(Permission::StorageRead).grant(Permission::StorageWrite);
    config.limits.storage_quota_bytes = 1000;
    let host = host_with(config).await;
    // Its own id, so no other test's notes count against this quota.
    let id = unique("dev.annex.test.metrics");
    let bytes = plugin_with("notes", |m| m.id = id.parse().unwrap()).await;
    let plugin = host.load_bytes(&bytes, "metrics-notes").await.unwrap();
    let notes = plugin.storage().unwrap();
    let key = unique("m");
    notes.set(&key, &[7; 100]).await.unwrap();
    let metrics = plugin.metrics();
    assert_eq!(metrics.storage_quota_bytes, 1000);
    assert!(metrics.storage_bytes.unwrap() >= 100, "{metrics:?}");
    assert!(metrics.calls >= 1 && metrics.mean_call_ms.is_some() && metrics.load_ms.is_some());
    assert!(metrics.memory_bytes > 0 && metrics.memory_max_bytes.is_some());

    let storage_alerts = || {
        host.events()
            .recent()
            .into_iter()
            .filter_map(|e| match e.kind {
                EventKind::ResourceAlert { alert } if alert.resource == Resource::Storage => {
                    Some(alert.severity)
                }
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert!(storage_alerts().is_empty());
    notes.set(&key, &[7; 850]).await.unwrap();
    assert_eq!(storage_alerts(), [Severity::Warning]);
    let err = notes.set(&key, &[7; 2000]).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::QuotaExceeded);
    assert_eq!(storage_alerts(), [Severity::Warning, Severity::Error]);
    notes.delete(&key).await.unwrap();
    assert_eq!(storage_alerts(), [Severity::Warning, Severity::Error, Severity::Info]);
}
