//! The typography API family, host side: measure, ask the plugin for a
//! drawing, paint it with Canvas 2D; and register a plugin's fonts.

mod drawing;
mod font_book;
mod fonts;
mod paint;

pub(crate) use font_book::FontBook;

use annex_protocol::api::typography::{
    DrawList, FontInfo, FontSpec, Rgba, TextEffect, TextRequest, TypographyRequest,
    TypographyResponse,
};
use annex_protocol::encoded::Encoded;
use annex_protocol::message::{PluginRequest, PluginResponse};
use web_sys::CanvasRenderingContext2d;

pub use paint::paint;

use super::storage::bytes_of;
use crate::{Error, Plugin, Result};

/// How a text should look: font, colour and effects.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TextStyle {
    /// The font (an empty family lets the plugin choose).
    pub font: FontSpec,
    /// The text colour.
    pub fill: Rgba,
    /// Effects, in order.
    pub effects: Vec<TextEffect>,
}

impl TextStyle {
    /// A style in `family` at `size_px`, bold, in `fill`, without effects.
    pub fn new(family: &str, size_px: f32, fill: Rgba) -> Self {
        let font = FontSpec { family: family.into(), size_px, weight: 700, italic: false };
        Self { font, fill, effects: Vec::new() }
    }

    /// Adds an effect.
    pub fn effect(mut self, effect: TextEffect) -> Self {
        self.effects.push(effect);
        self
    }
}

/// Text effects and fonts from one typography plugin. Get it with
/// [`Plugin::typography`].
///
/// ```no_run
/// # async fn demo(plugin: annex_runtime::Plugin, ctx: web_sys::CanvasRenderingContext2d) -> annex_runtime::Result<()> {
/// use annex_runtime::TextStyle;
/// use annex_runtime::protocol::api::typography::{Rgba, TextEffect};
///
/// let style = TextStyle::new("Annex Serif", 48.0, Rgba::rgb(20, 20, 40))
///     .effect(TextEffect::Shadow { dx: 4.0, dy: 4.0, blur: 6.0, color: Rgba::rgb(0, 0, 0) });
/// plugin.typography()?.render(&ctx, "Hello", &style, 0.0, 20.0, 80.0).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TypographyApi {
    plugin: Plugin,
}

impl TypographyApi {
    pub(crate) fn new(plugin: Plugin) -> Self {
        Self { plugin }
    }

    /// Measures `text` in the style's font on `ctx` (so registered fonts
    /// count), and builds the request a plugin lays out.
    pub fn measure(
        &self,
        ctx: &CanvasRenderingContext2d,
        text: &str,
        style: &TextStyle,
        time_ms: f64,
    ) -> Result<TextRequest> {
        let mut font = style.font.clone();
        if font.family.trim().is_empty() {
            font.family = self.default_family().unwrap_or_default();
        }
        ctx.set_font(&self.resolved(&font).css());
        let mut advances = Vec::with_capacity(text.len());
        let mut buffer = [0u8; 4];
        for c in text.chars() {
            let metrics = ctx.measure_text(c.encode_utf8(&mut buffer)).map_err(js_error)?;
            advances.push(metrics.width() as f32);
        }
        let whole = ctx.measure_text(text).map_err(js_error)?;
        let request = TextRequest {
            text: text.to_owned(),
            font,
            fill: style.fill,
            effects: style.effects.clone(),
            time_ms,
            advances,
            ascent: whole.font_bounding_box_ascent() as f32,
            descent: whole.font_bounding_box_descent() as f32,
        };
        request
            .validate()
            .map_err(|error| Error::Plugin { plugin: self.plugin.id().clone(), error })?;
        Ok(request)
    }

    /// Asks the plugin to lay out a measured text.
    ///
    /// The drawing is checked before it is returned (see
    /// [`DrawList::check`]: a bounded number of layers, glyphs, blur, ...)
    /// and its fonts are resolved to the faces the host registered: a
    /// plugin's font is drawn under its own name, and the page never sees
    /// that name (see [`crate::PluginHost::font_family`]).
    pub async fn layout(&self, request: TextRequest) -> Result<DrawList> {
        self.check_effects(&request.effects)?;
        let chars = request.text.chars().count();
        match self.send(TypographyRequest::Layout(request)).await? {
            (TypographyResponse::Drawing { drawing }, _) => self.checked(drawing, chars),
            (other, _) => Err(self.unexpected(&other)),
        }
    }

    /// The drawings of an animated text at several times, in one round trip.
    pub async fn frames(&self, request: TextRequest, times_ms: Vec<f64>) -> Result<Vec<DrawList>> {
        self.check_effects(&request.effects)?;
        let (chars, count) = (request.text.chars().count(), times_ms.len());
        match self.send(TypographyRequest::Frames { request, times_ms }).await? {
            (TypographyResponse::Frames { frames }, _) if frames.len() == count => {
                frames.into_iter().map(|drawing| self.checked(drawing, chars)).collect()
            }
            (TypographyResponse::Frames { frames }, _) => Err(self
                .plugin
                .protocol(format!("answered {} frames for {count} times", frames.len()))),
            (other, _) => Err(self.unexpected(&other)),
        }
    }

    /// Measures, lays out and paints `text` with its baseline starting at
    /// `(x, y)` on `ctx`; returns the drawing.
    pub async fn render(
        &self,
        ctx: &CanvasRenderingContext2d,
        text: &str,
        style: &TextStyle,
        time_ms: f64,
        x: f64,
        y: f64,
    ) -> Result<DrawList> {
        let drawing = self.layout(self.measure(ctx, text, style, time_ms)?).await?;
        paint(ctx, &drawing, x, y).map_err(js_error)?;
        Ok(drawing)
    }

    /// The fonts the plugin provides.
    pub async fn fonts(&self) -> Result<Vec<FontInfo>> {
        match self.send(TypographyRequest::Fonts).await? {
            (TypographyResponse::Fonts { fonts }, _) => Ok(fonts),
            (other, _) => Err(self.unexpected(&other)),
        }
    }

    /// Fetches every font the plugin provides and registers it with the
    /// page's `FontFace` API (`document.fonts`); returns them. The host
    /// does this by itself when a plugin that lists fonts starts.
    ///
    /// Each is registered in Annex's namespace, not under the family the
    /// plugin names, so a plugin cannot restyle the page (a font named
    /// "Arial" would otherwise replace the page's Arial). Typography
    /// requests and drawings that name the family get the plugin's face;
    /// [`crate::PluginHost::font_family`] gives a page the registered name
    /// to use in its own CSS. A family another plugin provides is refused.
    pub async fn register_fonts(&self) -> Result<Vec<FontInfo>> {
        let fonts = self.fonts().await?;
        self.check_fonts(&fonts)?;
        for (index, font) in fonts.iter().enumerate() {
            let bytes = match self.send(TypographyRequest::FontData { index: index as u32 }).await?
            {
                (TypographyResponse::FontData { .. }, bytes) => bytes_of(bytes),
                (other, _) => return Err(self.unexpected(&other)),
            };
            let refused = |reason: String| {
                self.plugin
                    .protocol(format!("font `{}` could not be registered: {reason}", font.family))
            };
            let book = self.plugin.font_book();
            let registered = book.claim(self.plugin.id(), &font.family).map_err(refused)?;
            let face = fonts::register(&registered, font, &bytes).await.map_err(refused)?;
            book.keep(&font.family, face);
        }
        Ok(fonts)
    }

    /// The names of the effects this plugin offers (its manifest's
    /// `capabilities.typography.effects`): a request for any other effect is
    /// refused before it reaches the plugin.
    pub fn effects(&self) -> Vec<String> {
        let manifest = self.plugin.manifest();
        manifest.capabilities.typography.as_ref().map(|t| t.effects.clone()).unwrap_or_default()
    }

    fn default_family(&self) -> Option<String> {
        let manifest = self.plugin.manifest();
        manifest.capabilities.typography.as_ref()?.fonts.first().cloned()
    }

    /// Refuses effects the plugin does not list, before the round trip.
    fn check_effects(&self, effects: &[TextEffect]) -> Result<()> {
        let offered = self.effects();
        for effect in effects {
            if !offered.iter().any(|name| name == effect.name()) {
                return Err(Error::Plugin {
                    plugin: self.plugin.id().clone(),
                    error: annex_protocol::PluginError::unsupported(format!(
                        "effect `{}` is not offered (this plugin offers: {})",
                        effect.name(),
                        offered.join(", ")
                    )),
                });
            }
        }
        Ok(())
    }

    async fn send(
        &self,
        request: TypographyRequest,
    ) -> Result<(TypographyResponse, Option<js_sys::ArrayBuffer>)> {
        let request = PluginRequest::Typography(Encoded::new(&request));
        match self.plugin.call(request, None).await? {
            (PluginResponse::Typography(response), bytes) => Ok((self.decode(&response)?, bytes)),
            (other, _) => {
                Err(self.plugin.protocol(format!("answered a typography request with {other:?}")))
            }
        }
    }

    fn decode(&self, response: &Encoded<TypographyResponse>) -> Result<TypographyResponse> {
        response
            .decode()
            .map_err(|e| self.plugin.protocol(format!("typography answer not understood: {e}")))
    }

    fn unexpected(&self, response: &TypographyResponse) -> Error {
        self.plugin.protocol(format!("unexpected typography answer {response:?}"))
    }
}

fn js_error(error: wasm_bindgen::JsValue) -> Error {
    Error::InvalidInput(format!("canvas: {}", crate::js::error_text(&error)))
}
