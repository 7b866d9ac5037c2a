//! `cargo xtask bench`: the benchmark in headless Chromium, written to
//! `target/annex-bench/report.json` and printed as a table.

use std::fs;
use std::process::Stdio;

use crate::cmd::{self, root, Result};
use crate::{assets, browser, setup};

const MARKER: &str = "ANNEX_BENCH_REPORT ";

pub fn run() -> Result {
    setup::run(setup::Needs { trunk: false, browser: true })?;
    let chrome = setup::browser()?;
    assets::build()?;

    cmd::step("benchmark (release build, headless Chromium)");
    let mut command = browser::wasm_test(&chrome, 600)?;
    command
        .args(["--release", "-p", "annex-tests", "--test", "bench", "--", "--nocapture"])
        .stdout(Stdio::piped());
    let output = browser::with_test_server(|| {
        command.spawn().and_then(|c| c.wait_with_output()).map_err(|e| e.to_string())
    })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        eprintln!("{stdout}");
        return Err(format!("the benchmark failed ({})", output.status));
    }
    let line = stdout
        .lines()
        .find_map(|l| l.find(MARKER).map(|at| &l[at + MARKER.len()..]))
        .ok_or_else(|| format!("no report line in the benchmark output:\n{stdout}"))?;
    let report: serde_json::Value =
        serde_json::from_str(line.trim()).map_err(|e| format!("bad report JSON: {e}"))?;

    let dir = root().join("target/annex-bench");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join("report.json");
    let pretty = serde_json::to_string_pretty(&report).expect("JSON values serialize");
    fs::write(&path, pretty + "\n").map_err(|e| e.to_string())?;
    print_table(&report);
    eprintln!("\nwrote {}", path.display());
    Ok(())
}

fn print_table(report: &serde_json::Value) {
    eprintln!("\n{:<32} {:>10} {:>10} {:>8}  unit", "metric", "p50", "p95", "samples");
    if let Some(metrics) = report["metrics"].as_object() {
        for (id, m) in metrics {
            eprintln!(
                "{id:<32} {:>10.3} {:>10.3} {:>8}  {}",
                m["p50"].as_f64().unwrap_or(f64::NAN),
                m["p95"].as_f64().unwrap_or(f64::NAN),
                m["samples"].as_u64().unwrap_or(0),
                m["unit"].as_str().unwrap_or("?"),
            );
        }
    }
    eprintln!("browser: {}", report["browser"].as_str().unwrap_or("?"));
}
