use super::*;

fn request(effects: Vec<TextEffect>) -> TextRequest {
    TextRequest {
        text: "Hi".into(),
        font: FontSpec { family: "Annex Serif".into(), size_px: 32.0, weight: 700, italic: false },
        fill: Rgba::rgb(0, 0, 0),
        effects,
        time_ms: 0.0,
        advances: vec![20.0, 9.0],
        ascent: 30.0,
        descent: 8.0,
    }
}

#[test]
fn colours_read_and_write_as_css_hex() {
    assert_eq!(Rgba::parse("#f80"), Some(Rgba::rgb(255, 136, 0)));
    assert_eq!(Rgba::parse("#11223344"), Some(Rgba { r: 0x11, g: 0x22, b: 0x33, a: 0x44 }));
    assert_eq!(Rgba::parse("red"), None);
    assert_eq!(Rgba::rgb(1, 2, 3).to_string(), "#010203");
    let json = serde_json::json!({"type": "outline", "width": 2.0, "color": "#ff0000"});
    let effect: TextEffect = serde_json::from_value(json).unwrap();
    assert_eq!(effect, TextEffect::Outline { width: 2.0, color: Rgba::rgb(255, 0, 0) });
    let bad = serde_json::json!({"type": "glow", "radius": 2.0, "color": "blue"});
    let err = serde_json::from_value::<TextEffect>(bad).unwrap_err().to_string();
    assert!(err.contains("`blue` is not a colour"), "{err}");
}

#[test]
fn requests_are_checked_with_the_field_named() {
    assert!(request(vec![]).validate().is_ok());
    let mut short = request(vec![]);
    short.advances.pop();
    assert_eq!(short.validate().unwrap_err().message, "advances: 1 widths for 2 characters");
    let wave = TextEffect::Wave { amplitude: 5.0, wavelength: 0.0, period_ms: 100.0 };
    let err = request(vec![TextEffect::Glow { radius: 3.0, color: Rgba::rgb(0, 0, 0) }, wave])
        .validate()
        .unwrap_err();
    assert_eq!(err.message, "effects[1] (wave): `wavelength` is 0, it must be above 0");
}

#[test]
fn the_font_shorthand_quotes_the_family() {
    let font =
        FontSpec { family: "Annex \"Serif\"".into(), size_px: 48.0, weight: 700, italic: true };
    assert_eq!(font.css(), "italic 700 48px \"Annex Serif\", serif");
}

#[test]
fn answers_are_checked_against_the_request_they_answer() {
    let empty =
        DrawList { width: 10.0, ascent: 5.0, descent: 1.0, animated: false, layers: vec![] };
    let layout = TypographyRequest::Layout(request(vec![]));
    let drawing = TypographyResponse::Drawing { drawing: empty.clone() };
    assert_eq!(drawing.check_answer(&layout), Ok(()));
    let far = DrawList { width: 1e9, ..empty.clone() };
    let err = TypographyResponse::Drawing { drawing: far }.check_answer(&layout).unwrap_err();
    assert!(err.starts_with("its drawing is out of bounds: width"), "{err}");
    let frames = TypographyRequest::Frames { request: request(vec![]), times_ms: vec![0.0, 16.0] };
    let one = TypographyResponse::Frames { frames: vec![empty] };
    assert_eq!(one.check_answer(&frames).unwrap_err(), "answered 1 frames for 2 times");
    let font = FontInfo { family: "F".into(), weight: 400, italic: false, bytes: 1 };
    let many = TypographyResponse::Fonts { fonts: vec![font; MAX_FONTS + 1] };
    assert_eq!(
        many.check_answer(&TypographyRequest::Fonts).unwrap_err(),
        "it lists 17 fonts, at most 16"
    );
    // Another kind of answer is the host's to report.
    assert_eq!(drawing.check_answer(&TypographyRequest::Fonts), Ok(()));
}
