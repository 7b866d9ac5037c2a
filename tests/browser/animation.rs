//! The animation family: batched samples from the motion plugin in its
//! worker, and the player drawing them into a real element on the page.

use annex_protocol::api::animation::{
    Animation, AnimationSpec, Direction, Easing, Frame, Iterations,
};
use annex_protocol::ErrorCode;
use annex_runtime::{
    AnimationApi, AnimationPlayer, PlaybackEnd, PlayerOptions, PlayerState, PluginHost,
    PluginStatus,
};
use annex_tests::{cubic_bezier_reference, host, plugin_url};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlElement;

async fn api(host: &PluginHost, plugin: &str) -> AnimationApi {
    host.load_url(&plugin_url(plugin)).await.unwrap().animation().unwrap()
}

/// A fresh `<div>` appended to the test page, with `style` as its inline style.
fn page_element(style: &str) -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    element.set_text_content(Some("animated"));
    element.set_attribute("style", style).unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element
}

fn inline(element: &HtmlElement, property: &str) -> String {
    element.style().get_property_value(property).unwrap()
}

fn close(got: f64, expected: f64) -> bool {
    (got - expected).abs() < 1e-6
}

/// The inline value of `property` every few milliseconds until the player
/// stops; each change is recorded once.
async fn watch(player: &AnimationPlayer, element: &HtmlElement, property: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    while player.state() == PlayerState::Running {
        let value = inline(element, property);
        if seen.last() != Some(&value) {
            seen.push(value);
        }
        TimeoutFuture::new(4).await;
    }
    seen
}

#[wasm_bindgen_test]
async fn samples_from_the_worker_follow_the_formulas() {
    let host = host().await;
    let motion = api(&host, "motion").await;
    assert!(motion.animations().iter().any(|a| a == "shake"));
    assert_eq!(motion.easings(), ["bounce", "elastic", "spring"]);

    let fade = AnimationSpec::new(Animation::fade(0.0, 1.0), 400.0).delay_ms(100.0);
    let frames = motion.sample(&fade, &[0.0, 100.0, 200.0, 300.0, 500.0, 900.0]).await.unwrap();
    let opacity: Vec<f64> = frames.iter().map(|f| f.opacity.unwrap()).collect();
    assert_eq!(opacity, [0.0, 0.0, 0.25, 0.5, 1.0, 1.0]);
    assert!(frames.iter().all(|f| !f.has_transform()), "a fade drives opacity only");

    let (x1, y1, x2, y2) = (0.4, 0.0, 0.2, 1.0);
    let slide = AnimationSpec::new(Animation::slide((0.0, 0.0), (200.0, -50.0)), 1000.0)
        .easing(Easing::CubicBezier { x1, y1, x2, y2 });
    let times = [0.0, 100.0, 250.0, 500.0, 730.0, 1000.0];
    let frames = motion.sample(&slide, &times).await.unwrap();
    for (frame, time) in frames.iter().zip(times) {
        let e = cubic_bezier_reference(x1, y1, x2, y2, time / 1000.0);
        assert!(close(frame.translate_x_px.unwrap(), 200.0 * e), "x at {time}: {frame:?}");
        assert!(close(frame.translate_y_px.unwrap(), -50.0 * e), "y at {time}: {frame:?}");
    }

    let scale = AnimationSpec::new(Animation::scale(1.0, 3.0), 200.0).easing(Easing::EaseInOut);
    let frames = motion.sample(&scale, &[50.0, 100.0, 150.0]).await.unwrap();
    let expected =
        [0.25, 0.5, 0.75].map(|t| 1.0 + 2.0 * cubic_bezier_reference(0.42, 0.0, 0.58, 1.0, t));
    for (frame, expected) in frames.iter().zip(expected) {
        assert!(close(frame.scale.unwrap(), expected), "{frame:?} vs {expected}");
    }

    let rotate = AnimationSpec::new(Animation::rotate(0.0, 180.0), 100.0)
        .iterations(Iterations::Count(3.0))
        .direction(Direction::Alternate);
    let frames = motion.sample(&rotate, &[50.0, 150.0, 250.0, 300.0]).await.unwrap();
    let degrees: Vec<f64> = frames.iter().map(|f| f.rotate_deg.unwrap()).collect();
    assert_eq!(degrees, [90.0, 90.0, 90.0, 180.0], "forward, back, forward, rests at the end");
    let frames = motion.sample(&rotate, &[25.0, 125.0]).await.unwrap();
    assert_eq!(frames[0].rotate_deg, Some(45.0));
    assert_eq!(frames[1].rotate_deg, Some(135.0), "the second iteration runs back");
}

#[wasm_bindgen_test]
async fn custom_easings_and_animations_come_from_the_plugin() {
    let host = host().await;
    let motion = api(&host, "motion").await;
    let bounce = motion.ease(&Easing::custom("bounce"), &[0.0, 0.25, 0.5, 1.0]).await.unwrap();
    assert_eq!(bounce, [0.0, 0.47265625, 0.765625, 1.0]);
    let elastic = motion.ease(&Easing::custom("elastic"), &[0.5]).await.unwrap();
    assert!(close(elastic[0], 1.015625), "{elastic:?}");
    let standard = motion.ease(&Easing::Ease, &[0.5]).await.unwrap();
    assert!(close(standard[0], cubic_bezier_reference(0.25, 0.1, 0.25, 1.0, 0.5)));

    let pulse = Animation::custom("pulse", serde_json::json!({"amplitude": 0.5}));
    let frames = motion.sample(&AnimationSpec::new(pulse, 200.0), &[100.0]).await.unwrap();
    assert!(close(frames[0].scale.unwrap(), 1.5), "{frames:?}");
    let drop_in = AnimationSpec::new(Animation::custom("drop_in", serde_json::Value::Null), 100.0);
    let frames = motion.sample(&drop_in, &[50.0]).await.unwrap();
    assert_eq!(
        frames[0],
        Frame { opacity: Some(0.5), translate_y_px: Some(-10.0), ..Frame::default() }
    );

    let bad = Easing::Custom { name: "spring".into(), params: serde_json::json!({"damping": 2}) };
    let err = motion.ease(&bad, &[0.5]).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    assert_eq!(
        err.to_string(),
        "plugin dev.annex.motion: spring: `params.damping` is 2; it must be above 0 and below 1"
    );
}

#[wasm_bindgen_test]
async fn bad_parameters_are_refused_on_the_host_before_any_call() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("motion")).await.unwrap();
    let motion = plugin.animation().unwrap();
    // With the worker gone, only the host can answer: a BadRequest proves
    // the check ran before any call.
    plugin.terminate("test: the host must answer alone");
    let fade = || AnimationSpec::new(Animation::fade(0.0, 1.0), 300.0);

    let negative = AnimationSpec::new(Animation::fade(0.0, 1.0), -20.0);
    let err = motion.sample(&negative, &[0.0]).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    assert_eq!(
        err.to_string(),
        "plugin dev.annex.motion: fade: `duration_ms` is -20; it must be 0 or more"
    );

    let err = motion.sample(&fade().easing(Easing::custom("wobbly")), &[0.0]).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    assert!(err.to_string().contains("`easing` is `wobbly`"), "{err}");
    assert!(err.to_string().contains("custom easings: bounce, elastic, spring"), "{err}");

    let wide = Easing::CubicBezier { x1: 0.2, y1: 0.0, x2: 1.3, y2: 1.0 };
    let err = motion.ease(&wide, &[0.5]).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    assert!(err.to_string().contains("`easing.x2` is 1.3"), "{err}");

    let err = motion.play(&page_element(""), &fade().easing(wide)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest, "play refuses at once: {err}");

    let unlisted = AnimationSpec::new(Animation::custom("wiggle", serde_json::Value::Null), 100.0);
    let err = motion.sample(&unlisted, &[0.0]).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unsupported);

    let err = motion.sample(&fade(), &[0.0]).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Terminated, "a good request does reach for the worker");
}

#[wasm_bindgen_test]
async fn the_player_animates_a_real_element_to_its_final_value() {
    let host = host().await;
    let motion = api(&host, "motion").await;
    let element = page_element("opacity: 0.3");
    let spec = AnimationSpec::new(Animation::fade(0.0, 1.0), 600.0);
    let player = motion.play(&element, &spec).unwrap();
    let seen = watch(&player, &element, "opacity").await;

    assert_eq!(player.finished().await.unwrap(), PlaybackEnd::Finished);
    assert_eq!(player.state(), PlayerState::Finished);
    assert_eq!(inline(&element, "opacity"), "1", "ends at the final value");
    // The first value seen may be the one the element had before the first frame.
    let values: Vec<f64> =
        seen.iter().skip_while(|v| *v == "0.3").map(|v| v.parse().unwrap()).collect();
    assert!(values.len() >= 4, "the inline opacity should change over frames: {seen:?}");
    assert!(values.windows(2).all(|w| w[0] <= w[1]), "a linear fade only grows: {seen:?}");
    let stats = player.stats();
    assert!(stats.frames_drawn >= 3, "{stats:?}");
    assert_eq!(stats.batches_requested, stats.batches_received, "nothing left in flight");
    assert!(stats.samples_received >= 2, "{stats:?}");

    let spin = AnimationSpec::new(Animation::slide((0.0, 0.0), (80.0, 20.0)), 300.0)
        .easing(Easing::custom("bounce"));
    let moving = page_element("");
    let player = motion.play(&moving, &spin).unwrap();
    let seen = watch(&player, &moving, "transform").await;
    assert_eq!(player.finished().await.unwrap(), PlaybackEnd::Finished);
    assert_eq!(inline(&moving, "transform"), "translate(80px, 20px)");
    assert_eq!(inline(&moving, "opacity"), "", "a slide leaves opacity alone");
    assert!(seen.len() >= 3, "the transform should change over frames: {seen:?}");
}

#[wasm_bindgen_test]
async fn stalls_are_counted_and_reported() {
    let host = host().await;
    let motion = api(&host, "motion").await;
    let spec = AnimationSpec::new(Animation::rotate(0.0, 90.0), 300.0);
    // One sample per request and no prefetch: frames wait for round trips.
    let starved = PlayerOptions { batch_ms: 1000.0 / 60.0, prefetch_ms: 0.0, ..Default::default() };
    let mut stalls = Vec::new();
    for options in [PlayerOptions::default(), starved] {
        let element = page_element("");
        let player = motion.play_with(&element, &spec, options).unwrap();
        assert_eq!(player.finished().await.unwrap(), PlaybackEnd::Finished);
        let stats = player.stats();
        web_sys::console::log_1(&format!("animation player {options:?}: {stats:?}").into());
        assert!(
            stats.frames_drawn >= 1 && stats.samples_received >= 1,
            "values arrived: {stats:?}"
        );
        assert!(stats.batches_received >= 1, "{stats:?}");
        assert_eq!(inline(&element, "transform"), "rotate(90deg)");
        stalls.push(stats.stalls);
    }
    // Starved, a frame asks for its own value and waits a round trip for it:
    // about every other frame of 300 ms (some 18 frames) stalls. Prefetched,
    // round trips hide behind the batch the player already holds.
    let (fed, starved) = (stalls[0], stalls[1]);
    assert!(starved >= 3, "a starved player counts its stalls: {stalls:?}");
    assert!(fed < starved, "prefetching stalls less than starving: {stalls:?}");
}

#[wasm_bindgen_test]
async fn cancel_stops_it_and_puts_the_style_back() {
    let host = host().await;
    let motion = api(&host, "motion").await;
    let element = page_element("transform: rotate(5deg)");
    let forever =
        AnimationSpec::new(Animation::rotate(0.0, 360.0), 500.0).iterations(Iterations::Infinite);
    let player = motion.play(&element, &forever).unwrap();
    while player.stats().frames_drawn < 3 {
        assert_eq!(player.state(), PlayerState::Running);
        TimeoutFuture::new(5).await;
    }
    assert_ne!(inline(&element, "transform"), "rotate(5deg)", "it was moving");
    player.cancel();
    assert_eq!(player.state(), PlayerState::Cancelled);
    assert_eq!(player.finished().await.unwrap(), PlaybackEnd::Cancelled);
    assert_eq!(inline(&element, "transform"), "rotate(5deg)", "the inline style is back");
    let drawn = player.stats().frames_drawn;
    TimeoutFuture::new(100).await;
    assert_eq!(player.stats().frames_drawn, drawn, "no frame after cancel");
    assert_eq!(inline(&element, "transform"), "rotate(5deg)");
}

#[wasm_bindgen_test]
async fn a_plugin_failing_mid_run_stops_the_player_with_its_error() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("animation-faults")).await.unwrap();
    let faults = plugin.animation().unwrap();
    let element = page_element("opacity: 0.9");
    // The first batch (0 to 383 ms) is fine; the second holds 450 ms and fails.
    let params = serde_json::json!({"after_ms": 450});
    let spec = AnimationSpec::new(Animation::custom("fail_after", params), 1000.0);
    let player = faults.play(&element, &spec).unwrap();
    let err = player.finished().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::PluginError);
    let message = err.to_string();
    assert!(message.starts_with("plugin dev.annex.test.animation-faults: "), "{message}");
    assert!(message.contains("failing on purpose"), "{message}");
    assert_eq!(player.state(), PlayerState::Failed(err));
    let stats = player.stats();
    assert!(stats.frames_drawn >= 1 && stats.batches_received >= 1, "it ran first: {stats:?}");
    assert_eq!(inline(&element, "opacity"), "0.9", "the element is back as it was");

    let element = page_element("");
    let params = serde_json::json!({"after_ms": 460});
    let spec = AnimationSpec::new(Animation::custom("panic_after", params), 1000.0);
    let player = faults.play(&element, &spec).unwrap();
    let err = player.finished().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Panic);
    assert!(err.to_string().contains("animation-faults panicked at"), "{err}");
    assert_eq!(inline(&element, "opacity"), "", "no half-drawn opacity is left");
    assert!(matches!(plugin.status(), PluginStatus::Error(_)), "a panic stops the plugin");
}
