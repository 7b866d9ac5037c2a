//! Sampling and the JSON report of the benchmark harness.

use std::collections::BTreeMap;
use std::future::Future;

use serde::Serialize;

/// Prefix of the report line in the test output.
pub const REPORT_MARKER: &str = "ANNEX_BENCH_REPORT ";

/// Untimed runs before sampling, so JIT tiers and caches settle.
pub const WARMUP: usize = 3;

/// Timed runs per metric.
pub const ITERATIONS: usize = 25;

/// Round trips timed together in one sample of a latency metric.
///
/// Pages that are not cross-origin isolated (like real host pages, and the test
/// page here) get `performance.now()` coarsened to 100 µs, which is coarser
/// than one round trip; timing a batch and dividing gets below that.
pub const RTT_BATCH: usize = 20;

/// 1920×1080.
pub const FULL_HD: (u32, u32) = (1920, 1080);

/// One metric's summary.
#[derive(Debug, Serialize)]
pub struct Metric {
    /// `ms` or `bytes`.
    pub unit: &'static str,
    /// Median.
    pub p50: f64,
    /// 95th percentile (nearest rank).
    pub p95: f64,
    /// Number of timed samples.
    pub samples: usize,
}

/// The whole report, as written to `target/annex-bench/report.json`.
#[derive(Debug, Serialize)]
pub struct Report {
    schema: u32,
    browser: String,
    metrics: BTreeMap<String, Metric>,
}

impl Default for Report {
    fn default() -> Self {
        Self::new()
    }
}

impl Report {
    /// An empty report for this browser.
    pub fn new() -> Self {
        let browser =
            web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
        Self { schema: 1, browser, metrics: BTreeMap::new() }
    }

    /// Adds a metric from raw samples.
    pub fn add(&mut self, id: &str, unit: &'static str, samples: &[f64]) {
        let metric = Metric {
            unit,
            p50: percentile(samples, 50.0),
            p95: percentile(samples, 95.0),
            samples: samples.len(),
        };
        web_sys::console::log_1(
            &format!("{id}: p50 {:.3} {unit}, p95 {:.3}", metric.p50, metric.p95).into(),
        );
        self.metrics.insert(id.to_owned(), metric);
    }

    /// Prints the report line xtask picks up.
    pub fn print(&self) {
        let json = serde_json::to_string(self).expect("reports serialize");
        web_sys::console::log_1(&format!("{REPORT_MARKER}{json}").into());
    }
}

/// Nearest-rank percentile of unsorted samples; 0 for none.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs `f` `warmup` times untimed, then `n` times, collecting what it returns.
pub fn sample(warmup: usize, n: usize, mut f: impl FnMut() -> f64) -> Vec<f64> {
    for _ in 0..warmup {
        f();
    }
    (0..n).map(|_| f()).collect()
}

/// [`sample`] for async measurements.
pub async fn sample_async<F, Fut>(warmup: usize, n: usize, mut f: F) -> Vec<f64>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = f64>,
{
    for _ in 0..warmup {
        f().await;
    }
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        samples.push(f().await);
    }
    samples
}
