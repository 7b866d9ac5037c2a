//! Drawing a frame into an element's inline style, and putting the style
//! back.
//!
//! A frame with an opacity sets `opacity`; a frame with any transform
//! component sets `transform` to `translate(Xpx, Ypx) rotate(Rdeg) scale(S)`,
//! leaving out what the frame does not drive (a missing translate axis is 0).
//! CSS applies the list right to left: the element is scaled, then rotated,
//! then moved, each around its `transform-origin`.

use annex_protocol::api::animation::Frame;
use web_sys::HtmlElement;

/// The CSS `transform` of a frame, if it drives any transform component.
pub(crate) fn css_transform(frame: &Frame) -> Option<String> {
    if !frame.has_transform() {
        return None;
    }
    let mut parts = Vec::with_capacity(3);
    if frame.translate_x_px.is_some() || frame.translate_y_px.is_some() {
        let (x, y) = (frame.translate_x_px.unwrap_or(0.0), frame.translate_y_px.unwrap_or(0.0));
        parts.push(format!("translate({x}px, {y}px)"));
    }
    if let Some(deg) = frame.rotate_deg {
        parts.push(format!("rotate({deg}deg)"));
    }
    if let Some(scale) = frame.scale {
        parts.push(format!("scale({scale})"));
    }
    Some(parts.join(" "))
}

/// The inline `opacity` and `transform` an element had before a player
/// touched it ("" when it had none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SavedStyle {
    opacity: String,
    transform: String,
}

impl SavedStyle {
    /// Reads the element's inline values.
    pub(crate) fn of(element: &HtmlElement) -> Self {
        let style = element.style();
        Self {
            opacity: style.get_property_value("opacity").unwrap_or_default(),
            transform: style.get_property_value("transform").unwrap_or_default(),
        }
    }

    /// Puts them back (removing a property that was not set inline).
    pub(crate) fn restore(&self, element: &HtmlElement) {
        let style = element.style();
        for (property, value) in [("opacity", &self.opacity), ("transform", &self.transform)] {
            // Setting an inline property cannot fail for these names and values.
            let _ = if value.is_empty() {
                style.remove_property(property).map(drop)
            } else {
                style.set_property(property, value)
            };
        }
    }
}

/// Writes the properties the frame drives into the element's inline style.
pub(crate) fn apply(element: &HtmlElement, frame: &Frame) {
    let style = element.style();
    // Setting an inline property cannot fail for these names; a value the
    // browser does not accept is ignored by it, as CSS does.
    if let Some(opacity) = frame.opacity {
        let _ = style.set_property("opacity", &opacity.clamp(0.0, 1.0).to_string());
    }
    if let Some(transform) = css_transform(frame) {
        let _ = style.set_property("transform", &transform);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_list_only_what_the_frame_drives() {
        let frame = Frame { opacity: Some(0.5), ..Frame::default() };
        assert_eq!(css_transform(&frame), None);
        let slide = Frame { translate_x_px: Some(12.5), ..Frame::default() };
        assert_eq!(css_transform(&slide).unwrap(), "translate(12.5px, 0px)");
        let all = Frame {
            translate_x_px: Some(-3.0),
            translate_y_px: Some(4.0),
            scale: Some(1.5),
            rotate_deg: Some(90.0),
            opacity: None,
        };
        assert_eq!(css_transform(&all).unwrap(), "translate(-3px, 4px) rotate(90deg) scale(1.5)");
    }
}
