//! The network page: requests through the HTTP client plugin, after the
//! visitor's permission, to this site only.

use std::time::Duration;

use annex_e2e::{root, serve_demo, Browser};

/// The same-origin file the test fetches, with a query only this test uses,
/// so the server's log shows the plugin's request apart from the host's own
/// catalog download.
const TARGET: &str = "/plugins/catalog.json?via=network-page";

/// Script that returns the permission dialog's text once it shows.
const DIALOG: &str = "const d = document.querySelector('.annex-prompt[role=dialog]'); \
                      return d ? d.innerText : null;";

/// Script that returns the status state once the request settled.
const SETTLED: &str = "const s = document.getElementById('status'); \
                       return s.dataset.state !== 'loading' ? s.dataset.state : null;";

/// Puts `url` in the URL field (as typing would) and presses Send.
fn send(url: &str) -> String {
    format!(
        "const u = document.getElementById('url'); u.value = {url:?}; \
         u.dispatchEvent(new Event('input', {{ bubbles: true }})); \
         document.getElementById('send').click(); return true;"
    )
}

/// Opens the page and sends `TARGET`; returns once the permission dialog asks.
async fn ask(browser: &Browser, base: &str) {
    browser.client.goto(&format!("{base}/network")).await.expect("open the network page");
    browser.wait_for("return !!document.getElementById('send')", Duration::from_secs(30)).await;
    browser.eval(&send(TARGET)).await;
    let dialog = browser.wait_for(DIALOG, Duration::from_secs(30)).await;
    let dialog = dialog.as_str().unwrap_or("");
    assert!(dialog.contains("dev.annex.http-client"), "{dialog}");
    assert!(dialog.contains("network.request"), "{dialog}");
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn an_approved_plugin_fetches_this_site_and_is_refused_a_tracker() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    ask(&browser, &server.url()).await;
    browser.eval("document.querySelector('.annex-prompt-allow').click(); return true;").await;
    let state = browser.wait_for(SETTLED, Duration::from_secs(30)).await;
    let status = browser.eval("return document.getElementById('status').innerText").await;
    assert_eq!(state, "done", "{status}");

    // The page shows the real file: status, size and the start of the body.
    let file = std::fs::read_to_string(root().join("dist/plugins/catalog.json")).expect("catalog");
    let shown = browser
        .eval(
            "return [document.getElementById('resp-status').dataset.status, \
                     document.getElementById('resp-size').dataset.bytes, \
                     document.getElementById('resp-body').textContent];",
        )
        .await;
    assert_eq!(shown[0], "200", "{shown}");
    assert_eq!(shown[1], file.len().to_string(), "size");
    let excerpt = shown[2].as_str().unwrap_or("");
    let start: String = file.chars().take(1_500).collect();
    assert_eq!(excerpt, start, "the body excerpt is not the file's first 1500 characters");
    assert!(excerpt.contains("\"plugins\""), "{excerpt}");
    let served: Vec<_> = server.requests().into_iter().filter(|r| r.url == TARGET).collect();
    assert_eq!(served.len(), 1, "the server saw the plugin's request once: {served:?}");
    assert_eq!((served[0].method.as_str(), served[0].status), ("GET", 200));
    browser.screenshot("network-1280").await;

    // A tracker is refused in the worker: blocked, and nothing reaches the network.
    let before = server.requests().len();
    browser.eval("document.getElementById('try-blocked').click(); return true;").await;
    let state = browser
        .wait_for(
            "const s = document.getElementById('status'); \
             return s.dataset.state !== 'loading' && s.innerText.includes('tracker.example') \
                 ? s.dataset.state : null;",
            Duration::from_secs(30),
        )
        .await;
    assert_eq!(state, "error");
    let refusal = browser
        .eval(
            "const r = document.getElementById('refusal'); \
             return r ? [r.dataset.code, r.innerText] : null;",
        )
        .await;
    assert_eq!(refusal[0], "network_blocked", "{refusal}");
    assert!(refusal[1].as_str().unwrap_or("").contains("Blocked"), "{refusal}");
    assert_eq!(browser.eval(DIALOG).await, serde_json::Value::Null, "asked again");
    let after = server.requests();
    let leaked: Vec<_> = after[before..]
        .iter()
        .filter(|r| r.url.contains("collect") || r.url.contains("tracker"))
        .collect();
    assert!(leaked.is_empty(), "the blocked request reached a server: {leaked:?}");

    browser.check_phone_layout("network-390").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn a_denied_permission_is_shown_and_nothing_is_fetched() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    ask(&browser, &server.url()).await;
    browser.eval("document.querySelector('.annex-prompt-deny').click(); return true;").await;
    let state = browser.wait_for(SETTLED, Duration::from_secs(30)).await;
    assert_eq!(state, "error");
    let refusal = browser
        .eval(
            "const r = document.getElementById('refusal'); \
             return r ? [r.dataset.code, r.innerText] : null;",
        )
        .await;
    assert_eq!(refusal[0], "permission_denied", "{refusal}");
    assert!(refusal[1].as_str().unwrap_or("").contains("Permission denied"), "{refusal}");
    let status = browser.eval("return document.getElementById('status').innerText").await;
    assert!(status.as_str().unwrap_or("").contains("dev.annex.http-client"), "{status}");
    browser.screenshot("network-denied-1280").await;
    browser.close().await;
    let served: Vec<_> = server.requests().into_iter().filter(|r| r.url == TARGET).collect();
    assert!(served.is_empty(), "a denied plugin fetched: {served:?}");
}
