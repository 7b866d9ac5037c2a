//! Registering font files with the page's `FontFace` API.

use annex_protocol::api::typography::FontInfo;
use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FontFace, FontFaceDescriptors};

/// Loads `bytes` as `font` and adds it to `document.fonts` as family
/// `registered` (the name in Annex's namespace); returns the face.
pub(super) async fn register(
    registered: &str,
    font: &FontInfo,
    bytes: &[u8],
) -> Result<FontFace, String> {
    let descriptors = FontFaceDescriptors::new();
    descriptors.set_weight(&font.weight.to_string());
    descriptors.set_style(if font.italic { "italic" } else { "normal" });
    let buffer = Uint8Array::from(bytes).buffer();
    let face = FontFace::new_with_array_buffer_and_descriptors(registered, &buffer, &descriptors)
        .map_err(|e| crate::js::error_text(&e))?;
    JsFuture::from(face.load().map_err(|e| crate::js::error_text(&e))?)
        .await
        .map_err(|e| crate::js::error_text(&e))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("fonts can only be registered on a page")?;
    document.fonts().add(&face).map_err(|e| crate::js::error_text(&e))?;
    Ok(face)
}
