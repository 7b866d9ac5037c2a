//! The effect presets the page offers: each effect the text-effects plugin
//! lists in its manifest, with parameters chosen to show it off.

use annex_runtime::protocol::api::typography::{Rgba, TextEffect};
use serde_json::json;

/// The text's own colour.
pub const INK: Rgba = Rgba::rgb(24, 24, 48);
/// The shadow's colour: far from the ink and the white page, so its pixels
/// can be told apart.
pub const SHADOW: Rgba = Rgba::rgb(220, 40, 40);
/// The outline's colour.
pub const OUTLINE: Rgba = Rgba::rgb(30, 110, 240);

/// The effect named `name` (as a manifest lists it) with the page's
/// parameters; a name the page has no preset for becomes a custom effect
/// without parameters, and the plugin decides.
pub fn preset(name: &str) -> TextEffect {
    match name {
        "shadow" => TextEffect::Shadow { dx: 12.0, dy: 8.0, blur: 0.0, color: SHADOW },
        "glow" => TextEffect::Glow { radius: 10.0, color: Rgba::rgb(255, 190, 30) },
        "outline" => TextEffect::Outline { width: 3.0, color: OUTLINE },
        "gradient" => TextEffect::Gradient {
            from: Rgba::rgb(240, 60, 140),
            to: Rgba::rgb(40, 90, 240),
            angle_deg: 0.0,
        },
        "wave" => TextEffect::Wave { amplitude: 14.0, wavelength: 6.0, period_ms: 1200.0 },
        "typewriter" => TextEffect::Typewriter { chars_per_second: 8.0 },
        "rainbow" => {
            TextEffect::Custom { name: "rainbow".into(), params: json!({ "saturation": 0.9 }) }
        }
        other => TextEffect::Custom { name: other.to_owned(), params: serde_json::Value::Null },
    }
}

/// The preset's parameters as JSON, to show under the canvas.
pub fn describe(effect: &TextEffect) -> String {
    serde_json::to_string(effect).unwrap_or_else(|e| format!("({e})"))
}
