//! Running wasm-bindgen tests in a headless browser engine.

use std::fs;
use std::process::Command;

use crate::cmd::{root, Result};
use crate::engines::EngineTools;

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

/// `cargo test --target wasm32-unknown-unknown` in the workspace, set up to
/// run in `engine` (headless) through wasm-bindgen-test-runner.
pub fn wasm_test(engine: &EngineTools, timeout_secs: u32) -> Result<Command> {
    let mut command =
        engine.wasm_test(&root().join("target"), timeout_secs).map_err(|e| e.to_string())?;
    command.current_dir(root());
    Ok(command)
}
