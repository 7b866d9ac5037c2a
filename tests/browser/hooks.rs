//! Hook chains over real plugins: priority order, modify, stop, errors, conditions.

use annex_protocol::api::filter::Filter;
use annex_protocol::manifest::{HookName, Priority};
use annex_protocol::ErrorCode;
use annex_runtime::hooks::{HookRun, StepOutcome};
use annex_runtime::{PluginHost, RgbaImage};
use annex_tests::{host, plugin_url, reference_grayscale, test_image};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

fn chain() -> HookName {
    "custom:test.chain".parse().unwrap()
}

async fn host_with_hooks(names: &[&str]) -> PluginHost {
    let host = host().await;
    host.declare_hook(chain(), false);
    for name in names {
        host.load_url(&plugin_url(&format!("hook-{name}"))).await.unwrap();
    }
    host
}

/// `(plugin suffix, outcome)` for each step.
fn steps(run: &HookRun) -> Vec<(String, String)> {
    run.trace
        .iter()
        .map(|s| {
            let outcome = match &s.outcome {
                StepOutcome::Continued => "continued".to_owned(),
                StepOutcome::Modified => "modified".to_owned(),
                StepOutcome::Stopped { .. } => "stopped".to_owned(),
                StepOutcome::Failed(e) => format!("failed: {e}"),
                StepOutcome::Skipped { reason } => format!("skipped: {reason}"),
                other => format!("{other:?}"),
            };
            (s.plugin.as_str().trim_start_matches("dev.annex.test.").to_owned(), outcome)
        })
        .collect()
}

#[wasm_bindgen_test]
async fn handlers_run_by_priority_and_the_trace_says_what_each_did() {
    // Loaded in an order unlike their priorities: late (background), stop (low),
    // fail (normal), modify (high).
    let host = host_with_hooks(&["late", "stop", "fail", "modify"]).await;
    let run = host.run_hook(&chain(), json!({"trail": []})).await.unwrap();
    assert_eq!(
        steps(&run),
        [
            ("hook-modify".into(), "modified".into()),
            (
                "hook-fail".into(),
                "failed: plugin dev.annex.test.hook-fail: hook-fail refuses on purpose".into()
            ),
            ("hook-stop".into(), "stopped".into()),
            (
                "hook-late".into(),
                "skipped: the chain was stopped by dev.annex.test.hook-stop".into()
            ),
        ]
    );
    let priorities: Vec<Priority> = run.trace.iter().map(|s| s.priority).collect();
    assert_eq!(priorities, [Priority::High, Priority::Normal, Priority::Low, Priority::Background]);
    assert_eq!(run.data, json!({"trail": ["modify"]}), "modify's change reached the end");
    let stopped = run.stopped.unwrap();
    assert_eq!(stopped.by.as_str(), "dev.annex.test.hook-stop");
    assert_eq!(stopped.reason.as_deref(), Some("hook-stop ends the chain"));
    assert!(run.trace[..3].iter().all(|s| s.duration_ms >= 0.0));
}

#[wasm_bindgen_test]
async fn an_error_does_not_stop_the_chain_and_modifications_accumulate() {
    let host = host_with_hooks(&["modify", "fail", "late"]).await;
    let run = host.run_hook(&chain(), json!({"trail": ["start"]})).await.unwrap();
    assert_eq!(run.data, json!({"trail": ["start", "modify", "late"]}));
    assert!(run.stopped.is_none());
    assert!(matches!(run.trace[1].outcome, StepOutcome::Failed(_)));
    // A failing handler is reported, not stopped: its plugin keeps running.
    let fail = host.plugin(&"dev.annex.test.hook-fail".parse().unwrap()).unwrap();
    assert_eq!(fail.status().kind(), annex_runtime::StatusKind::Active);
}

#[wasm_bindgen_test]
async fn a_stop_on_error_hook_point_ends_at_the_first_failure() {
    let host = host_with_hooks(&["modify", "fail", "late"]).await;
    host.declare_hook(chain(), true);
    let run = host.run_hook(&chain(), json!({"trail": []})).await.unwrap();
    let stopped = run.stopped.unwrap();
    assert_eq!(stopped.by.as_str(), "dev.annex.test.hook-fail");
    assert_eq!(stopped.error.unwrap().code(), ErrorCode::PluginError);
    assert_eq!(run.data, json!({"trail": ["modify"]}));
}

#[wasm_bindgen_test]
async fn undeclared_custom_hooks_are_refused() {
    let host = host().await;
    let err =
        host.run_hook(&"custom:nobody.declared".parse().unwrap(), json!({})).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    assert!(err.to_string().contains("declare_hook"), "{err}");
}

#[wasm_bindgen_test]
async fn filter_pre_apply_hooks_can_stop_a_filter_on_matching_routes() {
    let host = host_with_hooks(&["stop", "modify"]).await;
    let grayscale = host.load_url(&plugin_url("grayscale")).await.unwrap();
    let pixels = test_image(4, 4);
    let image = || RgbaImage::from_bytes(4, 4, &pixels).unwrap();

    host.set_route("/locked/report");
    let err =
        grayscale.canvas_filter().unwrap().apply(image(), &Filter::Grayscale).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::HookStopped);
    assert_eq!(
        err.to_string(),
        "stopped by plugin dev.annex.test.hook-stop at hook `filter.pre_apply`: filters are locked on this page"
    );

    host.set_route("/editor");
    let out = grayscale.canvas_filter().unwrap().apply(image(), &Filter::Grayscale).await.unwrap();
    assert_eq!(
        out.to_vec(),
        reference_grayscale(&pixels),
        "the condition did not match, so the filter ran"
    );
    let run = host
        .run_hook(&"filter.pre_apply".parse().unwrap(), json!({"filter": {"type": "grayscale"}}))
        .await
        .unwrap();
    assert_eq!(
        steps(&run),
        [
            ("hook-stop".into(), "skipped: route /editor matches none of /locked/*".into()),
            ("hook-modify".into(), "modified".into())
        ]
    );
}

/// The demo's hook chain: filter-guard (high) modifies, filter-policy
/// (normal, visitors only) stops; each run is reported with its trace.
#[wasm_bindgen_test]
async fn the_example_hook_plugins_cap_and_stop_filters_and_report_their_trace() {
    use annex_protocol::api::filter::Filter;
    use annex_runtime::events::EventKind;
    use annex_runtime::hooks::StepOutcome;
    use annex_runtime::RgbaImage;

    let host = annex_tests::host().await;
    let filters =
        host.load_url(&plugin_url("image-filters")).await.unwrap().canvas_filter().unwrap();
    host.load_url(&plugin_url("filter-guard")).await.unwrap();
    host.load_url(&plugin_url("filter-policy")).await.unwrap();
    host.set_roles(vec!["visitor".into()]);
    let last_trace = || {
        host.events().recent().into_iter().rev().find_map(|e| match e.kind {
            EventKind::HookRan { hook, trace } if hook.as_str() == "filter.pre_apply" => Some(
                trace
                    .into_iter()
                    .map(|s| match s.outcome {
                        StepOutcome::Continued => format!("{} continued", s.plugin),
                        StepOutcome::Modified => format!("{} modified", s.plugin),
                        StepOutcome::Stopped { .. } => format!("{} stopped", s.plugin),
                        StepOutcome::Skipped { .. } => format!("{} skipped", s.plugin),
                        StepOutcome::Failed(_) => format!("{} failed", s.plugin),
                        _ => format!("{} ?", s.plugin),
                    })
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
    };
    let (w, h) = (24, 16);
    let pixels = annex_tests::test_image(w, h);
    let image = || RgbaImage::from_bytes(w, h, &pixels).unwrap();

    // A heavy blur is capped to sigma 8 before the filter plugin sees it.
    let heavy =
        filters.apply(image(), &Filter::GaussianBlur { sigma: 20.0 }).await.unwrap().to_vec();
    let capped =
        filters.apply(image(), &Filter::GaussianBlur { sigma: 8.0 }).await.unwrap().to_vec();
    assert_eq!(heavy, capped);
    assert_eq!(
        last_trace().unwrap(),
        ["dev.annex.filter-guard continued", "dev.annex.filter-policy continued"],
        "the last run (sigma 8) needed no cap"
    );

    // A swirl is stopped for visitors, with the policy's reason.
    let swirl = Filter::Swirl { angle: 90.0, radius: 0.8 };
    let err = filters.apply(image(), &swirl).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::HookStopped);
    assert!(err.to_string().contains("dev.annex.filter-policy"), "{err}");
    assert!(err.to_string().contains("swirl is for editors and admins"), "{err}");
    assert_eq!(
        last_trace().unwrap(),
        ["dev.annex.filter-guard continued", "dev.annex.filter-policy stopped"]
    );

    // An admin is not a visitor: the policy's condition skips it.
    host.set_roles(vec!["admin".into()]);
    filters.apply(image(), &swirl).await.unwrap();
    assert_eq!(
        last_trace().unwrap(),
        ["dev.annex.filter-guard continued", "dev.annex.filter-policy skipped"]
    );
}
