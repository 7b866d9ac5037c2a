//! Native tests through the SDK harness, the same JSON path as in the worker.
//! Expected values come from the documented formulas, computed independently
//! (Bézier points by bisection to 1e-12).

use annex_sdk::api::animation::{Animation, AnimationSpec, Direction, Easing, Frame, Iterations};
use annex_sdk::testing::Harness;
use annex_sdk::ErrorCode;
use serde_json::json;

use crate::Motion;

fn harness() -> Harness<Motion> {
    Harness::<Motion>::new().unwrap()
}

fn assert_close(got: &[f64], expected: &[f64], what: &str) {
    assert_eq!(got.len(), expected.len(), "{what}");
    for (g, e) in got.iter().zip(expected) {
        assert!((g - e).abs() < 1e-6, "{what}: got {got:?}, expected {expected:?}");
    }
}

#[test]
fn standard_easings_at_chosen_points() {
    let mut h = harness();
    let at = [0.0, 0.25, 0.5, 0.75, 1.0];
    let cases = [
        (Easing::Linear, [0.0, 0.25, 0.5, 0.75, 1.0]),
        (Easing::Ease, [0.0, 0.4085105914, 0.8024033876, 0.9604589783, 1.0]),
        (Easing::EaseIn, [0.0, 0.0934646507, 0.3153568126, 0.6218618692, 1.0]),
        (Easing::EaseOut, [0.0, 0.3781381308, 0.6846431874, 0.9065353493, 1.0]),
        (Easing::EaseInOut, [0.0, 0.129161931, 0.5, 0.870838069, 1.0]),
        (
            Easing::CubicBezier { x1: 0.4, y1: 0.0, x2: 0.2, y2: 1.0 },
            [0.0, 0.2365873605, 0.7755613111, 0.9593677367, 1.0],
        ),
        (
            Easing::CubicBezier { x1: 0.68, y1: -0.55, x2: 0.265, y2: 1.55 },
            [0.0, -0.0828071088, 0.6066798972, 1.0891657748, 1.0],
        ),
    ];
    for (easing, expected) in cases {
        let got = h.ease(&easing, &at).unwrap();
        assert_close(&got, &expected, &easing.to_string());
        assert_eq!((got[0], got[4]), (0.0, 1.0), "{easing} ends exactly");
    }
}

#[test]
fn custom_easings_follow_their_formulas() {
    let mut h = harness();
    let at = [0.0, 0.25, 0.5, 0.75, 1.0];
    let bounce = h.ease(&Easing::custom("bounce"), &at).unwrap();
    assert_close(&bounce, &[0.0, 0.47265625, 0.765625, 0.97265625, 1.0], "bounce");
    let elastic = h.ease(&Easing::custom("elastic"), &at).unwrap();
    assert_close(&elastic, &[0.0, 0.9116116524, 1.015625, 1.0055242717, 1.0], "elastic");
    let spring = h.ease(&Easing::custom("spring"), &at).unwrap();
    assert_close(&spring, &[0.0, 1.0755950917, 1.0358395195, 0.9779118704, 1.0], "spring");
    let stiff =
        Easing::Custom { name: "spring".into(), params: json!({"damping": 0.3, "frequency": 2}) };
    assert_close(&h.ease(&stiff, &[0.5]).unwrap(), &[0.870981956505], "spring(0.3, 2)");
}

#[test]
fn custom_parameters_are_checked_by_name() {
    let mut h = harness();
    let bad = Easing::Custom { name: "spring".into(), params: json!({"damping": 1.5}) };
    let err = h.ease(&bad, &[0.5]).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadRequest);
    assert_eq!(err.message, "spring: `params.damping` is 1.5; it must be above 0 and below 1");
    let typo = Easing::Custom { name: "spring".into(), params: json!({"dampnig": 0.2}) };
    let err = h.ease(&typo, &[0.5]).unwrap_err();
    assert_eq!(
        err.message,
        "spring: unknown parameter `params.dampnig` (parameters: damping, frequency)"
    );
    let spec = AnimationSpec::new(Animation::custom("shake", json!({"cycles": 0})), 100.0);
    let err = h.sample(&spec, &[50.0]).unwrap_err();
    assert_eq!(err.message, "shake: `params.cycles` is 0; it must be above 0 and at most 50");
}

fn frames(h: &mut Harness<Motion>, spec: &AnimationSpec, times: &[f64]) -> Vec<Frame> {
    h.sample(spec, times).unwrap()
}

#[test]
fn built_in_animations_at_chosen_times() {
    let mut h = harness();
    let times = [0.0, 100.0, 200.0, 400.0, 500.0];
    let fade = AnimationSpec::new(Animation::fade(0.0, 1.0), 400.0);
    let opacity: Vec<f64> =
        frames(&mut h, &fade, &times).iter().map(|f| f.opacity.unwrap()).collect();
    assert_eq!(opacity, [0.0, 0.25, 0.5, 1.0, 1.0]);

    let slide = AnimationSpec::new(Animation::slide((0.0, 10.0), (200.0, -30.0)), 400.0)
        .easing(Easing::EaseInOut);
    let at_200 = frames(&mut h, &slide, &[200.0])[0];
    assert_eq!(
        at_200,
        Frame { translate_x_px: Some(100.0), translate_y_px: Some(-10.0), ..Frame::default() }
    );
    let at_100 = frames(&mut h, &slide, &[100.0])[0];
    assert!((at_100.translate_x_px.unwrap() - 200.0 * 0.129161931).abs() < 1e-5, "{at_100:?}");

    let scale = AnimationSpec::new(Animation::scale(1.0, 2.0), 200.0).delay_ms(100.0);
    let s: Vec<f64> = frames(&mut h, &scale, &[0.0, 100.0, 150.0, 300.0])
        .iter()
        .map(|f| f.scale.unwrap())
        .collect();
    assert_eq!(s, [1.0, 1.0, 1.25, 2.0], "the delay holds the start value");

    let rotate = AnimationSpec::new(Animation::rotate(0.0, 90.0), 100.0)
        .iterations(Iterations::Count(2.0))
        .direction(Direction::Alternate);
    let r: Vec<f64> = frames(&mut h, &rotate, &[25.0, 100.0, 125.0, 200.0])
        .iter()
        .map(|f| f.rotate_deg.unwrap())
        .collect();
    assert_eq!(r, [22.5, 90.0, 67.5, 0.0], "the second iteration runs back");
}

#[test]
fn custom_animations_drive_their_own_properties() {
    let mut h = harness();
    let shake = AnimationSpec::new(
        Animation::custom("shake", json!({"amplitude_px": 8, "cycles": 2})),
        1000.0,
    );
    let got = frames(&mut h, &shake, &[0.0, 125.0, 500.0, 1000.0]);
    let x: Vec<f64> = got.iter().map(|f| f.translate_x_px.unwrap()).collect();
    // 8·sin(2π·2·e)·(1 − e): at e = 0.125 that is 8·1·0.875.
    assert_close(&x, &[0.0, 7.0, 0.0, 0.0], "shake");
    assert!(got.iter().all(|f| f.opacity.is_none() && f.scale.is_none()));

    let pulse = AnimationSpec::new(Animation::custom("pulse", json!({"amplitude": 0.2})), 100.0);
    let s: Vec<f64> =
        frames(&mut h, &pulse, &[0.0, 50.0, 100.0]).iter().map(|f| f.scale.unwrap()).collect();
    assert_close(&s, &[1.0, 1.2, 1.0], "pulse");

    let drop_in = AnimationSpec::new(Animation::custom("drop_in", json!(null)), 100.0);
    let mid = frames(&mut h, &drop_in, &[25.0])[0];
    assert_eq!((mid.opacity, mid.translate_y_px), (Some(0.25), Some(-15.0)));

    let bouncy =
        AnimationSpec::new(Animation::fade(0.0, 1.0), 100.0).easing(Easing::custom("bounce"));
    assert_eq!(
        frames(&mut h, &bouncy, &[50.0])[0].opacity,
        Some(0.765625),
        "a custom easing drives a built-in animation"
    );
}

#[test]
fn bad_requests_name_the_parameter() {
    let mut h = harness();
    let fade = || AnimationSpec::new(Animation::fade(0.0, 1.0), 300.0);
    let err = h.sample(&AnimationSpec::new(Animation::fade(0.0, 1.0), -1.0), &[0.0]).unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::BadRequest, "fade: `duration_ms` is -1; it must be 0 or more")
    );
    let err = h.sample(&fade().easing(Easing::custom("boing")), &[0.0]).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadRequest);
    assert!(err.message.starts_with("fade: `easing` is `boing`"), "{err}");
    let wide = Easing::CubicBezier { x1: 0.5, y1: 0.0, x2: 1.2, y2: 1.0 };
    let err = h.sample(&fade().easing(wide), &[0.0]).unwrap_err();
    assert_eq!(
        err.message,
        "fade: `easing.x2` is 1.2; cubic-bezier x values must be between 0 and 1"
    );
    let err = h
        .sample(&AnimationSpec::new(Animation::custom("wiggle", json!({})), 100.0), &[0.0])
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unsupported);
}
