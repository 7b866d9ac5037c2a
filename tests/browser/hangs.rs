//! Hangs outside calls (`initialize`, `on_event`, hook handlers,
//! `save_state`, `cleanup`) are stopped on a budget like calls, while the
//! bystander keeps answering.

use std::time::Duration;

use annex_protocol::manifest::HookName;
use annex_protocol::ErrorCode;
use annex_runtime::events::EventKind;
use annex_runtime::hooks::StepOutcome;
use annex_runtime::{Error, LoadOptions, StatusKind};
use annex_tests::{now_ms, plugin_with};
use futures::join;
use gloo_timers::future::sleep;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::hostile::{arena, arena_config, arena_of, Arena};

/// The hostile plugin with a one-second call budget (the bystander keeps
/// the arena's generous one), configured to hang in `phase`. Its start
/// budget stays the default: a loaded engine (WebKit on two busy cores)
/// can take over a second to start a worker and instantiate, and the
/// test that hangs in `initialize` sets its own.
async fn hanging_in(phase: &str) -> (Vec<u8>, LoadOptions) {
    let bytes = plugin_with("hostile", |m| m.loading.timeouts.call_ms = 1000).await;
    (bytes, LoadOptions::config(serde_json::json!({ "hang_in": phase })))
}

/// Waits (8 s at most) for the hostile plugin to crash on a time budget
/// spent in `method`, the bystander answering meanwhile.
async fn crashes_on_budget(arena: &Arena, method: &str) {
    let crashed = || {
        arena.saw(|k| {
            matches!(k, EventKind::Crashed { error: Error::Timeout { method: m, .. } }
            if m == method)
        })
    };
    for _ in 0..80 {
        if crashed() {
            return;
        }
        let ((), ()) = join!(sleep(Duration::from_millis(100)), arena.bystander_answers());
    }
    panic!("no timeout in `{method}`: {:?}", arena.host.events().recent());
}

#[wasm_bindgen_test]
async fn a_hang_in_initialize_fails_the_load_on_its_budget() {
    let arena = arena(arena_config()).await;
    // The arena's hostile plugin has its id: this one is its own.
    let (_, options) = hanging_in("initialize").await;
    let bytes = plugin_with("hostile", |m| {
        m.id = "dev.annex.test.hang-init".parse().unwrap();
        m.loading.timeouts.init_ms = 1000;
    })
    .await;
    let started = now_ms();
    let (loaded, ()) =
        join!(arena.host.load_bytes_with(&bytes, "hang.wasm", options), arena.bystander_answers());
    let err = loaded.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout, "{err}");
    assert!(err.to_string().contains("dev.annex.test.hang-init"), "{err}");
    assert!(now_ms() - started < 5000.0, "stopped on its 1 s budget");
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_hang_in_on_event_is_stopped_on_the_call_budget() {
    let (bytes, options) = hanging_in("on_event").await;
    let arena = arena_of(arena_config(), &bytes, options).await;
    arena.attack("listen").await.unwrap();
    arena.host.emit("arena.ping", serde_json::json!(1)).unwrap();
    crashes_on_budget(&arena, "event").await;
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_hang_in_a_hook_handler_is_stopped_on_the_call_budget() {
    let (bytes, options) = hanging_in("hook").await;
    let arena = arena_of(arena_config(), &bytes, options).await;
    let hook: HookName = "custom:hostile.huge".parse().unwrap();
    arena.host.declare_hook(hook.clone(), false);
    let (run, ()) =
        join!(arena.host.run_hook(&hook, serde_json::json!({})), arena.bystander_answers());
    let run = run.unwrap();
    let step = run.trace.iter().find(|s| &s.plugin == arena.hostile.id()).unwrap();
    let StepOutcome::Failed(error) = &step.outcome else { panic!("{:?}", step.outcome) };
    assert_eq!(error.code(), ErrorCode::Timeout, "{error}");
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_hang_in_save_state_is_stopped_on_the_call_budget() {
    let mut config = arena_config();
    config.supervision.checkpoint_every = Duration::ZERO;
    let (bytes, options) = hanging_in("save_state").await;
    let arena = arena_of(config, &bytes, options).await;
    // The call answers; the checkpoint after it hangs.
    arena.attack("identity").await.unwrap();
    crashes_on_budget(&arena, "save_state").await;
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_hang_in_cleanup_does_not_hold_up_unloading() {
    let (bytes, options) = hanging_in("cleanup").await;
    let arena = arena_of(arena_config(), &bytes, options).await;
    let started = now_ms();
    let (unloaded, ()) = join!(arena.hostile.unload(), arena.bystander_answers());
    unloaded.unwrap();
    assert_eq!(arena.hostile.status().kind(), StatusKind::Unloaded);
    // Cleanup's own budget is one second. The spin ends on its own after
    // a few seconds, so the time alone could miss a missing budget: the
    // budget must be what stopped it.
    assert!(now_ms() - started < 4000.0, "unloading took {:.0} ms", now_ms() - started);
    let stopped = arena.saw(|k| {
        matches!(k, EventKind::Crashed { error: Error::Timeout { method, .. } } if method == "cleanup")
    });
    assert!(stopped, "cleanup was stopped on its budget");
    arena.survived().await;
}
