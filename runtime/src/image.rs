//! RGBA images whose pixels can move to a worker without being copied.

use js_sys::{ArrayBuffer, Uint8Array, Uint8ClampedArray};

use crate::{Error, Result};

/// An RGBA image held in a JavaScript `ArrayBuffer`: row-major, four bytes per
/// pixel, like `ImageData`.
///
/// Filtering an image *moves* it: its buffer is transferred to the plugin's
/// worker and a buffer comes back, so no pixel is copied between threads.
#[derive(Debug, Clone)]
pub struct RgbaImage {
    width: u32,
    height: u32,
    buffer: ArrayBuffer,
}

impl RgbaImage {
    /// Wraps a buffer of exactly `width * height * 4` bytes.
    pub fn new(width: u32, height: u32, buffer: ArrayBuffer) -> Result<Self> {
        let expected = annex_protocol::api::filter::rgba_len(width, height)
            .ok_or_else(|| Error::InvalidInput(format!("image {width}x{height} is too large")))?;
        if width == 0 || height == 0 {
            return Err(Error::InvalidInput(format!(
                "image is {width}x{height}; both sides must be at least 1 pixel"
            )));
        }
        let len = buffer.byte_length() as usize;
        if len != expected {
            return Err(Error::InvalidInput(format!(
                "a {width}x{height} RGBA image needs {expected} bytes, the buffer has {len}"
            )));
        }
        Ok(Self { width, height, buffer })
    }

    /// Copies Rust bytes into a new image.
    pub fn from_bytes(width: u32, height: u32, rgba: &[u8]) -> Result<Self> {
        let array = Uint8Array::new_with_length(rgba.len() as u32);
        array.copy_from(rgba);
        Self::new(width, height, array.buffer())
    }

    /// Copies the pixels of an `ImageData` (the `ImageData` stays usable).
    pub fn from_image_data(data: &web_sys::ImageData) -> Result<Self> {
        let pixels: Uint8ClampedArray = js_sys::Reflect::get(data, &"data".into())
            .map_err(|_| Error::InvalidInput("ImageData has no `data`".into()))?
            .into();
        Self::new(data.width(), data.height(), pixels.slice(0, pixels.length()).buffer())
    }

    /// An `ImageData` over a copy of the pixels, ready for `putImageData`.
    pub fn to_image_data(&self) -> Result<web_sys::ImageData> {
        let pixels = Uint8ClampedArray::new(&self.buffer.slice(0));
        web_sys::ImageData::new_with_js_u8_clamped_array_and_sh(&pixels, self.width, self.height)
            .map_err(|e| Error::InvalidInput(crate::js::error_text(&e)))
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The underlying buffer.
    pub fn buffer(&self) -> &ArrayBuffer {
        &self.buffer
    }

    /// Copies the pixels into Rust memory.
    pub fn to_vec(&self) -> Vec<u8> {
        Uint8Array::new(&self.buffer).to_vec()
    }

    pub(crate) fn into_buffer(self) -> ArrayBuffer {
        self.buffer
    }
}
