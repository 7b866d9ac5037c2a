//! The plugin lifecycle and registry, with a real plugin in a real worker.

use std::cell::RefCell;
use std::rc::Rc;

use annex_protocol::api::filter::Filter;
use annex_protocol::manifest::ApiFamily;
use annex_protocol::ErrorCode;
use annex_runtime::{EventKind, LoadOptions, PluginQuery, RgbaImage, StatusKind};
use annex_tests::{host, install_worker_spy, live_workers, plugin_url};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

const ID: &str = "dev.annex.test.lifecycle";

/// What the plugin reports: `[level, initializations, cleanups, reloads]`.
async fn state(plugin: &annex_runtime::Plugin) -> annex_runtime::Result<Vec<u8>> {
    let filter = Filter::Custom { name: "state".into(), params: serde_json::Value::Null };
    let image = RgbaImage::from_bytes(1, 1, &[0; 4]).unwrap();
    Ok(plugin.canvas_filter()?.apply(image, &filter).await?.to_vec())
}

#[wasm_bindgen_test]
async fn full_lifecycle_load_configure_reload_disable_enable_unload() {
    install_worker_spy();
    let host = host().await;
    let url = plugin_url("lifecycle");
    let plugin = host.load_url_with(&url, LoadOptions::config(json!({"level": 7}))).await.unwrap();
    assert_eq!(plugin.status().kind(), StatusKind::Active);
    assert_eq!(live_workers(&host, ID), 1);
    assert_eq!(state(&plugin).await.unwrap(), [7, 1, 0, 0]);
    assert_eq!(plugin.config()["high"], 255, "defaults are filled in");

    plugin.update_config(json!({"level": 9})).await.unwrap();
    assert_eq!(state(&plugin).await.unwrap(), [9, 2, 1, 1], "update_config reloads by default");
    plugin.reload().await.unwrap();
    assert_eq!(state(&plugin).await.unwrap(), [9, 3, 2, 2]);

    plugin.disable().await.unwrap();
    assert_eq!(plugin.status().kind(), StatusKind::Disabled);
    assert_eq!(live_workers(&host, ID), 0, "a disabled plugin's worker is terminated");
    let err = state(&plugin).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidState);
    assert!(err.to_string().contains("while it is disabled"), "{err}");

    plugin.enable().await.unwrap();
    assert_eq!(live_workers(&host, ID), 1);
    assert_eq!(state(&plugin).await.unwrap(), [9, 1, 0, 0], "a fresh instance, same config");

    plugin.unload().await.unwrap();
    assert_eq!(plugin.status().kind(), StatusKind::Unloaded);
    assert_eq!(live_workers(&host, ID), 0, "an unloaded plugin's worker is terminated");
    assert!(host.plugin(plugin.id()).is_none());
    assert_eq!(state(&plugin).await.unwrap_err().code(), ErrorCode::InvalidState);
    assert_eq!(plugin.memory_bytes(), 0);
}

#[wasm_bindgen_test]
async fn illegal_transitions_are_rejected_with_the_status() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("lifecycle")).await.unwrap();
    let err = plugin.enable().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidState);
    assert_eq!(err.to_string(), format!("plugin {ID}: cannot enable while it is active"));
    plugin.unload().await.unwrap();
    assert_eq!(plugin.unload().await.unwrap_err().code(), ErrorCode::InvalidState);
    assert_eq!(plugin.disable().await.unwrap_err().code(), ErrorCode::InvalidState);
}

#[wasm_bindgen_test]
async fn invalid_config_is_refused_with_field_errors_before_loading() {
    let host = host().await;
    let options = LoadOptions::config(json!({"level": 300, "colour": "red"}));
    let err = host.load_url_with(&plugin_url("lifecycle"), options).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConfigInvalid);
    assert_eq!(
        err.to_string(),
        format!(
            "plugin {ID}: invalid configuration: `config.colour`: unknown field (known fields: \
             fail_init, high, level, low, panic_init); `config.level`: 300 is above the maximum 255"
        )
    );
    assert!(host.plugins().is_empty(), "nothing was registered");
}

#[wasm_bindgen_test]
async fn rejected_config_updates_keep_the_old_config() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("lifecycle")).await.unwrap();

    let err = plugin.update_config(json!({"level": "high"})).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConfigInvalid);
    assert!(err.to_string().contains("`config.level`: expected an integer"), "{err}");

    // Valid for the schema, refused by the plugin's own validate_config.
    let err = plugin.update_config(json!({"low": 200, "high": 100})).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConfigInvalid);
    assert!(err.to_string().contains("`low` (200) must not be above `high` (100)"), "{err}");

    assert_eq!(plugin.config()["low"], 0);
    assert_eq!(state(&plugin).await.unwrap(), [10, 1, 0, 0], "the plugin kept its state");
    assert_eq!(plugin.status().kind(), StatusKind::Active);
}

#[wasm_bindgen_test]
async fn init_failure_and_init_panic_leave_the_plugin_in_error() {
    install_worker_spy();
    let host = host().await;
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    let _subscription = host.events().subscribe(move |e| sink.borrow_mut().push(e.kind.clone()));

    let options = LoadOptions::config(json!({"fail_init": true}));
    let err = host.load_url_with(&plugin_url("lifecycle"), options).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::PluginError);
    assert_eq!(err.to_string(), format!("plugin {ID}: initialize failed on request"));
    let plugin = host.plugin(&ID.parse().unwrap()).expect("a failed plugin stays registered");
    assert_eq!(plugin.status().error(), Some(&err));
    assert_eq!(live_workers(&host, ID), 0);
    assert!(events
        .borrow()
        .iter()
        .any(|e| matches!(e, EventKind::InitFailed { error } if *error == err)));

    // Loading again replaces the failed plugin.
    let options = LoadOptions::config(json!({"panic_init": true}));
    let err = host.load_url_with(&plugin_url("lifecycle"), options).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Panic);
    assert!(err.to_string().contains("initialize panicked on request"), "{err}");
    assert_eq!(live_workers(&host, ID), 0);
}

#[wasm_bindgen_test]
async fn events_tell_the_story_of_a_load() {
    let host = host().await;
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    let _subscription = host.events().subscribe(move |e| sink.borrow_mut().push(e.clone()));
    let plugin = host.load_url(&plugin_url("lifecycle")).await.unwrap();
    plugin.unload().await.unwrap();

    let kinds: Vec<String> = events
        .borrow()
        .iter()
        .map(|e| match &e.kind {
            EventKind::LoadStarted { .. } => "load_started".into(),
            EventKind::StatusChanged { from, to } => format!("{from}→{to}"),
            EventKind::LoadCompleted { .. } => "load_completed".into(),
            EventKind::Unloaded => "unloaded".into(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "load_started",
            "unloaded→loading",
            "loading→loaded",
            "loaded→active",
            "load_completed",
            "active→unloading",
            "unloading→unloaded",
            "unloaded"
        ]
    );
    let events = events.borrow();
    assert!(events[1..].iter().all(|e| e.plugin.as_ref().map(|p| p.as_str()) == Some(ID)));
    assert!(events.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    let EventKind::LoadCompleted { duration_ms } = events[4].kind else { unreachable!() };
    assert!(duration_ms > 0.0);
}

#[wasm_bindgen_test]
async fn the_registry_lists_and_finds_plugins() {
    let host = host().await;
    host.load_url(&plugin_url("lifecycle")).await.unwrap();
    host.load_url(&plugin_url("grayscale")).await.unwrap();
    let ids = |plugins: Vec<annex_runtime::Plugin>| -> Vec<String> {
        plugins.iter().map(|p| p.id().to_string()).collect()
    };
    assert_eq!(ids(host.plugins()), ["dev.annex.grayscale", ID]);
    assert_eq!(ids(host.find(&PluginQuery::new().tag("lifecycle"))), [ID]);
    assert_eq!(ids(host.find(&PluginQuery::new().capability(ApiFamily::CanvasFilter))).len(), 2);
    assert!(host.find(&PluginQuery::new().capability(ApiFamily::Analytics)).is_empty());
    host.get(&ID.parse().unwrap()).unwrap().disable().await.unwrap();
    assert_eq!(
        ids(host.find(&PluginQuery::new().status(StatusKind::Active))),
        ["dev.annex.grayscale"]
    );
    let missing = host.get(&"dev.annex.nope".parse().unwrap()).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}
