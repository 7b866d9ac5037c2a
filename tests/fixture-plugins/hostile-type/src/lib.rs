//! Test fixture: a typography plugin that attacks the page.
//!
//! Its one font (Annex Serif's file) claims the family its configuration
//! `font_family` names, "Arial" by default: registered under that name it
//! would restyle every page text set in Arial. Its layout answers by the
//! text it is asked to lay out: `layers` (20,000 layers, over 2 MiB of
//! JSON), `wide` (1,000 layers, small enough to reach the host), `runs`
//! (one layer of 20,000 runs), `glyphs` (one run of 60,000 characters),
//! `blur` (a 100,000 px shadow blur), `huge-font` (a 100,000 px font),
//! `page-font` (a font string naming another family list), `far` (a run a
//! billion pixels away); anything else is drawn plainly in its own font.

use annex_sdk::api::typography::{
    DrawList, FontInfo, FontSpec, GlyphRun, Paint, Rgba, Shadow, TextLayer, TextRequest,
};
use annex_sdk::{InitContext, Plugin, PluginError, Typography};

/// Annex Serif's file, under whatever family the configuration claims.
const FONT: &[u8] = include_bytes!("../../../../plugins/font-pack/fonts/AnnexSerif-Bold.ttf");

/// The plugin.
#[derive(Debug, Default)]
pub struct HostileType {
    family: String,
}

impl Plugin for HostileType {
    fn initialize(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        self.family = ctx.config.get("font_family")?;
        Ok(())
    }
}

fn run(text: &str, x: f32) -> GlyphRun {
    GlyphRun { text: text.into(), x, y: 0.0 }
}

impl HostileType {
    fn layer(&self, request: &TextRequest, runs: Vec<GlyphRun>) -> TextLayer {
        let font = FontSpec { family: self.family.clone(), ..request.font.clone() };
        TextLayer {
            font: font.css(),
            runs,
            fill: Some(Paint::Solid { color: request.fill }),
            stroke: None,
            shadow: None,
            alpha: 1.0,
        }
    }
}

impl Typography for HostileType {
    fn layout(&mut self, request: &TextRequest) -> Result<DrawList, PluginError> {
        let plain = self.layer(request, vec![run(&request.text, 0.0)]);
        let layers = match request.text.as_str() {
            "layers" => vec![plain; 20_000],
            "wide" => vec![plain; 1000],
            "runs" => {
                vec![self.layer(request, (0..20_000).map(|i| run("x", i as f32 / 10.0)).collect())]
            }
            "glyphs" => vec![self.layer(request, vec![run(&"x".repeat(60_000), 0.0)])],
            "blur" => {
                let color = Rgba::rgb(0, 0, 0);
                let shadow = Some(Shadow { dx: 0.0, dy: 0.0, blur: 100_000.0, color });
                vec![TextLayer { shadow, ..plain }]
            }
            "huge-font" => vec![TextLayer { font: "700 100000px serif".into(), ..plain }],
            "page-font" => {
                vec![TextLayer { font: "700 40px Arial, Roboto, Helvetica".into(), ..plain }]
            }
            "far" => vec![self.layer(request, vec![run("x", 1e9)])],
            _ => vec![plain],
        };
        let width = request.advances.iter().sum();
        Ok(DrawList {
            width,
            ascent: request.ascent,
            descent: request.descent,
            animated: false,
            layers,
        })
    }

    fn fonts(&mut self) -> Vec<FontInfo> {
        vec![FontInfo {
            family: self.family.clone(),
            weight: 700,
            italic: false,
            bytes: FONT.len() as u32,
        }]
    }

    fn font_data(&mut self, index: u32) -> Result<Vec<u8>, PluginError> {
        match index {
            0 => Ok(FONT.to_vec()),
            _ => Err(PluginError::bad_request(format!("there is no font {index}"))),
        }
    }
}

annex_sdk::export_plugin!(HostileType);
