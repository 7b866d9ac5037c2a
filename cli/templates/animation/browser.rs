//! {{title}} in a real worker, in a headless browser (`annex test`).
#![cfg(target_arch = "wasm32")]

use annex_runtime::protocol::api::animation::{Animation, AnimationSpec, Easing};
use annex_runtime::testing;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn computes_its_easing_in_its_worker() {
    let loaded = testing::load_fixture("{{name}}").await.unwrap();
    let animation = loaded.plugin.animation().unwrap();
    let values = animation.ease(&Easing::custom("{{name}}"), &[0.0, 0.25, 1.0]).await.unwrap();
    assert_eq!(values, [0.0, 0.15625, 1.0]);
    let spec = AnimationSpec::new(Animation::fade(0.0, 1.0), 100.0).easing(Easing::custom("{{name}}"));
    let frames = animation.sample(&spec, &[50.0]).await.unwrap();
    assert_eq!(frames[0].opacity, Some(0.5));
}
