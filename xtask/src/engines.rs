//! The browser engines the suites run in. What each engine is (programs,
//! capabilities, driver variables) lives in the CLI's library
//! (`annex_cli::browser`), which `annex test` uses too; this module adds what
//! only this repository does: installing them, and `ANNEX_ENGINES`.
//!
//! `ANNEX_ENGINES` (comma-separated `chromium,firefox,webkit`) picks a subset
//! for a local run; CI runs all three.

pub use annex_cli::browser::{Engine, EngineTools};

use crate::cmd::{self, exec, Result};
use crate::setup::{locate, version_of};

/// geckodriver from crates.io (Debian has no package; npm's downloads a binary).
const GECKODRIVER_VERSION: &str = "0.37.1";

/// The engines this run tests: `ANNEX_ENGINES` or all three.
pub fn selected() -> Result<Vec<Engine>> {
    match std::env::var("ANNEX_ENGINES") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|name| Engine::from_name(name).map_err(|e| format!("ANNEX_ENGINES: {e}")))
            .collect(),
        _ => Ok(Engine::ALL.to_vec()),
    }
}

/// The installed tools of `engine` (after set-up), run from the workspace root.
pub fn tools(engine: Engine) -> Result<EngineTools> {
    if engine == Engine::Chromium {
        crate::setup::browser()?;
    }
    EngineTools::find(engine).map_err(|e| format!("{e}; run `cargo xtask setup`"))
}

/// Debian packages missing for Firefox and WebKit.
pub fn missing_packages() -> Vec<&'static str> {
    let mut missing = Vec::new();
    if locate("FIREFOX", &["firefox-esr", "firefox"]).is_none() {
        missing.push("firefox-esr");
    }
    if locate("WEBKIT_WEBDRIVER", &["WebKitWebDriver"]).is_none()
        || annex_cli::browser::minibrowser().is_none()
    {
        missing.push("webkit2gtk-driver");
    }
    if locate("XVFB_RUN", &["xvfb-run"]).is_none() {
        missing.push("xvfb");
    }
    missing
}

/// Installs geckodriver with cargo when it is missing.
pub fn geckodriver() -> Result {
    if let Some(found) = locate("GECKODRIVER", &["geckodriver"]) {
        eprintln!("ok: {}", version_of(&found.to_string_lossy()).unwrap_or_default());
        return Ok(());
    }
    exec(cmd::cargo().args([
        "install",
        "geckodriver",
        "--version",
        GECKODRIVER_VERSION,
        "--locked",
    ]))
}
