//! {{title}} in a real worker, in a headless browser (`annex test`).
#![cfg(target_arch = "wasm32")]

use annex_runtime::protocol::api::typography::{FontSpec, Rgba, TextEffect, TextRequest};
use annex_runtime::testing;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn lays_out_the_effect_in_its_worker() {
    let loaded = testing::load_fixture("{{name}}").await.unwrap();
    let typography = loaded.plugin.typography().unwrap();
    let request = TextRequest {
        text: "Hi!".into(),
        font: FontSpec { family: "serif".into(), size_px: 20.0, weight: 400, italic: false },
        fill: Rgba::rgb(0, 0, 255),
        effects: vec![TextEffect::Custom { name: "{{name}}".into(), params: Default::default() }],
        time_ms: 0.0,
        advances: vec![9.0, 4.0, 5.0],
        ascent: 15.0,
        descent: 5.0,
    };
    let drawing = typography.layout(request).await.unwrap();
    assert_eq!(drawing.layers.len(), 2);
    let lifted: Vec<f32> = drawing.layers[1].runs.iter().map(|r| r.y).collect();
    assert_eq!(lifted, [0.0, -2.0, 0.0]);
    assert_eq!(drawing.width, 18.0);
}
