//! What a hostile answer costs the page's main thread, in an optimized
//! build: the longest gap of a 4 ms ticker while the host deals with each
//! bounded attack, next to the gap of the same ticker while the page idles
//! (timer jitter) and while it paints an honest drawing. The goal is one
//! frame (16.7 ms) at most. Interleaved: one sample of each in turn.

use std::fmt::Write;

use annex_protocol::api::typography::Rgba;
use annex_runtime::TextStyle;
use annex_tests::bench::{Report, ITERATIONS, WARMUP};
use annex_tests::raw::{manifest_of, RawPlugin};
use annex_tests::{host, plugin_url, Ticker};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Typography attacks of the hostile-type fixture, each refused before painting.
const ATTACKS: [&str; 6] = ["layers", "wide", "runs", "glyphs", "blur", "far"];

fn canvas() -> CanvasRenderingContext2d {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(400);
    canvas.set_height(120);
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas.get_context("2d").unwrap().unwrap().unchecked_into()
}

/// The longest main-thread gap while `work` runs.
async fn gap_during(work: impl std::future::Future<Output = ()>) -> f64 {
    let ticker = Ticker::every(4);
    work.await;
    ticker.max_gap_ms()
}

pub async fn measure(report: &mut Report) {
    let host = host().await;
    let options = annex_runtime::LoadOptions::config(serde_json::json!({"font_family": "Bench"}));
    let plugin = host.load_url_with(&plugin_url("hostile-type"), options).await.unwrap();
    let typography = plugin.typography().unwrap();
    let style = TextStyle::new("Bench", 40.0, Rgba::rgb(0, 0, 0));
    let ctx = canvas();
    // A module whose manifest has a million unknown fields (refused unread).
    let mut manifest = manifest_of("custom-calls", "dev.annex.bench.fields").await;
    manifest.pop();
    for i in 0..1_000_000 {
        write!(manifest, ",\"u{i}\":0").unwrap();
    }
    manifest.push('}');
    let fields = RawPlugin::default().build(&manifest);

    let mut idle = Vec::new();
    let mut honest = Vec::new();
    let mut attacks: Vec<Vec<f64>> = vec![Vec::new(); ATTACKS.len()];
    let mut manifest_gaps = Vec::new();
    for round in 0..WARMUP + ITERATIONS {
        let keep = round >= WARMUP;
        let gap =
            gap_during(gloo_timers::future::sleep(std::time::Duration::from_millis(30))).await;
        if keep {
            idle.push(gap);
        }
        let gap = gap_during(async {
            typography.render(&ctx, "Honest", &style, 0.0, 10.0, 90.0).await.unwrap();
        })
        .await;
        if keep {
            honest.push(gap);
        }
        for (attack, samples) in ATTACKS.iter().zip(&mut attacks) {
            let gap = gap_during(async {
                let refused = typography.render(&ctx, attack, &style, 0.0, 10.0, 90.0).await;
                assert!(refused.is_err(), "{attack} is refused");
            })
            .await;
            if keep {
                samples.push(gap);
            }
        }
        let gap = gap_during(async {
            assert!(host.load_bytes(&fields, "fields.wasm").await.is_err());
        })
        .await;
        if keep {
            manifest_gaps.push(gap);
        }
    }
    report.add("main_thread_gap_idle_ms", "ms", &idle);
    report.add("main_thread_gap_honest_drawing_ms", "ms", &honest);
    for (attack, samples) in ATTACKS.iter().zip(&attacks) {
        report.add(&format!("main_thread_gap_typography_{attack}_ms"), "ms", samples);
    }
    report.add("main_thread_gap_manifest_million_fields_ms", "ms", &manifest_gaps);
    plugin.terminate("benchmark done");
}
