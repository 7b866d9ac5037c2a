//! {{title}}: a typography plugin. The host measures each character in the
//! requested font and sends the advances; the plugin answers with what to
//! draw. Its effect `{{name}}` sets every other character a tenth of the font
//! size higher and outlines the text; without it, the text is one plain run.

use annex_sdk::api::typography::{DrawList, GlyphRun, Paint, Rgba, Stroke, TextLayer, TextRequest};
use annex_sdk::{Plugin, PluginError, Typography};

/// The effect's name, as the manifest lists it.
pub const EFFECT: &str = "{{name}}";

/// The plugin.
#[derive(Debug, Default)]
pub struct {{type}};

impl Plugin for {{type}} {}

impl Typography for {{type}} {
    fn layout(&mut self, request: &TextRequest) -> Result<DrawList, PluginError> {
        let width: f32 = request.advances.iter().sum();
        let font = request.font.css();
        let fill = Some(Paint::Solid { color: request.fill });
        let wanted = request.effects.iter().any(|e| e.name() == EFFECT);
        let layer = |runs: Vec<GlyphRun>, fill: Option<Paint>, stroke: Option<Stroke>| TextLayer {
            font: font.clone(),
            runs,
            fill,
            stroke,
            shadow: None,
            alpha: 1.0,
        };
        let layers = if wanted {
            let runs = hopping_runs(request);
            let outline =
                Stroke { paint: Paint::Solid { color: Rgba::rgb(0, 0, 0) }, width: 2.0 };
            vec![layer(runs.clone(), None, Some(outline)), layer(runs, fill, None)]
        } else {
            vec![layer(vec![GlyphRun { text: request.text.clone(), x: 0.0, y: 0.0 }], fill, None)]
        };
        let lift = if wanted { request.font.size_px / 10.0 } else { 0.0 };
        Ok(DrawList {
            width,
            ascent: request.ascent + lift,
            descent: request.descent,
            animated: false,
            layers,
        })
    }
}

/// One run per character at its measured position, odd ones lifted.
fn hopping_runs(request: &TextRequest) -> Vec<GlyphRun> {
    let lift = request.font.size_px / 10.0;
    let mut x = 0.0;
    request
        .text
        .chars()
        .zip(&request.advances)
        .enumerate()
        .map(|(i, (c, advance))| {
            let run = GlyphRun { text: c.to_string(), x, y: if i % 2 == 1 { -lift } else { 0.0 } };
            x += advance;
            run
        })
        .collect()
}

annex_sdk::export_plugin!({{type}});

#[cfg(test)]
mod tests {
    use annex_sdk::api::typography::{
        FontSpec, TextEffect, TypographyRequest, TypographyResponse,
    };
    use annex_sdk::testing::Harness;

    use super::*;

    fn request(effects: Vec<TextEffect>) -> TextRequest {
        TextRequest {
            text: "Hey".into(),
            font: FontSpec { family: "serif".into(), size_px: 40.0, weight: 400, italic: false },
            fill: Rgba::rgb(200, 30, 30),
            effects,
            time_ms: 0.0,
            advances: vec![10.0, 12.0, 8.0],
            ascent: 30.0,
            descent: 10.0,
        }
    }

    fn layout(request: TextRequest) -> DrawList {
        let mut harness = Harness::<{{type}}>::new().unwrap();
        match harness.typography(TypographyRequest::Layout(request)).unwrap().0 {
            TypographyResponse::Drawing { drawing } => drawing,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn plain_text_is_one_run() {
        let drawing = layout(request(vec![]));
        assert_eq!(drawing.layers.len(), 1);
        assert_eq!(drawing.layers[0].runs, [GlyphRun { text: "Hey".into(), x: 0.0, y: 0.0 }]);
        assert_eq!(drawing.width, 30.0);
    }

    #[test]
    fn the_effect_outlines_and_lifts_every_other_character() {
        let effect = TextEffect::Custom { name: EFFECT.into(), params: Default::default() };
        let drawing = layout(request(vec![effect]));
        assert_eq!(drawing.layers.len(), 2);
        assert!(drawing.layers[0].stroke.is_some() && drawing.layers[1].fill.is_some());
        let runs: Vec<(f32, f32)> = drawing.layers[1].runs.iter().map(|r| (r.x, r.y)).collect();
        assert_eq!(runs, [(0.0, 0.0), (10.0, -4.0), (22.0, 0.0)]);
        assert_eq!(drawing.ascent, 34.0);
    }
}
