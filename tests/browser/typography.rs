//! Typography: fonts registered through the FontFace API, and text effects
//! painted on a real canvas, checked pixel by pixel.

use annex_protocol::api::typography::{Rgba, TextEffect};
use annex_protocol::ErrorCode;
use annex_runtime::{Plugin, PluginHost, TextStyle};
use annex_tests::{host, plugin_url};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

const WIDTH: u32 = 360;
const HEIGHT: u32 = 140;
const BLACK: Rgba = Rgba::rgb(0, 0, 0);
const RED: Rgba = Rgba::rgb(255, 0, 0);
const BLUE: Rgba = Rgba::rgb(0, 0, 255);

/// A white canvas on the page.
pub(crate) fn canvas() -> CanvasRenderingContext2d {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(WIDTH);
    canvas.set_height(HEIGHT);
    document.body().unwrap().append_child(&canvas).unwrap();
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT));
    ctx
}

/// The canvas's pixels, with helpers to find colours.
pub(crate) struct Pixels(pub(crate) Vec<u8>);

impl Pixels {
    pub(crate) fn of(ctx: &CanvasRenderingContext2d) -> Self {
        let data = ctx.get_image_data(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT)).unwrap();
        Self(data.data().0)
    }

    /// Bounding box (min x, min y, max x, max y) of the pixels matching `is`.
    fn bbox(&self, is: impl Fn(u8, u8, u8) -> bool) -> Option<(u32, u32, u32, u32)> {
        let mut found: Option<(u32, u32, u32, u32)> = None;
        for (i, p) in self.0.chunks_exact(4).enumerate() {
            if is(p[0], p[1], p[2]) {
                let (x, y) = (i as u32 % WIDTH, i as u32 / WIDTH);
                found = Some(match found {
                    None => (x, y, x, y),
                    Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x), d.max(y)),
                });
            }
        }
        found
    }

    pub(crate) fn count(&self, is: impl Fn(u8, u8, u8) -> bool) -> usize {
        self.0.chunks_exact(4).filter(|p| is(p[0], p[1], p[2])).count()
    }
}

pub(crate) fn dark(r: u8, g: u8, b: u8) -> bool {
    r < 60 && g < 60 && b < 60
}

async fn text_effects(host: &PluginHost) -> Plugin {
    host.load_url(&plugin_url("font-pack")).await.unwrap();
    host.load_url(&plugin_url("text-effects")).await.unwrap()
}

fn style(fill: Rgba) -> TextStyle {
    TextStyle::new("Annex Serif", 64.0, fill)
}

#[wasm_bindgen_test]
async fn the_font_pack_registers_its_font_through_the_font_face_api() {
    let host = host().await;
    let pack = host.load_url(&plugin_url("font-pack")).await.unwrap();
    let fonts = web_sys::window().unwrap().document().unwrap().fonts();
    let faces: Vec<(String, String)> = js_sys::Array::from(&fonts)
        .iter()
        .map(|face| {
            let face: web_sys::FontFace = face.unchecked_into();
            (face.family(), format!("{:?}", face.status()))
        })
        .collect();
    // In Annex's namespace, not under the family it names (see typography_bounds).
    let registered = host.font_family("Annex Serif").unwrap();
    assert!(
        faces.iter().any(|(family, status)| family == &registered && status == "Loaded"),
        "{faces:?}"
    );
    let listed = pack.typography().unwrap().fonts().await.unwrap();
    assert_eq!((listed[0].family.as_str(), listed[0].weight), ("Annex Serif", 700));
}

#[wasm_bindgen_test]
async fn text_effects_need_the_font_pack_loaded_first() {
    let host = host().await;
    let err = host.load_url(&plugin_url("text-effects")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Dependency);
    assert!(err.to_string().contains("dev.annex.font-pack"), "{err}");
}

#[wasm_bindgen_test]
async fn a_shadow_appears_at_its_offset_in_its_colour() {
    let host = host().await;
    let typography = text_effects(&host).await.typography().unwrap();
    let ctx = canvas();
    let shadow = TextEffect::Shadow { dx: 30.0, dy: 12.0, blur: 0.0, color: RED };
    typography.render(&ctx, "H", &style(BLACK).effect(shadow), 0.0, 20.0, 90.0).await.unwrap();
    let pixels = Pixels::of(&ctx);
    let text = pixels.bbox(dark).expect("the text was drawn");
    let red = pixels.bbox(|r, g, b| r > 200 && g < 60 && b < 60).expect("the shadow was drawn");
    // The shadow's right and bottom edges stick out from under the text by the offset.
    assert_eq!((red.2 - text.2, red.3 - text.3), (30, 12), "text {text:?}, shadow {red:?}");
}

#[wasm_bindgen_test]
async fn an_outline_is_drawn_in_its_colour_around_the_glyphs() {
    let host = host().await;
    let typography = text_effects(&host).await.typography().unwrap();
    let blue = |r: u8, g: u8, b: u8| b > 200 && r < 60 && g < 60;
    let ctx = canvas();
    typography.render(&ctx, "O", &style(Rgba::rgb(255, 255, 255)), 0.0, 20.0, 90.0).await.unwrap();
    assert_eq!(Pixels::of(&ctx).count(blue), 0, "no outline asked, none drawn");
    let ctx = canvas();
    let outlined =
        style(Rgba::rgb(255, 255, 255)).effect(TextEffect::Outline { width: 3.0, color: BLUE });
    typography.render(&ctx, "O", &outlined, 0.0, 20.0, 90.0).await.unwrap();
    let pixels = Pixels::of(&ctx);
    assert!(pixels.count(blue) > 200, "{} blue pixels", pixels.count(blue));
    // White fill inside the blue ring: the glyph is hollow, the outline is its edge.
    let (x0, y0, x1, y1) = pixels.bbox(blue).unwrap();
    let centre = ((y0 + y1) / 2 * WIDTH + (x0 + x1) / 2) as usize * 4;
    assert_eq!(&pixels.0[centre..centre + 3], [255, 255, 255]);
}

#[wasm_bindgen_test]
async fn a_gradient_runs_across_the_text_and_a_glow_spreads_beyond_it() {
    let host = host().await;
    let typography = text_effects(&host).await.typography().unwrap();
    let ctx = canvas();
    let gradient = TextEffect::Gradient { from: RED, to: BLUE, angle_deg: 0.0 };
    typography.render(&ctx, "MMMM", &style(BLACK).effect(gradient), 0.0, 10.0, 90.0).await.unwrap();
    let pixels = Pixels::of(&ctx);
    let inked = |r: u8, g: u8, b: u8| u16::from(r) + u16::from(b) > 200 && g < 60;
    let (x0, _, x1, _) = pixels.bbox(inked).unwrap();
    let column = |x: u32| {
        (0..HEIGHT)
            .map(|y| &pixels.0[((y * WIDTH + x) * 4) as usize..][..3])
            .find(|p| inked(p[0], p[1], p[2]))
            .map(|p| (p[0], p[2]))
    };
    let (left, right) = (column(x0 + 2).unwrap(), column(x1 - 2).unwrap());
    assert!(
        left.0 > left.1 && right.1 > right.0,
        "left {left:?} should be red, right {right:?} blue"
    );

    let ctx = canvas();
    let glow = TextEffect::Glow { radius: 10.0, color: Rgba::rgb(0, 200, 0) };
    typography.render(&ctx, "I", &style(BLACK).effect(glow), 0.0, 40.0, 90.0).await.unwrap();
    let pixels = Pixels::of(&ctx);
    let text = pixels.bbox(dark).unwrap();
    let green = pixels
        .bbox(|r, g, b| g > r.saturating_add(20) && g > b.saturating_add(20))
        .expect("a glow");
    // Beyond the glyphs on every side (a 10 px blur fades below the
    // threshold after a few pixels on white).
    let around = green.0 + 2 <= text.0
        && green.2 >= text.2 + 2
        && green.1 + 2 <= text.1
        && green.3 >= text.3 + 2;
    assert!(around, "glow {green:?} around text {text:?}");
}

#[wasm_bindgen_test]
async fn animated_text_changes_with_time_and_comes_in_batches() {
    let host = host().await;
    let typography = text_effects(&host).await.typography().unwrap();
    let wave = style(BLACK).effect(TextEffect::Wave {
        amplitude: 12.0,
        wavelength: 4.0,
        period_ms: 1000.0,
    });
    let ctx = canvas();
    let request = typography.measure(&ctx, "Wave", &wave, 0.0).unwrap();
    let frames = typography.frames(request, vec![0.0, 250.0, 500.0]).await.unwrap();
    assert_eq!(frames.len(), 3);
    assert!(frames.iter().all(|f| f.animated));
    let ys =
        |i: usize| frames[i].layers[0].runs.iter().map(|r| r.y.round() as i32).collect::<Vec<_>>();
    assert_ne!(ys(0), ys(1));
    // Half a period later every character is mirrored.
    assert_eq!(ys(0).iter().map(|y| -y).collect::<Vec<_>>(), ys(2));

    let painted = |drawing| {
        let ctx = canvas();
        annex_runtime::paint_drawing(&ctx, drawing, 10.0, 90.0).unwrap();
        Pixels::of(&ctx).0
    };
    assert_ne!(painted(&frames[0]), painted(&frames[1]), "the canvas must change between frames");
}

#[wasm_bindgen_test]
async fn effects_the_plugin_does_not_offer_and_bad_parameters_are_refused() {
    let host = host().await;
    let typography = text_effects(&host).await.typography().unwrap();
    let offered = typography.effects();
    assert_eq!(
        offered,
        ["shadow", "glow", "outline", "gradient", "wave", "typewriter", "rainbow"],
        "the effects its manifest lists"
    );
    let ctx = canvas();
    let sparkle = TextEffect::Custom { name: "sparkle".into(), params: serde_json::Value::Null };
    let err = typography
        .render(&ctx, "x", &style(BLACK).effect(sparkle), 0.0, 0.0, 50.0)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unsupported);
    assert!(err.to_string().contains("dev.annex.text-effects"), "{err}");
    assert!(err.to_string().contains(&offered.join(", ")), "the error lists the offer: {err}");
    let bad = TextEffect::Glow { radius: 0.0, color: RED };
    let err =
        typography.render(&ctx, "x", &style(BLACK).effect(bad), 0.0, 0.0, 50.0).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    assert!(err.to_string().contains("effects[0] (glow): `radius` is 0"), "{err}");
}
