//! The browser engines tests run in (Chromium, Firefox, WebKit), each
//! through its WebDriver: where their programs are, the capabilities of a
//! headless session, and a `cargo test` set up to run wasm-bindgen tests in
//! them. Everything that differs per engine lives here.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::{Error, Result};

/// Flags that keep Chromium quiet on a machine without internet.
pub const CHROMIUM_ARGS: [&str; 6] = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
];

/// A browser engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Chromium (Chrome, Edge...), through ChromeDriver.
    Chromium,
    /// Firefox, through geckodriver.
    Firefox,
    /// WebKit (Safari's engine), through WebKitGTK's WebDriver under Xvfb.
    WebKit,
}

impl Engine {
    /// Every engine, in the order runs take them.
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

    /// Its lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    /// The engine called `name`.
    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|e| e.name() == name.trim()).ok_or_else(|| {
            Error::Usage(format!("unknown engine `{name}` (chromium, firefox, webkit)"))
        })
    }

    /// The environment variable wasm-bindgen-test-runner reads the driver from.
    pub fn driver_env(self) -> &'static str {
        match self {
            Engine::Chromium => "CHROMEDRIVER",
            Engine::Firefox => "GECKODRIVER",
            Engine::WebKit => "SAFARIDRIVER",
        }
    }

    /// How to install it, for messages.
    fn install_hint(self) -> &'static str {
        match self {
            Engine::Chromium => {
                "install Chromium and ChromeDriver (Debian: `apt-get install chromium \
                 chromium-driver`), or set CHROMIUM and CHROMEDRIVER"
            }
            Engine::Firefox => {
                "install Firefox and geckodriver (Debian: `apt-get install firefox-esr`, then \
                 `cargo install geckodriver`), or set FIREFOX and GECKODRIVER"
            }
            Engine::WebKit => {
                "install WebKitGTK's WebDriver and Xvfb (Debian: `apt-get install \
                 webkit2gtk-driver xvfb`), or set MINIBROWSER and WEBKIT_WEBDRIVER"
            }
        }
    }
}

/// An engine with its browser and WebDriver programs.
#[derive(Debug, Clone)]
pub struct EngineTools {
    /// The engine.
    pub engine: Engine,
    /// The browser.
    pub browser: PathBuf,
    /// Its WebDriver.
    pub driver: PathBuf,
}

impl EngineTools {
    /// Finds the engine's programs, or says how to install them.
    pub fn find(engine: Engine) -> Result<Self> {
        let (browser, driver) = match engine {
            Engine::Chromium => (
                locate("CHROMIUM", &["chromium", "chromium-browser", "google-chrome"]),
                locate("CHROMEDRIVER", &["chromedriver"]),
            ),
            Engine::Firefox => (
                locate("FIREFOX", &["firefox-esr", "firefox"]),
                locate("GECKODRIVER", &["geckodriver"]),
            ),
            Engine::WebKit => (minibrowser(), locate("WEBKIT_WEBDRIVER", &["WebKitWebDriver"])),
        };
        match (browser, driver) {
            (Some(browser), Some(driver)) => Ok(Self { engine, browser, driver }),
            _ => {
                Err(Error::ToolMissing { tool: engine.name(), hint: engine.install_hint().into() })
            }
        }
    }

    /// WebDriver capabilities for a headless session of this engine.
    pub fn capabilities(&self) -> Value {
        match self.engine {
            Engine::Chromium => json!({
                "goog:chromeOptions": { "binary": self.browser, "args": CHROMIUM_ARGS }
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
    /// (and the others' removed: the runner takes the first it finds), under
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
        for engine in Engine::ALL {
            command.env_remove(engine.driver_env());
        }
        command.env(self.engine.driver_env(), &self.driver);
        command
    }

    /// `cargo test --target wasm32-unknown-unknown`, run in this engine
    /// (headless) by wasm-bindgen-test-runner; its WebDriver configuration
    /// is written under `config_dir`.
    pub fn wasm_test(&self, config_dir: &Path, timeout_secs: u32) -> Result<Command> {
        fs::create_dir_all(config_dir).map_err(Error::io(config_dir))?;
        let config = config_dir.join(format!("annex-webdriver-{}.json", self.engine.name()));
        fs::write(&config, self.capabilities().to_string()).map_err(Error::io(&config))?;
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut command = self.command(Path::new(&cargo));
        command
            .args(["test", "--target", crate::tools::WASM_TARGET])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &config)
            .env("WASM_BINDGEN_TEST_TIMEOUT", timeout_secs.to_string())
            // Real host pages are usually not cross-origin isolated; test like them.
            .env("WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION", "1");
        Ok(command)
    }
}

/// `$VAR` if it names a file, else the first of `names` found on `PATH`.
pub fn locate(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    names.iter().find_map(|name| dirs.iter().map(|d| d.join(name)).find(|p| p.is_file()))
}

/// WebKitGTK's MiniBrowser (`MINIBROWSER`, or under `/usr/lib/<triple>/webkit2gtk-4.1/`).
pub fn minibrowser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MINIBROWSER") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    fs::read_dir("/usr/lib")
        .ok()?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path().join("webkit2gtk-4.1/MiniBrowser"))
        .find(|path| path.is_file())
}
