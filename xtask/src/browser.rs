//! Running wasm-bindgen tests in a headless browser engine.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::cmd::{root, Result};
use crate::engines::EngineTools;

/// Flags that keep Chromium quiet on a machine without internet.
pub const CHROMIUM_ARGS: [&str; 6] = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
];

/// Runs `f` while the test server serves `tests/fixtures/` on a free port;
/// its URL is written to `tests/fixtures/server.json` for the browser tests
/// (`annex_tests::server()` reads it).
pub fn with_test_server<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    let fixtures = crate::assets::fixtures_dir();
    let server = annex_test_server::Server::start(&fixtures, 0)
        .map_err(|e| format!("cannot start the test server: {e}"))?;
    let json = serde_json::json!({ "url": server.url() }).to_string();
    fs::write(fixtures.join("server.json"), json).map_err(|e| e.to_string())?;
    eprintln!("test server: {}", server.url());
    f()
}

/// `cargo test --target wasm32-unknown-unknown` set up to run in `engine`
/// (headless) through wasm-bindgen-test-runner.
pub fn wasm_test(engine: &EngineTools, timeout_secs: u32) -> Result<Command> {
    let config = root().join(format!("target/annex-webdriver-{}.json", engine.engine.name()));
    fs::create_dir_all(root().join("target")).map_err(|e| e.to_string())?;
    fs::write(&config, engine.capabilities().to_string()).map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = engine.command(Path::new(&cargo));
    command
        .args(["test", "--target", "wasm32-unknown-unknown"])
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &config)
        .env("WASM_BINDGEN_TEST_TIMEOUT", timeout_secs.to_string())
        // Real host pages are usually not cross-origin isolated; test like them.
        .env("WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION", "1");
    Ok(command)
}
