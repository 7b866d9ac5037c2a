//! Every page of the demo, loaded directly, in whichever engine the run
//! drives (`ANNEX_E2E_ENGINE`): `cargo xtask test` runs this in Firefox and
//! WebKit (with the notes, analytics and network tests), after the whole
//! suite in Chromium.

use std::time::Duration;

use annex_e2e::{engine, serve_demo, Browser};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(45);

/// The page's heading once the route's page has rendered (the home page's
/// first heading is a card's).
const HEADING: &str = "const h = document.querySelector('main h1, main h2'); \
    return h && h.innerText.trim() ? h.innerText.trim() : null;";

/// The status line once its page has settled: `[state, text]`, or `none`
/// on pages without one.
const SETTLED: &str = "const s = document.getElementById('status'); \
    if (!s) return ['none', '']; \
    return s.dataset.state !== 'loading' ? [s.dataset.state, s.innerText] : null;";

#[tokio::test]
#[ignore = "needs the demo built into dist/ and a browser: run `cargo xtask test`"]
async fn smoke_every_page_renders_and_settles_without_an_error() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&server.url()).await.expect("open /");
    browser.wait_for("return document.querySelectorAll('nav.nav a').length > 0", WAIT).await;
    let mut routes: Vec<String> = browser
        .eval("return [...document.querySelectorAll('nav.nav a')].map(a => a.getAttribute('href'))")
        .await
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    assert!(routes.len() >= 9, "the navigation lists every page: {routes:?}");
    routes.insert(0, "/".to_owned());
    for route in &routes {
        browser.client.goto(&format!("{}{route}", server.url())).await.expect("open the page");
        let heading = browser.wait_for(HEADING, WAIT).await;
        let settled = browser.wait_for(SETTLED, WAIT).await;
        let state = settled[0].as_str().unwrap_or("");
        assert_ne!(state, "error", "{route} in {}: {}", engine(), settled[1]);
        eprintln!("{route}: {heading} ({state})");
        let name = format!("smoke-{}{}", engine(), route.replace('/', "-"));
        browser.screenshot(&name).await;
    }
    let crashed = browser.eval("return document.body.innerText.includes('panicked')").await;
    assert_eq!(crashed, Value::Bool(false), "a panic message on the page");
    browser.close().await;
}
