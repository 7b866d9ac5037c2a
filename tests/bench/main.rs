//! The benchmark harness, run by `cargo xtask bench` in each headless engine.
//!
//! Every metric is measured in this one page, side by side, so the ratios
//! between them mean something even on a noisy machine. The report is printed
//! as one line starting with [`annex_tests::bench::REPORT_MARKER`]; xtask
//! writes it to `target/annex-bench/report.json`.
#![cfg(target_arch = "wasm32")]

mod animation_paths;
mod baselines;
mod hostile_paths;
mod loading_paths;
mod plugin_paths;
mod suspension_paths;

use annex_tests::bench::Report;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn bench() {
    let mut report = Report::new();
    baselines::measure(&mut report).await;
    plugin_paths::measure(&mut report).await;
    loading_paths::measure(&mut report).await;
    animation_paths::measure(&mut report).await;
    suspension_paths::measure(&mut report).await;
    hostile_paths::measure(&mut report).await;
    report.print();
}
