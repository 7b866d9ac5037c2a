//! The canvas-filter API family.

use annex_protocol::api::filter::{Filter, FilterHints};
use annex_protocol::PluginError;

use crate::Plugin;

/// An RGBA image the plugin may change in place: row-major, four bytes per
/// pixel (R, G, B, A), `width * height * 4` bytes.
#[derive(Debug)]
pub struct Image<'a> {
    width: u32,
    height: u32,
    data: &'a mut [u8],
}

impl<'a> Image<'a> {
    /// Wraps a buffer; `None` if its length is not `width * height * 4`.
    pub fn new(width: u32, height: u32, data: &'a mut [u8]) -> Option<Self> {
        let len = annex_protocol::api::filter::rgba_len(width, height)?;
        (len == data.len()).then_some(Self { width, height, data })
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The raw RGBA bytes.
    pub fn data(&self) -> &[u8] {
        self.data
    }

    /// The raw RGBA bytes, writable.
    pub fn data_mut(&mut self) -> &mut [u8] {
        self.data
    }

    /// Each pixel as a writable `[R, G, B, A]` slice, row by row.
    pub fn pixels_mut(&mut self) -> impl Iterator<Item = &mut [u8]> + '_ {
        self.data.chunks_exact_mut(4)
    }
}

/// A plugin that transforms RGBA pixels.
///
/// The filters it offers are listed in its manifest under
/// `capabilities.canvas_filter.filters`; the SDK refuses any other filter name
/// before [`CanvasFilter::apply`] runs, so `apply` only sees listed filters.
pub trait CanvasFilter: Plugin {
    /// Applies `filter` to `image` in place.
    fn apply(&mut self, filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError>;

    /// [`CanvasFilter::apply`] with the host's quality and speed hints.
    /// Default: ignore the hints.
    fn apply_with(
        &mut self,
        filter: &Filter,
        image: &mut Image<'_>,
        hints: FilterHints,
    ) -> Result<(), PluginError> {
        let _ = hints;
        self.apply(filter, image)
    }
}
