//! `examples/csr-trunk`: a Trunk app greeting through its plugin, served by
//! `annex dev` with a strict Content-Security-Policy.

use std::time::Duration;

use annex_e2e::{root, Browser, DevServer};
use serde_json::Value;

/// Script: clicks Greet and returns the answer once it changes from `before`.
pub fn greet_and_read(before: &str) -> String {
    format!(
        "if (!window.__clicked) {{ window.__clicked = true; document.getElementById('greet').click(); }} \
         const a = document.getElementById('answer').innerText; \
         if (a && a !== {before:?}) {{ window.__clicked = false; return a; }} return null;"
    )
}

/// The greeter's answer after one more click.
pub async fn greet(browser: &Browser, before: &str) -> String {
    let answer = browser.wait_for(&greet_and_read(before), Duration::from_secs(60)).await;
    answer.as_str().unwrap_or_default().to_owned()
}

/// Waits until the example's host has the greeter active.
pub async fn ready(browser: &Browser) {
    let script = "const s = document.getElementById('status'); \
                  return s && s.dataset.status === 'active' ? true : null;";
    browser.wait_for(script, Duration::from_secs(60)).await;
}

#[tokio::test]
#[ignore = "needs examples/csr-trunk built by Trunk and Chromium: run `cargo xtask test`"]
async fn the_csr_example_greets_through_its_plugin_under_a_strict_csp() {
    let example = root().join("examples/csr-trunk");
    assert!(example.join("dist/index.html").is_file(), "build examples/csr-trunk first");
    let plugin = example.join("plugins/greeter");
    let server =
        DevServer::start("csr-example", &example.join("dist"), &[&plugin], &["--csp", "strict"]);
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(server.url()).await.expect("open the example");
    ready(&browser).await;
    assert_eq!(greet(&browser, "").await, "Hello, Ada! (#1)");
    browser
        .eval(
            "const n = document.getElementById('name'); n.value = 'Grace'; \
               n.dispatchEvent(new Event('input', { bubbles: true })); return true;",
        )
        .await;
    assert_eq!(greet(&browser, "Hello, Ada! (#1)").await, "Hello, Grace! (#2)");
    let row = browser
        .eval("return document.querySelector(\"li[data-plugin='com.example.greeter']\")?.dataset.status ?? null;")
        .await;
    assert_eq!(row, "active", "the manager lists it");
    browser.screenshot("csr-example-1280").await;

    // The app ran (wasm compiled, workers, fetch) with no violation
    // reported; then an inline script the page adds is refused and reported,
    // so the policy was in force and reports do arrive.
    let reports = |server: &DevServer| -> Vec<Value> {
        let list: Value =
            serde_json::from_str(&server.get("/_annex/dev/csp-report").expect("reports")).unwrap();
        list["reports"].as_array().unwrap().clone()
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(reports(&server).is_empty(), "CSP violations: {:#?}", reports(&server));
    let ran = browser
        .eval(
            "const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; \
               document.head.appendChild(s); return window.__inline ?? 'refused';",
        )
        .await;
    assert_eq!(ran, "refused");
    for _ in 0..50 {
        if !reports(&server).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let reported = reports(&server);
    assert_eq!(reported.len(), 1, "{reported:#?}");
    assert_eq!(reported[0]["csp-report"]["blocked-uri"], "inline", "{reported:#?}");
    browser.check_phone_layout("csr-example-390").await;
}
