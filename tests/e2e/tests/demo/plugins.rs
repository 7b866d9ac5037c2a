//! The plugin manager page: the catalog's plugins can be started, show up in
//! `<PluginManager>` with their status, and its actions change that status.

use std::collections::BTreeSet;
use std::time::Duration;

use annex_e2e::{serve_demo, Browser};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(30);
const GRAYSCALE: &str = "dev.annex.grayscale";
const NOTES: &str = "dev.annex.notes";

/// The catalog as the site serves it, fetched from the page.
const FETCH_CATALOG: &str = "return fetch('/plugins/catalog.json').then(r => r.json());";

fn ids(value: &Value) -> BTreeSet<String> {
    value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

/// Waits until `id`'s manager row shows `status`.
async fn wait_status(browser: &Browser, id: &str, status: &str) {
    let wanted = format!(
        "const li = document.querySelector('li.annex-manager-plugin[data-plugin=\"{id}\"]'); \
         return !!li && li.dataset.status === {status:?};"
    );
    browser.wait_for(&wanted, WAIT).await;
}

async fn click(browser: &Browser, selector: &str) {
    let script = format!(
        "const b = document.querySelector({selector:?}); if (!b || b.disabled) return false; \
         b.click(); return true;"
    );
    let clicked = browser.wait_for(&script, WAIT).await;
    assert_eq!(clicked, true, "{selector}");
}

async fn settled(browser: &Browser) -> (String, String) {
    let script = "const s = document.getElementById('status'); \
        return s && s.dataset.state !== 'loading' ? [s.dataset.state, s.innerText] : null;";
    let value = browser.wait_for(script, WAIT).await;
    (value[0].as_str().unwrap_or("").to_owned(), value[1].as_str().unwrap_or("").to_owned())
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn the_manager_lists_plugins_and_its_actions_change_their_status() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&format!("{}/plugins", server.url())).await.expect("open /plugins");
    let (state, text) = settled(&browser).await;
    assert_eq!(state, "done", "{text}");

    // Every catalog plugin is either in the manager or offered to start, never both.
    let catalog = browser.eval(FETCH_CATALOG).await;
    let listed: BTreeSet<String> = catalog["plugins"]
        .as_array()
        .expect("catalog.plugins")
        .iter()
        .filter_map(|e| e["manifest"]["id"].as_str().map(str::to_owned))
        .collect();
    assert!(listed.len() >= 10, "{listed:?}");
    let rows = ids(&browser
        .eval("return [...document.querySelectorAll('li.annex-manager-plugin')].map(li => li.dataset.plugin)")
        .await);
    let offered = ids(&browser
        .eval("return [...document.querySelectorAll('button.start')].map(b => b.dataset.plugin)")
        .await);
    assert!(rows.is_disjoint(&offered), "{rows:?} / {offered:?}");
    assert_eq!(&rows | &offered, listed, "manager rows plus start buttons must be the catalog");

    // Start two plugins: they appear in the manager, active, with their catalog version.
    for id in [GRAYSCALE, NOTES] {
        if !rows.contains(id) {
            click(&browser, &format!("button.start[data-plugin=\"{id}\"]")).await;
        }
        wait_status(&browser, id, "active").await;
    }
    // The count above the manager follows the host: it agrees with the rows
    // (it said 0 while plugins showed as active below it).
    let agree = "const p = document.getElementById('host-summary'); \
        const rows = document.querySelectorAll('li.annex-manager-plugin').length; \
        return p && rows > 0 && Number(p.dataset.running) === rows ? rows : null;";
    browser.wait_for(agree, WAIT).await;
    let version = browser
        .eval(&format!(
            "return document.querySelector('li[data-plugin=\"{GRAYSCALE}\"] .annex-manager-version').innerText"
        ))
        .await;
    let expected = catalog["plugins"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["manifest"]["id"] == GRAYSCALE)
        .map(|e| e["manifest"]["version"].clone());
    assert_eq!(Some(version), expected);
    let gone = browser
        .eval(&format!(
            "return !document.querySelector('button.start[data-plugin=\"{GRAYSCALE}\"]')"
        ))
        .await;
    assert_eq!(gone, true, "a running plugin is still offered to start");

    // Disable, then enable again.
    let row = format!("li.annex-manager-plugin[data-plugin=\"{GRAYSCALE}\"]");
    click(&browser, &format!("{row} button[data-action=\"disable\"]")).await;
    wait_status(&browser, GRAYSCALE, "disabled").await;
    click(&browser, &format!("{row} button[data-action=\"enable\"]")).await;
    wait_status(&browser, GRAYSCALE, "active").await;

    // Revoke a permission: its state changes in the row.
    let permission = format!(
        "li.annex-manager-plugin[data-plugin=\"{NOTES}\"] li[data-permission=\"storage.write\"]"
    );
    let granted =
        browser.eval(&format!("return document.querySelector('{permission}').dataset.state")).await;
    assert_eq!(granted, "granted");
    click(&browser, &format!("{permission} button")).await;
    browser
        .wait_for(
            &format!("return document.querySelector('{permission}').dataset.state === 'revoked'"),
            WAIT,
        )
        .await;
    browser.screenshot("plugins-1280").await;

    // Unload: the row goes, and the plugin is offered to start again.
    click(&browser, &format!("{row} button[data-action=\"unload\"]")).await;
    browser
        .wait_for(
            &format!(
                "return !document.querySelector('{row}') && \
                 !!document.querySelector('button.start[data-plugin=\"{GRAYSCALE}\"]')"
            ),
            WAIT,
        )
        .await;
    let events = browser
        .eval("return [...document.querySelectorAll('.annex-manager-events li')].map(li => li.innerText).join('\\n')")
        .await;
    assert!(
        events.as_str().is_some_and(|e| e.contains(&format!("{GRAYSCALE}: unloaded"))),
        "{events}"
    );

    // A reload of /plugins (also an asset folder on the server) shows the page again.
    browser.client.refresh().await.expect("reload");
    let h1 = browser
        .wait_for(
            "const h = document.querySelector('section.panel h1'); return h && h.innerText;",
            WAIT,
        )
        .await;
    assert_eq!(h1, "Plugin manager");

    let (state, text) = settled(&browser).await;
    assert_eq!(state, "done", "{text}");
    browser.check_phone_layout("plugins-390").await;
    browser.close().await;

    let reloads: Vec<u16> =
        server.requests().into_iter().filter(|r| r.url == "/plugins").map(|r| r.status).collect();
    assert_eq!(reloads, [200, 200], "the server answered /plugins with {reloads:?}");
}
