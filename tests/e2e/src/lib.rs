//! Drives the built demo (`dist/`) in a headless browser through WebDriver:
//! Chromium by default, Firefox or WebKit with `ANNEX_E2E_ENGINE`.
//!
//! The tests are `#[ignore]`d because they need the demo built by Trunk and a
//! browser; `cargo xtask test` builds both and runs them with `--ignored`.
//! `CHROMIUM` and `CHROMEDRIVER` give the browser paths (default: on `PATH`);
//! see [`Browser::start`] for the other engines.
#![deny(missing_docs)]

mod dev;
mod http;

pub use dev::{annex_binary, DevServer};
pub use http::request;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use annex_test_server::Server;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where screenshots go (a CI artifact).
pub fn artifacts() -> PathBuf {
    let dir = root().join("target/annex-e2e");
    std::fs::create_dir_all(&dir).expect("create target/annex-e2e");
    dir
}

/// The demo served from `dist/` on a free port.
pub fn serve_demo() -> Server {
    let dist = root().join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "{} has no built demo; run `cargo xtask test` (it builds it first)",
        dist.display()
    );
    Server::start(dist, 0).expect("start the demo server")
}

/// A headless browser session; its WebDriver stops and the browser profile
/// is deleted when this is dropped (also when a test panics).
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    driver_port: u16,
    profile: PathBuf,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser").finish_non_exhaustive()
    }
}

/// The engine an end-to-end run drives: `ANNEX_E2E_ENGINE` (`chromium`,
/// the default, `firefox` or `webkit`).
pub fn engine() -> String {
    std::env::var("ANNEX_E2E_ENGINE").unwrap_or_else(|_| "chromium".into())
}

impl Browser {
    /// Starts the engine's WebDriver and a fresh headless browser at
    /// `width`×`height` ([`engine`] says which; `CHROMIUM`/`CHROMEDRIVER`,
    /// `FIREFOX`/`GECKODRIVER`, `MINIBROWSER`/`WEBKIT_WEBDRIVER` give the
    /// paths). WebKit's MiniBrowser needs a display: run under `xvfb-run`.
    pub async fn start(width: u32, height: u32) -> Self {
        let port = free_port();
        let profile = std::env::temp_dir().join(format!("annex-e2e-profile-{port}"));
        let path = |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.into());
        let (driver, port_arg, capabilities) = match engine().as_str() {
            "firefox" => (
                path("GECKODRIVER", "geckodriver"),
                vec!["--port".to_owned(), port.to_string()],
                json!({ "moz:firefoxOptions": {
                    "binary": path("FIREFOX", "/usr/bin/firefox-esr"),
                    "args": ["-headless", format!("--width={width}"), format!("--height={height}")],
                }}),
            ),
            "webkit" => (
                path("WEBKIT_WEBDRIVER", "WebKitWebDriver"),
                vec![format!("--port={port}")],
                json!({ "webkitgtk:browserOptions": {
                    "binary": path("MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"),
                    "args": ["--automation"],
                }}),
            ),
            _ => (
                path("CHROMEDRIVER", "chromedriver"),
                vec![format!("--port={port}")],
                json!({ "goog:loggingPrefs": { "browser": "ALL" }, "goog:chromeOptions": {
                    "binary": path("CHROMIUM", "/usr/bin/chromium"),
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        format!("--user-data-dir={}", profile.display()),
                        format!("--window-size={width},{height}"),
                    ]
                }}),
            ),
        };
        let driver_process = Command::new(&driver)
            .args(&port_arg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver}: {e}"));
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match builder.connect(&url).await {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => panic!("cannot reach {driver}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        let browser = Self { client, driver: driver_process, driver_port: port, profile };
        if engine() != "chromium" {
            // Chromium takes the size as an argument; set it for the others too.
            let _ = browser.client.set_window_size(width, height).await;
        }
        browser
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls `script` until it returns something other than `null`/`false`.
    pub async fn wait_for(&self, script: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.eval(script).await;
            if !matches!(value, Value::Null | Value::Bool(false)) {
                return value;
            }
            if Instant::now() >= deadline {
                // Say where the page was, to tell a slow page from a wrong one,
                // and what it loaded, to tell a page that never started (the
                // app's script or wasm missing or failed) from one that did.
                let page = self.eval(PAGE_STATE).await;
                panic!("timed out waiting for: {script}\npage: {}", page.as_str().unwrap_or(""));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG screenshot under `target/annex-e2e/`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let path = artifacts().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Checks the page at phone width: resizes the window to 390×844, saves
    /// the screenshot `{name}` and fails if the page scrolls sideways.
    pub async fn check_phone_layout(&self, name: &str) {
        self.client.set_window_size(390, 844).await.expect("resize to 390 px");
        let overflow =
            self.eval("return document.documentElement.scrollWidth > window.innerWidth + 1").await;
        self.screenshot(name).await;
        assert_eq!(overflow, Value::Bool(false), "{name}: the page scrolls sideways at 390 px");
    }

    /// What the page wrote to the console (and uncaught errors), since the
    /// last call: `[{level, message}]`. Chromium only (ChromeDriver's log
    /// endpoint; the other drivers have none), `None` elsewhere.
    pub async fn console_log(&self) -> Option<Vec<Value>> {
        if engine() != "chromium" {
            return None;
        }
        let session = self.client.session_id().await.ok()??;
        let address = format!("127.0.0.1:{}", self.driver_port);
        let path = format!("/session/{session}/se/log");
        let (status, body) = request(&address, "POST", &path, Some(r#"{"type":"browser"}"#))
            .expect("ChromeDriver answers");
        assert_eq!(status, 200, "ChromeDriver's log endpoint: {body}");
        let answer: Value = serde_json::from_str(&body).expect("a JSON answer");
        Some(answer["value"].as_array().cloned().unwrap_or_default())
    }

    /// Ends the session.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // Each session has its own profile folder; without this, every run
        // leaves one per test in the temp folder.
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// What the page shows and what it loaded, for a wait that timed out.
const PAGE_STATE: &str = "const resources = performance.getEntriesByType('resource').map(e => \
      `  ${e.name.replace(location.origin, '')} status ${e.responseStatus ?? '?'} \
       ${Math.round(e.duration)} ms ${e.transferSize} B`).join('\\n'); \
    return `${location.href} (${document.readyState}, engine ${navigator.userAgent})\\n` + \
      `body: ${document.body ? document.body.innerText.slice(0, 600) : '(none)'}\\n` + \
      `resources:\\n${resources}`;";

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}
