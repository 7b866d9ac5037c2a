use annex_sdk::api::typography::{
    DrawList, FontSpec, Paint, Rgba, TextEffect, TextRequest, TypographyRequest, TypographyResponse,
};
use annex_sdk::testing::Harness;
use annex_sdk::ErrorCode;

use super::TextEffects;

fn request(text: &str, effects: Vec<TextEffect>) -> TextRequest {
    TextRequest {
        text: text.into(),
        font: FontSpec { family: String::new(), size_px: 40.0, weight: 700, italic: false },
        fill: Rgba::rgb(10, 20, 30),
        effects,
        time_ms: 0.0,
        advances: text.chars().map(|_| 10.0).collect(),
        ascent: 30.0,
        descent: 10.0,
    }
}

fn layout(request: TextRequest) -> DrawList {
    let mut harness = Harness::<TextEffects>::new().unwrap();
    match harness.typography(TypographyRequest::Layout(request)).unwrap().0 {
        TypographyResponse::Drawing { drawing } => drawing,
        other => panic!("{other:?}"),
    }
}

const RED: Rgba = Rgba::rgb(255, 0, 0);

#[test]
fn plain_text_is_one_run_in_the_default_family() {
    let drawing = layout(request("Hello", vec![]));
    assert_eq!(drawing.layers.len(), 1);
    let layer = &drawing.layers[0];
    assert_eq!(layer.font, "700 40px \"Annex Serif\", serif");
    assert_eq!(layer.runs.len(), 1);
    assert_eq!((layer.runs[0].text.as_str(), layer.runs[0].x), ("Hello", 0.0));
    assert_eq!(layer.fill, Some(Paint::Solid { color: Rgba::rgb(10, 20, 30) }));
    assert_eq!((drawing.width, drawing.ascent, drawing.descent), (50.0, 30.0, 10.0));
    assert!(!drawing.animated);
}

#[test]
fn glow_and_outline_go_under_the_fill_and_the_margin_keeps_them_inside() {
    let drawing = layout(request(
        "Hi",
        vec![
            TextEffect::Outline { width: 3.0, color: RED },
            TextEffect::Glow { radius: 4.0, color: Rgba::rgb(0, 255, 0) },
            TextEffect::Shadow { dx: 5.0, dy: 6.0, blur: 0.0, color: RED },
        ],
    ));
    let kinds: Vec<_> = drawing
        .layers
        .iter()
        .map(|l| (l.fill.is_some(), l.stroke.as_ref().map(|s| s.width), l.shadow.map(|s| s.blur)))
        .collect();
    // Glow (fill + blurred shadow), outline (stroke 2 × 3), fill with the drop shadow.
    assert_eq!(kinds, [(true, None, Some(4.0)), (false, Some(6.0), None), (true, None, Some(0.0))]);
    // The margin is the largest reach: glow 2 × 4 = 8 px on every side.
    assert_eq!(drawing.layers[2].runs[0].x, 8.0);
    assert_eq!((drawing.width, drawing.ascent, drawing.descent), (20.0 + 16.0, 38.0, 18.0));
}

#[test]
fn a_gradient_spans_the_text_in_its_direction() {
    let drawing = layout(request(
        "abcd",
        vec![TextEffect::Gradient { from: RED, to: Rgba::rgb(0, 0, 255), angle_deg: 0.0 }],
    ));
    let Some(Paint::LinearGradient { x0, y0, x1, y1, stops }) = &drawing.layers[0].fill else {
        panic!("{:?}", drawing.layers[0].fill)
    };
    assert_eq!((*x0, *x1), (0.0, 40.0));
    assert_eq!((*y0, *y1), (-10.0, -10.0), "through the middle of the box");
    assert_eq!(stops[0].1, RED);
}

#[test]
fn the_wave_moves_characters_with_time_and_the_typewriter_reveals_them() {
    let wave = TextEffect::Wave { amplitude: 10.0, wavelength: 4.0, period_ms: 1000.0 };
    let mut at_0 = request("abcd", vec![wave]);
    let start = layout(at_0.clone());
    at_0.time_ms = 250.0;
    let later = layout(at_0);
    let ys = |d: &DrawList| d.layers[0].runs.iter().map(|r| r.y.round()).collect::<Vec<_>>();
    // y_i = −10 · sin(2π (i/4 − t/1000))
    assert_eq!(ys(&start), [0.0, -10.0, -0.0, 10.0]);
    assert_eq!(ys(&later), [10.0, 0.0, -10.0, 0.0]);
    assert!(start.animated);
    assert_eq!(start.ascent, 40.0, "the wave's height is included");

    let mut typing = request("abcdef", vec![TextEffect::Typewriter { chars_per_second: 10.0 }]);
    typing.time_ms = 350.0;
    assert_eq!(layout(typing).layers[0].runs[0].text, "abc");
}

#[test]
fn frames_come_back_in_one_round_trip_and_bad_parameters_are_named() {
    let mut harness = Harness::<TextEffects>::new().unwrap();
    let wave = TextEffect::Wave { amplitude: 10.0, wavelength: 4.0, period_ms: 1000.0 };
    let frames = TypographyRequest::Frames {
        request: request("ab", vec![wave]),
        times_ms: vec![0.0, 100.0, 200.0],
    };
    let TypographyResponse::Frames { frames } = harness.typography(frames).unwrap().0 else {
        panic!()
    };
    assert_eq!(frames.len(), 3);
    assert_ne!(frames[0], frames[1]);

    let bad = request("ab", vec![TextEffect::Outline { width: 0.0, color: RED }]);
    let err = harness.typography(TypographyRequest::Layout(bad)).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadRequest);
    assert_eq!(err.message, "effects[0] (outline): `width` is 0, it must be above 0");
    let unknown = TextEffect::Custom { name: "sparkle".into(), params: serde_json::Value::Null };
    let err =
        harness.typography(TypographyRequest::Layout(request("ab", vec![unknown]))).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unsupported);
}

#[test]
fn rainbow_gives_each_character_its_own_hue() {
    let rainbow = TextEffect::Custom { name: "rainbow".into(), params: serde_json::json!({}) };
    let drawing = layout(request("abc", vec![rainbow]));
    assert_eq!(drawing.layers.len(), 3);
    let first = drawing.layers[0].fill.clone();
    assert_eq!(first, Some(Paint::Solid { color: super::layout::hsl(0.0, 0.9, 0.5) }));
    assert_eq!(super::layout::hsl(120.0, 1.0, 0.5), Rgba::rgb(0, 255, 0));
}
