//! The home page: a card per page of the demo, each leading to its page.

use std::time::Duration;

use annex_e2e::{serve_demo, Browser};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(30);

/// The page heading once the route's page has rendered, with the path.
const HEADING: &str = "const h = document.querySelector('main section.panel h1'); \
    return h ? [location.pathname, h.innerText] : null;";

fn strings(value: &Value) -> Vec<String> {
    value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn home_has_a_card_per_page_and_each_leads_there() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&server.url()).await.expect("open /");
    browser.wait_for("return document.querySelectorAll('.cards a.card').length > 0", WAIT).await;

    let cards = strings(
        &browser.eval("return [...document.querySelectorAll('.cards a.card')].map(a => a.getAttribute('href'))").await,
    );
    let nav = strings(
        &browser.eval("return [...document.querySelectorAll('nav.nav a')].map(a => a.getAttribute('href'))").await,
    );
    assert_eq!(cards, nav, "one card per page in the navigation, same order");
    for page in ["/editor", "/broken", "/plugins", "/catalog"] {
        assert!(cards.iter().any(|c| c == page), "no card for {page}: {cards:?}");
    }
    let titled = browser
        .eval("return [...document.querySelectorAll('.cards a.card')].every(a => a.querySelector('h2').innerText.trim() && a.querySelector('p').innerText.trim())")
        .await;
    assert_eq!(titled, true, "every card has a title and a blurb");
    browser.screenshot("home-1280").await;
    browser.check_phone_layout("home-390").await;
    browser.client.set_window_size(1280, 900).await.expect("resize");

    // Each card, clicked on the home page, opens its page in the app (no
    // reload), and the same address loaded directly shows the same page.
    for href in &cards {
        let home = browser.eval("return location.pathname === '/' ").await;
        if home != true {
            browser.client.goto(&server.url()).await.expect("back home");
        }
        browser
            .wait_for("return document.querySelectorAll('.cards a.card').length > 0", WAIT)
            .await;
        browser.eval("window.__annex_same_page = true; return true;").await;
        let click = format!(
            "const a = [...document.querySelectorAll('.cards a.card')].find(a => a.getAttribute('href') === {href:?}); \
             a.click(); return true;"
        );
        browser.eval(&click).await;
        let wanted = format!(
            "const h = document.querySelector('main section.panel h1'); \
             return location.pathname === {href:?} && h ? h.innerText : null;"
        );
        let heading = browser.wait_for(&wanted, WAIT).await;
        assert_ne!(heading, "No such page", "{href}");
        let same = browser.eval("return window.__annex_same_page === true").await;
        assert_eq!(same, true, "following {href} reloaded the page instead of routing in the app");

        browser.client.goto(&format!("{}{href}", server.url())).await.expect("load directly");
        let loaded = browser.wait_for(HEADING, WAIT).await;
        assert_eq!(loaded[0], href.as_str());
        assert_eq!(loaded[1], heading, "{href} loaded directly shows another page");
    }
    browser.close().await;
}
