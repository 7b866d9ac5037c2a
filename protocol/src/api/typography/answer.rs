//! Whether a typography answer fits the request it answers. The worker
//! checks it before posting the answer to the page, so an answer out of
//! bounds never costs the main thread its decoding; the host checks what
//! it receives again.

use super::{TypographyRequest, TypographyResponse, MAX_FONTS};

impl TypographyResponse {
    /// Checks this answer to `request`: every drawing within the bounds for
    /// the request's text ([`super::DrawList::check`]), one drawing per time
    /// asked for, at most [`MAX_FONTS`] fonts. An answer of another kind
    /// passes: the host reports that one itself.
    pub fn check_answer(&self, request: &TypographyRequest) -> Result<(), String> {
        let out_of_bounds = |e: String| format!("its drawing is out of bounds: {e}");
        match (request, self) {
            (TypographyRequest::Layout(text), Self::Drawing { drawing }) => {
                drawing.check(text.text.chars().count()).map_err(out_of_bounds)
            }
            (TypographyRequest::Frames { request, times_ms }, Self::Frames { frames }) => {
                if frames.len() != times_ms.len() {
                    return Err(format!(
                        "answered {} frames for {} times",
                        frames.len(),
                        times_ms.len()
                    ));
                }
                let chars = request.text.chars().count();
                frames.iter().try_for_each(|drawing| drawing.check(chars)).map_err(out_of_bounds)
            }
            (TypographyRequest::Fonts, Self::Fonts { fonts }) if fonts.len() > MAX_FONTS => {
                Err(format!("it lists {} fonts, at most {MAX_FONTS}", fonts.len()))
            }
            _ => Ok(()),
        }
    }
}
