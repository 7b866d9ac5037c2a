//! Painting a text with one effect: measured by the host in the font pack's
//! typeface, laid out by the plugin, painted by the host with Canvas 2D.
//! Animated effects come back as a batch of frames from one call, played
//! with a timer.

use std::cell::Cell;
use std::time::Duration;

use annex_runtime::protocol::api::typography::{DrawList, TextEffect};
use annex_runtime::{paint_drawing, TextStyle, TypographyApi};
use leptos::prelude::{set_interval_with_handle, IntervalHandle};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::effects::INK;
use crate::shell::canvas::context;

/// The canvas size.
pub const WIDTH: u32 = 720;
/// The canvas size.
pub const HEIGHT: u32 = 220;
/// The family the font pack registers.
pub const FAMILY: &str = "Annex Serif";
/// Largest font size; long texts are set smaller to fit.
const SIZE_PX: f32 = 80.0;
/// Frames of an animated effect: one every 50 ms for three seconds.
const FRAMES: usize = 60;
const FRAME_MS: f64 = 50.0;

/// The drawings for one text and effect, ready to paint.
#[derive(Debug)]
pub struct Prepared {
    /// One drawing, or the frames of an animated effect (one every 50 ms).
    pub frames: Vec<DrawList>,
    /// The font size used.
    pub size_px: f32,
}

/// Measures `text` with `effect` on `canvas` and asks the plugin for the
/// drawing (or, when animated, every frame in one call). Paints nothing.
pub async fn prepare(
    api: &TypographyApi,
    canvas: &HtmlCanvasElement,
    text: &str,
    effect: &TextEffect,
) -> Result<Prepared, String> {
    let ctx = context(canvas)?;
    let mut size_px = SIZE_PX;
    let mut style = TextStyle::new(FAMILY, size_px, INK).effect(effect.clone());
    let mut request = api.measure(&ctx, text, &style, 0.0).map_err(|e| e.to_string())?;
    let width: f32 = request.advances.iter().sum();
    let room = WIDTH as f32 - 80.0;
    if width > room {
        size_px = (SIZE_PX * room / width).floor().max(8.0);
        style = TextStyle::new(FAMILY, size_px, INK).effect(effect.clone());
        request = api.measure(&ctx, text, &style, 0.0).map_err(|e| e.to_string())?;
    }
    let frames = if effect.is_animated() {
        let times: Vec<f64> = (0..FRAMES).map(|i| i as f64 * FRAME_MS).collect();
        api.frames(request, times).await.map_err(|e| e.to_string())?
    } else {
        vec![api.layout(request).await.map_err(|e| e.to_string())?]
    };
    if frames.is_empty() {
        return Err("the plugin answered no drawing".into());
    }
    Ok(Prepared { frames, size_px })
}

/// Paints the first drawing now and, for several frames, starts a timer
/// that loops through them; returns the timer to stop.
pub fn show(
    canvas: &HtmlCanvasElement,
    prepared: &Prepared,
) -> Result<Option<IntervalHandle>, String> {
    let ctx = context(canvas)?;
    let frames = prepared.frames.clone();
    if let Some(first) = frames.first() {
        paint(&ctx, first)?;
    }
    if frames.len() < 2 {
        return Ok(None);
    }
    let next = Cell::new(1usize);
    let handle = set_interval_with_handle(
        move || {
            let index = next.get();
            next.set(index + 1);
            if let Some(frame) = frames.get(index % frames.len()) {
                // A failed paint leaves the previous frame; nothing to report per tick.
                let _ = paint(&ctx, frame);
            }
        },
        Duration::from_millis(FRAME_MS as u64),
    )
    .map_err(|e| format!("cannot start the frame timer: {e:?}"))?;
    Ok(Some(handle))
}

/// Clears to white and paints `drawing` centred.
fn paint(ctx: &CanvasRenderingContext2d, drawing: &DrawList) -> Result<(), String> {
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT));
    let x = (f64::from(WIDTH) - f64::from(drawing.width)) / 2.0;
    let y = (f64::from(HEIGHT) + f64::from(drawing.ascent) - f64::from(drawing.descent)) / 2.0;
    paint_drawing(ctx, drawing, x.max(0.0), y).map_err(|e| format!("canvas: {e:?}"))
}

/// Clears the canvas to white.
pub fn clear(canvas: &HtmlCanvasElement) -> Result<(), String> {
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT));
    Ok(())
}
