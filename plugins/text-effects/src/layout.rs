//! From a measured text and its effects to layers of glyph runs.

use std::f32::consts::TAU;

use annex_sdk::api::typography::{
    DrawList, GlyphRun, Paint, Rgba, Shadow, Stroke, TextEffect, TextLayer, TextRequest,
};
use annex_sdk::PluginError;

/// The family used when the request names none: the font pack's.
pub(crate) const DEFAULT_FAMILY: &str = "Annex Serif";

/// Where each visible character goes.
struct Placed {
    chars: Vec<(char, f32, f32)>,
    /// Whether the characters must be drawn one run each.
    per_char: bool,
}

pub(crate) fn layout(request: &TextRequest) -> Result<DrawList, PluginError> {
    let mut font = request.font.clone();
    if font.family.trim().is_empty() {
        font.family = DEFAULT_FAMILY.into();
    }
    let font = font.css();
    let width: f32 = request.advances.iter().sum();
    let placed = place(request);
    let runs = runs(&placed);
    let (mut ascent, mut descent) = (request.ascent, request.descent);
    let mut rise = 0.0f32;
    for effect in &request.effects {
        if let TextEffect::Wave { amplitude, .. } = effect {
            rise += amplitude;
        }
    }
    ascent += rise;
    descent += rise;

    let mut layers = Vec::new();
    let mut margin = 0.0f32;
    for effect in &request.effects {
        if let TextEffect::Glow { radius, color } = *effect {
            margin = margin.max(radius * 2.0);
            layers.push(layer(
                &font,
                runs.clone(),
                Some(solid(color)),
                None,
                Some(glow(radius, color)),
            ));
        }
    }
    for effect in &request.effects {
        if let TextEffect::Outline { width: w, color } = *effect {
            margin = margin.max(w);
            let stroke = Stroke { paint: solid(color), width: w * 2.0 };
            layers.push(layer(&font, runs.clone(), None, Some(stroke), None));
        }
    }
    let shadow = request.effects.iter().find_map(|effect| match *effect {
        TextEffect::Shadow { dx, dy, blur, color } => Some(Shadow { dx, dy, blur, color }),
        _ => None,
    });
    if let Some(s) = shadow {
        margin = margin.max(s.dx.abs().max(s.dy.abs()) + s.blur);
    }
    let box_ = (width, ascent, descent);
    match rainbow(request)? {
        Some(saturation) => {
            let n = placed.chars.len().max(1) as f32;
            for (i, (c, x, y)) in placed.chars.iter().enumerate() {
                let color = hsl(360.0 * i as f32 / n, saturation, 0.5);
                let run = vec![GlyphRun { text: c.to_string(), x: *x, y: *y }];
                layers.push(layer(&font, run, Some(solid(color)), None, shadow));
            }
        }
        None => {
            let fill = fill_paint(request, box_);
            layers.push(layer(&font, runs, Some(fill), None, shadow));
        }
    }
    Ok(DrawList {
        width: width + margin * 2.0,
        ascent: ascent + margin,
        descent: descent + margin,
        animated: request.effects.iter().any(TextEffect::is_animated),
        layers: shift(layers, margin),
    })
}

/// Positions after the animated effects at `request.time_ms`.
fn place(request: &TextRequest) -> Placed {
    let t = request.time_ms as f32;
    let mut x = 0.0;
    let mut chars: Vec<(char, f32, f32)> = request
        .text
        .chars()
        .zip(&request.advances)
        .map(|(c, advance)| {
            let at = x;
            x += advance;
            (c, at, 0.0)
        })
        .collect();
    let mut per_char = false;
    for effect in &request.effects {
        match *effect {
            TextEffect::Wave { amplitude, wavelength, period_ms } => {
                per_char = true;
                for (i, (_, _, y)) in chars.iter_mut().enumerate() {
                    let phase = i as f32 / wavelength - t / period_ms;
                    *y -= amplitude * (TAU * phase).sin();
                }
            }
            TextEffect::Typewriter { chars_per_second } => {
                let shown = (t * chars_per_second / 1000.0).floor().max(0.0) as usize;
                chars.truncate(shown);
            }
            _ => {}
        }
    }
    Placed { chars, per_char }
}

fn runs(placed: &Placed) -> Vec<GlyphRun> {
    if placed.per_char {
        return placed
            .chars
            .iter()
            .filter(|(c, _, _)| !c.is_whitespace())
            .map(|(c, x, y)| GlyphRun { text: c.to_string(), x: *x, y: *y })
            .collect();
    }
    let text: String = placed.chars.iter().map(|(c, _, _)| c).collect();
    if text.is_empty() {
        return Vec::new();
    }
    vec![GlyphRun { text, x: 0.0, y: 0.0 }]
}

/// The fill: the request's colour, or the gradient effect across the text box.
fn fill_paint(request: &TextRequest, (width, ascent, descent): (f32, f32, f32)) -> Paint {
    let gradient = request.effects.iter().find_map(|effect| match *effect {
        TextEffect::Gradient { from, to, angle_deg } => Some((from, to, angle_deg)),
        _ => None,
    });
    let Some((from, to, angle)) = gradient else { return solid(request.fill) };
    let (sin, cos) = angle.to_radians().sin_cos();
    let (cx, cy) = (width / 2.0, (descent - ascent) / 2.0);
    // Half the box's extent along the direction, so the stops span the text.
    let half = (width / 2.0 * cos).abs() + ((ascent + descent) / 2.0 * sin).abs();
    Paint::LinearGradient {
        x0: cx - cos * half,
        y0: cy - sin * half,
        x1: cx + cos * half,
        y1: cy + sin * half,
        stops: vec![(0.0, from), (1.0, to)],
    }
}

/// The `rainbow` effect's saturation, if the request asks for it.
fn rainbow(request: &TextRequest) -> Result<Option<f32>, PluginError> {
    let Some(params) = request.effects.iter().find_map(|effect| match effect {
        TextEffect::Custom { name, params } if name == "rainbow" => Some(params),
        _ => None,
    }) else {
        return Ok(None);
    };
    match params.get("saturation") {
        None => Ok(Some(0.9)),
        Some(value) => match value.as_f64() {
            Some(s) if (0.0..=1.0).contains(&s) => Ok(Some(s as f32)),
            _ => Err(PluginError::bad_request(format!(
                "rainbow: `saturation` is {value}, it must be a number between 0 and 1"
            ))),
        },
    }
}

fn solid(color: Rgba) -> Paint {
    Paint::Solid { color }
}

fn glow(radius: f32, color: Rgba) -> Shadow {
    Shadow { dx: 0.0, dy: 0.0, blur: radius, color }
}

fn layer(
    font: &str,
    runs: Vec<GlyphRun>,
    fill: Option<Paint>,
    stroke: Option<Stroke>,
    shadow: Option<Shadow>,
) -> TextLayer {
    TextLayer { font: font.to_owned(), runs, fill, stroke, shadow, alpha: 1.0 }
}

/// Moves everything right by the margin the effects need on the left.
fn shift(mut layers: Vec<TextLayer>, dx: f32) -> Vec<TextLayer> {
    for layer in &mut layers {
        for run in &mut layer.runs {
            run.x += dx;
        }
        if let Some(Paint::LinearGradient { x0, x1, .. }) = &mut layer.fill {
            *x0 += dx;
            *x1 += dx;
        }
    }
    layers
}

/// HSL (hue in degrees, saturation and lightness in `0..=1`) to RGB.
pub(crate) fn hsl(hue: f32, saturation: f32, lightness: f32) -> Rgba {
    let c = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = (hue.rem_euclid(360.0)) / 60.0;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = lightness - c / 2.0;
    let byte = |v: f32| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Rgba::rgb(byte(r), byte(g), byte(b))
}
