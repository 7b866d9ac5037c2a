//! The browser engines the browser suites run in: Chromium, Firefox and
//! WebKit, each through its WebDriver. Facts about each (packages, driver,
//! capabilities) live here and nowhere else.
//!
//! `ANNEX_ENGINES` (comma-separated `chromium,firefox,webkit`) picks a subset
//! for a local run; CI runs all three.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::cmd::{self, exec, Result};
use crate::setup::{locate, version_of};

/// geckodriver from crates.io (Debian has no package; npm's downloads a binary).
const GECKODRIVER_VERSION: &str = "0.37.1";

/// A browser engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.name() == name.trim())
    }

    /// The environment variable wasm-bindgen-test-runner reads the driver from.
    fn driver_env(self) -> &'static str {
        match self {
            Engine::Chromium => "CHROMEDRIVER",
            Engine::Firefox => "GECKODRIVER",
            Engine::WebKit => "SAFARIDRIVER",
        }
    }
}

/// An engine with its browser and WebDriver binaries.
#[derive(Debug, Clone)]
pub struct EngineTools {
    pub engine: Engine,
    pub browser: PathBuf,
    pub driver: PathBuf,
}

impl EngineTools {
    /// WebDriver capabilities for a headless session of this engine.
    pub fn capabilities(&self) -> Value {
        match self.engine {
            Engine::Chromium => json!({
                "goog:chromeOptions": {
                    "binary": self.browser,
                    "args": crate::browser::CHROMIUM_ARGS,
                }
            }),
            Engine::Firefox => json!({
                "moz:firefoxOptions": { "binary": self.browser, "args": ["-headless"] }
            }),
            // MiniBrowser has no headless mode: it runs on Xvfb (see `command`).
            Engine::WebKit => json!({
                "webkitgtk:browserOptions": { "binary": self.browser, "args": ["--automation"] }
            }),
        }
    }

    /// `program` set up to run with this engine: the driver's variable set
    /// (and the others' removed, the runner takes the first it finds), under
    /// `xvfb-run` for WebKit.
    pub fn command(&self, program: &Path) -> Command {
        let mut command = match self.engine {
            Engine::WebKit => {
                let mut xvfb = Command::new("xvfb-run");
                xvfb.arg("-a").arg(program);
                xvfb
            }
            _ => Command::new(program),
        };
        command.current_dir(cmd::root());
        for engine in Engine::ALL {
            command.env_remove(engine.driver_env());
        }
        command.env(self.engine.driver_env(), &self.driver);
        command
    }
}

/// The engines this run tests: `ANNEX_ENGINES` or all three.
pub fn selected() -> Result<Vec<Engine>> {
    match std::env::var("ANNEX_ENGINES") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|name| {
                Engine::from_name(name).ok_or_else(|| {
                    format!("ANNEX_ENGINES: unknown engine `{name}` (chromium, firefox, webkit)")
                })
            })
            .collect(),
        _ => Ok(Engine::ALL.to_vec()),
    }
}

/// The installed tools of `engine` (after set-up).
pub fn tools(engine: Engine) -> Result<EngineTools> {
    let (browser, driver) = match engine {
        Engine::Chromium => {
            let found = crate::setup::browser()?;
            (Some(found.chromium), Some(found.chromedriver))
        }
        Engine::Firefox => (
            locate("FIREFOX", &["firefox-esr", "firefox"]),
            locate("GECKODRIVER", &["geckodriver"]),
        ),
        Engine::WebKit => (minibrowser(), locate("WEBKIT_WEBDRIVER", &["WebKitWebDriver"])),
    };
    match (browser, driver) {
        (Some(browser), Some(driver)) => Ok(EngineTools { engine, browser, driver }),
        _ => Err(format!("{} or its WebDriver is missing; run `cargo xtask setup`", engine.name())),
    }
}

/// Debian packages missing for Firefox and WebKit.
pub fn missing_packages() -> Vec<&'static str> {
    let mut missing = Vec::new();
    if locate("FIREFOX", &["firefox-esr", "firefox"]).is_none() {
        missing.push("firefox-esr");
    }
    if locate("WEBKIT_WEBDRIVER", &["WebKitWebDriver"]).is_none() || minibrowser().is_none() {
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

/// WebKitGTK's MiniBrowser (`MINIBROWSER`, or under `/usr/lib/<triple>/webkit2gtk-4.1/`).
fn minibrowser() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("MINIBROWSER") {
        return Path::new(&path).is_file().then(|| PathBuf::from(path));
    }
    std::fs::read_dir("/usr/lib")
        .ok()?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path().join("webkit2gtk-4.1/MiniBrowser"))
        .find(|path| path.is_file())
}
