//! Grayscale: a canvas-filter plugin.
//!
//! Each pixel's colour becomes its luma, with the Rec. 709 (sRGB) weights in
//! integer arithmetic, rounded to nearest; alpha is kept:
//!
//! ```text
//! Y = (2126·R + 7152·G + 722·B + 5000) / 10000
//! ```
//!
//! The weights sum to 10000, so white stays 255 and black stays 0.

use annex_sdk::{CanvasFilter, Filter, Image, Plugin, PluginError};

/// The plugin. It keeps no state.
#[derive(Debug, Default)]
pub struct Grayscale;

impl Plugin for Grayscale {}

impl CanvasFilter for Grayscale {
    fn apply(&mut self, _filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
        for px in image.pixels_mut() {
            let y = luma(px[0], px[1], px[2]);
            px[0] = y;
            px[1] = y;
            px[2] = y;
        }
        Ok(())
    }
}

/// Rec. 709 luma of one sRGB pixel, rounded to nearest.
pub fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((2126 * r as u32 + 7152 * g as u32 + 722 * b as u32 + 5000) / 10000) as u8
}

annex_sdk::export_plugin!(Grayscale);

#[cfg(test)]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::{ErrorCode, Filter};

    use super::*;

    #[test]
    fn luma_keeps_black_and_white_and_weights_green_most() {
        assert_eq!(luma(0, 0, 0), 0);
        assert_eq!(luma(255, 255, 255), 255);
        assert_eq!(luma(255, 0, 0), 54);
        assert_eq!(luma(0, 255, 0), 182);
        assert_eq!(luma(0, 0, 255), 18);
    }

    #[test]
    fn filters_pixels_in_place_and_keeps_alpha() {
        let mut harness = Harness::<Grayscale>::new().unwrap();
        let mut pixels = vec![255, 0, 0, 255, 0, 255, 0, 128, 10, 20, 30, 0];
        harness.apply_filter(&Filter::Grayscale, 3, 1, &mut pixels).unwrap();
        assert_eq!(pixels, [54, 54, 54, 255, 182, 182, 182, 128, 19, 19, 19, 0]);
    }

    #[test]
    fn manifest_comes_from_cargo_toml() {
        let harness = Harness::<Grayscale>::new().unwrap();
        let manifest = harness.manifest();
        assert_eq!(manifest.id.as_str(), "dev.annex.grayscale");
        assert_eq!(manifest.name, "Grayscale");
        assert_eq!(manifest.version.to_string(), env!("CARGO_PKG_VERSION"));
        assert_eq!(manifest.permissions.len(), 2);
    }

    #[test]
    fn refuses_filters_it_does_not_offer_and_bad_sizes() {
        let mut harness = Harness::<Grayscale>::new().unwrap();
        let blur = Filter::Custom { name: "blur".into(), params: Default::default() };
        let mut pixels = vec![200, 100, 50, 255];
        let err = harness.apply_filter(&blur, 1, 1, &mut pixels).unwrap_err();
        assert_eq!(err.code, ErrorCode::Unsupported);
        assert!(err.message.contains("offers: grayscale"), "{err}");
        assert_eq!(pixels, [200, 100, 50, 255], "a refused filter leaves the pixels as they were");

        let err = harness.apply_filter(&Filter::Grayscale, 2, 2, &mut vec![0; 4]).unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
    }
}
