//! `analytics.pre_process` hooks scrub, drop or stop events;
//! `analytics.post_process` is told what was stored.

use std::cell::RefCell;
use std::rc::Rc;

use annex_protocol::api::analytics::{AnalyticsEvent, ExportFormat, ExportRequest, MetricsQuery};
use annex_protocol::{ErrorCode, PluginId};
use annex_runtime::{Error, EventKind};
use annex_tests::plugin_url;
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{analytics, host, window};

#[wasm_bindgen_test]
async fn pre_process_hooks_can_scrub_drop_or_stop_events_and_post_process_is_told() {
    let host = host().await;
    host.load_url(&plugin_url("analytics-scrub")).await.unwrap();
    let api = analytics(&host).await;
    let range = window(&api, 5).await;
    let t0 = range.from.unwrap();
    let told = Rc::new(RefCell::new(Vec::new()));
    let sink = told.clone();
    std::mem::forget(host.events().subscribe(move |e| {
        if let EventKind::PluginEvent { event_type, data } = &e.kind {
            if event_type == "analytics.told" {
                sink.borrow_mut().push(data.clone());
            }
        }
    }));

    let stored = api
        .track_batch(vec![
            AnalyticsEvent::new("page_view", t0).user("alice@example.com").with("path", "/"),
            AnalyticsEvent::new("page_view", t0 + 1).with("internal", true),
        ])
        .await
        .unwrap();
    assert_eq!(stored, 1, "the internal event was dropped by the hook");
    let export = api.export(&ExportRequest::new(ExportFormat::Json, range)).await.unwrap();
    let events: Value = serde_json::from_str(&export.text).unwrap();
    assert_eq!(
        events,
        json!([{"type": "page_view", "data": {"path": "/"}, "timestamp": t0}]),
        "user id removed"
    );

    let err = api
        .track_batch(vec![
            AnalyticsEvent::new("ok", t0 + 2),
            AnalyticsEvent::new("blocked", t0 + 3),
        ])
        .await
        .unwrap_err();
    let scrub: PluginId = "dev.annex.test.analytics-scrub".parse().unwrap();
    assert!(matches!(&err, Error::HookStopped { by, .. } if *by == scrub), "{err:?}");
    assert_eq!(err.code(), ErrorCode::HookStopped);
    assert!(
        err.to_string()
            .ends_with("at hook `analytics.pre_process`: blocked events are not tracked"),
        "{err}"
    );

    let err = api.track(AnalyticsEvent::new("corrupt", t0 + 4)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    assert!(
        err.to_string()
            .contains("an analytics.pre_process hook left invalid events: events[0].type"),
        "{err}"
    );
    assert_eq!(
        api.query(&MetricsQuery::new().range(range)).await.unwrap().events,
        1,
        "nothing else stored"
    );

    gloo_timers::future::TimeoutFuture::new(100).await;
    assert_eq!(
        *told.borrow(),
        [json!({"count": 1, "types": ["page_view"], "plugin": "dev.annex.analytics"})],
        "post_process is told once, about what was stored"
    );
}
