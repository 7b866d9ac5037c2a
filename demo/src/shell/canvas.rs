//! Drawing RGBA pixels on canvases.

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// A colourful test image: hue sweeps across, brightness down, with circles.
pub fn test_image(width: u32, height: u32) -> Vec<u8> {
    let mut pixels = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        for x in 0..width {
            let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
            let ring = (((fx - 0.5).hypot(fy - 0.5) * 24.0).sin() * 0.5 + 0.5) * 60.0;
            let r = 255.0 * (1.0 - fx) * (1.0 - fy * 0.5);
            let g = 255.0 * fx * (0.4 + fy * 0.6);
            let b = 255.0 * fy;
            pixels.extend_from_slice(&[
                (r * 0.8 + ring).min(255.0) as u8,
                (g * 0.8 + ring).min(255.0) as u8,
                (b * 0.8 + ring).min(255.0) as u8,
                255,
            ]);
        }
    }
    pixels
}

/// Draws RGBA pixels onto a canvas of the same size.
pub fn draw(canvas: &HtmlCanvasElement, data: &ImageData) -> Result<(), String> {
    context(canvas)?.put_image_data(data, 0.0, 0.0).map_err(|e| format!("{e:?}"))
}

/// Wraps RGBA bytes as `ImageData`.
pub fn image_data(width: u32, rgba: &[u8]) -> Result<ImageData, String> {
    ImageData::new_with_u8_clamped_array(Clamped(rgba), width).map_err(|e| format!("{e:?}"))
}

/// The canvas's 2D drawing context.
pub fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(|| "the canvas has no 2D context".to_owned())
}
