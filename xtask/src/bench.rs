//! `cargo xtask bench`: the benchmark in each headless engine (Chromium,
//! Firefox, WebKit; `ANNEX_ENGINES` picks), written to
//! `target/annex-bench/report.json` as `{"engines": {name: report}}` and
//! printed as a table per engine.

use std::fs;
use std::process::Stdio;

use crate::cmd::{self, root, Result};
use crate::{assets, browser, setup};

const MARKER: &str = "ANNEX_BENCH_REPORT ";

pub fn run() -> Result {
    let engines = crate::engines::selected()?;
    setup::run(setup::Needs { trunk: false, browser: true, engines: true })?;
    assets::build()?;

    // One report per engine: ratios compare within an engine, never across.
    let mut reports = serde_json::Map::new();
    for engine in engines {
        let tools = crate::engines::tools(engine)?;
        cmd::step(&format!("benchmark (release build, headless {})", engine.name()));
        let report = run_in(&tools)?;
        print_table(&report);
        reports.insert(engine.name().to_owned(), report);
    }
    let report = serde_json::json!({ "schema": 2, "engines": reports });

    let dir = root().join("target/annex-bench");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join("report.json");
    let pretty = serde_json::to_string_pretty(&report).expect("JSON values serialize");
    fs::write(&path, pretty + "\n").map_err(|e| e.to_string())?;
    eprintln!("\nwrote {}", path.display());
    Ok(())
}

/// Runs the benchmark page in one engine and returns its report.
fn run_in(tools: &crate::engines::EngineTools) -> Result<serde_json::Value> {
    let mut command = browser::wasm_test(tools, 600)?;
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
    serde_json::from_str(line.trim()).map_err(|e| format!("bad report JSON: {e}"))
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
