//! Bounds on a drawing, checked by the host before it paints one.
//!
//! The page's main thread paints what a plugin answers: an unbounded
//! drawing (a million layers, a blur of 10,000 px, a 100,000 px font)
//! would freeze the page. A drawing may paint each character of the text
//! it was asked for a few times, in a few layers; that is what effects need.

use super::{DrawList, FontSpec, Paint, TextLayer};

/// Most layers in one drawing.
pub const MAX_LAYERS: usize = 16;
/// Largest shadow blur, px.
pub const MAX_BLUR_PX: f32 = 64.0;
/// Widest stroke, px.
pub const MAX_STROKE_PX: f32 = 64.0;
/// Largest distance from the origin of any position, offset or extent, px.
pub const MAX_EXTENT_PX: f32 = 8192.0;
/// Most colour stops in one gradient.
pub const MAX_GRADIENT_STOPS: usize = 16;
/// Longest `font` string of a layer, bytes.
pub const MAX_FONT_CSS_BYTES: usize = 256;
/// Most fonts one plugin may provide.
pub const MAX_FONTS: usize = 16;

impl DrawList {
    /// Glyphs (and runs) one layer may hold, for a text of `text_chars`:
    /// twice the text, and a few ornaments.
    pub fn glyphs_per_layer(text_chars: usize) -> usize {
        2 * text_chars + 16
    }

    /// Checks the drawing against the bounds above, for a text of
    /// `text_chars` characters; the error names the field.
    pub fn check(&self, text_chars: usize) -> Result<(), String> {
        for (name, value) in
            [("width", self.width), ("ascent", self.ascent), ("descent", self.descent)]
        {
            extent(name, value)?;
        }
        if self.layers.len() > MAX_LAYERS {
            return Err(format!("layers: {}, at most {MAX_LAYERS}", self.layers.len()));
        }
        let per_layer = Self::glyphs_per_layer(text_chars);
        for (i, layer) in self.layers.iter().enumerate() {
            check_layer(layer, per_layer).map_err(|e| format!("layers[{i}].{e}"))?;
        }
        Ok(())
    }
}

fn check_layer(layer: &TextLayer, per_layer: usize) -> Result<(), String> {
    if layer.font.len() > MAX_FONT_CSS_BYTES {
        return Err(format!("font: {} bytes, at most {MAX_FONT_CSS_BYTES}", layer.font.len()));
    }
    if FontSpec::from_css(&layer.font).is_none() {
        return Err(format!(
            "font: `{}` is not a font the host can read (write it with FontSpec::css)",
            layer.font
        ));
    }
    if layer.runs.len() > per_layer {
        return Err(format!("runs: {}, at most {per_layer} for this text", layer.runs.len()));
    }
    let mut glyphs = 0;
    for (i, run) in layer.runs.iter().enumerate() {
        glyphs += run.text.chars().count();
        extent(&format!("runs[{i}].x"), run.x)?;
        extent(&format!("runs[{i}].y"), run.y)?;
    }
    if glyphs > per_layer {
        return Err(format!("runs: {glyphs} characters, at most {per_layer} for this text"));
    }
    if let Some(fill) = &layer.fill {
        check_paint(fill).map_err(|e| format!("fill.{e}"))?;
    }
    if let Some(stroke) = &layer.stroke {
        check_paint(&stroke.paint).map_err(|e| format!("stroke.paint.{e}"))?;
        within("stroke.width", stroke.width, MAX_STROKE_PX)?;
    }
    if let Some(shadow) = &layer.shadow {
        extent("shadow.dx", shadow.dx)?;
        extent("shadow.dy", shadow.dy)?;
        within("shadow.blur", shadow.blur, MAX_BLUR_PX)?;
    }
    if !layer.alpha.is_finite() {
        return Err(format!("alpha: {}", layer.alpha));
    }
    Ok(())
}

fn check_paint(paint: &Paint) -> Result<(), String> {
    let Paint::LinearGradient { x0, y0, x1, y1, stops } = paint else { return Ok(()) };
    for (name, value) in [("x0", x0), ("y0", y0), ("x1", x1), ("y1", y1)] {
        extent(name, *value)?;
    }
    if stops.len() > MAX_GRADIENT_STOPS {
        return Err(format!("stops: {}, at most {MAX_GRADIENT_STOPS}", stops.len()));
    }
    match stops.iter().position(|(offset, _)| !offset.is_finite()) {
        Some(i) => Err(format!("stops[{i}]: offset {}", stops[i].0)),
        None => Ok(()),
    }
}

fn extent(name: &str, value: f32) -> Result<(), String> {
    if value.is_finite() && value.abs() <= MAX_EXTENT_PX {
        return Ok(());
    }
    Err(format!("{name}: {value}, at most {MAX_EXTENT_PX} px from the origin"))
}

fn within(name: &str, value: f32, max: f32) -> Result<(), String> {
    if (0.0..=max).contains(&value) {
        return Ok(());
    }
    Err(format!("{name}: {value}, it must be between 0 and {max} px"))
}

#[cfg(test)]
mod tests {
    use super::super::{DrawList, GlyphRun, Paint, Rgba, Shadow, TextLayer};

    fn drawing(layer: TextLayer, layers: usize) -> DrawList {
        DrawList {
            width: 10.0,
            ascent: 8.0,
            descent: 2.0,
            animated: false,
            layers: vec![layer; layers],
        }
    }

    fn layer(text: &str, runs: usize) -> TextLayer {
        TextLayer {
            font: "700 40px \"Annex Serif\", serif".into(),
            runs: vec![GlyphRun { text: text.into(), x: 0.0, y: 0.0 }; runs],
            fill: Some(Paint::Solid { color: Rgba::rgb(0, 0, 0) }),
            stroke: None,
            shadow: None,
            alpha: 1.0,
        }
    }

    #[test]
    fn an_honest_drawing_passes() {
        assert_eq!(drawing(layer("H", 5), 3).check(5), Ok(()));
        assert_eq!(drawing(layer("Hello", 1), 16).check(5), Ok(()));
    }

    #[test]
    fn each_bound_names_its_field() {
        let cases: Vec<(DrawList, &str)> = vec![
            (drawing(layer("H", 1), 17), "layers: 17"),
            (drawing(layer("H", 27), 1), "layers[0].runs: 27"),
            (drawing(layer(&"H".repeat(27), 1), 1), "layers[0].runs: 27 characters"),
            (
                drawing(TextLayer { font: "16px \"Arial\", Roboto".into(), ..layer("H", 1) }, 1),
                "layers[0].font",
            ),
            (
                drawing(
                    TextLayer {
                        shadow: Some(Shadow {
                            dx: 0.0,
                            dy: 0.0,
                            blur: 1e4,
                            color: Rgba::rgb(0, 0, 0),
                        }),
                        ..layer("H", 1)
                    },
                    1,
                ),
                "layers[0].shadow.blur",
            ),
            (
                drawing(
                    TextLayer {
                        runs: vec![GlyphRun { text: "H".into(), x: f32::NAN, y: 0.0 }],
                        ..layer("H", 1)
                    },
                    1,
                ),
                "layers[0].runs[0].x",
            ),
            (DrawList { width: f32::INFINITY, ..drawing(layer("H", 1), 1) }, "width"),
        ];
        for (drawing, field) in cases {
            let error = drawing.check(5).unwrap_err();
            assert!(error.starts_with(field), "{error} (expected {field})");
        }
    }
}
