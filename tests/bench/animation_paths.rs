//! The animation family: one batch of 30 frames (half a second at 60 fps)
//! from the motion plugin, to compare with `call_rtt_ms` (an empty round
//! trip): the difference is what computing and carrying 30 frames costs.

use annex_protocol::api::animation::{Animation, AnimationSpec, Easing};
use annex_tests::bench::{sample_async, Report, ITERATIONS, RTT_BATCH, WARMUP};
use annex_tests::{host, plugin_url};

pub async fn measure(report: &mut Report) {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("motion")).await.unwrap();
    let motion = &plugin.animation().unwrap();
    // A slide with a Bézier easing: every frame solves the curve.
    let spec = &AnimationSpec::new(Animation::slide((0.0, 0.0), (300.0, 40.0)), 500.0)
        .easing(Easing::EaseInOut);
    let times = &(0..30).map(|i| f64::from(i) * 1000.0 / 60.0).collect::<Vec<_>>();
    let samples = sample_async(WARMUP, ITERATIONS, move || async move {
        let start = annex_tests::now_ms();
        for _ in 0..RTT_BATCH {
            let frames = motion.sample(spec, times).await.unwrap();
            assert_eq!(frames.len(), 30);
        }
        (annex_tests::now_ms() - start) / RTT_BATCH as f64
    })
    .await;
    report.add("animation_batch30_ms", "ms", &samples);
    plugin.terminate("benchmark done");
}
