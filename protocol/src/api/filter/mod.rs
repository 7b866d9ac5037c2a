//! Canvas filters: a plugin transforms RGBA pixels.
//!
//! Pixels are not part of the JSON request: they travel as the call's byte
//! payload (a transferred `ArrayBuffer` between host and worker), row-major,
//! four bytes per pixel (R, G, B, A), no padding.

use serde::{Deserialize, Serialize};

use crate::error::PluginError;

mod kinds;

pub use kinds::{Filter, FilterKind};

/// Apply one filter to one image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilterRequest {
    /// The filter.
    pub filter: Filter,
    /// Image width in pixels.
    pub width: u32,
    /// Image height in pixels.
    pub height: u32,
    /// How the host would like the work done; the plugin decides what to do with it.
    #[serde(default, skip_serializing_if = "FilterHints::is_default")]
    pub hints: FilterHints,
}

/// Quality and performance wishes, passed through to the plugin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterHints {
    /// How good the result must be. Default: `normal`.
    #[serde(default)]
    pub quality: Quality,
    /// Whether speed matters more than exactness (a live preview, say).
    #[serde(default)]
    pub prefer_speed: bool,
}

impl FilterHints {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// Result quality wished for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    /// A rough preview is fine.
    Draft,
    /// The usual.
    #[default]
    Normal,
    /// As exact as the filter can be.
    Best,
}

impl FilterRequest {
    /// Checks that the dimensions are non-zero and match a payload of `byte_len` bytes.
    pub fn check_payload(&self, byte_len: usize) -> Result<(), PluginError> {
        if self.width == 0 || self.height == 0 {
            return Err(PluginError::bad_request(format!(
                "image is {}x{}; both sides must be at least 1 pixel",
                self.width, self.height
            )));
        }
        let expected = rgba_len(self.width, self.height).ok_or_else(|| {
            PluginError::bad_request(format!("image {}x{} is too large", self.width, self.height))
        })?;
        if expected != byte_len {
            return Err(PluginError::bad_request(format!(
                "a {}x{} RGBA image needs {expected} bytes, the payload has {byte_len}",
                self.width, self.height
            )));
        }
        Ok(())
    }
}

/// Byte length of a `width`×`height` RGBA image, if it fits in memory.
pub fn rgba_len(width: u32, height: u32) -> Option<usize> {
    (width as usize).checked_mul(height as usize)?.checked_mul(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_serialize_with_a_type_tag() {
        assert_eq!(serde_json::to_string(&Filter::Grayscale).unwrap(), r#"{"type":"grayscale"}"#);
        let custom: Filter = serde_json::from_str(r#"{"type":"custom","name":"invert"}"#).unwrap();
        assert_eq!(custom.name(), "invert");
    }

    #[test]
    fn payload_must_match_dimensions() {
        let req = FilterRequest {
            filter: Filter::Grayscale,
            width: 2,
            height: 3,
            hints: FilterHints::default(),
        };
        assert!(req.check_payload(24).is_ok());
        let err = req.check_payload(20).unwrap_err();
        assert_eq!(err.message, "a 2x3 RGBA image needs 24 bytes, the payload has 20");
        let empty = FilterRequest { width: 0, ..req };
        assert!(empty.check_payload(0).unwrap_err().message.contains("at least 1 pixel"));
    }
}
