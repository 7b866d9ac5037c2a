//! `examples/ssr-axum`: a Leptos SSR + hydrate app on Axum. Its server
//! renders the plugin's fallback (plugins run only in browsers); the
//! browser hydrates the page without a mismatch, then the host starts and
//! the plugin answers.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use annex_e2e::{artifacts, request, root, Browser};
use serde_json::Value;

use crate::csr::greet;

/// The example's own server (`cargo build --release --features ssr`), on a
/// free port; stopped when dropped.
struct SsrServer {
    child: Child,
    address: String,
}

impl SsrServer {
    fn start(example: &Path) -> Self {
        let binary = root().join("target/release/annex-example-ssr-axum");
        assert!(binary.is_file(), "build examples/ssr-axum first: {}", binary.display());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = std::fs::File::create(artifacts().join("ssr-example.log")).expect("a log file");
        let child = Command::new(binary)
            .current_dir(example)
            .env("PORT", port.to_string())
            .env("SITE", example.join("site"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start the example's server");
        let server = Self { child, address: format!("127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.get("/").is_none() {
            assert!(Instant::now() < deadline, "the example's server does not answer");
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    fn get(&self, path: &str) -> Option<String> {
        let (status, body) = request(&self.address, "GET", path, None)?;
        (status == 200).then_some(body)
    }
}

impl Drop for SsrServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
#[ignore = "needs examples/ssr-axum built and Chromium: run `cargo xtask test`"]
async fn the_ssr_example_renders_the_fallback_hydrates_cleanly_and_runs_its_plugin() {
    let example = root().join("examples/ssr-axum");
    assert!(example.join("site/pkg/annex_example_ssr_axum.js").is_file(), "build the client");
    let server = SsrServer::start(&example);

    // What the server sends: the page with the plugin's fallback, since no
    // plugin runs on the server.
    let html = server.get("/").expect("the page");
    assert!(html.contains(r#"id="fallback""#), "no fallback in the server's HTML:\n{html}");
    assert!(!html.contains(r#"id="greet""#), "the server claims a running plugin:\n{html}");
    assert!(html.contains("annex_example_ssr_axum"), "no hydration script:\n{html}");

    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&format!("http://{}/", server.address)).await.expect("open the example");
    // Until the plugin's button shows, fail as soon as the console reports
    // a problem: a hydration mismatch stops the app, and its message says
    // more than a timeout would.
    let mut console = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        console.extend(browser.console_log().await.expect("Chromium keeps the console"));
        assert_clean(&console);
        if browser.eval("return !!document.getElementById('greet');").await == true {
            break;
        }
        assert!(Instant::now() < deadline, "no Greet button after 60 s; console: {console:#?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(greet(&browser, "").await, "Hello, Ada! (#1)");
    assert_eq!(greet(&browser, "Hello, Ada! (#1)").await, "Hello, Ada! (#2)");

    // Hydration took over the server's nodes instead of adding its own.
    let counts = browser
        .eval(
            "return [document.querySelectorAll('main').length, \
                     document.querySelectorAll('h1').length, \
                     document.querySelectorAll('#answer').length, \
                     document.querySelectorAll('#fallback').length, \
                     document.querySelector(\"li[data-plugin='com.example.greeter']\")?.dataset.status ?? null];",
        )
        .await;
    assert_eq!(counts, serde_json::json!([1, 1, 1, 0, "active"]), "the page after hydration");

    console.extend(browser.console_log().await.expect("Chromium keeps the console"));
    assert_clean(&console);
    browser.screenshot("ssr-example-1280").await;
    browser.check_phone_layout("ssr-example-390").await;
}

/// Fails on an error in the console, or on any message about hydration or
/// a panic (Leptos warns about some mismatches without failing).
fn assert_clean(console: &[Value]) {
    let bad: Vec<&Value> = console
        .iter()
        .filter(|entry| {
            let message = entry["message"].as_str().unwrap_or("").to_lowercase();
            entry["level"] == "SEVERE" || message.contains("hydrat") || message.contains("panic")
        })
        .collect();
    assert!(bad.is_empty(), "console errors while hydrating and running: {bad:#?}");
}
