//! The typography family: text laid out with effects, and fonts.

use annex_protocol::api::typography::{
    DrawList, FontInfo, TextRequest, TypographyRequest, TypographyResponse, MAX_FRAMES,
};
use annex_protocol::encoded::Encoded;
use annex_protocol::message::PluginResponse;
use annex_protocol::PluginError;

use crate::Plugin;

/// A plugin that lays out text with effects, or provides fonts, or both.
///
/// Layout gets the text with each character's advance measured by the host
/// in the requested font, and answers with drawing instructions (glyph runs,
/// offsets, colours, gradients, shadows) the host renders with Canvas 2D.
/// Requests are checked before they arrive: sizes, effect parameters, and
/// that every effect is one the manifest lists.
///
/// ```
/// use annex_sdk::api::typography::{DrawList, GlyphRun, Paint, TextLayer, TextRequest};
/// use annex_sdk::{Plugin, PluginError, Typography};
///
/// #[derive(Default)]
/// struct Plain;
/// impl Plugin for Plain {}
/// impl Typography for Plain {
///     fn layout(&mut self, request: &TextRequest) -> Result<DrawList, PluginError> {
///         Ok(DrawList {
///             width: request.advances.iter().sum(),
///             ascent: request.ascent,
///             descent: request.descent,
///             animated: false,
///             layers: vec![TextLayer {
///                 font: request.font.css(),
///                 runs: vec![GlyphRun { text: request.text.clone(), x: 0.0, y: 0.0 }],
///                 fill: Some(Paint::Solid { color: request.fill }),
///                 stroke: None,
///                 shadow: None,
///                 alpha: 1.0,
///             }],
///         })
///     }
/// }
/// ```
pub trait Typography: Plugin {
    /// Lays out one text at `request.time_ms`. Default: unsupported (a
    /// font-only plugin).
    fn layout(&mut self, request: &TextRequest) -> Result<DrawList, PluginError> {
        let _ = request;
        Err(PluginError::unsupported("this plugin lays out no text; it only provides fonts"))
    }

    /// The fonts it provides. Default: none.
    fn fonts(&mut self) -> Vec<FontInfo> {
        Vec::new()
    }

    /// The file (TrueType, OpenType or WOFF2) of font `index` in [`Typography::fonts`].
    fn font_data(&mut self, index: u32) -> Result<Vec<u8>, PluginError> {
        Err(PluginError::bad_request(format!("there is no font {index}")))
    }
}

/// Checks a layout request against the effects the plugin offers.
fn check(request: &TextRequest, offered: &[&str]) -> Result<(), PluginError> {
    request.validate()?;
    for effect in &request.effects {
        if !offered.contains(&effect.name()) {
            return Err(PluginError::unsupported(format!(
                "effect `{}` is not offered (this plugin offers: {})",
                effect.name(),
                offered.join(", ")
            )));
        }
    }
    Ok(())
}

/// Dispatch of typography requests; used by the generated ABI code.
pub(crate) fn dispatch<T: Typography>(
    plugin: &mut T,
    request: TypographyRequest,
    offered: &[&str],
    payload: &mut Vec<u8>,
) -> Result<PluginResponse, PluginError> {
    let response = match request {
        TypographyRequest::Layout(request) => {
            check(&request, offered)?;
            TypographyResponse::Drawing { drawing: plugin.layout(&request)? }
        }
        TypographyRequest::Frames { mut request, times_ms } => {
            if times_ms.len() > MAX_FRAMES {
                return Err(PluginError::bad_request(format!(
                    "times_ms: {} frames, at most {MAX_FRAMES}",
                    times_ms.len()
                )));
            }
            check(&request, offered)?;
            let mut frames = Vec::with_capacity(times_ms.len());
            for time in times_ms {
                request.time_ms = time;
                request.validate()?;
                frames.push(plugin.layout(&request)?);
            }
            TypographyResponse::Frames { frames }
        }
        TypographyRequest::Fonts => TypographyResponse::Fonts { fonts: plugin.fonts() },
        TypographyRequest::FontData { index } => {
            let font = plugin
                .fonts()
                .into_iter()
                .nth(index as usize)
                .ok_or_else(|| PluginError::bad_request(format!("there is no font {index}")))?;
            *payload = plugin.font_data(index)?;
            TypographyResponse::FontData { font }
        }
    };
    Ok(PluginResponse::Typography(Encoded::new(&response)))
}
