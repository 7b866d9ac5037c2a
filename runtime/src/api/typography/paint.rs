//! Painting a [`DrawList`] with Canvas 2D.

use annex_protocol::api::typography::{DrawList, Paint, Shadow, TextLayer};
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

/// Paints `drawing` with its origin (the start of the baseline, before the
/// drawing's own margin) at `(x, y)`. The context's state is saved and
/// restored around it.
pub fn paint(
    ctx: &CanvasRenderingContext2d,
    drawing: &DrawList,
    x: f64,
    y: f64,
) -> Result<(), JsValue> {
    ctx.save();
    let result = drawing.layers.iter().try_for_each(|layer| paint_layer(ctx, layer, x, y));
    ctx.restore();
    result
}

fn paint_layer(
    ctx: &CanvasRenderingContext2d,
    layer: &TextLayer,
    x: f64,
    y: f64,
) -> Result<(), JsValue> {
    ctx.save();
    ctx.set_font(&layer.font);
    ctx.set_text_baseline("alphabetic");
    ctx.set_text_align("left");
    ctx.set_global_alpha(f64::from(layer.alpha.clamp(0.0, 1.0)));
    match &layer.shadow {
        Some(Shadow { dx, dy, blur, color }) => {
            ctx.set_shadow_offset_x(f64::from(*dx));
            ctx.set_shadow_offset_y(f64::from(*dy));
            ctx.set_shadow_blur(f64::from(*blur));
            ctx.set_shadow_color(&color.css());
        }
        None => ctx.set_shadow_color("rgba(0, 0, 0, 0)"),
    }
    if let Some(stroke) = &layer.stroke {
        set_style(ctx, &stroke.paint, x, y, true);
        ctx.set_line_width(f64::from(stroke.width));
        ctx.set_line_join("round");
        for run in &layer.runs {
            ctx.stroke_text(&run.text, x + f64::from(run.x), y + f64::from(run.y))?;
        }
    }
    if let Some(fill) = &layer.fill {
        set_style(ctx, fill, x, y, false);
        for run in &layer.runs {
            ctx.fill_text(&run.text, x + f64::from(run.x), y + f64::from(run.y))?;
        }
    }
    ctx.restore();
    Ok(())
}

fn set_style(ctx: &CanvasRenderingContext2d, paint: &Paint, x: f64, y: f64, stroke: bool) {
    match paint {
        Paint::Solid { color } if stroke => ctx.set_stroke_style_str(&color.css()),
        Paint::Solid { color } => ctx.set_fill_style_str(&color.css()),
        Paint::LinearGradient { x0, y0, x1, y1, stops } => {
            let gradient = ctx.create_linear_gradient(
                x + f64::from(*x0),
                y + f64::from(*y0),
                x + f64::from(*x1),
                y + f64::from(*y1),
            );
            for (offset, color) in stops {
                // Offsets outside 0..=1 throw; the protocol documents the range.
                let _ = gradient.add_color_stop(offset.clamp(0.0, 1.0), &color.css());
            }
            if stroke {
                ctx.set_stroke_style_canvas_gradient(&gradient);
            } else {
                ctx.set_fill_style_canvas_gradient(&gradient);
            }
        }
    }
}
