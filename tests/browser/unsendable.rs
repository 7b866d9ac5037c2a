//! Data no JS value can hold (an integer past 2^53): a plugin's answer
//! (JSON text from the worker) reaches the host intact; its event and the
//! host's own request end in an error naming the plugin. Never a panic of
//! the worker or the host.

use annex_protocol::manifest::HookName;
use annex_protocol::ErrorCode;
use annex_runtime::hooks::StepOutcome;
use annex_runtime::StatusKind;
use futures::join;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::hostile::{arena, arena_config};

#[wasm_bindgen_test]
async fn an_answer_holding_an_integer_past_2_pow_53_reaches_the_host_intact() {
    let arena = arena(arena_config()).await;
    let hook: HookName = "custom:hostile.bignum".parse().unwrap();
    arena.host.declare_hook(hook.clone(), false);
    let (run, ()) =
        join!(arena.host.run_hook(&hook, serde_json::json!({})), arena.bystander_answers());
    let run = run.unwrap();
    let step = run.trace.iter().find(|s| &s.plugin == arena.hostile.id()).unwrap();
    assert!(!matches!(step.outcome, StepOutcome::Failed(_)), "{:?}", step.outcome);
    // Worker messages travel as JSON text, which holds every integer.
    assert_eq!(run.data, serde_json::json!({ "n": u64::MAX }));
    // The worker did not panic: the plugin answers its next call.
    assert_eq!(arena.hostile.status().kind(), StatusKind::Active);
    assert!(arena.attack("identity").await.is_ok());
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn an_event_holding_an_integer_past_2_pow_53_is_refused_to_the_plugin() {
    let arena = arena(arena_config()).await;
    let out = arena.attack("bignum-event").await.unwrap();
    assert_eq!(out[0], 1, "emit must fail inside the plugin");
    assert_eq!(arena.hostile.status().kind(), StatusKind::Active);
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_host_request_holding_an_integer_past_2_pow_53_is_an_error_not_a_panic() {
    let arena = arena(arena_config()).await;
    let hook: HookName = "custom:hostile.huge".parse().unwrap();
    arena.host.declare_hook(hook.clone(), false);
    let run = arena.host.run_hook(&hook, serde_json::json!({ "n": u64::MAX })).await.unwrap();
    let step = run.trace.iter().find(|s| &s.plugin == arena.hostile.id()).unwrap();
    let StepOutcome::Failed(error) = &step.outcome else {
        panic!("the request cannot be sent: {:?}", step.outcome)
    };
    assert_eq!(error.code(), ErrorCode::BadRequest, "{error}");
    assert!(error.to_string().contains("cannot be sent to its worker"), "{error}");
    assert_eq!(arena.hostile.status().kind(), StatusKind::Active);
    arena.survived().await;
}
