//! A font pack: it lays out no text, it provides fonts. The host registers
//! them with the `FontFace` API (`TypographyApi::register_fonts`), after
//! which any page text or typography plugin can use the family.
//!
//! The font is DejaVu Serif Bold cut down to printable ASCII (27 KiB),
//! shipped as "Annex Serif"; see `fonts/LICENSE`.

use annex_sdk::api::typography::FontInfo;
use annex_sdk::{Plugin, PluginError, Typography};

/// The font file, embedded in the module.
const ANNEX_SERIF_BOLD: &[u8] = include_bytes!("../fonts/AnnexSerif-Bold.ttf");

/// The plugin.
#[derive(Debug, Default)]
pub struct FontPack;

impl Plugin for FontPack {}

impl Typography for FontPack {
    fn fonts(&mut self) -> Vec<FontInfo> {
        vec![FontInfo {
            family: "Annex Serif".into(),
            weight: 700,
            italic: false,
            bytes: ANNEX_SERIF_BOLD.len() as u32,
        }]
    }

    fn font_data(&mut self, index: u32) -> Result<Vec<u8>, PluginError> {
        match index {
            0 => Ok(ANNEX_SERIF_BOLD.to_vec()),
            _ => Err(PluginError::bad_request(format!("there is no font {index}"))),
        }
    }
}

annex_sdk::export_plugin!(FontPack);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use annex_sdk::api::typography::{TypographyRequest, TypographyResponse};
    use annex_sdk::testing::Harness;

    use super::FontPack;

    #[test]
    fn lists_its_font_and_hands_over_a_truetype_file() {
        let mut harness = Harness::<FontPack>::new().unwrap();
        let (fonts, _) = harness.typography(TypographyRequest::Fonts).unwrap();
        let TypographyResponse::Fonts { fonts } = fonts else { panic!("{fonts:?}") };
        assert_eq!(fonts[0].family, "Annex Serif");
        let (answer, bytes) = harness.typography(TypographyRequest::FontData { index: 0 }).unwrap();
        assert!(matches!(answer, TypographyResponse::FontData { .. }));
        assert_eq!(bytes.len() as u32, fonts[0].bytes);
        // TrueType files start with the version 1.0 tag.
        assert_eq!(&bytes[..4], &[0, 1, 0, 0]);
        let err = harness.typography(TypographyRequest::FontData { index: 1 }).unwrap_err();
        assert_eq!(err.message, "there is no font 1");
    }
}
